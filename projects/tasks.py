"""Celery tasks of projects: load by id or day, call a service (DESIGN.md §3)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

from pmis.core.workdays import is_working_day


@shared_task(name="projects.assignments_escalate")
def assignments_escalate(day: str | None = None) -> dict:
    """Raise the overdue project assignments (Rules p.81) to the project manager and the head of the basic
    direction. Beat runs it every day at 09:00 Asia/Almaty (settings.CELERY_BEAT_SCHEDULE); on a day off of
    Kazakhstan's calendar it does nothing, so the heads hear of it on the next working morning. `day`
    (ISO date) replays a given day."""
    from .services.assignments import assignments_escalate as escalate

    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    if not is_working_day(today):
        return {"day": today.isoformat(), "working_day": False, "escalated": []}
    raised = escalate(today=today)
    return {
        "day": today.isoformat(),
        "working_day": True,
        "escalated": [assignment.pk for assignment in raised],
    }
