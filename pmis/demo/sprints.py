"""The demo project's weekly sprints (Rules p.2(58), p.84(3)): last week's sprint, closed with its frozen figures
and burndown, and this week's open sprint with about eight tasks, some already done on earlier days of the week.

Everything goes through the sprint services and the board's move; only the moments the work was done are set
afterwards (see `_finish`), because they lie in the past. Idempotent: nothing is done when the project already
has sprints, or when its board has too few open tasks to plan from.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from org.models import Person
from pmis.core.workdays import monday_of
from projects.choices import ColumnKind
from projects.models import BoardColumn, Project, Task
from projects.services.tasks import task_move
from scrum.models import Sprint
from scrum.services.sprints import sprint_add_tasks, sprint_close, sprint_open, sprint_update_goal

LAST_GOAL = "Согласовать правила субсидирования и техническую спецификацию портала"
THIS_GOAL = "Свести региональные квоты и запустить конкурс на доработку портала Enbek.kz"
#: How many of the board's open tasks each week plans (last week's unfinished ones carry over into this week).
LAST_WEEK_TASKS = 6
THIS_WEEK_TASKS = 8
MOVED_BY_DEMO = "Демонстрационные данные"


def _finish(task: Task, *, actor: Person, done: BoardColumn, at: dt.datetime) -> None:
    """Move the task to the "done" column through the board's service, then record when it was really done.

    The move stamps `done_at` with the present moment; the demo tells a week that has already happened, so the
    moment is rewritten directly — history, not a change anybody makes today.
    """
    task.refresh_from_db()
    task_move(actor=actor, task=task, column=done, version=task.version, override_reason=MOVED_BY_DEMO)
    Task.objects.filter(pk=task.pk).update(done_at=at)


def _moment(day: dt.date, hour: int) -> dt.datetime:
    """`hour` o'clock of `day` in the PMIS's time zone, never later than now (this morning may not be over)."""
    return min(dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE)), timezone.now())


def build(*, project: Project, actor: Person, team: list, today: dt.date) -> None:
    """Last week's closed sprint and this week's open one, once."""
    if project.sprints.exists():
        return
    done = BoardColumn.objects.filter(project=project, kind=ColumnKind.DONE).order_by("position").first()
    open_tasks = list(
        project.tasks.exclude(column__kind=ColumnKind.DONE)
        .filter(sprint__isnull=True)
        .select_related("column")
        .order_by("-column__position", "position", "id")  # review first, then in progress, to do, backlog
    )
    if done is None or len(open_tasks) < THIS_WEEK_TASKS:
        return
    # Unblocked tasks first: the week's finished work comes from them.
    open_tasks.sort(key=lambda task: task.blocked)
    this_week = monday_of(today)
    last_week = this_week - dt.timedelta(days=7)

    last = sprint_open(actor=actor, project=project, week_start=last_week, goal=LAST_GOAL, today=last_week)
    last_plan = open_tasks[:LAST_WEEK_TASKS]
    sprint_add_tasks(actor=actor, sprint=last, tasks=last_plan, today=last_week)
    # Two tasks were done last week, on Tuesday and on Thursday; the others carry over on close.
    _finish(last_plan[0], actor=actor, done=done, at=_moment(last_week + dt.timedelta(days=1), 11))
    _finish(last_plan[1], actor=actor, done=done, at=_moment(last_week + dt.timedelta(days=3), 16))
    sprint_close(actor=actor, sprint=last)

    current = Sprint.objects.get(project=project, week_start=this_week)  # opened by the carry-over
    sprint_update_goal(actor=actor, sprint=current, goal=THIS_GOAL)
    carried = len(last_plan) - 2
    more = open_tasks[LAST_WEEK_TASKS : LAST_WEEK_TASKS + THIS_WEEK_TASKS - carried]
    if more:
        sprint_add_tasks(actor=actor, sprint=current, tasks=more, today=this_week)
    # Some of this week's work is done already, on the days before today (this morning on a Monday).
    earlier = [
        this_week + dt.timedelta(days=offset)
        for offset in range(3)
        if this_week + dt.timedelta(days=offset) < today
    ]
    days = earlier or [today]
    planned = [task for task in open_tasks[2:LAST_WEEK_TASKS] + more if not task.blocked]
    for index, task in enumerate(planned[: len(days) + 1]):
        _finish(task, actor=actor, done=done, at=_moment(days[min(index, len(days) - 1)], 10 + 3 * index))
