"""The short numbers of a project's tasks, risks, change requests and assignments (#12, R-3, CR-2, PA-1)."""

from __future__ import annotations

from django.db.models import Max, Model

from ..models import Project


def next_number(model: type[Model], project: Project) -> int:
    """The next free number of `model` in `project`, with the project's row locked until the transaction ends:
    two people adding at once never get the same number (the unique constraint would refuse the second)."""
    Project.objects.select_for_update().filter(pk=project.pk).values_list("pk", flat=True).first()
    return (model.objects.filter(project=project).aggregate(last=Max("number"))["last"] or 0) + 1
