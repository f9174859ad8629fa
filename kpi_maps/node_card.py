"""The goal-map card of a node's page: the indicators attached to the node, scored for the current period.

Rules p.17: every level of the hierarchy carries the indicators its head answers for; the node's page shows
them where the team works, with the way to the portfolio's goal map and dashboard for those who may read them.
"""

from __future__ import annotations

from pmis.core import authorization

from .access import may_read_subtree
from .models import Indicator
from .models.periods import period_label
from .selectors.scores import default_period, rules_at, scores


def indicators_card(user, node) -> dict | None:
    """The card's content (one query when the node has no indicators, four when it has), or None to hide it."""
    rows = list(
        Indicator.objects.filter(node_kind=node.KIND, node_id=node.pk, is_active=True).order_by("code")
    )
    may_add = authorization.can(user, authorization.CHANGE, node)
    whole = node.KIND == "portfolio" and may_read_subtree(user, node)
    if not rows and not may_add and not whole:
        return None
    year = quarter = None
    scored = []
    if rows:
        year, quarter = default_period(node.path)
        rules = rules_at(node.path)
        found = scores(node.path, year, quarter, rules, ids=[row.pk for row in rows])
        scored = [(row, found.get(row.pk)) for row in rows]
    return {
        "rows": scored,
        "period": period_label(year, quarter) if year else "",
        "may_add": may_add,
        "may_enter": authorization.can(user, authorization.CONTRIBUTE, node),
        "portfolio_pages": whole,
        "node_ref": node.ref,
    }
