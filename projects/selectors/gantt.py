"""Reads of a project's Gantt view: its tasks on a timeline with their dependencies ("blocked by") and its
milestones (Rules p.2(30): the schedule of the charter), in two queries whatever the number of tasks.

A task with a start or a due date is scheduled (one date alone gives a one-day bar); a task with neither is
listed apart as "not scheduled". A dependency is drawn only between two scheduled tasks of the project.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from pmis.core import authorization

from ..choices import ColumnKind
from ..models import Milestone, Project, Task
from .tasks import with_blocked_ids


@dataclass
class GanttTask:
    pk: int
    number: int
    title: str
    start: dt.date | None
    end: dt.date | None
    column: str
    column_kind: str
    column_position: int
    assignee: str
    assignee_id: int | None
    done: bool
    blocked: bool
    progress: int
    blocked_by: list[int] = field(default_factory=list)

    @property
    def scheduled(self) -> bool:
        return self.start is not None


@dataclass
class GanttMilestone:
    pk: int
    title: str
    due_on: dt.date
    done_on: dt.date | None


@dataclass
class Gantt:
    tasks: list[GanttTask]  # scheduled, by start
    unscheduled: list[GanttTask]
    milestones: list[GanttMilestone]
    numbers: dict[int, int]  # task id → its number, to name the blockers in the table

    def json(self) -> dict:
        """What gantt.js draws (json_script): plain strings, numbers and ISO dates."""
        scheduled = {task.pk for task in self.tasks}
        return {
            "tasks": [
                {
                    "id": f"task-{task.pk}",
                    "number": task.number,
                    "title": task.title,
                    "start": task.start.isoformat(),
                    "end": task.end.isoformat(),
                    "progress": task.progress,
                    "dependencies": [f"task-{pk}" for pk in task.blocked_by if pk in scheduled],
                    "column": task.column,
                    "column_kind": task.column_kind,
                    "column_position": task.column_position,
                    "assignee": task.assignee,
                    "assignee_id": task.assignee_id,
                    "done": task.done,
                    "blocked": task.blocked,
                }
                for task in self.tasks
            ],
            "milestones": [
                {
                    "id": f"milestone-{milestone.pk}",
                    "title": milestone.title,
                    "due_on": milestone.due_on.isoformat(),
                    "done": milestone.done_on is not None,
                }
                for milestone in self.milestones
            ],
        }


def _progress(task: Task, done: bool) -> int:
    if done:
        return 100
    checklist = [item for item in task.checklist or () if isinstance(item, dict)]
    if not checklist:
        return 0
    return round(100 * sum(1 for item in checklist if item.get("done") is True) / len(checklist))


def gantt_data(user, project: Project) -> Gantt:
    """The project's tasks and milestones for the timeline: one query for the tasks (with column, assignee and
    the ids of their blockers), one for the milestones."""
    tasks = with_blocked_ids(
        authorization.restrict(Task.objects.filter(project=project), user).select_related(
            "column", "assignee"
        )
    ).order_by("starts_on", "due_on", "column__position", "position", "id")
    milestones = authorization.restrict(Milestone.objects.filter(project=project), user).order_by(
        "due_on", "id"
    )

    rows = []
    for task in tasks:
        done = task.column.kind == ColumnKind.DONE
        rows.append(
            GanttTask(
                pk=task.pk,
                number=task.number,
                title=task.title,
                start=task.starts_on or task.due_on,
                end=task.due_on or task.starts_on,
                column=task.column.name,
                column_kind=task.column.kind,
                column_position=task.column.position,
                assignee=task.assignee.short_name if task.assignee else "",
                assignee_id=task.assignee_id,
                done=done,
                blocked=task.blocked,
                progress=_progress(task, done),
                blocked_by=sorted(task.blocked_ids or ()),
            )
        )
    return Gantt(
        tasks=[row for row in rows if row.scheduled],
        unscheduled=[row for row in rows if not row.scheduled],
        milestones=[
            GanttMilestone(
                pk=milestone.pk, title=milestone.title, due_on=milestone.due_on, done_on=milestone.done_on
            )
            for milestone in milestones
        ],
        numbers={row.pk: row.number for row in rows},
    )
