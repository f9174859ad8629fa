"""Live scores: when a fact or a plan changes, every open dashboard that shows it hears the new figures.

`values_changed()` is called by the value and plan services inside their transaction. Once the transaction
commits it scores the changed indicators and every indicator they contribute to (up the decomposition links, one
recursive statement), for that period under the portfolio's rule set (one statement for the rule set, one for
the scores), and sends one small `kpi.scores` delta to the Channels group of each node on the way, each group only
the rows its node shows: the indicators under the node, and those above it that it sees as context. Nothing is
sent for a transaction that rolls back; a failure here never undoes the committed write.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from django.db import connection, transaction

from pmis.core import events
from pmis.core.nodes import last_ref, path_prefixes

logger = logging.getLogger(__name__)

EVENT = "kpi.scores"

_CHAIN_SQL = """
WITH RECURSIVE up(id) AS (
    SELECT unnest(%(ids)s::bigint[])
    UNION
    SELECT c.parent_id FROM kpi_maps_contribution c JOIN up ON c.child_id = up.id
)
SELECT i.id, i.node_path FROM up JOIN kpi_maps_indicator i ON i.id = up.id WHERE i.is_active
"""


def dashboard_group(kind: str, pk: int) -> str:
    """The Channels group of the live dashboards of one node (a portfolio's curators' dashboard)."""
    return f"kpi-{kind}-{pk}"


class _Pending:
    """The indicators of one period whose scores a transaction will publish once, when it commits."""

    def __init__(self, year: int, quarter: int) -> None:
        self.period = (year, quarter)
        self.ids: set[int] = set()

    def __call__(self) -> None:
        _publish_scores(sorted(self.ids), *self.period)


def values_changed(indicator_ids: list[int], year: int, quarter: int) -> None:
    """Tell the open dashboards, after commit, the new scores of these indicators and of those they roll up to.

    A transaction that writes many figures of a period (the demo, an import, a script calling the services in a
    loop) publishes once: later calls join the pending publication. Publishing an indicator whose write a
    savepoint rolled back only repeats its current scores.
    """
    ids = {int(pk) for pk in indicator_ids}
    if not ids:
        return
    period = (int(year), int(quarter))
    pending = next(
        (
            callback
            for _savepoints, callback, _robust in transaction.get_connection().run_on_commit
            if isinstance(callback, _Pending) and callback.period == period
        ),
        None,
    )
    if pending is not None:
        pending.ids |= ids
        return
    pending = _Pending(*period)
    pending.ids |= ids  # before on_commit: outside a transaction it runs at once
    transaction.on_commit(pending)


def _publish_scores(ids: list[int], year: int, quarter: int) -> None:
    try:
        for groups, payload in score_deltas(ids, year, quarter):
            events.publish(groups, EVENT, payload)
    except Exception:  # the write is committed; a dashboard that missed it catches up on its next load
        logger.exception("could not publish the scores of %s", ids)


def _group_of_prefix(prefix: str) -> str:
    return dashboard_group(*last_ref(prefix))


def score_deltas(ids: list[int], year: int, quarter: int) -> list[tuple[list[str], dict]]:
    """The messages to send: (groups, payload) pairs, groups that show the same rows sharing one message."""
    from .selectors.dashboard import score_row
    from .selectors.scores import rules_at, scores

    with connection.cursor() as cursor:
        cursor.execute(_CHAIN_SQL, {"ids": ids})
        chain = dict(cursor.fetchall())
    by_portfolio: dict[str, list[int]] = defaultdict(list)
    for pk, path in chain.items():
        by_portfolio[path_prefixes(path)[0]].append(pk)
    rows: dict[int, dict] = {}
    for top, pks in by_portfolio.items():
        rules = rules_at(top)
        # A contributor lies below the node of the indicator it contributes to, so the node the whole chain shares
        # holds every figure the roll-ups read: scoring under it instead of the portfolio keeps an event small.
        root = _common_path([chain[pk] for pk in pks])
        for pk, score in scores(root, year, quarter, rules, ids=pks).items():
            rows[pk] = {key: _plain(value) for key, value in score_row(score).items()}
    # Every node on the way of every indicator: what it shows is what lies under it and what it sees above.
    prefixes = {prefix for path in chain.values() for prefix in path_prefixes(path)}
    shown_by_group: dict[str, tuple[int, ...]] = {}
    for prefix in prefixes:
        shown = tuple(
            sorted(
                pk
                for pk, path in chain.items()
                if pk in rows and (path.startswith(prefix) or prefix.startswith(path))
            )
        )
        if shown:
            shown_by_group[_group_of_prefix(prefix)] = shown
    messages: dict[tuple[int, ...], list[str]] = defaultdict(list)
    for group, shown in sorted(shown_by_group.items()):
        messages[shown].append(group)
    return [
        (groups, {"period": [year, quarter], "rows": [rows[pk] for pk in shown]})
        for shown, groups in messages.items()
    ]


def _common_path(paths: list[str]) -> str:
    """The deepest node path every one of `paths` lies at or under."""
    common = path_prefixes(paths[0])
    for path in paths[1:]:
        prefixes = set(path_prefixes(path))
        common = [prefix for prefix in common if prefix in prefixes]
    return common[-1]


def _plain(value):
    """Decimals as strings: the channel layer and the browser both read them exactly."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    return str(value)
