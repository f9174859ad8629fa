"""The kinds of hierarchy node and their ``kind:id`` references (DESIGN.md §4 field conventions)."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# kind → model label, top-down. `body` and `office` are roots of standard basic directions and role scopes.
NODE_MODELS = {
    "portfolio": "portfolios.Portfolio",
    "program": "programs.Program",
    "direction": "programs.BasicDirection",
    "group": "programs.ProjectGroup",
    "project": "projects.Project",
}
ROOT_KINDS = ("office", "body")
ALL_KINDS = (*ROOT_KINDS, *NODE_MODELS)


def node_model(kind: str):
    return apps.get_model(NODE_MODELS[kind])


def node_models():
    """The concrete hierarchy models, top-down."""
    return [apps.get_model(label) for label in NODE_MODELS.values()]


def parse_ref(ref: str) -> tuple[str, int]:
    """Split ``"project:42"`` into ``("project", 42)``; a clear message for anything else."""
    kind, sep, raw_id = (ref or "").partition(":")
    if not sep or kind not in ALL_KINDS or not raw_id.isdigit():
        raise ValidationError(
            _("“%(ref)s” is not a node reference; write it as kind:id, with kind one of %(kinds)s."),
            params={"ref": ref, "kinds": ", ".join(ALL_KINDS)},
            code="invalid_ref",
        )
    return kind, int(raw_id)


def resolve_ref(ref: str):
    """The object a ``kind:id`` reference names, or a ValidationError saying it does not exist."""
    kind, pk = parse_ref(ref)
    if kind in ROOT_KINDS:
        from org.choices import BodyKind
        from org.models import StateBody

        queryset = StateBody.objects.filter(kind=BodyKind.OFFICE) if kind == "office" else StateBody.objects
    else:
        queryset = node_model(kind).objects
    obj = queryset.filter(pk=pk).first()
    if obj is None:
        raise ValidationError(_("%(ref)s does not exist."), params={"ref": ref}, code="unknown_ref")
    return obj


def path_prefixes(path: str) -> list[str]:
    """The paths of a node's ancestors and of itself, top-down: ``"portfolio:1/program:2/"`` →
    ``["portfolio:1/", "portfolio:1/program:2/"]`` (a role held on any of them reaches the node)."""
    segments = [segment for segment in path.strip("/").split("/") if segment]
    return ["/".join(segments[:end]) + "/" for end in range(1, len(segments) + 1)]


def path_refs(path: str) -> list[tuple[str, int]]:
    """The ancestors-and-self of a node as (kind, id) pairs, read from its materialized path."""
    return [parse_ref(segment) for segment in path.strip("/").split("/") if segment]


def ancestor_id(path: str, kind: str) -> int | None:
    """The id of the (outermost) node of `kind` on a path — the node's own or an ancestor's — or None.

    String work only, no validation: pages call it for every row of a national portfolio on paths the system
    wrote itself."""
    marker = f"{kind}:"
    for segment in path.split("/"):
        if segment.startswith(marker):
            return int(segment[len(marker) :])
    return None


def last_ref(path: str) -> tuple[str, int]:
    """The (kind, id) of the node a path ends at — ``"portfolio:1/program:2/"`` → ``("program", 2)``."""
    kind, _sep, pk = path.rstrip("/").rpartition("/")[2].partition(":")
    return kind, int(pk)


def nearest_prefix(path: str, kind: str) -> str | None:
    """The path of the nearest node of `kind` on a path — the node's own or its closest ancestor's — or None:
    for nested groups of projects, a project's own group (`ancestor_id` gives the outermost)."""
    for prefix in reversed(path_prefixes(path)):
        if last_ref(prefix)[0] == kind:
            return prefix
    return None


#: The keywords under which the services take a node's parent, nearest first (a group's parent group before its
#: direction).
PARENT_KEYS = ("parent", "group", "direction", "program", "portfolio")


def parent_in(values: dict):
    """The parent node named among a service's keyword arguments, or None (a portfolio has no parent)."""
    from .models import HierarchyNode

    for key in PARENT_KEYS:
        value = values.get(key)
        if isinstance(value, HierarchyNode):
            return value
    return None


def new_parent_in(node, values: dict):
    """The parent named in `values` when it is not the node's current parent (the node moves), else None."""
    parent = parent_in(values)
    current = node.path.rstrip("/").rsplit("/", 1)[0] + "/" if "/" in node.path.rstrip("/") else ""
    return parent if parent is not None and parent.path != current else None
