"""Reads of the lessons-learned log (Rules p.2(21), p.84(6))."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from pmis.core import authorization
from pmis.core.choices import Stage

from ..models import Lesson, Project


def lesson_list(user, *, project: Project | None = None) -> QuerySet[Lesson]:
    """The lessons `user` may see, newest first, with the project and the author joined."""
    queryset = Lesson.objects.select_related("project", "recorded_by").order_by("-created_at", "-id")
    if project is not None:
        queryset = queryset.filter(project=project)
    return authorization.restrict(queryset, user, authorization.VIEW)


def lesson_get(user, pk, *, project: Project | None = None, action: str = authorization.VIEW) -> Lesson:
    """One lesson `user` may see (404 otherwise), then 403 unless they may `action` it."""
    lesson = get_object_or_404(lesson_list(user, project=project), pk=pk)
    if action != authorization.VIEW:
        authorization.require(user, action, lesson)
    return lesson


@dataclass
class StageLessons:
    stage: str
    label: str
    went_well: list[Lesson] = field(default_factory=list)
    to_improve: list[Lesson] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.went_well) + len(self.to_improve)


def lessons_by_stage(lessons) -> list[StageLessons]:
    """The given lessons grouped by the stage they belong to, in the order of the stages (only the stages that
    have lessons), each split into "went well" and "to improve" (no query)."""
    groups = {stage: StageLessons(stage=stage, label=str(label)) for stage, label in Stage.choices}
    for lesson in lessons:
        group = groups[lesson.stage]
        (group.went_well if lesson.went_well else group.to_improve).append(lesson)
    return [group for group in groups.values() if group.count]
