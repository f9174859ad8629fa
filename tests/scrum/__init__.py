"""Helpers of the sprint and Gantt tests: tasks made straight in the database (the board's services are another
part's), done at a chosen moment as the board's move would leave them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Max
from django.utils import timezone

from pmis.core.workdays import monday_of
from projects.choices import ColumnKind
from projects.models import BoardColumn, Project, Task

ALMATY = ZoneInfo("Asia/Almaty")


def column(project: Project, kind: str = ColumnKind.TO_DO) -> BoardColumn:
    return project.columns.filter(kind=kind).order_by("position").first()


def make_task(
    project: Project, title: str = "Задача", *, hours=None, kind: str = ColumnKind.TO_DO, **fields
) -> Task:
    number = (project.tasks.aggregate(top=Max("number"))["top"] or 0) + 1
    return Task.objects.create(
        project=project,
        number=number,
        column=column(project, kind),
        position=number * 1000,
        title=title,
        estimate_hours=Decimal(str(hours)) if hours is not None else None,
        **fields,
    )


def mark_done(task: Task, day: dt.date, hour: int = 15) -> Task:
    """The task moved into the "done" column at `hour` o'clock of `day` in Almaty (what the board's move does)."""
    task.column = column(task.project, ColumnKind.DONE)
    task.done_at = dt.datetime.combine(day, dt.time(hour), tzinfo=ALMATY)
    task.save(update_fields=["column", "done_at"])
    return task


def next_monday(today: dt.date | None = None) -> dt.date:
    return monday_of(today or timezone.localdate()) + dt.timedelta(days=7)
