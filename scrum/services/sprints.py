"""Writes of weekly sprints (Rules p.2(58), p.84(3)): open the week's sprint, plan tasks into it, close it.

Who may call what is decided by the callers through pmis.core.authorization: opening, the goal and closing are
the project manager's ("change" on the project), planning the team's ("contribute").

Closing freezes the week: each item's outcome, the sprint's figures and its burndown are written once and never
recomputed, so a later rename or deletion of a task does not change what the week's report says. The
unfinished tasks move to the next week's sprint (created when missing) as planned from its start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Person
from pmis.core.recording import save_recorded
from pmis.core.workdays import monday_of, short_date
from projects.choices import SprintStatus
from projects.models import Project, Task
from projects.selectors.tasks import with_blocked_ids
from projects.services.tasks import task_publish

from ..models import Sprint, SprintItem
from ..selectors.sprints import WEEK, ZERO, burndown_rows, compute_burndown, item_is_done


def _lock(sprint: Sprint) -> Sprint:
    """The sprint re-read under a row lock: two closes (or a close and a plan) never interleave."""
    return Sprint.objects.select_for_update(of=("self",)).select_related("project").get(pk=sprint.pk)


def _require_open(sprint: Sprint) -> None:
    if sprint.status != SprintStatus.OPEN:
        raise ValidationError(
            _("The sprint of the week of %(day)s is closed: its tasks and goal no longer change.")
            % {"day": short_date(sprint.week_start)}
        )


def _publish_tasks(tasks: list[Task], actor: Person | None) -> None:
    """Tell the project's open boards that these cards changed sprint: the board's own ``task.updated`` delta
    for each, read back in one query (with blockers and assignee) and sent on commit."""
    if not tasks:
        return
    fresh = with_blocked_ids(
        Task.objects.filter(pk__in=[task.pk for task in tasks]).select_related("assignee")
    )
    for task in fresh.order_by("pk"):
        task_publish(task, "task.updated", actor)


def _set_sprint(tasks: list[Task], sprint: Sprint | None, actor: Person | None, reason: str) -> None:
    """Move tasks into (or out of) a sprint, bumping their optimistic version so a stale edit gets 409.

    Only the sprint and the version change (the task's own rules are not touched), so the task is not
    re-validated as a whole; each keeps a history row with the reason.
    """
    for task in tasks:
        task.sprint = sprint
        task.version += 1  # the callers hold the task's row lock
        save_recorded(task, actor, reason, clean=False, update_fields=["sprint", "version", "updated_at"])


# --- opening and the goal -------------------------------------------------------------------------------------


@transaction.atomic
def sprint_open(
    *,
    actor: Person | None,
    project: Project,
    week_start: dt.date | None = None,
    goal: str = "",
    today: dt.date | None = None,
) -> Sprint:
    """Open the project's sprint for a week (this week by default) with its goal.

    `today` is the day the sprint is opened on (the local date by default; the demo records past weeks with it).
    """
    today = today or timezone.localdate()
    week_start = week_start or monday_of(today)
    if week_start.weekday() != 0:
        raise ValidationError(
            {
                "week_start": _(
                    "A sprint's week starts on a Monday; %(day)s is not one (its week starts on %(monday)s)."
                )
                % {"day": short_date(week_start), "monday": short_date(monday_of(week_start))}
            }
        )
    if week_start + WEEK <= today:
        raise ValidationError(
            {
                "week_start": _(
                    "The week of %(day)s is over: a sprint is opened for this week or a later one."
                )
                % {"day": short_date(week_start)}
            }
        )
    # One opening at a time per project: the duplicate check below then holds.
    Project.objects.select_for_update().filter(pk=project.pk).first()
    if Sprint.objects.filter(project=project, week_start=week_start).exists():
        raise ValidationError(
            {
                "week_start": _("The project already has a sprint for the week of %(day)s.")
                % {"day": short_date(week_start)}
            }
        )
    stale = (
        Sprint.objects.filter(project=project, status=SprintStatus.OPEN, week_start__lte=today - WEEK)
        .order_by("week_start")
        .first()
    )
    if stale is not None:
        raise ValidationError(
            _(
                "The sprint of the week of %(day)s is still open. Close it first: its unfinished tasks carry over "
                "to the next week."
            )
            % {"day": short_date(stale.week_start)}
        )
    sprint = Sprint(project=project, week_start=week_start, goal=goal.strip())
    return save_recorded(sprint, actor, _("Sprint opened"))


@transaction.atomic
def sprint_update_goal(*, actor: Person | None, sprint: Sprint, goal: str) -> Sprint:
    """Change the goal of an open sprint (a closed sprint's goal is part of the frozen week)."""
    sprint = _lock(sprint)
    _require_open(sprint)
    sprint.goal = goal.strip()
    return save_recorded(sprint, actor, _("Sprint goal changed"))


# --- planning ---------------------------------------------------------------------------------------------------


def _check_addable(sprint: Sprint, tasks: list[Task], items: dict[int, SprintItem]) -> None:
    errors = []
    for task in tasks:
        if task.project_id != sprint.project_id:
            errors.append(_("Task #%(number)s belongs to another project.") % {"number": task.number})
        elif item_is_done(task):
            errors.append(_("Task #%(number)s is already done.") % {"number": task.number})
        elif task.pk in items and items[task.pk].outcome == SprintItem.Outcome.OPEN:
            errors.append(_("Task #%(number)s is already in this sprint.") % {"number": task.number})
        elif (
            task.sprint_id is not None
            and task.sprint_id != sprint.pk
            and task.sprint.status == SprintStatus.OPEN
        ):
            errors.append(
                _(
                    "Task #%(number)s is planned in the sprint of the week of %(day)s; remove it from there first."
                )
                % {"number": task.number, "day": short_date(task.sprint.week_start)}
            )
    if errors:
        raise ValidationError({"tasks": errors})


def _locked_tasks(ids: Iterable[int]) -> list[Task]:
    """The tasks under row locks (their own rows only: not the joined columns and sprints), in id order."""
    return list(
        Task.objects.select_for_update(of=("self",))
        .select_related("column", "sprint")
        .filter(pk__in=list(ids))
        .order_by("pk")
    )


def _add(sprint: Sprint, tasks: list[Task], *, planned: bool) -> list[SprintItem]:
    """Items for these tasks in the sprint (a task once removed from it comes back on its old row)."""
    existing = {item.task_id: item for item in SprintItem.objects.filter(sprint=sprint, task__in=tasks)}
    result = []
    for task in tasks:
        item = existing.get(task.pk) or SprintItem(sprint=sprint, task=task)
        item.title = task.title
        item.estimate_hours = task.estimate_hours or ZERO
        item.planned = planned
        item.outcome = SprintItem.Outcome.OPEN
        item.done_at = None
        item.full_clean(validate_constraints=False)  # the (sprint, task) pair is unique by construction here
        item.save()
        result.append(item)
    return result


@transaction.atomic
def sprint_add_tasks(
    *, actor: Person | None, sprint: Sprint, tasks: Iterable[Task], today: dt.date | None = None
) -> list[SprintItem]:
    """Plan tasks of the sprint's project into it: planned from the start when added before the week starts or on
    its Monday, "added during the week" after. Done tasks, tasks of other projects and tasks planned in another
    open sprint are refused. `today` is the day of planning (the local date by default)."""
    sprint = _lock(sprint)
    _require_open(sprint)
    ids = {task.pk for task in tasks}
    if not ids:
        raise ValidationError({"tasks": _("Choose at least one task.")})
    locked = _locked_tasks(ids)
    items = {item.task_id: item for item in SprintItem.objects.filter(sprint=sprint, task_id__in=ids)}
    _check_addable(sprint, locked, items)
    planned = (today or timezone.localdate()) <= sprint.week_start
    added = _add(sprint, locked, planned=planned)
    _set_sprint(
        locked,
        sprint,
        actor,
        _("Planned into the sprint of the week of %(day)s") % {"day": short_date(sprint.week_start)},
    )
    _publish_tasks(locked, actor)
    return added


@transaction.atomic
def sprint_plan(*, actor: Person | None, sprint: Sprint, tasks: Iterable[Task]) -> list[SprintItem]:
    """Make the sprint's plan exactly `tasks`: add the ones not in it, remove the open ones not listed (done ones
    stay: they are the week's result). Answers the sprint's open items after planning."""
    sprint = _lock(sprint)
    _require_open(sprint)
    wanted = {task.pk for task in tasks}
    current = list(
        SprintItem.objects.filter(sprint=sprint, outcome=SprintItem.Outcome.OPEN).select_related(
            "task__column"
        )
    )
    in_sprint = {item.task_id for item in current}
    to_add = wanted - in_sprint
    if to_add:
        sprint_add_tasks(actor=actor, sprint=sprint, tasks=Task.objects.filter(pk__in=to_add))
    for item in current:
        if item.task_id not in wanted and item.task is not None and not item_is_done(item.task):
            sprint_remove_task(actor=actor, sprint=sprint, task=item.task)
    return list(SprintItem.objects.filter(sprint=sprint, outcome=SprintItem.Outcome.OPEN).order_by("id"))


@transaction.atomic
def sprint_remove_task(*, actor: Person | None, sprint: Sprint, task: Task) -> SprintItem:
    """Take a task out of an open sprint: its item stays, marked removed (not counted), and the task is free.
    A done task stays: it is the week's result."""
    sprint = _lock(sprint)
    _require_open(sprint)
    item = SprintItem.objects.filter(sprint=sprint, task_id=task.pk, outcome=SprintItem.Outcome.OPEN).first()
    if item is None:
        raise ValidationError(
            {"task": _("Task #%(number)s is not in this sprint.") % {"number": task.number}}
        )
    (task,) = _locked_tasks([task.pk])
    if item_is_done(task):
        raise ValidationError(
            {
                "task": _("Task #%(number)s is done: it stays in the sprint as the week's result.")
                % {"number": task.number}
            }
        )
    item.outcome = SprintItem.Outcome.REMOVED
    item.save(update_fields=["outcome"])
    if task.sprint_id == sprint.pk:
        _set_sprint(
            [task],
            None,
            actor,
            _("Removed from the sprint of the week of %(day)s") % {"day": short_date(sprint.week_start)},
        )
        _publish_tasks([task], actor)
    return item


# --- closing ----------------------------------------------------------------------------------------------------


def _next_sprint(sprint: Sprint, actor: Person | None) -> Sprint:
    """The next week's sprint, opened (with an empty goal) when the team has not opened it yet."""
    following = (
        Sprint.objects.select_for_update()
        .filter(project=sprint.project, week_start=sprint.week_start + WEEK)
        .first()
    )
    if following is None:
        return save_recorded(
            Sprint(project=sprint.project, week_start=sprint.week_start + WEEK),
            actor,
            _("Sprint opened on carrying over"),
        )
    if following.status != SprintStatus.OPEN:
        raise ValidationError(
            _(
                "The sprint of the week of %(day)s is already closed, so the unfinished tasks cannot carry over into it."
            )
            % {"day": short_date(following.week_start)}
        )
    return following


@transaction.atomic
def sprint_close(*, actor: Person | None, sprint: Sprint) -> Sprint:
    """Close an open sprint: freeze each item's outcome (done when its task is done, else carried over), the
    sprint's figures and its burndown, then carry the unfinished tasks into the next week's sprint."""
    sprint = _lock(sprint)
    _require_open(sprint)
    items = list(
        SprintItem.objects.filter(sprint=sprint)
        .exclude(outcome=SprintItem.Outcome.REMOVED)
        .select_related("task", "task__column")
        .order_by("id")
    )
    carried: list[Task] = []
    for item in items:
        task = item.task
        if task is None:  # deleted during the week: it left the sprint's scope
            item.outcome = SprintItem.Outcome.REMOVED
        else:
            item.title = task.title
            item.estimate_hours = task.estimate_hours or ZERO
            if item_is_done(task):
                item.outcome = SprintItem.Outcome.DONE
                item.done_at = task.done_at or timezone.now()
            else:
                item.outcome = SprintItem.Outcome.CARRIED
                item.done_at = None
                carried.append(task)
        item.save(update_fields=["title", "estimate_hours", "outcome", "done_at"])

    counted = [item for item in items if item.outcome != SprintItem.Outcome.REMOVED]
    done = [item for item in counted if item.outcome == SprintItem.Outcome.DONE]
    sprint.planned_count = sum(1 for item in counted if item.planned)
    sprint.done_count = len(done)
    sprint.carried_count = len(carried)
    sprint.planned_hours = sum((item.estimate_hours for item in counted if item.planned), Decimal("0"))
    sprint.done_hours = sum((item.estimate_hours for item in done), Decimal("0"))
    sprint.burndown = compute_burndown(sprint.week_start, burndown_rows(counted, live=False))
    sprint.status = SprintStatus.CLOSED
    sprint.closed_at = timezone.now()
    sprint.closed_by = actor
    save_recorded(sprint, actor, _("Sprint closed"))

    if carried:
        following = _next_sprint(sprint, actor)
        locked = _locked_tasks(task.pk for task in carried)
        _add(following, locked, planned=True)
        _set_sprint(
            locked,
            following,
            actor,
            _("Carried over to the week of %(day)s") % {"day": short_date(following.week_start)},
        )
        _publish_tasks(locked, actor)
    return sprint
