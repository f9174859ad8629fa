"""Reads shared by every level of the hierarchy: restricted by the user, with their joins decided here."""

from __future__ import annotations

from django.db.models import F, Func, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from . import authorization
from .choices import Status
from .nodes import NODE_MODELS, node_model


def nodes_visible(model, user, *, action: str = authorization.VIEW) -> QuerySet:
    """A level's nodes that `user` may act on, with the owning body joined."""
    return authorization.restrict(model.objects.select_related("owner_body"), user, action)


def node_get(queryset: QuerySet, user, pk, *, action: str = authorization.VIEW):
    """One node the user may see, or Http404; then a PermissionDenied (403) if the action is not allowed."""
    obj = authorization.restrict(queryset, user, authorization.VIEW).filter(pk=pk).first()
    if obj is None:
        raise Http404
    if action != authorization.VIEW:
        authorization.require(user, action, obj)
    return obj


def count_below(model, **filters) -> Coalesce:
    """One SQL expression: how many rows of `model` lie at or below the outer row's path.

    COUNT is written as a plain function, not an aggregate, so the subquery needs no GROUP BY.
    """
    rows = model.objects.filter(path__startswith=OuterRef("path"), **filters).order_by()
    return Coalesce(Subquery(rows.annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]), 0)


def with_project_counts(queryset: QuerySet) -> QuerySet:
    """Annotate each node with the number of projects below it and how many of them are active."""
    from projects.models import Project

    return queryset.annotate(
        project_count=count_below(Project),
        active_project_count=count_below(Project, status=Status.ACTIVE),
    )


def search_nodes(user, text: str, *, limit: int = 20) -> list:
    """Nodes of every level whose code or name contains `text`, exact code matches first; one query a level."""
    text = (text or "").strip()
    if not text:
        return []
    results = []
    for kind in NODE_MODELS:
        model = node_model(kind)
        matches = nodes_visible(model, user).filter(
            Q(code__iexact=text)
            | Q(code__icontains=text)
            | Q(name_kk__icontains=text)
            | Q(name_ru__icontains=text)
            | Q(name_en__icontains=text)
        )[:limit]
        results.extend(matches)
    results.sort(key=lambda node: (node.code.lower() != text.lower(), list(NODE_MODELS).index(node.KIND), node.code))
    return results[:limit]
