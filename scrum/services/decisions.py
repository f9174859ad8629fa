"""Writes of the decision register (Rules p.45): the owner reports on an outcome and marks it done, the meeting's
people reopen or cancel it, and a daily task reminds owners of their overdue binding outcomes.

Recording outcomes is the meetings part's (`scrum.services.meetings.outcome_record`). Reporting needs "change" on
the decision (its owner, or whoever runs the meeting); cancelling needs "change" on the meeting — the owner alone
may not cancel what was decided for them.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Person
from org.services.notifications import notify
from pmis.core import authorization
from pmis.core.concurrency import check_version
from pmis.core.recording import save_recorded
from pmis.core.workdays import is_working_day

from ..choices import BINDING_KINDS, DecisionStatus, OutcomeKind
from ..models import Decision

KIND_OVERDUE = "scrum.decision_overdue"
KIND_DONE = "scrum.decision_done"
KIND_CANCELLED = "scrum.decision_cancelled"

#: Fields the meeting wrote that a report or a cancel does not change (`created_by` may be empty: the system).
UNCHECKED = ["created_by"]


def decision_params(decision: Decision) -> dict:
    meeting = decision.meeting
    return {
        "number": decision.number,
        "text": decision.text[:300],
        "kind": decision.kind,
        "due_on": decision.due_on.isoformat() if decision.due_on else "",
        "meeting": meeting.schedule.name,
        "meeting_date": meeting.date.isoformat(),
        "protocol": meeting.protocol_number,
    }


def _lock(decision: Decision) -> Decision:
    return (
        Decision.objects.select_for_update(of=("self",))
        .select_related("meeting", "meeting__schedule", "owner")
        .get(pk=decision.pk)
    )


def _chairs(decision: Decision) -> list[Person]:
    meeting = decision.meeting
    people = [meeting.chair, meeting.schedule.chair]
    return [person for person in people if person is not None]


@transaction.atomic
def decision_report(
    *, actor: Person, decision: Decision, version: int | None, report: str, done: bool
) -> Decision:
    """The owner (or whoever runs the meeting) reports on the execution; with `done` the outcome is done.

    A stale `version` is refused (StaleVersion → 409); information outcomes and cancelled ones are not reported.
    """
    current = _lock(decision)
    if not authorization.can(actor, authorization.CHANGE, current):
        raise PermissionDenied(_("Only the owner or whoever runs the meeting may report on this outcome."))
    check_version(current, version)
    if current.kind == OutcomeKind.INFORMATION:
        raise ValidationError(_("Information is only noted: there is nothing to execute or report."))
    if current.status != DecisionStatus.OPEN:
        raise ValidationError(
            _("This outcome is %(status)s: reopen it to report again.")
            % {"status": current.get_status_display().lower()}
        )
    report = (report or "").strip()
    if not report and done:
        raise ValidationError({"report": _("Say what was done before marking it done.")})
    if not report:
        raise ValidationError({"report": _("Write the report on execution.")})
    current.report = report
    if done:
        current.status = DecisionStatus.DONE
        current.done_at = timezone.now()
        current.done_by = actor
    current.version += 1
    save_recorded(current, actor, "done" if done else "reported", exclude=UNCHECKED)
    if done:
        notify(
            recipients=_chairs(current),
            actor=actor,
            kind=KIND_DONE,
            target=current,
            url=current.get_absolute_url(),
            params={**decision_params(current), "owner": current.owner.full_name if current.owner else ""},
        )
    return current


@transaction.atomic
def decision_reopen(
    *, actor: Person, decision: Decision, version: int | None = None, reason: str
) -> Decision:
    """A done outcome turned out not to be done: it is open again (its report stays, the reason is recorded)."""
    current = _lock(decision)
    if not authorization.can(actor, authorization.CHANGE, current):
        raise PermissionDenied(_("Only the owner or whoever runs the meeting may reopen this outcome."))
    check_version(current, version)
    if current.status != DecisionStatus.DONE:
        raise ValidationError(_("Only a done outcome is reopened."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why it is reopened.")})
    current.status = DecisionStatus.OPEN
    current.done_at = None
    current.done_by = None
    current.reminded_on = None
    current.version += 1
    return save_recorded(current, actor, f"reopened: {reason}"[:100], exclude=UNCHECKED)


@transaction.atomic
def decision_cancel(
    *, actor: Person, decision: Decision, reason: str, version: int | None = None
) -> Decision:
    """The meeting's chair (or whoever runs the meeting) cancels an open outcome with a reason; the owner is told."""
    current = _lock(decision)
    if not authorization.can(actor, authorization.CHANGE, current.meeting):
        raise PermissionDenied(_("Only the chair or whoever runs the meeting may cancel its outcomes."))
    check_version(current, version)
    if current.status != DecisionStatus.OPEN:
        raise ValidationError(
            _("This outcome is %(status)s: only an open one is cancelled.")
            % {"status": current.get_status_display().lower()}
        )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the outcome is cancelled.")})
    current.status = DecisionStatus.CANCELLED
    current.cancel_reason = reason[:300]
    current.version += 1
    save_recorded(current, actor, "cancelled", exclude=UNCHECKED)
    notify(
        recipients=[current.owner],
        actor=actor,
        kind=KIND_CANCELLED,
        target=current,
        url=current.get_absolute_url(),
        params={**decision_params(current), "reason": current.cancel_reason},
    )
    return current


def decisions_remind(*, today: dt.date | None = None) -> list[Decision]:
    """Remind each owner of their open binding outcomes past the deadline, in the app and by e-mail, once a day
    (`reminded_on`), on Kazakhstan's working days only. Answers the decisions reminded."""
    today = today or timezone.localdate()
    if not is_working_day(today):
        return []
    with transaction.atomic():
        due = list(
            Decision.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(status=DecisionStatus.OPEN, kind__in=BINDING_KINDS, due_on__lt=today, owner__isnull=False)
            .exclude(reminded_on__gte=today)
            .select_related("meeting", "meeting__schedule", "owner")
            .order_by("due_on", "pk")
        )
        for decision in due:
            notify(
                recipients=[decision.owner],
                actor=None,
                kind=KIND_OVERDUE,
                target=decision,
                url=decision.get_absolute_url(),
                params={**decision_params(decision), "days": (today - decision.due_on).days},
                email=True,
            )
        Decision.objects.filter(pk__in=[decision.pk for decision in due]).update(reminded_on=today)
    return due
