"""The live channel of a meeting's page: every write to a meeting tells the open pages which part changed.

The services call `meeting_changed` inside their transaction; the event leaves on commit (pmis.core.events). The
page (static/js/scrum_meeting.js) re-fetches the named fragment — ``header``, ``agenda``, ``attendance`` or
``outcomes`` — and everything once after a reconnect.
"""

from __future__ import annotations

from pmis.core.events import publish

PARTS = ("header", "agenda", "attendance", "outcomes")


def meeting_group(pk: int) -> str:
    """The Channels group of one meeting's open pages."""
    return f"scrum-meeting-{pk}"


def meeting_changed(meeting_id: int, part: str, payload: dict | None = None) -> None:
    """Publish ``{"event": "meeting.changed", "meeting": id, "part": part, ...payload}`` on commit."""
    publish(
        [meeting_group(meeting_id)],
        "meeting.changed",
        {"meeting": meeting_id, "part": part, **(payload or {})},
    )
