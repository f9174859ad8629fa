"""Writes of the lessons-learned log (Rules p.2(21), p.84(6)).

The team records lessons ("contribute"); a lesson is removed by its author while they still work on the project,
or by whoever may delete in it.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from org.models import Person
from pmis.core import authorization
from pmis.core.recording import delete_recorded, refuse_unknown, save_recorded

from ..models import Lesson, Project

#: What an edit may change.
EDITABLE = ("stage", "title", "went_well", "situation", "recommendation")


def lesson_may_delete(actor: Person, lesson: Lesson) -> bool:
    """The author (who still works on the project), or whoever may delete in the project."""
    mine = lesson.recorded_by_id is not None and lesson.recorded_by_id == getattr(actor, "pk", None)
    if mine and authorization.can(actor, authorization.CONTRIBUTE, lesson):
        return True
    return authorization.can(actor, authorization.DELETE, lesson)


@transaction.atomic
def lesson_create(
    *,
    actor: Person,
    project: Project,
    title: str,
    situation: str,
    recommendation: str,
    went_well: bool = False,
    stage: str = "",
) -> Lesson:
    """Record a lesson; it belongs to the project's current stage unless another is named."""
    authorization.require(actor, authorization.CONTRIBUTE, project)
    lesson = Lesson(
        project=project,
        stage=stage or project.stage,
        title=title,
        went_well=went_well,
        situation=situation,
        recommendation=recommendation,
        recorded_by=actor,
    )
    return save_recorded(lesson, actor, _("Created"))


@transaction.atomic
def lesson_update(*, actor: Person, lesson: Lesson, **values) -> Lesson:
    refuse_unknown(values, EDITABLE)
    lesson = Lesson.objects.select_for_update(of=("self",)).select_related("project").get(pk=lesson.pk)
    authorization.require(actor, authorization.CONTRIBUTE, lesson)
    for name, value in values.items():
        setattr(lesson, name, value)
    return save_recorded(lesson, actor, _("Changed"))


@transaction.atomic
def lesson_delete(*, actor: Person, lesson: Lesson) -> None:
    if not lesson_may_delete(actor, lesson):
        raise PermissionDenied(
            _("Only the author of a lesson or whoever may delete in the project removes it.")
        )
    delete_recorded(lesson, actor, _("Deleted"))
