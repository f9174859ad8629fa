"""Background tasks of governance: the expert councils' quarterly reminder (Rules p.50)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from .services.expert import expert_quarter_remind as remind


@shared_task(name="governance.expert_quarter_remind")
def expert_quarter_remind(day: str | None = None) -> int:
    """Daily: in the last 15 days of a quarter, remind the secretary (and the head of the project office) of each
    expert council that has not met in it — once per quarter. Returns how many councils were reminded."""
    return remind(day=dt.date.fromisoformat(day) if day else None)
