"""Reads of the tasks of projects' kanban boards (Rules p.2(57)): lists with the board's filters, one task, and
"my tasks" across every project a person may see."""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from pmis.core import authorization

from ..choices import ColumnKind
from ..models import Task, TaskAttachment


def with_blocked_ids(tasks: QuerySet[Task]) -> QuerySet[Task]:
    """Annotate ``blocked_ids``: the ids of the tasks each one is blocked by, inside the same query."""
    links = Task.blocked_by.through.objects.filter(from_task=OuterRef("pk")).values("to_task_id")
    return tasks.annotate(blocked_ids=ArraySubquery(links))


def filter_tasks(
    tasks: QuerySet[Task],
    user,
    *,
    project: int | None = None,
    assignee: int | None = None,
    label: str | None = None,
    overdue: bool | None = None,
    blocked: bool | None = None,
    mine: bool | None = None,
    column: int | None = None,
) -> QuerySet[Task]:
    """The board's filters: overdue means past its due date and not in a "done" column."""
    if project is not None:
        tasks = tasks.filter(project_id=project)
    if assignee is not None:
        tasks = tasks.filter(assignee_id=assignee)
    if label:
        tasks = tasks.filter(labels__contains=[label])
    if overdue is not None:
        late = Q(due_on__lt=timezone.localdate()) & ~Q(column__kind=ColumnKind.DONE)
        tasks = tasks.filter(late if overdue else ~late)
    if blocked is not None:
        tasks = tasks.filter(blocked=blocked)
    if mine:
        tasks = tasks.filter(assignee_id=user.pk)
    if column is not None:
        tasks = tasks.filter(column_id=column)
    return tasks


def task_list(user, *, action: str = authorization.VIEW, **filters) -> QuerySet[Task]:
    """Tasks of the projects where the user may `action`, with what the task's detail shows, in a fixed number
    of queries (the tasks, their attachments)."""
    tasks = authorization.restrict(Task.objects.all(), user, action)
    tasks = with_blocked_ids(tasks).prefetch_related(
        Prefetch("attachments", queryset=TaskAttachment.objects.order_by("uploaded_at", "id"))
    )
    return filter_tasks(tasks, user, **filters).order_by("project_id", "column__position", "position", "id")


def task_get(user, pk, *, action: str = authorization.VIEW, full: bool = True) -> Task:
    """One task: 404 when its project is hidden from the user, 403 when they may see it but not `action` it.

    `full=False` reads only the task and its project (one query), for a write that reads what it needs itself.
    """
    tasks = authorization.restrict(Task.objects.all(), user, authorization.VIEW).select_related("project")
    if full:
        tasks = (
            with_blocked_ids(tasks)
            .select_related("column")
            .prefetch_related(
                Prefetch("attachments", queryset=TaskAttachment.objects.order_by("uploaded_at", "id"))
            )
        )
    task = tasks.filter(pk=pk).first()
    if task is None:
        raise Http404
    if action != authorization.VIEW:
        authorization.require(user, action, task)
    return task


def my_tasks(user, filters: dict | None = None) -> QuerySet[Task]:
    """The tasks assigned to the user in every project they may see, soonest due first (no due date last)."""
    tasks = authorization.restrict(Task.objects.filter(assignee_id=user.pk), user, authorization.VIEW)
    tasks = filter_tasks(tasks, user, **(filters or {}))
    return with_blocked_ids(tasks.select_related("project", "column")).order_by(
        F("due_on").asc(nulls_last=True), "project_id", "number"
    )


def attachment_get(user, task: Task, pk) -> TaskAttachment:
    """An attachment of a task already read through `task_get`; 404 when the task has no such file."""
    attachment = TaskAttachment.objects.select_related("task__project").filter(task=task, pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment
