"""Reads of "My tasks": the tasks assigned to one person across every project they may see (Rules p.2(57)).

Built on `projects.selectors.tasks.my_tasks` (which restricts through the authorization module); adds what the
page needs: open tasks only unless asked, overdue ones first, and the choices of its filters.
"""

from __future__ import annotations

from django.db.models import BooleanField, Case, F, Func, Q, QuerySet, Value, When
from django.utils import timezone

from ..choices import ColumnKind
from ..models import Project, Task
from .tasks import my_tasks


def _late() -> Q:
    return Q(due_on__lt=timezone.localdate()) & ~Q(column__kind=ColumnKind.DONE)


def my_task_list(
    user,
    *,
    project: int | None = None,
    label: str | None = None,
    overdue: bool = False,
    blocked: bool = False,
    done: bool = False,
    by_project: bool = False,
) -> QuerySet[Task]:
    """The person's tasks: overdue first, then by due date (none last); `done` also lists finished ones;
    `by_project` orders by project first (the grouped view). Each row carries `is_overdue`."""
    filters = {"project": project, "label": label or None, "overdue": True if overdue else None}
    filters["blocked"] = True if blocked else None
    tasks = my_tasks(user, filters)
    if not done:
        tasks = tasks.exclude(column__kind=ColumnKind.DONE)
    tasks = tasks.annotate(
        is_overdue=Case(When(_late(), then=Value(True)), default=Value(False), output_field=BooleanField())
    )
    order = [F("is_overdue").desc(), F("due_on").asc(nulls_last=True), "project_id", "number"]
    if by_project:
        order = ["project__code", "project_id", *order]
    return tasks.select_related("project", "column").order_by(*order)


def my_task_choices(user) -> dict:
    """The filters' choices in two queries: the projects the person has tasks in and the labels of those tasks."""
    mine = my_tasks(user)
    projects = list(Project.objects.filter(pk__in=mine.values("project_id")).order_by("code"))
    labels = (
        Task.objects.filter(pk__in=mine.values("pk"))
        .annotate(label=Func(F("labels"), function="unnest"))
        .values_list("label", flat=True)
        .distinct()
        .order_by("label")
    )
    return {"projects": projects, "labels": list(labels)}
