"""Writes of change requests and the project's change log (Rules p.78(6)).

A request's way: the team drafts it ("contribute") and submits it; those who approve on the project (the
sponsor, the customer, the curator, the heads above; not the project manager) approve or reject it, a rejection
with its reason; the project manager ("change") marks an approved request implemented once the charter has
been changed accordingly — the impact on schedule and budget is not applied by the system. Every submission,
decision and implementation is a line of the change log and tells the people concerned.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from org.models import Person
from org.services.notifications import notify, project_params
from pmis.core import authorization
from pmis.core.concurrency import StaleVersion, check_version
from pmis.core.recording import delete_recorded, refuse_unknown, save_recorded

from ..choices import ChangeStatus
from ..models import ChangeLogEntry, ChangeRequest, Project
from .numbering import next_number

__all__ = [
    "EDITABLE",
    "StaleVersion",
    "change_log_add",
    "change_request_create",
    "change_request_decide",
    "change_request_delete",
    "change_request_implement",
    "change_request_may_delete",
    "change_request_submit",
    "change_request_update",
]

#: What a draft's author may still change.
EDITABLE = ("title", "description", "justification", "impact_scope", "impact_days", "impact_budget")

#: The events a request writes into the change log.
SUBMITTED = "submitted"
APPROVED = "approved"
REJECTED = "rejected"
IMPLEMENTED = "implemented"


@transaction.atomic
def change_log_add(
    *,
    project: Project,
    actor: Person | None,
    event: str,
    summary: str,
    change_request: ChangeRequest | None = None,
) -> ChangeLogEntry:
    """Append a line to the project's change log; the log is never edited, only added to."""
    entry = ChangeLogEntry(
        project=project, actor=actor, event=event, summary=summary, change_request=change_request
    )
    entry.full_clean()
    entry.save()
    return entry


def _locked(change: ChangeRequest) -> ChangeRequest:
    """The request read again under a row lock, so two decisions on it run one after the other."""
    return (
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("project", "requested_by")
        .get(pk=change.pk)
    )


def _url(change: ChangeRequest) -> str:
    return reverse("project-change-detail", args=[change.project_id, change.pk])


def _impact(change: ChangeRequest) -> str:
    """The impact of a request in words, for the log: "schedule +10 days, budget -5,000,000.00 KZT" (the
    number written as the actor's language writes it)."""
    parts = []
    if change.impact_days:
        parts.append(_("schedule %(days)+d days") % {"days": change.impact_days})
    if change.impact_budget:
        amount = number_format(change.impact_budget, 2, force_grouping=True)
        parts.append(
            _("budget %(amount)s KZT") % {"amount": amount if change.impact_budget < 0 else f"+{amount}"}
        )
    return ", ".join(parts)


def _summary(text: str, change: ChangeRequest, note: str = "") -> str:
    summary = text % {"number": change.number, "title": change.title}
    impact = _impact(change)
    if impact:
        summary += f" ({impact})"
    if note:
        summary += f": {note}"
    return summary


def _params(change: ChangeRequest, **extra) -> dict:
    return {
        "number": change.number,
        "title": change.title,
        **project_params(change.project),
        **extra,
    }


@transaction.atomic
def change_request_create(
    *,
    actor: Person,
    project: Project,
    title: str,
    description: str = "",
    justification: str = "",
    impact_scope: str = "",
    impact_days: int | None = None,
    impact_budget: Decimal | None = None,
) -> ChangeRequest:
    """Draft a change request with the project's next number."""
    authorization.require(actor, authorization.CONTRIBUTE, project)
    number = next_number(ChangeRequest, project)
    change = ChangeRequest(
        project=project,
        number=number,
        title=title,
        description=description,
        justification=justification,
        impact_scope=impact_scope,
        impact_days=impact_days,
        impact_budget=impact_budget,
        requested_by=actor,
    )
    return save_recorded(change, actor, _("Created"))


@transaction.atomic
def change_request_update(
    *, actor: Person, change_request: ChangeRequest, version: int | None = None, **values
) -> ChangeRequest:
    """Change a draft; once submitted, a request is what the approvers decide on and no longer changes."""
    refuse_unknown(values, EDITABLE)
    change = _locked(change_request)
    authorization.require(actor, authorization.CONTRIBUTE, change)
    check_version(change, version)
    if change.status != ChangeStatus.DRAFT:
        raise ValidationError(_("Only a draft change request can be edited; this one is already submitted."))
    for name, value in values.items():
        setattr(change, name, value)
    change.version += 1
    return save_recorded(change, actor, _("Changed"))


@transaction.atomic
def change_request_submit(*, actor: Person, change_request: ChangeRequest) -> ChangeRequest:
    """Submit a draft for decision: logged, and everyone who may approve on the project is told."""
    from ..selectors.changes import change_approvers

    change = _locked(change_request)
    authorization.require(actor, authorization.CONTRIBUTE, change)
    if change.status != ChangeStatus.DRAFT:
        raise ValidationError(_("Only a draft change request can be submitted."))
    change.status = ChangeStatus.SUBMITTED
    change.submitted_at = timezone.now()
    change.version += 1
    save_recorded(change, actor, _("Submitted"))
    change_log_add(
        project=change.project,
        actor=actor,
        event=SUBMITTED,
        summary=_summary(_("Change request CR-%(number)s “%(title)s” submitted for decision"), change),
        change_request=change,
    )
    notify(
        recipients=change_approvers(change.project),
        actor=actor,
        kind="change.submitted",
        target=change,
        url=_url(change),
        params=_params(change),
    )
    return change


@transaction.atomic
def change_request_decide(
    *, actor: Person, change_request: ChangeRequest, approve: bool, note: str = ""
) -> ChangeRequest:
    """Approve or reject a submitted request (a rejection says why); logged, and the requester is told."""
    change = _locked(change_request)
    authorization.require(actor, authorization.APPROVE, change)
    note = (note or "").strip()
    if change.status != ChangeStatus.SUBMITTED:
        raise ValidationError(
            _("Only a submitted change request can be decided; this one is “%(status)s”.")
            % {"status": change.get_status_display()}
        )
    if not approve and not note:
        raise ValidationError({"note": _("Say why the change request is rejected.")})
    change.status = ChangeStatus.APPROVED if approve else ChangeStatus.REJECTED
    change.decided_by = actor
    change.decided_at = timezone.now()
    change.decision_note = note
    change.version += 1
    save_recorded(change, actor, _("Approved") if approve else _("Rejected"))
    text = (
        _("Change request CR-%(number)s “%(title)s” approved")
        if approve
        else _("Change request CR-%(number)s “%(title)s” rejected")
    )
    change_log_add(
        project=change.project,
        actor=actor,
        event=APPROVED if approve else REJECTED,
        summary=_summary(text, change, note),
        change_request=change,
    )
    notify(
        recipients=[change.requested_by],
        actor=actor,
        kind="change.decided",
        target=change,
        url=_url(change),
        params=_params(change, status=change.status, note=note),
    )
    return change


@transaction.atomic
def change_request_implement(
    *, actor: Person, change_request: ChangeRequest, note: str = ""
) -> ChangeRequest:
    """Record that an approved change has been made. The project manager changes the charter (dates, budget,
    content) themselves: the impact figures are the request's, not applied here."""
    change = _locked(change_request)
    authorization.require(actor, authorization.CHANGE, change)
    if change.status != ChangeStatus.APPROVED:
        raise ValidationError(_("Only an approved change request can be implemented."))
    change.status = ChangeStatus.IMPLEMENTED
    change.implemented_at = timezone.now()
    change.version += 1
    save_recorded(change, actor, _("Implemented"))
    change_log_add(
        project=change.project,
        actor=actor,
        event=IMPLEMENTED,
        summary=_summary(
            _("Change request CR-%(number)s “%(title)s” implemented"), change, (note or "").strip()
        ),
        change_request=change,
    )
    notify(
        recipients=[change.requested_by],
        actor=actor,
        kind="change.decided",
        target=change,
        url=_url(change),
        params=_params(change, status=change.status),
    )
    return change


def change_request_may_delete(actor: Person, change: ChangeRequest) -> bool:
    """Its author (who still works on the project), or whoever may delete in the project; the status is the
    service's to check."""
    mine = change.requested_by_id is not None and change.requested_by_id == getattr(actor, "pk", None)
    if mine and authorization.can(actor, authorization.CONTRIBUTE, change):
        return True
    return authorization.can(actor, authorization.DELETE, change)


@transaction.atomic
def change_request_delete(*, actor: Person, change_request: ChangeRequest) -> None:
    """Remove a draft: by its author, or by whoever may delete in the project. A submitted request stays, as
    the log names it."""
    change = _locked(change_request)
    if not change_request_may_delete(actor, change):
        raise PermissionDenied
    if change.status != ChangeStatus.DRAFT:
        raise ValidationError(
            _("Only a draft change request can be deleted; a submitted one stays on record.")
        )
    delete_recorded(change, actor, _("Deleted"))
