"""Read-only pages of the role catalogue and the substitution scheme (Rules p.2, p.99, Appendices 1 and 4).

Both are data that change when the Rules change; they are edited in the admin and the API, these pages show
them to everyone who works in the PMIS, role names in the reader's language.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.views import View

from .choices import Power, ScopeKind
from .selectors import role_catalogue, substitution_matrix


class RoleCatalogueView(LoginRequiredMixin, View):
    """``/org/roles/``: every role with where it is assigned, its powers, holders at a time and the p.77/p.79
    flags."""

    def get(self, request):
        roles = role_catalogue(request.user)
        scopes, powers = dict(ScopeKind.choices), dict(Power.choices)
        for role in roles:
            role.scope_labels = [scopes.get(kind, kind) for kind in role.scopes]
            role.power_labels = [powers.get(power, power) for power in role.powers]
        return render(request, "org/role_catalogue.html", {"roles": roles})


class SubstitutionSchemeView(LoginRequiredMixin, View):
    """``/org/substitution/``: Appendix 4 as a grid — substitute roles down, substituted roles across."""

    def get(self, request):
        return render(request, "org/substitution.html", {"matrix": substitution_matrix(request.user)})
