"""The initiatives card on a node's page: the initiative the node came from (Rules p.26), and the initiatives
addressed to it."""

from __future__ import annotations


def initiatives_card(user, node) -> dict | None:
    """Context of ``initiatives/_node_card.html`` for `node`, or None when there is nothing to show."""
    return None
