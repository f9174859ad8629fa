"""Celery task of the quarterly reports: the daily reminder (OP Rules p.15). Beat runs it every day at 09:00
(``"op-reports-remind": {"task": "op.reports_remind", "schedule": crontab(hour=9, minute=0)}``)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone


@shared_task(name="op.reports_remind")
def reports_remind(day: str | None = None) -> dict:
    """Remind the monitoring unit three working days before the report's deadline and on the day, and tell the
    approver the day after it when the report is not issued. `day` (ISO date) replays a given day."""
    from .services.reports import reports_remind as remind

    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    return {"day": today.isoformat(), "sent": [[plan, kind] for plan, kind in remind(today=today)]}
