"""Writes of project assignments (Rules p.81): a task beyond the team's powers sent to another unit or state body.

The way of one assignment:

- the project manager drafts it (`assignment_create`, `assignment_update`: "change" on the project);
- the head of the basic direction sends it (`assignment_send`: "approve" on the project, which the head of the
  basic direction has and the project manager has not); the addressee head must appoint the executors within
  one working day of receiving it, by Kazakhstan's calendar (`appoint_by`, pmis.core.workdays);
- the addressee head appoints the executors and the way of execution and so informs the project manager
  (`assignment_appoint`: the head, or someone with "change" on the project acting for them); a late appointment
  is accepted, the list keeps flagging it;
- an executor reports the result (`assignment_report`) → done; the project manager may cancel it
  (`assignment_cancel`) until it is done;
- every morning the overdue ones (not appointed after `appoint_by`, not done after `due_on`) are raised once to
  the project manager and the head of the basic direction with its implementation group
  (`assignments_escalate`, run by the Celery beat task projects.assignments_escalate), who develop a plan of
  actions together (p.81, last paragraph).

Each write checks the person's power through pmis.core.authorization (PermissionDenied → 403), validates
(ValidationError with a message the person can act on → 400), keeps the history with its reason and bumps
`version`; an edit on a stale version raises `StaleVersion` (the API answers 409).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from org.models import Person, Role, StateBody, Unit
from org.scopes import Scope
from org.services.notifications import notify, project_params
from pmis.core import authorization, events
from pmis.core.concurrency import check_version
from pmis.core.recording import delete_recorded, refuse_unknown, save_recorded
from pmis.core.workdays import add_working_days, as_day

from ..choices import AssignmentStatus, AssignmentWay
from ..models import Project, ProjectAssignment
from .numbering import next_number

EDITABLE = ("title", "description", "addressee_body", "addressee_unit", "addressee_head", "way", "due_on")
#: Who hears of an overdue assignment on the basic direction: its head and the head of its implementation group.
DIRECTION_ROLES = ("bd_head", "gibd_head")
OPEN = (AssignmentStatus.SENT, AssignmentStatus.APPOINTED)

KIND_SENT = "assignment.sent"
KIND_APPOINTED = "assignment.appointed"
KIND_EXECUTOR = "assignment.executor"
KIND_REPORTED = "assignment.reported"
KIND_CANCELLED = "assignment.cancelled"
KIND_ESCALATED = "assignment.overdue"  # rendered by org.notification_kinds


# --- helpers ---------------------------------------------------------------------------------------------------


def assignment_url(assignment: ProjectAssignment) -> str:
    return reverse("project-assignment", args=[assignment.project_id, assignment.pk])


def _params(assignment: ProjectAssignment) -> dict:
    return {
        "number": assignment.number,
        "title": assignment.title,
        **project_params(assignment.project),
        "appoint_by": assignment.appoint_by.isoformat() if assignment.appoint_by else None,
        "due_on": assignment.due_on.isoformat() if assignment.due_on else None,
    }


def holders_of(role_codes: Iterable[str], node, on: dt.date | None = None) -> list[Person]:
    """Who acts for each of the roles on `node` on the day (holders, or their substitutes while they are away or
    the role is vacant, Rules p.99), each person once."""
    from org.substitution import acting_holders

    people: dict[int, Person] = {}
    for role in Role.objects.filter(code__in=list(role_codes), is_active=True):
        for holder in acting_holders(role, Scope.of(node), on=on).holders:
            people.setdefault(holder.person.pk, holder.person)
    return list(people.values())


def project_managers(project: Project, on: dt.date | None = None) -> list[Person]:
    return holders_of(("project_manager",), project, on)


def _require(actor, action: str, obj) -> None:
    if not authorization.can(actor, action, obj):
        raise PermissionDenied


def _locked(assignment: ProjectAssignment) -> ProjectAssignment:
    return (
        ProjectAssignment.objects.select_for_update(of=("self",))
        .select_related("project", "addressee_body", "addressee_unit", "addressee_head")
        .get(pk=assignment.pk)
    )


def _check_addressee(assignment: ProjectAssignment) -> None:
    errors = {}
    body, unit, head = assignment.addressee_body, assignment.addressee_unit, assignment.addressee_head
    if unit is not None and body is not None and unit.body_id != body.pk:
        errors["addressee_unit"] = _("The structural unit must belong to the chosen state body.")
    if head is not None:
        if not head.is_active:
            errors["addressee_head"] = _("The head who appoints must be an active person of the PMIS.")
        elif head.unit_id is not None and body is not None and head.unit.body_id != body.pk:
            errors["addressee_head"] = _("%(person)s works in another state body.") % {
                "person": head.short_name
            }
    if errors:
        raise ValidationError(errors)


def _save(assignment: ProjectAssignment, actor, reason: str, *, bump: bool = True) -> ProjectAssignment:
    if bump and assignment.pk is not None:
        assignment.version += 1
    save_recorded(assignment, actor, reason)
    events.publish(
        [events.board_group(assignment.project_id)],
        "assignment.changed",
        {"id": assignment.pk, "status": assignment.status, "version": assignment.version},
    )
    return assignment


def _today() -> dt.date:
    return timezone.localdate()


# --- the way of an assignment ----------------------------------------------------------------------------------


@transaction.atomic
def assignment_create(
    *,
    actor: Person,
    project: Project,
    title: str,
    addressee_body: StateBody,
    addressee_head: Person,
    due_on: dt.date,
    description: str = "",
    addressee_unit: Unit | None = None,
    way: str = AssignmentWay.CURRENT_ACTIVITY,
) -> ProjectAssignment:
    """Draft a project assignment (Rules p.81: "at the initiative of the project manager")."""
    _require(actor, authorization.CHANGE, project)
    if due_on is not None and due_on < _today():
        raise ValidationError({"due_on": _("The due date must not be in the past.")})
    number = next_number(ProjectAssignment, project)
    assignment = ProjectAssignment(
        project=project,
        number=number,
        title=title,
        description=description,
        addressee_body=addressee_body,
        addressee_unit=addressee_unit,
        addressee_head=addressee_head,
        way=way,
        due_on=due_on,
        created_by=actor,
    )
    _check_addressee(assignment)
    return _save(assignment, actor, _("Drafted"))


@transaction.atomic
def assignment_update(
    *, actor: Person, assignment: ProjectAssignment, version: int | None = None, **values
) -> ProjectAssignment:
    """Change a draft: its task, addressee, way or due date. A sent assignment is what the addressee received."""
    refuse_unknown(values, EDITABLE)
    current = _locked(assignment)
    _require(actor, authorization.CHANGE, current.project)
    check_version(current, version)
    if current.status != AssignmentStatus.DRAFT:
        raise ValidationError(_("Only a draft can be edited; this assignment has already been sent."))
    for name, value in values.items():
        setattr(current, name, value)
    if "due_on" in values and current.due_on is not None and current.due_on < _today():
        raise ValidationError({"due_on": _("The due date must not be in the past.")})
    _check_addressee(current)
    return _save(current, actor, _("Changed"))


@transaction.atomic
def assignment_send(
    *,
    actor: Person,
    assignment: ProjectAssignment,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> ProjectAssignment:
    """Send a draft to the addressee head (Rules p.81: "the head of basic direction shall send"): the head must
    appoint the executors within one working day, by the end of the first working day after the sending."""
    current = _locked(assignment)
    _require(actor, authorization.APPROVE, current.project)
    check_version(current, version)
    if current.status != AssignmentStatus.DRAFT:
        raise ValidationError(_("This assignment has already been sent."))
    now = now or timezone.now()
    if current.due_on < as_day(now):
        raise ValidationError({"due_on": _("The due date has passed; change it before sending.")})
    current.status = AssignmentStatus.SENT
    current.sent_at = now
    current.sent_by = actor
    current.appoint_by = add_working_days(now, 1)
    if current.due_on < current.appoint_by:
        raise ValidationError(
            {
                "due_on": _(
                    "The due date is before the day the executors must be appointed by (%(day)s); "
                    "give the executors time."
                )
                % {"day": date_format(current.appoint_by, "SHORT_DATE_FORMAT")}
            }
        )
    _save(current, actor, _("Sent"))
    notify(
        recipients=[current.addressee_head],
        actor=actor,
        kind=KIND_SENT,
        target=current,
        url=assignment_url(current),
        params=_params(current),
    )
    return current


@transaction.atomic
def assignment_appoint(
    *,
    actor: Person,
    assignment: ProjectAssignment,
    executors: Iterable[Person],
    way: str | None = None,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> ProjectAssignment:
    """The addressee head appoints the executors and the way of execution, and so informs the project manager
    (Rules p.81). Re-appointing (other executors) is allowed until the assignment is done; after `appoint_by`
    the appointment is accepted and stays flagged late."""
    current = _locked(assignment)
    if current.addressee_head_id != actor.pk:
        # Someone other than the head acts for them only with "change" on the project (the project office).
        _require(actor, authorization.CHANGE, current.project)
    check_version(current, version)
    if current.status not in OPEN:
        if current.status == AssignmentStatus.DRAFT:
            raise ValidationError(_("The assignment has not been sent yet."))
        raise ValidationError(_("The assignment is already closed."))
    people = list({person.pk: person for person in executors}.values())
    if not people:
        raise ValidationError({"executors": _("Appoint at least one executor.")})
    inactive = [person.short_name for person in people if not person.is_active]
    if inactive:
        raise ValidationError(
            {"executors": _("Not active in the PMIS: %(people)s.") % {"people": ", ".join(inactive)}}
        )
    if way is not None:
        current.way = way
    current.status = AssignmentStatus.APPOINTED
    current.appointed_at = now or timezone.now()
    _save(current, actor, _("Executors appointed"))
    current.executors.set(people)
    params = {**_params(current), "executors": [person.short_name for person in people], "way": current.way}
    notify(
        recipients=[*project_managers(current.project), current.created_by],
        actor=actor,
        kind=KIND_APPOINTED,
        target=current,
        url=assignment_url(current),
        params=params,
    )
    notify(
        recipients=people,
        actor=actor,
        kind=KIND_EXECUTOR,
        target=current,
        url=assignment_url(current),
        params=params,
    )
    return current


@transaction.atomic
def assignment_report(
    *,
    actor: Person,
    assignment: ProjectAssignment,
    result: str,
    version: int | None = None,
    now: dt.datetime | None = None,
) -> ProjectAssignment:
    """An executor reports the result (to the project office, or by project activity: Rules p.81) → done."""
    current = _locked(assignment)
    if not current.executors.filter(pk=actor.pk).exists():
        _require(actor, authorization.CHANGE, current.project)
    check_version(current, version)
    if current.status != AssignmentStatus.APPOINTED:
        raise ValidationError(_("Only an assignment with appointed executors can be reported as done."))
    if not (result or "").strip():
        raise ValidationError({"result": _("Describe the result.")})
    current.result = result.strip()
    current.status = AssignmentStatus.DONE
    current.done_at = now or timezone.now()
    _save(current, actor, _("Result reported"))
    notify(
        recipients=[*project_managers(current.project), current.created_by, current.addressee_head],
        actor=actor,
        kind=KIND_REPORTED,
        target=current,
        url=assignment_url(current),
        params=_params(current),
    )
    return current


@transaction.atomic
def assignment_cancel(
    *, actor: Person, assignment: ProjectAssignment, reason: str, version: int | None = None
) -> ProjectAssignment:
    """The project withdraws the assignment (no longer needed); the addressee and executors are told."""
    current = _locked(assignment)
    _require(actor, authorization.CHANGE, current.project)
    check_version(current, version)
    if current.status in (AssignmentStatus.DONE, AssignmentStatus.CANCELLED):
        raise ValidationError(_("The assignment is already closed."))
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the assignment is cancelled.")})
    was_sent = current.status != AssignmentStatus.DRAFT
    current.status = AssignmentStatus.CANCELLED
    _save(current, actor, _("Cancelled: %(reason)s") % {"reason": reason.strip()[:80]})
    if was_sent:
        notify(
            recipients=[current.addressee_head, *current.executors.all()],
            actor=actor,
            kind=KIND_CANCELLED,
            target=current,
            url=assignment_url(current),
            params={**_params(current), "reason": reason.strip()},
        )
    return current


@transaction.atomic
def assignment_delete(*, actor: Person, assignment: ProjectAssignment) -> None:
    """Remove a draft that was never sent (a sent one is cancelled instead, so its history stays)."""
    current = _locked(assignment)
    _require(actor, authorization.DELETE, current.project)
    if current.status != AssignmentStatus.DRAFT:
        raise ValidationError(_("A sent assignment cannot be deleted; cancel it instead."))
    delete_recorded(current, actor, _("Deleted"))


def overdue_q(today: dt.date) -> Q:
    """Assignments overdue on `today`: sent and not appointed after `appoint_by`, or not done after `due_on`."""
    return Q(status=AssignmentStatus.SENT, appoint_by__lt=today) | Q(status__in=OPEN, due_on__lt=today)


@transaction.atomic
def assignments_escalate(*, today: dt.date | None = None) -> list[ProjectAssignment]:
    """Raise every overdue assignment once: mark `escalated_at` and tell the project manager, the head of the
    basic direction and the head of its implementation group (Rules p.81, last paragraph: together with the
    executors they develop a plan of actions). Returns the assignments raised now."""
    today = today or _today()
    rows = list(
        ProjectAssignment.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(overdue_q(today), escalated_at__isnull=True)
        .select_related("project", "project__group__direction", "addressee_head", "created_by")
        .order_by("pk")
    )
    moment = timezone.now()
    for assignment in rows:
        assignment.escalated_at = moment
        _save(assignment, None, _("Escalated: overdue"), bump=True)
        project = assignment.project
        late_appointment = assignment.status == AssignmentStatus.SENT and assignment.appoint_by < today
        recipients = [
            *project_managers(project, today),
            assignment.created_by,
            *holders_of(DIRECTION_ROLES, project.group.direction, today),
        ]
        notify(
            recipients=recipients,
            actor=None,
            kind=KIND_ESCALATED,
            target=assignment,
            url=assignment_url(assignment),
            params={
                **_params(assignment),
                "reason": "appointment" if late_appointment else "due",
                "addressee_head": assignment.addressee_head.short_name,
            },
        )
    return rows
