"""Reads shared by every level of the hierarchy: restricted by the user, with their joins decided here."""

from __future__ import annotations

from django.db.models import Count, Exists, F, Func, OuterRef, Q, QuerySet, Subquery
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
    results.sort(
        key=lambda node: (node.code.lower() != text.lower(), list(NODE_MODELS).index(node.KIND), node.code)
    )
    return results[:limit]


# --- pages: breadcrumbs, tree, home ------------------------------------------------------------------------


def node_ancestors(user, node) -> list:
    """The ancestors of `node` that `user` may see, top-down, read from its materialized path.

    One query per kind of level present in the path (a state body roots a standard direction), whatever the
    depth: nested groups are loaded together.
    """
    from org.models import StateBody

    from .nodes import ROOT_KINDS, path_refs

    refs = path_refs(node.path)[:-1] if node.path else []
    ids_by_kind: dict[str, list[int]] = {}
    for kind, pk in refs:
        ids_by_kind.setdefault(kind, []).append(pk)
    found: dict[tuple[str, int], object] = {}
    for kind, ids in ids_by_kind.items():
        if kind in ROOT_KINDS:
            queryset = authorization.restrict(StateBody.objects.all(), user)
        else:
            queryset = nodes_visible(node_model(kind), user).select_related(None)
        for obj in queryset.filter(pk__in=ids):
            found[(kind, obj.pk)] = obj
    return [found[ref] for ref in refs if ref in found]


def _children_exist(model, user, **link) -> Exists:
    return Exists(nodes_visible(model, user).select_related(None).filter(**link))


def tree_roots(user) -> QuerySet:
    """The portfolios at the top of the tree, with their project counts and whether they have programs."""
    from programs.models import Program

    return with_project_counts(nodes_visible(node_model("portfolio"), user)).annotate(
        has_children=_children_exist(Program, user, portfolio=OuterRef("pk"))
    )


def tree_standard_directions(user) -> QuerySet:
    """The standard basic directions of the state bodies (Rules p.56), each body's one, body by body."""
    from programs.models import BasicDirection, ProjectGroup

    return (
        with_project_counts(nodes_visible(BasicDirection, user).filter(is_standard=True))
        .annotate(has_children=_children_exist(ProjectGroup, user, direction=OuterRef("pk"), parent=None))
        .order_by("owner_body__kind", "owner_body__code")
    )


def tree_children(user, kind: str, pk: int) -> tuple[object, list]:
    """A node the user may see and its child rows in the tree, or Http404.

    portfolio → programs; program → basic directions; direction → its top-level groups; group → its subgroups,
    then its projects. One query for the node and one per kind of child, whatever the number of rows.
    """
    from programs.models import BasicDirection, Program, ProjectGroup
    from projects.models import Project

    if kind not in NODE_MODELS or kind == "project":
        raise Http404
    node = node_get(nodes_visible(node_model(kind), user), user, pk)
    groups = with_project_counts(nodes_visible(ProjectGroup, user)).annotate(
        has_children=_children_exist(ProjectGroup, user, parent=OuterRef("pk"))
        | _children_exist(Project, user, group=OuterRef("pk"))
    )
    if kind == "portfolio":
        children = with_project_counts(nodes_visible(Program, user).filter(portfolio=node)).annotate(
            has_children=_children_exist(BasicDirection, user, program=OuterRef("pk"))
        )
        return node, list(children)
    if kind == "program":
        children = with_project_counts(nodes_visible(BasicDirection, user).filter(program=node)).annotate(
            has_children=_children_exist(ProjectGroup, user, direction=OuterRef("pk"), parent=None)
        )
        return node, list(children)
    if kind == "direction":
        return node, list(groups.filter(direction=node, parent=None))
    projects = nodes_visible(Project, user).filter(group=node)
    return node, [*groups.filter(parent=node), *projects]


def home_summary(user) -> dict[str, int]:
    """How many portfolios, programs and projects `user` sees, and how many of the projects are active."""
    from portfolios.models import Portfolio
    from programs.models import Program
    from projects.models import Project

    projects = nodes_visible(Project, user).select_related(None).order_by()
    return {
        "portfolios": nodes_visible(Portfolio, user).select_related(None).order_by().count(),
        "programs": nodes_visible(Program, user).select_related(None).order_by().count(),
        **projects.aggregate(
            projects=Count("pk"),
            active_projects=Count("pk", filter=Q(status=Status.ACTIVE)),
        ),
    }


def nodes_due(user, *, today, days: int = 90, limit: int = 20) -> list:
    """Programs and projects `user` sees whose planned end falls within `days` from `today` and whose work is
    not over (completed or cancelled), soonest first. One query per level."""
    import datetime as dt

    from programs.models import Program
    from projects.models import Project

    rows = []
    for model in (Program, Project):
        rows += (
            nodes_visible(model, user)
            .filter(planned_end__gte=today, planned_end__lte=today + dt.timedelta(days=days))
            .exclude(status__in=[Status.COMPLETED, Status.CANCELLED])
            .order_by("planned_end", "code")[:limit]
        )
    return sorted(rows, key=lambda node: (node.planned_end, node.code))[:limit]


def nodes_overdue(user, *, today, limit: int = 20) -> list:
    """Active programs and projects `user` sees whose planned end has passed, longest overdue first."""
    from programs.models import Program
    from projects.models import Project

    rows = []
    for model in (Program, Project):
        rows += (
            nodes_visible(model, user)
            .filter(planned_end__lt=today, status=Status.ACTIVE)
            .order_by("planned_end", "code")[:limit]
        )
    return sorted(rows, key=lambda node: (node.planned_end, node.code))[:limit]


def recent_changes(user, *, limit: int = 10) -> list:
    """The latest changes to programs and projects `user` sees, from their history tables, newest first.

    Each row is a historical record with `history_user` joined; its `instance` is the node as it was, with its
    id for the link. One query per history table.
    """
    from programs.models import Program
    from projects.models import Project

    rows = []
    for model in (Program, Project):
        visible = nodes_visible(model, user).select_related(None).order_by().values("pk")
        rows += (
            model.history.filter(id__in=visible)
            .select_related("history_user")
            .order_by("-history_date", "-history_id")[:limit]
        )
    return sorted(rows, key=lambda row: row.history_date, reverse=True)[:limit]


# --- pages: a node's history ---------------------------------------------------------------------------------


def node_history(node, *, limit: int = 10) -> list:
    """The latest `limit` + 1 history records of a node, newest first, in one query.

    The extra record is the predecessor of the oldest one shown, so every shown change can be diffed. The
    author and every related object of the record (owning body, parent) are joined, so a diff that names them
    costs no further query. The caller has already read `node` through its level's `*_get` selector.
    """
    history = node.history.model
    related = [f.name for f in history._meta.fields if f.many_to_one]
    return list(node.history.select_related(*related).order_by("-history_date", "-history_id")[: limit + 1])


def node_by_code(user, code: str):
    """The node with this identification code (Rules p.86(8)) that the user may see, or None.

    The prefix of the code names the level, so this is one query on one table's unique index.
    """
    code = (code or "").strip().upper()
    prefix = code.split("-", 1)[0]
    for kind in NODE_MODELS:
        model = node_model(kind)
        if prefix == model.CODE_PREFIX:
            return nodes_visible(model, user).filter(code=code).first()
    return None
