"""Pages of a node's team: the team card of every node's page, and assigning, editing, ending and deleting role
assignments (Rules p.95, Appendix 1).

Reads go through org.selectors, writes through org.services, permissions through pmis.core.authorization:
managing a team needs "manage team" on the node (a node the user may not see answers 404, one they may see but
not manage 403). A service's refusal shows on the form and nothing is saved.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from pmis.core import authorization

from . import services
from .forms import PERSON_OPTIONS, AssignmentForm
from .selectors import assignment_get, person_search, scope_get, team_of


def scope_url(obj) -> str:
    """The page of a node, or of a state body or the Office."""
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    return reverse("body-detail", args=[obj.pk])


def team_card(user, obj, on=None):
    """The team card of a node's or a body's page: `team_of` and whether the user may manage the team."""
    team = team_of(user, obj, on)
    team.can_manage = authorization.can(user, authorization.MANAGE_TEAM, obj)
    return team


def _scope_or_404(user, ref: str, action: str):
    try:
        return scope_get(user, ref, action=action)
    except ValidationError as error:  # a malformed or unknown kind:id is "not there"
        raise Http404 from error


class AssignmentFormPage(LoginRequiredMixin, View):
    """Shared by create and edit: render the form, call the service, show its refusal on the form."""

    template_name = "org/assignment_form.html"

    def handle(self, request, form, context: dict):
        if request.method == "POST" and form.is_valid():
            try:
                assignment = self.save(form)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    _("%(person)s: role “%(role)s” saved.")
                    % {"person": assignment.person.short_name, "role": assignment.role.name},
                )
                return redirect(scope_url(assignment.scope))
        return render(request, self.template_name, {"form": form, **context})


class AssignmentCreateView(AssignmentFormPage):
    """``/org/assignments/new/?node=<kind:id>``: assign a person a role on that node, state body or the Office."""

    def dispatch_form(self, request):
        ref = request.GET.get("node") or request.POST.get("node", "")
        self.scope = _scope_or_404(request.user, ref, authorization.MANAGE_TEAM)
        query = request.GET.get("person_q", "").strip()
        if request.method == "POST":
            form = AssignmentForm(request.POST, user=request.user, scope=self.scope)
        else:
            # The "Find" button without JavaScript reloads the page with what was typed so far.
            initial = {
                name: value for name, value in request.GET.items() if name in AssignmentForm.base_fields
            }
            form = AssignmentForm(user=request.user, scope=self.scope, person_query=query, initial=initial)
        return self.handle(
            request,
            form,
            {
                "scope": self.scope,
                "is_new": True,
                "person_query": query,
                "cancel_url": scope_url(self.scope.obj),
            },
        )

    def save(self, form):
        return services.assignment_create(actor=self.request.user, scope=self.scope, **form.service_kwargs())

    def get(self, request):
        return self.dispatch_form(request)

    def post(self, request):
        return self.dispatch_form(request)


class AssignmentUpdateView(AssignmentFormPage):
    """``/org/assignments/<pk>/edit/``: change the period, basis, employment or note."""

    def dispatch_form(self, request, pk):
        self.assignment = assignment_get(request.user, pk, action=authorization.CHANGE)
        data = request.POST if request.method == "POST" else None
        form = AssignmentForm(data, user=request.user, assignment=self.assignment)
        scope = self.assignment.scope
        return self.handle(
            request,
            form,
            {
                "assignment": self.assignment,
                "scope_obj": scope,
                "is_new": False,
                "cancel_url": scope_url(scope),
            },
        )

    def save(self, form):
        return services.assignment_update(
            actor=self.request.user, assignment=self.assignment, **form.service_kwargs()
        )

    def get(self, request, pk):
        return self.dispatch_form(request, pk)

    def post(self, request, pk):
        return self.dispatch_form(request, pk)


class AssignmentEndView(LoginRequiredMixin, View):
    """POST ``/org/assignments/<pk>/end/``: the assignment ends today (kept in the record, unlike deleting)."""

    def post(self, request, pk):
        assignment = assignment_get(request.user, pk, action=authorization.CHANGE)
        try:
            services.assignment_update(
                actor=request.user, assignment=assignment, ends_on=timezone.localdate()
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(
                request,
                _("%(person)s no longer holds the role “%(role)s” from tomorrow.")
                % {"person": assignment.person.short_name, "role": assignment.role.name},
            )
        return redirect(scope_url(assignment.scope))


class AssignmentDeleteView(LoginRequiredMixin, View):
    """``/org/assignments/<pk>/delete/``: confirm, then delete an assignment made by mistake."""

    def get(self, request, pk):
        assignment = assignment_get(request.user, pk, action=authorization.DELETE)
        return render(request, "org/confirm_delete.html", _delete_context(assignment))

    def post(self, request, pk):
        assignment = assignment_get(request.user, pk, action=authorization.DELETE)
        scope = assignment.scope
        services.assignment_delete(actor=request.user, assignment=assignment)
        messages.success(
            request,
            _("%(person)s: role “%(role)s” deleted.")
            % {"person": assignment.person.short_name, "role": assignment.role.name},
        )
        return redirect(scope_url(scope))


def _delete_context(assignment) -> dict:
    return {
        "title": _("Delete this role assignment?"),
        "assignment": assignment,
        "hint": _("Delete only an assignment made by mistake; to keep the record, end it instead."),
        "cancel_url": scope_url(assignment.scope),
    }


class PersonOptionsView(LoginRequiredMixin, View):
    """GET ``/org/people/options/?person_q=…``: the <option>s of the person select, for HTMX as one types."""

    def get(self, request):
        query = request.GET.get("person_q", "").strip()
        people = person_search(request.user, query, limit=PERSON_OPTIONS)
        return render(request, "org/_person_options.html", {"people": people, "query": query})


def acting_summary(items) -> dict:
    """What a person acts for, as the home and person pages show it: for absent holders one by one, vacancies
    gathered by the node or body they are on (an office without an administrator and centres would otherwise
    fill the page with one line per role)."""
    absent = [item for item in items if not item.vacancy]
    places: dict[str, dict] = {}
    for item in items:
        if item.vacancy:
            place = places.setdefault(item.scope.ref, {"scope": item.scope, "roles": [], "through": []})
            place["roles"].append(item.role)
            if item.through.role not in place["through"]:
                place["through"].append(item.through.role)
    return {"absent": absent, "vacant": list(places.values()), "count": len(items)}
