"""The governing bodies card on a portfolio's or a program's page."""

from __future__ import annotations


def bodies_card(user, node) -> dict | None:
    """Context of ``governance/_node_card.html`` for `node`, or None when there is nothing to show."""
    return None
