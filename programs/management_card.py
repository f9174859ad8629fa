"""The program management card on a program's page: its management plan, map of projects and initiatives,
priority list, completion report and performance ratios (Rules p.60–64)."""

from __future__ import annotations


def management_card(user, node) -> dict | None:
    """Context of ``programs/_management_card.html`` for `node` (a program), or None."""
    return None
