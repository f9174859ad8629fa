"""Writes of the project's risk register (Rules p.2(39)).

The team keeps the register ("contribute"); removing a risk is a removal the role catalogue reserves ("delete").
A risk is numbered within its project (R-1, R-2 …) under a lock on the project row, so two people adding risks
at once never get the same number. An edit names the version it was made on: a stale one raises `StaleVersion`
(the API answers 409 with the current risk, the page shows it).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Person
from pmis.core import authorization
from pmis.core.concurrency import check_version
from pmis.core.recording import delete_recorded, refuse_unknown, save_recorded

from ..choices import RiskStatus
from ..models import Project, Risk
from .numbering import next_number

#: What an edit may change; the number, project, score and bookkeeping are the system's.
EDITABLE = (
    "title",
    "description",
    "is_opportunity",
    "probability",
    "impact",
    "owner",
    "response",
    "response_plan",
    "status",
    "identified_on",
    "review_on",
)


def _check(risk: Risk) -> None:
    if risk.review_on and risk.identified_on and risk.review_on < risk.identified_on:
        raise ValidationError(
            {"review_on": _("The next review cannot be earlier than the day it was identified.")}
        )


def _save(risk: Risk, actor: Person | None, reason: str) -> Risk:
    _check(risk)
    return save_recorded(risk, actor, reason)


@transaction.atomic
def risk_create(
    *,
    actor: Person,
    project: Project,
    title: str,
    probability: int,
    impact: int,
    description: str = "",
    is_opportunity: bool = False,
    owner: Person | None = None,
    response: str = "",
    response_plan: str = "",
    status: str = RiskStatus.IDENTIFIED,
    identified_on: dt.date | None = None,
    review_on: dt.date | None = None,
) -> Risk:
    """Add a risk to the project's register with the next number; identified today unless said otherwise."""
    authorization.require(actor, authorization.CONTRIBUTE, project)
    number = next_number(Risk, project)
    today = timezone.localdate()
    risk = Risk(
        project=project,
        number=number,
        title=title,
        description=description,
        is_opportunity=is_opportunity,
        probability=probability,
        impact=impact,
        owner=owner,
        response=response,
        response_plan=response_plan,
        status=status,
        identified_on=identified_on or today,
        review_on=review_on,
        closed_on=today if status == RiskStatus.CLOSED else None,
        created_by=actor,
    )
    return _save(risk, actor, _("Created"))


@transaction.atomic
def risk_update(*, actor: Person, risk: Risk, version: int | None = None, **values) -> Risk:
    """Change a risk; closing it records the day, reopening it clears that day."""
    refuse_unknown(values, EDITABLE)
    risk = Risk.objects.select_for_update(of=("self",)).select_related("project").get(pk=risk.pk)
    authorization.require(actor, authorization.CONTRIBUTE, risk)
    check_version(risk, version)
    was_closed = risk.status == RiskStatus.CLOSED
    for name, value in values.items():
        setattr(risk, name, value)
    if risk.status == RiskStatus.CLOSED and not was_closed:
        risk.closed_on = timezone.localdate()
    elif risk.status != RiskStatus.CLOSED:
        risk.closed_on = None
    if not risk.identified_on:
        risk.identified_on = timezone.localdate()
    risk.version += 1
    return _save(risk, actor, _("Closed") if risk.closed_on and not was_closed else _("Changed"))


@transaction.atomic
def risk_delete(*, actor: Person, risk: Risk) -> None:
    """Remove a risk from the register (its history is kept)."""
    authorization.require(actor, authorization.DELETE, risk)
    delete_recorded(risk, actor, _("Deleted"))
