"""What the linked project work says about an activity in a quarter: the pre-fill of the units' information
(OP Rules p.12; issue 7 item 2).

The work of an activity is its linked tasks and, for each linked project, the project's milestones due from the
start of the plan's year to the end of the quarter (a project with none in that span counts its tasks due in it
instead). Every item done → "executed", some → "partially executed", none → "not executed"; no items → no
suggestion. The sentence of the actual execution lists what was done; the suggested reasons for non-fulfilment are
the projects' own: blocked tasks with why, items past their due date and not done, risks that occurred. The unit
confirms or edits them (p.14): they are suggestions, never the information itself.

Texts are written in the active language when `suggestions` runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from pmis.core.workdays import short_date
from projects.choices import ColumnKind, RiskStatus
from projects.models import Milestone, Project, Risk, Task

from .choices import ExecutionStatus
from .deadlines import quarter_bounds
from .models import Activity

TASK = "task"
MILESTONE = "milestone"


@dataclass
class Item:
    """One piece of the linked work: a task or a milestone, whether it is done by the end of the quarter."""

    kind: str
    title: str
    due: dt.date | None
    done: bool
    project: str = ""

    def as_json(self) -> dict:
        return {
            "kind": self.kind,
            "title": self.title,
            "due": self.due.isoformat() if self.due else None,
            "done": self.done,
            "project": self.project,
        }

    @classmethod
    def from_json(cls, data: dict) -> Item:
        due = data.get("due")
        return cls(
            kind=data.get("kind", TASK),
            title=data.get("title", ""),
            due=dt.date.fromisoformat(due) if due else None,
            done=bool(data.get("done")),
            project=data.get("project", ""),
        )


@dataclass
class Suggestion:
    """What the linked work suggests for one activity in one quarter."""

    status: str
    done: int
    total: int
    items: list[Item] = field(default_factory=list)
    actual: str = ""
    reasons: str = ""

    @property
    def status_label(self) -> str:
        return ExecutionStatus(self.status).label if self.status in ExecutionStatus.values else ""

    @property
    def prefilled_reasons(self) -> str:
        """The reasons a row takes from the suggestion: only when the activity is not (fully) executed."""
        return self.reasons if self.status != ExecutionStatus.EXECUTED else ""

    def as_json(self) -> dict:
        return {
            "status": self.status,
            "done": self.done,
            "total": self.total,
            "items": [item.as_json() for item in self.items],
            "actual": self.actual,
            "reasons": self.reasons,
        }

    @classmethod
    def from_json(cls, data: dict | None) -> Suggestion | None:
        if not data or not data.get("status"):
            return None
        return cls(
            status=data["status"],
            done=int(data.get("done", 0)),
            total=int(data.get("total", 0)),
            items=[Item.from_json(item) for item in data.get("items", ())],
            actual=data.get("actual", ""),
            reasons=data.get("reasons", ""),
        )


def _status(done: int, total: int) -> str:
    if done == total:
        return ExecutionStatus.EXECUTED
    return ExecutionStatus.PARTIAL if done else ExecutionStatus.NOT_EXECUTED


def _quoted(titles: list[str]) -> str:
    return ", ".join(f"«{title}»" for title in titles)


def _actual(done_items: list[Item], total: int) -> str:
    if not done_items:
        return _("Done 0 of %(total)s.") % {"total": total}
    return _("Done %(done)s of %(total)s: %(items)s.") % {
        "done": len(done_items),
        "total": total,
        "items": _quoted([item.title for item in done_items]),
    }


def _task_item(task: Task, code: str, overdue_before: dt.date) -> tuple[Item, str]:
    """A task as an item of the work, and the reason it gives when it is not done (blocked, or past due)."""
    done = task.column.kind == ColumnKind.DONE
    item = Item(TASK, task.title, task.due_on, done, code)
    if done:
        return item, ""
    if task.blocked:
        return item, _("«%(title)s» is blocked: %(reason)s") % {
            "title": task.title,
            "reason": task.blocked_reason,
        }
    if task.due_on is not None and task.due_on < overdue_before:
        return item, _("«%(title)s» was due %(due)s and is not done") % {
            "title": task.title,
            "due": short_date(task.due_on),
        }
    return item, ""


def suggestions(
    activities: Iterable[Activity], year: int, quarter: int, *, today: dt.date | None = None
) -> dict[int, Suggestion]:
    """The suggestion for each of `activities` that has linked work, by activity id, for `quarter` of `year`.

    Items past due are those due before `today` (or the quarter's end, if earlier) and not done. At most seven
    queries whatever the number of activities.
    """
    activity_ids = [activity.pk for activity in activities]
    if not activity_ids:
        return {}
    _first, quarter_end = quarter_bounds(year, quarter)
    today = today or timezone.localdate()
    overdue_before = min(today, quarter_end + dt.timedelta(days=1))

    task_links = list(
        Activity.tasks.through.objects.filter(activity_id__in=activity_ids).values_list(
            "activity_id", "task_id"
        )
    )
    project_links = list(
        Activity.projects.through.objects.filter(activity_id__in=activity_ids).values_list(
            "activity_id", "project_id"
        )
    )
    year_start = dt.date(year, 1, 1)
    project_ids = sorted({project_id for _activity, project_id in project_links})
    task_ids = sorted({task_id for _activity, task_id in task_links})

    tasks = (
        {
            task.pk: task
            for task in Task.objects.filter(pk__in=task_ids)
            .select_related("column", "project")
            .only("pk", "title", "due_on", "blocked", "blocked_reason", "column__kind", "project__code")
        }
        if task_ids
        else {}
    )
    milestones: dict[int, list[Milestone]] = {}
    project_tasks: dict[int, list[Task]] = {}
    risks: dict[int, list[Risk]] = {}
    projects: dict[int, Project] = {}
    if project_ids:
        projects = {
            project.pk: project for project in Project.objects.filter(pk__in=project_ids).only("pk", "code")
        }
        for milestone in Milestone.objects.filter(
            project_id__in=project_ids, due_on__gte=year_start, due_on__lte=quarter_end
        ).order_by("due_on", "pk"):
            milestones.setdefault(milestone.project_id, []).append(milestone)
        for task in (
            Task.objects.filter(project_id__in=project_ids, due_on__gte=year_start, due_on__lte=quarter_end)
            .select_related("column")
            .only("pk", "project", "title", "due_on", "blocked", "blocked_reason", "column__kind")
            .order_by("due_on", "pk")
        ):
            project_tasks.setdefault(task.project_id, []).append(task)
        for risk in Risk.objects.filter(project_id__in=project_ids, status=RiskStatus.OCCURRED).order_by(
            "project_id", "number"
        ):
            risks.setdefault(risk.project_id, []).append(risk)

    tasks_of: dict[int, list[int]] = {}
    for activity_id, task_id in task_links:
        tasks_of.setdefault(activity_id, []).append(task_id)
    projects_of: dict[int, list[int]] = {}
    for activity_id, project_id in project_links:
        projects_of.setdefault(activity_id, []).append(project_id)

    result: dict[int, Suggestion] = {}
    for activity_id in activity_ids:
        items: list[Item] = []
        reasons: list[str] = []
        seen_tasks: set[int] = set()

        def add_task(task: Task, code: str, items=items, reasons=reasons, seen=seen_tasks) -> None:
            if task.pk in seen:
                return
            seen.add(task.pk)
            item, reason = _task_item(task, code, overdue_before)
            items.append(item)
            if reason:
                reasons.append(reason)

        for task_id in sorted(
            tasks_of.get(activity_id, ()), key=lambda pk: (tasks[pk].due_on or dt.date.max, pk)
        ):
            add_task(tasks[task_id], tasks[task_id].project.code)
        for project_id in projects_of.get(activity_id, ()):
            code = projects[project_id].code
            if milestones.get(project_id):
                for milestone in milestones[project_id]:
                    done = milestone.done_on is not None and milestone.done_on <= quarter_end
                    items.append(Item(MILESTONE, milestone.title, milestone.due_on, done, code))
                    if not done and milestone.due_on < overdue_before:
                        reasons.append(
                            _("the milestone «%(title)s» was due %(due)s and is not reached")
                            % {"title": milestone.title, "due": short_date(milestone.due_on)}
                        )
            else:
                for task in project_tasks.get(project_id, ()):
                    add_task(task, code)
            for risk in risks.get(project_id, ()):
                reasons.append(
                    _("the risk «%(title)s» of the project %(project)s occurred")
                    % {"title": risk.title, "project": code}
                )
        if not items:
            continue
        done_items = [item for item in items if item.done]
        reasons = list(dict.fromkeys(reasons))
        text = "; ".join(reasons)
        result[activity_id] = Suggestion(
            status=_status(len(done_items), len(items)),
            done=len(done_items),
            total=len(items),
            items=items,
            actual=_actual(done_items, len(items)),
            reasons=(text[:1].upper() + text[1:] + ".") if text else "",
        )
    return result
