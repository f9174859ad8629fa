"""The pages every person starts from: sign-in, the personal home page, the hierarchy tree and the search.

Views only read through selectors and write through services; what they add is HTTP: redirects, cookies and
which template renders.
"""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import check_for_language
from django.views import i18n
from django.views.decorators.http import require_GET, require_POST

from org.selectors import person_acting_for
from org.services import person_set_language
from org.team_views import acting_summary

from . import selectors
from .nodes import NODE_MODELS, node_model, parse_ref, path_refs

#: How far ahead the home page looks for deadlines.
DEADLINE_DAYS = 90


def set_language_cookie(response, language: str) -> None:
    """The same cookie Django's set_language view sets, so LocaleMiddleware picks the language up."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )


class LoginView(auth_views.LoginView):
    """Sign-in that opens the PMIS in the person's preferred language, whatever device they sign in from."""

    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        language = form.get_user().language
        if language and check_for_language(language):
            set_language_cookie(response, language)
        return response


@require_POST
def set_language(request):
    """Django's set_language (cookie + redirect to `next`), and the choice remembered on the person."""
    response = i18n.set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and check_for_language(language):
        # A language Django knows but the person model does not: the cookie alone is enough.
        with contextlib.suppress(ValidationError):
            person_set_language(person=request.user, language=language)
    return response


@login_required
@require_GET
def home(request):
    from projects.selectors.assignments import assignments_awaiting  # the workspace builds on the core

    user = request.user
    today = timezone.localdate()
    return render(
        request,
        "core/home.html",
        {
            "summary": selectors.home_summary(user),
            "due": selectors.nodes_due(user, today=today, days=DEADLINE_DAYS),
            "overdue": selectors.nodes_overdue(user, today=today),
            "changes": selectors.recent_changes(user),
            # Rules p.99: what the person stands in for today, shown first so they know whose work is theirs.
            "acting": acting_summary(person_acting_for(user, today)),
            # Rules p.81: a head who received a project assignment appoints its executors within a working day.
            "awaiting_assignments": list(assignments_awaiting(user)),
            "today": today,
            "deadline_days": DEADLINE_DAYS,
        },
    )


def _open_refs(user, ref: str) -> list[str]:
    """The rows to expand so that the node `ref` shows in the tree: its ancestors (state bodies excepted)."""
    try:
        kind, pk = parse_ref(ref)
    except ValidationError:
        return []
    if kind not in NODE_MODELS:
        return []
    try:
        node = selectors.node_get(selectors.nodes_visible(node_model(kind), user), user, pk)
    except Http404:
        return []
    return [f"{kind}:{pk}" for kind, pk in path_refs(node.path) if kind in NODE_MODELS]


@login_required
@require_GET
def tree(request):
    user = request.user
    open_ref = request.GET.get("open", "")
    return render(
        request,
        "core/tree.html",
        {
            "portfolios": selectors.tree_roots(user),
            "standard_directions": selectors.tree_standard_directions(user),
            "open_refs": _open_refs(user, open_ref) if open_ref else [],
        },
    )


@login_required
@require_GET
def tree_children(request, kind: str, pk: int):
    """The child rows of one node, loaded when its row is expanded."""
    node, children = selectors.tree_children(request.user, kind, pk)
    return render(request, "core/_tree_children.html", {"parent": node, "nodes": children})


@login_required
@require_GET
def search(request):
    query = request.GET.get("q", "").strip()
    results = selectors.search_nodes(request.user, query)
    if results and results[0].code.lower() == query.lower():
        return redirect(results[0].get_absolute_url())
    groups = []
    for kind in NODE_MODELS:
        rows = [node for node in results if kind == node.KIND]
        if rows:
            groups.append({"kind": kind, "label": node_model(kind)._meta.verbose_name_plural, "nodes": rows})
    return render(
        request, "core/search.html", {"search_query": query, "groups": groups, "result_count": len(results)}
    )
