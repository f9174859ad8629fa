"""Workload (Rules p.96): "the project manager, the head of the project office, the head of the Office keep
records of the amount of work performed by the employee based on the project schedule".

Hours per person per ISO week come from the estimates of the tasks assigned to them:
- a task planned into a weekly sprint counts in its sprint's week;
- otherwise a task with a start and a due date is spread evenly over the working days between them (Kazakhstan's
  calendar, pmis.core.workdays), so a three-week task loads three weeks;
- otherwise a task counts in the week of its due date; a task without a sprint and a due date counts nowhere.
Hours are split into done (the task is in a "done" column) and open; tasks without an estimate are counted so
the reader sees what the hours leave out. A person's load is across ALL the projects they work on (over 40 hours
a week is flagged), with the share of the projects the view is about.

One SQL query reads every task of the people concerned that touches the weeks shown (the people are chosen in
a subquery of the same statement); the spreading is done in Python.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q

from pmis.core import authorization
from pmis.core.workdays import is_working_day, monday_of

from ..choices import ColumnKind
from ..models import Project, Task

FULL_WEEK = Decimal("40")
PAST_WEEKS = 2
NEXT_WEEKS = 6  # the current week and the five after it
_ZERO = Decimal("0")


@dataclass
class WeekCell:
    week: dt.date
    done: Decimal = _ZERO
    open: Decimal = _ZERO
    share: Decimal = (
        _ZERO  # hours of the projects the view is about (the rest are the person's other projects)
    )
    unestimated: int = 0

    @property
    def total(self) -> Decimal:
        return self.done + self.open

    @property
    def other(self) -> Decimal:
        return self.total - self.share

    @property
    def over(self) -> bool:
        return self.total > FULL_WEEK


@dataclass
class PersonLoad:
    person_id: int
    name: str
    cells: list[WeekCell] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((cell.total for cell in self.cells), _ZERO)

    @property
    def share(self) -> Decimal:
        return sum((cell.share for cell in self.cells), _ZERO)

    @property
    def unestimated(self) -> int:
        return sum(cell.unestimated for cell in self.cells)

    @property
    def overloaded(self) -> bool:
        return any(cell.over for cell in self.cells)


@dataclass
class Workload:
    weeks: list[dt.date]
    current: dt.date
    people: list[PersonLoad]


def _name(row: dict) -> str:
    last = row["assignee__last_name"] or ""
    initials = "".join(
        f"{part[0]}." for part in (row["assignee__first_name"], row["assignee__patronymic"]) if part
    )
    return f"{last} {initials}".strip() or row["assignee__username"]


def _spread(row: dict) -> list[tuple[dt.date, Decimal]]:
    """(Monday, share of the estimate) for the weeks a task loads; the shares add up to 1."""
    if row["sprint__week_start"] is not None:
        return [(monday_of(row["sprint__week_start"]), Decimal(1))]
    starts, due = row["starts_on"], row["due_on"]
    if due is None:
        return []
    if starts is not None and starts < due:
        days = [starts + dt.timedelta(days=offset) for offset in range((due - starts).days + 1)]
        worked = [day for day in days if is_working_day(day)]
        if worked:
            per_week: dict[dt.date, int] = {}
            for day in worked:
                per_week[monday_of(day)] = per_week.get(monday_of(day), 0) + 1
            return [(week, Decimal(count) / Decimal(len(worked))) for week, count in per_week.items()]
    return [(monday_of(due), Decimal(1))]


def workload(user, project: Project | None = None, week: dt.date | None = None) -> Workload:
    """The load of the people of `project` (the assignees of its tasks), or — without a project — of the people
    of every project `user` may "change" (the project office's view), over the two past weeks, the week of
    `week` (today) and the five after it. Refuses (PermissionDenied) a reader without "change" on `project`."""
    from django.utils import timezone

    current = monday_of(week or timezone.localdate())
    weeks = [current + dt.timedelta(weeks=offset) for offset in range(-PAST_WEEKS, NEXT_WEEKS)]
    start, end = weeks[0], weeks[-1] + dt.timedelta(days=6)

    if project is not None:
        authorization.require(user, authorization.CHANGE, project)
        scope = Project.objects.filter(pk=project.pk)
    else:
        scope = authorization.restrict(Project.objects.all(), user, authorization.CHANGE)
    scope_ids = scope.values("pk")
    people = Task.objects.filter(project__in=scope_ids, assignee__isnull=False).values("assignee")

    in_window = Q(sprint__isnull=False, sprint__week_start__gte=start, sprint__week_start__lte=end) | Q(
        sprint__isnull=True, due_on__gte=start
    ) & (Q(starts_on__isnull=False, starts_on__lte=end) | Q(starts_on__isnull=True, due_on__lte=end))
    rows = _rows(in_window, people, scope_ids)

    index = {monday_: position for position, monday_ in enumerate(weeks)}
    loads: dict[int, PersonLoad] = {}
    for row in rows:
        load = loads.get(row["assignee_id"])
        if load is None:
            load = loads[row["assignee_id"]] = PersonLoad(
                person_id=row["assignee_id"],
                name=_name(row),
                cells=[WeekCell(week=monday_) for monday_ in weeks],
            )
        estimate = row["estimate_hours"]
        done = row["column__kind"] == ColumnKind.DONE
        for week_start, part in _spread(row):
            position = index.get(week_start)
            if position is None:
                continue
            cell = load.cells[position]
            if estimate is None:
                cell.unestimated += 1
                continue
            hours = (estimate * part).quantize(Decimal("0.1"))
            if done:
                cell.done += hours
            else:
                cell.open += hours
            if row["in_scope"]:
                cell.share += hours
    people_loads = sorted(loads.values(), key=lambda load: (load.name.lower(), load.person_id))
    return Workload(weeks=weeks, current=current, people=people_loads)


def _rows(in_window: Q, people, scope_ids):
    from django.db.models import BooleanField, Case, Value, When

    return (
        Task.objects.filter(in_window, assignee__in=people, assignee__is_active=True)
        .annotate(
            in_scope=Case(
                When(project__in=scope_ids, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .values(
            "assignee_id",
            "assignee__last_name",
            "assignee__first_name",
            "assignee__patronymic",
            "assignee__username",
            "estimate_hours",
            "starts_on",
            "due_on",
            "sprint__week_start",
            "column__kind",
            "in_scope",
        )
    )
