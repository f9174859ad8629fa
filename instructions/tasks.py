"""Celery tasks of the instructions on control: load by day, call a service (DESIGN.md §3). Beat runs them
(settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone


@shared_task(name="instructions.escalate")
def escalate(day: str | None = None) -> dict:
    """Escalate the overdue instructions on control (Rules p.92), once per level, on working days. Beat runs it
    every morning; `day` (ISO date) replays a given day."""
    from .services.instructions import instructions_escalate

    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    return {"day": today.isoformat(), "escalated": [row.code for row in instructions_escalate(today=today)]}
