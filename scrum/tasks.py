"""Celery tasks of the weekly scrum: load by id or day, call a service (DESIGN.md §3). Beat runs them
(settings.CELERY_BEAT_SCHEDULE)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.utils import timezone

# --- schedules and meetings -----------------------------------------------------------------------------------


@shared_task(name="scrum.meetings_generate")
def meetings_generate(day: str | None = None) -> dict:
    """Keep every approved schedule's meetings four weeks ahead, public holidays skipped (Rules p.46). Beat runs
    it on Sunday evenings; `day` (ISO date) replays a given day."""
    from .services.schedules import meetings_generate_all

    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    return {"day": today.isoformat(), "generated": meetings_generate_all(today=today)}


@shared_task(name="scrum.meetings_remind")
def meetings_remind(now: str | None = None) -> dict:
    """Remind the people of each meeting starting within the next 24 hours, once (in the PMIS and by e-mail).
    Beat runs it every quarter of an hour; `now` (ISO datetime) replays a given moment."""
    from .services.schedules import meetings_remind as remind

    moment = dt.datetime.fromisoformat(now) if now else timezone.now()
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return {"now": moment.isoformat(), "reminded": [meeting.pk for meeting in remind(now=moment)]}


# --- decisions ------------------------------------------------------------------------------------------------


@shared_task(name="scrum.decisions_remind")
def decisions_remind(day: str | None = None) -> dict:
    """Remind the owners of open binding outcomes past their deadline, in the PMIS and by e-mail, once a day
    (Rules p.45). Beat runs it every morning; on a day off of Kazakhstan's calendar it does nothing. `day` (ISO
    date) replays a given day."""
    from pmis.core.workdays import is_working_day

    from .services.decisions import decisions_remind as remind

    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    return {
        "day": today.isoformat(),
        "working_day": is_working_day(today),
        "reminded": [decision.pk for decision in remind(today=today)],
    }


# --- the weekly information board -----------------------------------------------------------------------------


@shared_task(name="scrum.boards_generate")
def boards_generate(day: str | None = None) -> dict:
    """Take the information board of every program under way for the week before and tell the program managers
    (Rules p.68(4)). Beat runs it on Monday mornings; `day` (ISO date) replays a given day."""
    from .selectors.boards import last_week
    from .services.boards import boards_generate_all

    today = dt.date.fromisoformat(day) if day else timezone.localdate()
    count = boards_generate_all(today=today)
    return {"day": today.isoformat(), "week_start": last_week(today).isoformat(), "boards": count}
