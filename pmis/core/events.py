"""Domain events: small deltas published to Channels groups after the transaction commits.

Services call `publish`; pages and dashboards listening on a group apply the delta without reloading. Nothing
is sent for a transaction that rolls back, and a Redis hiccup never fails the write that already committed.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading

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


_loop: asyncio.AbstractEventLoop | None = None
_loop_pid = 0
_loop_lock = threading.Lock()
#: How long a write waits for its events to reach Redis before going on without them.
SEND_TIMEOUT = 5


def _publisher_loop() -> asyncio.AbstractEventLoop:
    """One event loop per process, in its own thread, that sends every event.

    The Redis channel layer keeps its connections per event loop: a fresh loop for each event (async_to_sync)
    would open a fresh connection each time, a third of a board move. A forked process (a Celery or web worker)
    inherits the variable but not the thread, so each process starts its own.
    """
    global _loop, _loop_pid
    with _loop_lock:
        if _loop is None or _loop.is_closed() or _loop_pid != os.getpid():
            loop = asyncio.new_event_loop()
            threading.Thread(target=loop.run_forever, name="pmis-events", daemon=True).start()
            _loop, _loop_pid = loop, os.getpid()
        return _loop


def _send(groups: list[str], message: dict) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        # One hop for all groups: a node deep in the tree notifies each ancestor's page.
        future = asyncio.run_coroutine_threadsafe(_send_all(layer, groups, message), _publisher_loop())
        future.result(timeout=SEND_TIMEOUT)
    except Exception:  # Redis unreachable or slow: the committed write stands
        logger.exception("could not publish %s", message.get("event"))


def publish(groups: list[str], event: str, payload: dict) -> None:
    """Send ``{"event": ..., **payload}`` to every group once the current transaction commits."""
    message = {"type": "pmis.event", "event": event, **payload}
    transaction.on_commit(lambda: _send(groups, message))
