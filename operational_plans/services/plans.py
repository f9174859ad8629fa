"""Writes of the operational plan itself: drafting it, its people, approval and adjustment (OP Rules p.2–7, p.18).

A plan is drafted by the unit responsible for its development (or whoever holds "change" on the body), approved
by the first head or chief of staff within ten calendar days of the development plan's signing (p.6) — a later
approval is allowed and recorded as late — and adjusted after monitoring or a change of the development plan
(p.18): an adjustment reopens the structure until the next version is approved. Each approval freezes a
`PlanVersion` with the structure as approved (`services.versions.snapshot`).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Person, StateBody, Unit
from org.services.notifications import notify
from pmis.core import authorization
from pmis.core.recording import delete_recorded, refuse_unknown, save_recorded
from pmis.core.workdays import short_date

from ..choices import PlanStatus
from ..models import Activity, OperationalPlan, PlanVersion
from .versions import snapshot

KIND_APPROVED = "op.plan_approved"
#: How the history of a plan records the start of an adjustment; the basis after it goes on the next version.
ADJUST_REASON = "adjustment started: "
#: What `plan_update` changes (the state body never: a plan belongs to its body).
UPDATABLE = ("year", "development_plan_signed_on", "developer_unit", "monitoring_unit", "approver")


def _lock(plan: OperationalPlan) -> OperationalPlan:
    return (
        OperationalPlan.objects.select_for_update(of=("self",))
        .select_related("body", "developer_unit", "monitoring_unit", "approver")
        .get(pk=plan.pk)
    )


def _check_people(
    body: StateBody, developer_unit: Unit | None, monitoring_unit: Unit | None, approver: Person | None
) -> None:
    errors = {}
    for name, unit, label in (
        (
            "developer_unit",
            developer_unit,
            _("Choose the unit responsible for the development (OP Rules p.5)."),
        ),
        (
            "monitoring_unit",
            monitoring_unit,
            _("Choose the unit responsible for the monitoring (OP Rules p.11)."),
        ),
    ):
        if unit is None:
            errors[name] = label
        elif unit.body_id != body.pk:
            errors[name] = _("The unit %(unit)s is not a unit of %(body)s.") % {"unit": unit, "body": body}
    if approver is None:
        errors["approver"] = _(
            "Choose the first head or chief of staff who approves the plan (OP Rules p.6)."
        )
    elif not approver.is_active:
        errors["approver"] = _("%(person)s no longer works in the system.") % {"person": approver.full_name}
    if errors:
        raise ValidationError(errors)


def _check_unique(body: StateBody, year: int, exclude: int | None = None) -> None:
    others = OperationalPlan.objects.filter(body=body, year=year)
    if exclude is not None:
        others = others.exclude(pk=exclude)
    if others.exists():
        raise ValidationError(
            {
                "year": _("%(body)s already has an operational plan for %(year)s.")
                % {"body": body, "year": year}
            }
        )


@transaction.atomic
def plan_create(
    *,
    actor: Person,
    body: StateBody,
    year: int,
    developer_unit: Unit | None,
    monitoring_unit: Unit | None,
    approver: Person | None,
    development_plan_signed_on: dt.date | None = None,
) -> OperationalPlan:
    """Draft the operational plan of `body` for `year` (one per body and year)."""
    # The people first: a unit of another body is a mistake to explain (400), not a power to refuse (403).
    _check_people(body, developer_unit, monitoring_unit, approver)
    authorization.require(actor, authorization.ADD, OperationalPlan(body=body, developer_unit=developer_unit))
    _check_unique(body, year)
    plan = OperationalPlan(
        body=body,
        year=year,
        developer_unit=developer_unit,
        monitoring_unit=monitoring_unit,
        approver=approver,
        development_plan_signed_on=development_plan_signed_on,
        created_by=actor,
    )
    return save_recorded(plan, actor, "drafted", exclude=["created_by"])


@transaction.atomic
def plan_update(*, actor: Person, plan: OperationalPlan, **fields) -> OperationalPlan:
    """Change the plan's year (before its first approval), the signing day of the development plan, the units
    responsible for its development and monitoring, or its approver."""
    refuse_unknown(fields, UPDATABLE)
    current = _lock(plan)
    authorization.require(actor, authorization.CHANGE, current)
    if "year" in fields and fields["year"] != current.year:
        if current.version > 0:
            raise ValidationError(
                {
                    "year": _(
                        "The year of an approved plan does not change: draft the next year's plan instead."
                    )
                }
            )
        _check_unique(current.body, fields["year"], exclude=current.pk)
    for name, value in fields.items():
        setattr(current, name, value)
    _check_people(current.body, current.developer_unit, current.monitoring_unit, current.approver)
    return save_recorded(current, actor, "changed: " + ", ".join(sorted(fields)), exclude=["created_by"])


@transaction.atomic
def plan_delete(*, actor: Person, plan: OperationalPlan) -> None:
    """Delete a draft that was never approved (an approved plan stays, with its versions and reports)."""
    current = _lock(plan)
    authorization.require(actor, authorization.DELETE, current)
    if current.status != PlanStatus.DRAFT or current.version > 0:
        raise ValidationError(
            _("Only a draft that was never approved is deleted; an approved plan is adjusted.")
        )
    if current.submissions.exists() or current.reports.exists():
        raise ValidationError(_("The plan already has quarterly information or reports: it is not deleted."))
    Activity.objects.filter(plan=current).delete()  # before the headings they are protected by
    delete_recorded(current, actor, "deleted draft")


def pending_basis(plan: OperationalPlan) -> str:
    """The basis recorded when the adjustment in progress was started ("" when none is)."""
    if plan.status != PlanStatus.ADJUSTING:
        return ""
    record = (
        plan.history.filter(history_change_reason__startswith=ADJUST_REASON)
        .order_by("-history_date", "-history_id")
        .first()
    )
    return record.history_change_reason[len(ADJUST_REASON) :] if record else ""


def approval_delay(plan: OperationalPlan, approved_on: dt.date) -> int:
    """Days by which the first approval on `approved_on` misses the deadline of p.6 (0: in time, or no deadline)."""
    deadline = plan.approval_deadline
    if plan.version > 0 or deadline is None or approved_on <= deadline:
        return 0
    return (approved_on - deadline).days


@transaction.atomic
def plan_approve(
    *, actor: Person, plan: OperationalPlan, approved_on: dt.date | None = None, basis: str = ""
) -> OperationalPlan:
    """The first head or chief of staff approves the draft or the adjusted plan: its next version is frozen.

    Needs at least one activity. A first approval after the deadline of p.6 is allowed and recorded as late. The
    basis of an adjustment is the one given now or, if none, the one given when the adjustment was started.
    """
    current = _lock(plan)
    authorization.require(actor, authorization.APPROVE, current)
    if current.status == PlanStatus.APPROVED:
        raise ValidationError(
            _("The plan is already approved: start an adjustment to change it (OP Rules p.18).")
        )
    today = timezone.localdate()
    approved_on = approved_on or today
    if approved_on > today:
        raise ValidationError(
            {"approved_on": _("The plan is approved today or on a past day, not in advance.")}
        )
    signed = current.development_plan_signed_on
    if current.version == 0 and signed is not None and approved_on < signed:
        # p.6: the plan implements a signed development plan; it is approved from the day of the signing.
        raise ValidationError(
            {
                "approved_on": _(
                    "The development plan is signed on %(day)s: the operational plan is approved on that day or "
                    "later (OP Rules p.6)."
                )
                % {"day": short_date(signed)}
            }
        )
    if current.approved_on is not None and approved_on < current.approved_on:
        raise ValidationError(
            {
                "approved_on": _(
                    "The previous version was approved on %(day)s: the next one cannot be earlier."
                )
                % {"day": current.approved_on.strftime("%d.%m.%Y")}
            }
        )
    if not Activity.objects.filter(plan=current, is_active=True).exists():
        raise ValidationError(_("The plan has no activities: add at least one before approving it."))
    basis = (basis or "").strip() or pending_basis(current)
    delay = approval_delay(current, approved_on)
    current.version += 1
    current.status = PlanStatus.APPROVED
    current.approved_on = approved_on
    reason = f"approved version {current.version}"
    if delay:
        reason += f"; late by {delay} days (deadline {current.approval_deadline.isoformat()}, OP Rules p.6)"
    save_recorded(current, actor, reason, exclude=["created_by"])
    version = PlanVersion(
        plan=current,
        number=current.version,
        approved_on=approved_on,
        approved_by=actor,
        basis=basis,
        snapshot=snapshot(current),
    )
    version.full_clean()
    version.save()
    heads = [unit.head for unit in (current.developer_unit, current.monitoring_unit) if unit and unit.head_id]
    notify(
        recipients=heads,
        actor=actor,
        kind=KIND_APPROVED,
        target=current,
        url=current.get_absolute_url(),
        params={
            "body": str(current.body),
            "year": current.year,
            "version": current.version,
            "approved_on": approved_on.isoformat(),
            "late_days": delay,
        },
    )
    return current


@transaction.atomic
def plan_adjust(*, actor: Person, plan: OperationalPlan, basis: str) -> OperationalPlan:
    """Start an adjustment of the approved plan after monitoring or a change of the development plan (p.18).

    The basis is required; it goes on the next version when that is approved. After 30 September the pages and
    the API warn that indicators are not lowered then (`selectors.plans.adjustment_warning`); nothing else is
    refused.
    """
    current = _lock(plan)
    if not authorization.can(actor, authorization.CHANGE, current):
        raise PermissionDenied(_("Only the unit responsible for the development may adjust the plan."))
    if current.status != PlanStatus.APPROVED:
        raise ValidationError(
            _("Only an approved plan is adjusted; this one is %(status)s.")
            % {"status": current.get_status_display().lower()}
        )
    basis = (basis or "").strip()
    if not basis:
        raise ValidationError(
            {
                "basis": _(
                    "Give the basis of the adjustment: the monitoring results or the change of the development plan."
                )
            }
        )
    current.status = PlanStatus.ADJUSTING
    return save_recorded(current, actor, ADJUST_REASON + basis, exclude=["created_by"])
