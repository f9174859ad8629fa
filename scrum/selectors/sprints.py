"""Reads of weekly sprints (Rules p.2(58), p.84(3)): restricted through the authorization module.

`burndown(sprint)` answers the chart of a sprint: live for an open sprint (from its items and their tasks'
`done_at`, up to today), frozen for a closed one (what `sprint_close` stored).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from pmis.core import authorization
from pmis.core.workdays import as_day, is_working_day, monday_of
from projects.choices import ColumnKind, SprintStatus
from projects.models import Project, Task

from ..models import Sprint, SprintItem

WEEK = dt.timedelta(days=7)
ZERO = Decimal("0")


def week_days(week_start: dt.date) -> list[dt.date]:
    """Monday to Sunday of a sprint's week."""
    return [week_start + dt.timedelta(days=offset) for offset in range(7)]


# --- lists and single sprints --------------------------------------------------------------------------------


def sprint_list(
    user, project: Project | None = None, *, action: str = authorization.VIEW
) -> QuerySet[Sprint]:
    """The sprints `user` may `action`, newest week first; of one project when given."""
    sprints = authorization.restrict(Sprint.objects.all(), user, action).select_related(
        "project", "closed_by"
    )
    if project is not None:
        sprints = sprints.filter(project=project)
    return sprints.order_by("-week_start", "project_id")


def sprint_get(user, pk, *, action: str = authorization.VIEW) -> Sprint:
    """One sprint: 404 when `user` may not see it, 403 when they may see it but not `action` it."""
    sprint = get_object_or_404(sprint_list(user), pk=pk)
    if action != authorization.VIEW:
        authorization.require(user, action, sprint)
    return sprint


def sprint_of_week(user, project: Project, week_start: dt.date) -> Sprint:
    """The project's sprint of the week starting on `week_start` (404 when there is none or it is hidden)."""
    return get_object_or_404(sprint_list(user, project), week_start=week_start)


def sprint_current(user, project: Project, *, today: dt.date | None = None) -> Sprint | None:
    """The sprint the team works in now: this week's, or an earlier one still open (its week is over and it
    waits to be closed, so its unfinished tasks carry over); None when neither exists."""
    today = today or timezone.localdate()
    this_week = monday_of(today)
    candidates = sprint_list(user, project).filter(
        Q(week_start=this_week) | Q(week_start__lt=this_week, status=SprintStatus.OPEN)
    )
    # This week's first; otherwise the latest stale open one.
    found = sorted(
        candidates, key=lambda sprint: (sprint.week_start != this_week, -sprint.week_start.toordinal())
    )
    return found[0] if found else None


def sprint_items(sprint: Sprint) -> list[SprintItem]:
    """The sprint's items (removed ones included, the page shows them apart) with their tasks, columns and
    assignees, in one query."""
    return list(
        SprintItem.objects.filter(sprint=sprint)
        .select_related("task", "task__column", "task__assignee")
        .order_by("task__column__position", "task__position", "id")
    )


def sprint_candidates(sprint: Sprint) -> QuerySet[Task]:
    """Tasks of the sprint's project that may be added to it: not done, not in it, not in another open sprint."""
    return (
        Task.objects.filter(project_id=sprint.project_id)
        .exclude(column__kind=ColumnKind.DONE)
        .filter(Q(sprint__isnull=True) | Q(sprint__status=SprintStatus.CLOSED))
        .select_related("column", "assignee")
        .order_by("column__position", "position", "id")
    )


# --- burndown ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BurndownRow:
    """One task of a sprint as the burndown sees it."""

    hours: Decimal
    planned: bool  # in the sprint from the start of the week
    added_on: dt.date  # the day it was added (ignored for planned rows)
    done_on: dt.date | None  # the day it was done, None if not done


def _round(value: Decimal) -> float:
    return float(value.quantize(Decimal("0.1")))


def compute_burndown(
    week_start: dt.date, rows: list[BurndownRow], *, until: dt.date | None = None
) -> list[dict]:
    """The remaining work at the end of each day of the week, Monday to Sunday, with the ideal line.

    A day's `remaining` is the hours (and `remaining_tasks` the tasks) in the sprint by the end of that day and
    not done by then; a task added in the middle of the week counts from the day it was added. The ideal line
    falls from the hours (tasks) planned at the start to zero over the week's working days (Kazakhstan's calendar:
    it stays flat on weekends and holidays; evenly over seven days in a week without working days). Days after
    `until` (today, for an open sprint) have no remaining values yet (None).
    """
    days = week_days(week_start)
    start_hours = sum((row.hours for row in rows if row.planned), ZERO)
    start_tasks = sum(1 for row in rows if row.planned)
    working = [is_working_day(day) for day in days]
    total_working = sum(working) or len(days)
    result = []
    worked = 0
    for index, day in enumerate(days):
        worked += 1 if (working[index] or not any(working)) else 0
        share = Decimal(total_working - worked) / Decimal(total_working)
        entry = {
            "day": day.isoformat(),
            "ideal": _round(start_hours * share),
            "ideal_tasks": _round(Decimal(start_tasks) * share),
            "remaining": None,
            "remaining_tasks": None,
        }
        if until is None or day <= until:
            in_scope = [row for row in rows if row.planned or row.added_on <= day]
            left = [row for row in in_scope if row.done_on is None or row.done_on > day]
            entry["remaining"] = _round(sum((row.hours for row in left), ZERO))
            entry["remaining_tasks"] = len(left)
        result.append(entry)
    return result


def burndown_rows(items: list[SprintItem], *, live: bool) -> list[BurndownRow]:
    """The burndown's view of the items (removed ones left out). Live: the tasks' current estimates and done
    days; frozen: the figures copied onto the items when the sprint closed."""
    rows = []
    for item in items:
        if item.outcome == SprintItem.Outcome.REMOVED:
            continue
        task = item.task if live else None
        if live and task is None:
            continue  # the task was deleted during the week: it leaves the sprint's scope
        hours = (task.estimate_hours if task is not None else item.estimate_hours) or ZERO
        done_at = task.done_at if task is not None else item.done_at
        if live and task is not None and task.done_at is None and task.column.kind == ColumnKind.DONE:
            done_at = timezone.now()  # a done card without its moment (imported data): done as of now
        rows.append(
            BurndownRow(
                hours=hours,
                planned=item.planned,
                added_on=as_day(item.added_at) if item.added_at else item.sprint.week_start,
                done_on=as_day(done_at) if done_at else None,
            )
        )
    return rows


def burndown(sprint: Sprint, items: list[SprintItem] | None = None, *, today: dt.date | None = None) -> dict:
    """The sprint's burndown for the chart: ``{"start": hours, "start_tasks": n, "days": [...]}``.

    Frozen for a closed sprint (no query); live for an open one from `items` (read with `sprint_items` when not
    given).
    """
    if sprint.status == SprintStatus.CLOSED:
        days = list(sprint.burndown or [])
        start = float(sprint.planned_hours or 0)
        start_tasks = sprint.planned_count or 0
    else:
        if items is None:
            items = sprint_items(sprint)
        rows = burndown_rows(items, live=True)
        days = compute_burndown(sprint.week_start, rows, until=today or timezone.localdate())
        start = _round(sum((row.hours for row in rows if row.planned), ZERO))
        start_tasks = sum(1 for row in rows if row.planned)
    return {"start": start, "start_tasks": start_tasks, "days": days}


@dataclass(frozen=True)
class Figures:
    """A sprint's numbers: frozen ones for a closed sprint, counted from the items for an open one."""

    planned: int
    added: int
    done: int
    carried: int
    open: int
    planned_hours: float
    done_hours: float


def sprint_figures(sprint: Sprint, items: list[SprintItem]) -> Figures:
    active = [item for item in items if item.outcome != SprintItem.Outcome.REMOVED]
    added = sum(1 for item in active if not item.planned)
    if sprint.status == SprintStatus.CLOSED:
        return Figures(
            planned=sprint.planned_count or 0,
            added=added,
            done=sprint.done_count or 0,
            carried=sprint.carried_count or 0,
            open=0,
            planned_hours=float(sprint.planned_hours or 0),
            done_hours=float(sprint.done_hours or 0),
        )
    done = [item for item in active if item.task is not None and item_is_done(item.task)]
    return Figures(
        planned=sum(1 for item in active if item.planned),
        added=added,
        done=len(done),
        carried=0,
        open=len(active) - len(done),
        planned_hours=_round(sum((_hours(item) for item in active if item.planned), ZERO)),
        done_hours=_round(sum((_hours(item) for item in done), ZERO)),
    )


def _hours(item: SprintItem) -> Decimal:
    task = item.task
    return (task.estimate_hours if task is not None else item.estimate_hours) or ZERO


def item_is_done(task: Task) -> bool:
    """A task counts as done for its sprint when it stands in a "done" column (the board sets `done_at` then)."""
    return task.column.kind == ColumnKind.DONE or task.done_at is not None
