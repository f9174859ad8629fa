"""A project's way through the stages initiation → planning → implementation → monitoring and adjustment →
closure (Rules p.9, p.91), with the checks each transition needs (p.77, p.78(5), p.84(6)).

A project moves one stage at a time: forward when what the next stage needs is there, back by one stage with a
reason (monitoring → implementation after an adjustment). `project_update` routes every change of a project's
stage through `check_transition`, so the node's edit form and the API obey the same rules.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Person
from pmis.core.choices import Stage

from ..models import Project
from ..selectors.charter import STAGES, requirements
from . import project as project_services
from .changes import change_log_add


def _label(stage: str) -> str:
    return str(dict(Stage.choices).get(stage, stage))


def check_transition(project: Project, to_stage: str, *, reason: str = "") -> None:
    """Raise a ValidationError on "stage" listing everything that keeps `project` from moving to `to_stage`."""
    if to_stage not in STAGES:
        raise ValidationError({"stage": _("Unknown stage: %(stage)s.") % {"stage": to_stage}})
    current, target = STAGES.index(project.stage), STAGES.index(to_stage)
    if target == current:
        raise ValidationError(
            {"stage": _("The project is already at the stage “%(stage)s”.") % {"stage": _label(to_stage)}}
        )
    if target < current:
        if target != current - 1:
            raise ValidationError(
                {
                    "stage": _(
                        "A project goes back one stage at a time: from “%(current)s” only to “%(previous)s”."
                    )
                    % {"current": _label(project.stage), "previous": _label(STAGES[current - 1])}
                }
            )
        if not reason.strip():
            raise ValidationError(
                {
                    "stage": _(
                        "Say why the project goes back to “%(stage)s” (for example, the adjustment made)."
                    )
                    % {"stage": _label(to_stage)}
                }
            )
        return
    if target != current + 1:
        raise ValidationError(
            {
                "stage": _(
                    "A project moves one stage at a time (Rules p.9): from “%(current)s” the next is “%(next)s”."
                )
                % {"current": _label(project.stage), "next": _label(STAGES[current + 1])}
            }
        )
    problems = [item.problem for item in requirements(project, to_stage) if not item.met]
    if problems:
        lead = _("The project cannot move to “%(stage)s” yet:") % {"stage": _label(to_stage)}
        raise ValidationError({"stage": [lead, *problems]})


@transaction.atomic
def project_advance(*, actor: Person | None, project: Project, to_stage: str, reason: str = "") -> Project:
    """Move the project to `to_stage` (the next one, or back one with a reason). The callers ask for "change" on
    the project; the node's history keeps the reason and its page hears of it (node services publish).

    Reaching implementation records the actual start and reaching closure the actual end, when they are not
    filled yet: the storage periods of the project's documents count from the year it closed (Rules p.90).
    """
    forward = to_stage in STAGES and STAGES.index(to_stage) > STAGES.index(project.stage)
    if (
        forward and not reason.strip()
    ):  # going back needs the person's own reason: check_transition asks for it
        reason = _("Moved to the stage “%(stage)s”") % {"stage": _label(to_stage)}
    from_stage = project.stage
    today = timezone.localdate()
    dates = {}
    if to_stage == Stage.IMPLEMENTATION and project.actual_start is None:
        dates["actual_start"] = today
    if to_stage == Stage.CLOSURE and project.actual_end is None and (project.actual_start or today) <= today:
        dates["actual_end"] = today
    project = project_services.project_update(
        actor=actor, project=project, stage=to_stage, reason=reason, **dates
    )
    change_log_add(
        project=project,
        actor=actor,
        event="stage",
        summary=_("Stage “%(old)s” → “%(new)s”: %(reason)s")
        % {"old": _label(from_stage), "new": _label(to_stage), "reason": reason},
    )
    return project
