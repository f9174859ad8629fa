"""Pages' helpers: a node named by ``?node=program:3`` and the names of the nodes indicators sit on."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.http import Http404

from pmis.core import authorization
from pmis.core.nodes import NODE_MODELS, node_model, parse_ref


def node_from_ref(user, ref: str | None, *, required: bool = True):
    """The node a ``kind:id`` reference names, when `user` may see it; 404 otherwise (None if not required)."""
    if not ref:
        if required:
            raise Http404
        return None
    try:
        kind, pk = parse_ref(ref)
    except ValidationError as error:
        raise Http404 from error
    if kind not in NODE_MODELS:
        raise Http404
    node = node_model(kind).objects.filter(pk=pk).first()
    if node is None or not authorization.can(user, authorization.VIEW, node):
        raise Http404
    return node


def nodes_of(indicators) -> dict[tuple[str, int], object]:
    """The nodes the indicators are attached to, by (kind, id): one query per kind present."""
    wanted: dict[str, set[int]] = defaultdict(set)
    for indicator in indicators:
        wanted[indicator.node_kind].add(indicator.node_id)
    found = {}
    for kind, ids in wanted.items():
        for node in (
            node_model(kind).objects.filter(pk__in=ids).only("id", "code", "name_kk", "name_ru", "name_en")
        ):
            found[(kind, node.pk)] = node
    return found
