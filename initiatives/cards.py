"""The initiatives card on a node's page: the initiative the node came from (Rules p.26), and the initiatives
addressed to it."""

from __future__ import annotations

from django.urls import reverse

from pmis.core import authorization

from .models import Initiative
from .selectors.initiatives import open_count_at

ORIGIN_KINDS = ("program", "direction", "group", "project")
ADDRESSED_KINDS = ("portfolio", "program")


def initiatives_card(user, node) -> dict | None:
    """Context of ``initiatives/_node_card.html`` for `node`, or None when there is nothing to show.

    The initiative the node was created from (if `user` may see it) and, on a program or portfolio, how many
    open initiatives `user` sees addressed to it. One query (portfolio, direction, group, project) or two
    (program).
    """
    kind = getattr(node, "KIND", "")
    if kind not in ORIGIN_KINDS and kind not in ADDRESSED_KINDS:
        return None
    origin = None
    if kind in ORIGIN_KINDS:
        origin = (
            authorization.restrict(Initiative.objects.filter(result_kind=kind, result_id=node.pk), user)
            .only("pk", "code", "name_ru", "name_kk", "name_en", "passport_version")
            .first()
        )
    card = {"origin": origin, "open_count": None, "list_url": ""}
    if kind in ADDRESSED_KINDS:
        card["open_count"] = open_count_at(user, node)
        card["list_url"] = f"{reverse('initiative-list')}?{kind}={node.pk}&open=1"
    if origin is None and not card["open_count"]:
        return None
    return card
