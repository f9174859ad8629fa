"""Writes of a project's performance facts (Rules p.64): the project office or the project manager records whether
the project met its stakeholders' expectations, what it actually cost and whether professional project
management consultants were involved (p.101). The program's ratios (`programs.ratios`) read them."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Person
from pmis.core import authorization
from pmis.core.concurrency import check_version
from pmis.core.recording import save_recorded

from ..choices import Expectations
from ..models import Project, ProjectPerformance


@transaction.atomic
def performance_update(
    *,
    actor: Person,
    project: Project,
    expectations: str,
    expectations_note: str = "",
    actual_cost: Decimal | None = None,
    consultants_involved: bool = False,
    consultant: str = "",
    version: int | None = None,
) -> ProjectPerformance:
    """Record the project's performance facts (created on the first record); "change" on the project.

    The one who records is the assessor, today the day of assessment; a stale `version` is refused.
    """
    if not authorization.can(actor, authorization.CHANGE, project):
        raise PermissionDenied(
            _("Only the project manager or the project office records the project's results.")
        )
    ProjectPerformance.objects.get_or_create(project=project)
    current = ProjectPerformance.objects.select_for_update().get(project=project)
    check_version(current, version)
    consultant = (consultant or "").strip()
    expectations_note = (expectations_note or "").strip()
    if expectations not in Expectations.values:
        raise ValidationError({"expectations": _("Choose how the stakeholders' expectations were met.")})
    if expectations != Expectations.NOT_ASSESSED and not expectations_note:
        raise ValidationError(
            {"expectations_note": _("Say how the stakeholders' expectations were assessed.")}
        )
    if consultants_involved and not consultant:
        raise ValidationError({"consultant": _("Name the consultant (the project organization) involved.")})
    if not consultants_involved and consultant:
        raise ValidationError(
            {
                "consultant": _(
                    "A consultant is named only when consultants were involved: tick the box or clear it."
                )
            }
        )
    if actual_cost is not None and actual_cost < 0:
        raise ValidationError({"actual_cost": _("The actual cost cannot be negative.")})
    current.expectations = expectations
    current.expectations_note = expectations_note
    current.actual_cost = actual_cost
    current.consultants_involved = bool(consultants_involved)
    current.consultant = consultant
    current.assessed_by = actor
    current.assessed_on = timezone.localdate()
    current.version += 1
    return save_recorded(current, actor, _("Performance recorded"))
