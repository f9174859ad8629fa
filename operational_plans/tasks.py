"""Celery tasks of the operational plans: load by id or day, call a service (DESIGN.md §3). Beat runs them
(settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone


@shared_task(name="op.submissions_remind")
def submissions_remind(day: str | None = None) -> dict:
    """Remind the units that have not submitted their quarterly information three working days before the 10th
    and on the day, and tell the monitoring unit who is late the working day after (OP Rules p.13). Beat runs it
    every morning; on a day off of Kazakhstan's calendar it does nothing. `day` (ISO date) replays a given day."""
    from .services.submissions import submissions_remind as remind

    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    result = remind(today=today)
    return {
        "day": today.isoformat(),
        "due": [list(pair) for pair in result["due"]],
        "late": [[plan, units] for plan, units in result["late"]],
    }


# Celery's autodiscovery imports only `tasks` modules: the reports' reminder lives beside, registered from here.
from .tasks_reports import reports_remind  # noqa: E402, F401
