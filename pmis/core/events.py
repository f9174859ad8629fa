"""Domain events: small deltas published to Channels groups after the transaction commits.

Services call `publish`; pages and dashboards listening on a group apply the delta without reloading. Nothing
is sent for a transaction that rolls back, and a Redis hiccup never fails the write that already committed.
"""

from __future__ import annotations

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def node_group(kind: str, pk: int) -> str:
    """The Channels group of one hierarchy node's page."""
    return f"node-{kind}-{pk}"


def user_group(user_id: int) -> str:
    """The Channels group of one person: their notifications."""
    return f"user-{user_id}"


def board_group(project_id: int) -> str:
    """The Channels group of one project's kanban board: task and column deltas."""
    return f"board-{project_id}"


async def _send_all(layer, groups: list[str], message: dict) -> None:
    for group in groups:
        try:
            await layer.group_send(group, message)
        except Exception:  # the write is committed; a lost notification only costs a manual reload
            logger.exception("could not publish %s to %s", message.get("event"), group)


def _send(groups: list[str], message: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        # One event-loop hop for all groups: a node deep in the tree notifies each ancestor's page.
        async_to_sync(_send_all)(layer, groups, message)
    except Exception:  # e.g. called inside a running event loop; the committed write stands
        logger.exception("could not publish %s", message.get("event"))


def publish(groups: list[str], event: str, payload: dict) -> None:
    """Send ``{"event": ..., **payload}`` to every group once the current transaction commits."""
    message = {"type": "pmis.event", "event": event, **payload}
    transaction.on_commit(lambda: _send(groups, message))
