"""Writes of a scrum meeting's way: draft → open → in progress → closed (or cancelled), attendance and outcomes.

- opening publishes the agenda (built from the week's signals) and tells the participants;
- starting refreshes the agenda, fixes who actually chairs (the chair, else the deputy chair, Rules p.46, else
  the substitution scheme, Appendix 4 — scrum.chairing) and lists the schedule's people as absent until marked;
- attendance, notes and outcomes are recorded only while the meeting is in progress; outcomes are numbered 1,
  2, 3 … in the meeting; a decision, an assignment or a task has an owner and a deadline and binds its owner
  (p.45); a task is put on the project's board; the governing committee's are its protocol decisions (binding);
- closing numbers the protocol (``<schedule>-<year>-<nn>``), renders it as PDF and DOCX in the closer's language
  and tells the participants and the owners.

Running a meeting needs "change" on it (its node's keepers or the schedule's chair, deputy chair and secretary,
pmis.core.authorization); an actor None is the system. Every write tells the meeting's open pages on commit.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Person
from org.services.notifications import notify
from pmis.core import authorization
from pmis.core.recording import delete_recorded, refuse_unknown, save_recorded
from pmis.core.workdays import short_date
from projects.models import Project

from ..choices import AttendanceStatus, DecisionStatus, Level, MeetingStatus, OutcomeKind
from ..live import meeting_changed
from ..models import AgendaItem, Attendance, Decision, Meeting, Schedule
from .agenda import build_items, lock_meeting, require, require_in_progress

KIND_OPENED = "scrum.meeting_opened"
KIND_CLOSED = "scrum.meeting_closed"
KIND_ASSIGNED = "scrum.decision_assigned"


def meeting_params(meeting: Meeting) -> dict:
    """What the meeting notifications read from (org.notification_kinds renders them at read time)."""
    schedule = meeting.schedule
    return {
        "meeting": schedule.name,
        "level": schedule.level,
        "date": meeting.date.isoformat(),
        "time": meeting.starts_at.strftime("%H:%M"),
        "place": meeting.place or meeting.video_link,
        "protocol": meeting.protocol_number,
    }


def _require_status(meeting: Meeting, allowed: tuple[str, ...], message: str) -> None:
    if meeting.status not in allowed:
        raise ValidationError(message % {"status": meeting.get_status_display().lower()})


def _save(meeting: Meeting, actor, reason: str, part: str = "header") -> Meeting:
    meeting.version += 1
    save_recorded(meeting, actor, reason)
    meeting_changed(meeting.pk, part, {"status": meeting.status})
    return meeting


def _participants(schedule: Schedule) -> list[Person]:
    people = [schedule.chair, schedule.deputy_chair, schedule.secretary, *schedule.participants.all()]
    return [person for person in people if person is not None]


# --- the way of a meeting -----------------------------------------------------------------------------------------


@transaction.atomic
def meeting_open(*, actor: Person | None, meeting: Meeting, today: dt.date | None = None) -> Meeting:
    """Open a draft: build its agenda from the week's signals and tell the participants."""
    meeting = lock_meeting(meeting)
    require(actor, authorization.CHANGE, meeting)
    _require_status(
        meeting, (MeetingStatus.DRAFT,), _("Only a draft meeting is opened; this one is %(status)s.")
    )
    build_items(actor=actor, meeting=meeting, today=today or timezone.localdate())
    meeting.status = MeetingStatus.OPEN
    meeting.opened_at = timezone.now()
    _save(meeting, actor, _("Meeting opened"))
    notify(
        recipients=_participants(meeting.schedule),
        actor=actor,
        kind=KIND_OPENED,
        target=meeting,
        url=meeting.get_absolute_url(),
        params=meeting_params(meeting),
    )
    return meeting


@transaction.atomic
def meeting_start(*, actor: Person | None, meeting: Meeting, today: dt.date | None = None) -> Meeting:
    """Start an open meeting: refresh the agenda, fix the acting chair for the day and list the schedule's
    people for the attendance (absent until marked)."""
    from ..chairing import acting_chair

    meeting = lock_meeting(meeting)
    require(actor, authorization.CHANGE, meeting)
    if meeting.status == MeetingStatus.DRAFT:
        raise ValidationError(_("Open the meeting first: its agenda is published when it is opened."))
    _require_status(
        meeting, (MeetingStatus.OPEN,), _("Only an open meeting is started; this one is %(status)s.")
    )
    today = today or timezone.localdate()
    build_items(actor=actor, meeting=meeting, today=today)
    schedule = Schedule.objects.select_related("chair", "deputy_chair").get(pk=meeting.schedule_id)
    chair, note = acting_chair(schedule, meeting.date)
    meeting.chair = chair
    meeting.chair_note = note[:300]
    if meeting.secretary_id is None:
        meeting.secretary_id = schedule.secretary_id
    meeting.status = MeetingStatus.IN_PROGRESS
    meeting.started_at = timezone.now()
    Attendance.objects.bulk_create(
        [
            Attendance(meeting=meeting, person=person, status=AttendanceStatus.ABSENT)
            for person in dict.fromkeys(_participants(schedule))
        ],
        ignore_conflicts=True,
    )
    meeting_changed(meeting.pk, "attendance")
    return _save(meeting, actor, _("Meeting started"))


@transaction.atomic
def attendance_set(
    *,
    actor: Person | None,
    meeting: Meeting,
    person: Person,
    status: str,
    acting_for: Person | None = None,
    note: str = "",
) -> Attendance:
    """Mark one person present, absent or absent for a good reason (and whom they stand in for) while the
    meeting is in progress."""
    meeting = lock_meeting(meeting)
    require(actor, authorization.CHANGE, meeting)
    require_in_progress(meeting, _("Attendance"))
    if acting_for is not None and acting_for.pk == person.pk:
        raise ValidationError({"acting_for": _("A person does not stand in for themselves.")})
    row = Attendance.objects.filter(meeting=meeting, person=person).first() or Attendance(
        meeting=meeting, person=person
    )
    row.status = status
    row.acting_for = acting_for
    row.note = (note or "").strip()
    row.full_clean(exclude=["meeting", "person", "acting_for"])
    row.save()
    meeting_changed(meeting.pk, "attendance", {"person": person.pk})
    return row


# --- outcomes -----------------------------------------------------------------------------------------------------


def _check_outcome(meeting: Meeting, kind: str, text: str, owner, due_on, project, item) -> None:
    errors = {}
    if kind not in OutcomeKind.values:
        errors["kind"] = _(
            "Choose what the meeting records: information, a decision, an assignment or a task."
        )
    if not text.strip():
        errors["text"] = _("Write what was decided.")
    if kind != OutcomeKind.INFORMATION:
        if owner is None:
            errors["owner"] = _("A decision, an assignment or a task needs an owner.")
        if due_on is None:
            errors["due_on"] = _("A decision, an assignment or a task needs a deadline.")
        elif due_on < meeting.date:
            errors["due_on"] = _("The deadline cannot be before the meeting (%(day)s).") % {
                "day": short_date(meeting.date)
            }
    if kind == OutcomeKind.TASK and project is None:
        errors["project"] = _("A task is created on a project's board: choose the project.")
    if project is not None and not project.path.startswith(meeting.schedule.node_path):
        errors["project"] = _("The project is not among those this meeting discusses.")
    if item is not None and item.meeting_id != meeting.pk:
        errors["item"] = _("The item is not on this meeting's agenda.")
    if errors:
        raise ValidationError(errors)


def _notify_owner(decision: Decision, actor) -> None:
    if decision.kind == OutcomeKind.INFORMATION or decision.owner is None:
        return
    meeting = decision.meeting
    notify(
        recipients=[decision.owner],
        actor=actor,
        kind=KIND_ASSIGNED,
        target=decision,
        url=decision.get_absolute_url(),
        params={
            **meeting_params(meeting),
            "number": decision.number,
            "kind": decision.kind,
            "text": decision.text[:300],
            "due_on": decision.due_on.isoformat() if decision.due_on else "",
            "binding": decision.binding,
        },
        email=True,
    )


@transaction.atomic
def outcome_record(
    *,
    actor: Person | None,
    meeting: Meeting,
    kind: str,
    text: str,
    item: AgendaItem | None = None,
    owner: Person | None = None,
    due_on: dt.date | None = None,
    project: Project | None = None,
) -> Decision:
    """Record an outcome while the meeting is in progress, numbered next in the meeting. A task is created on
    the project's board (assignee the owner, due the deadline); the governing committee's binding ones are its
    protocol decisions (Rules p.45). The owner is told (in the PMIS and by e-mail)."""
    from projects.services.tasks import task_create

    meeting = lock_meeting(meeting)
    require(actor, authorization.CHANGE, meeting)
    require_in_progress(meeting, _("Outcomes"))
    text = (text or "").strip()
    if project is None and item is not None:
        project = item.project
    _check_outcome(meeting, kind, text, owner, due_on, project, item)
    binding_kind = kind != OutcomeKind.INFORMATION
    number = (Decision.objects.filter(meeting=meeting).aggregate(top=Max("number"))["top"] or 0) + 1
    decision = Decision(
        meeting=meeting,
        agenda_item=item,
        number=number,
        kind=kind,
        text=text,
        owner=owner,
        due_on=due_on if binding_kind else None,
        project=project,
        binding=binding_kind and meeting.schedule.level == Level.COMMITTEE,
        status=DecisionStatus.OPEN if binding_kind else DecisionStatus.NOTED,
        created_by=actor,
    )
    if kind == OutcomeKind.TASK:
        decision.task = task_create(
            actor=actor,
            project=project,
            title=text[:300],
            description=_("Set by the scrum meeting %(meeting)s of %(day)s, outcome No. %(number)s.")
            % {"meeting": meeting.schedule, "day": short_date(meeting.date), "number": number},
            assignee=owner,
            due_on=due_on,
        )
    save_recorded(decision, actor, _("Outcome recorded"))
    _notify_owner(decision, actor)
    meeting_changed(meeting.pk, "outcomes", {"decision": decision.pk})
    return decision


def _locked_outcome(decision: Decision) -> tuple[Decision, Meeting]:
    meeting = lock_meeting(decision.meeting)
    fresh = Decision.objects.select_related("owner").filter(pk=decision.pk, meeting=meeting).first()
    if fresh is None:
        raise ValidationError(_("The outcome has been deleted."))
    return fresh, meeting


@transaction.atomic
def outcome_update(*, actor: Person | None, decision: Decision, **fields) -> Decision:
    """Correct an outcome's text, owner or deadline while the meeting is in progress."""
    refuse_unknown(fields, ("text", "owner", "due_on"))
    decision, meeting = _locked_outcome(decision)
    require(actor, authorization.CHANGE, meeting)
    require_in_progress(meeting, _("Outcomes"))
    values = {"text": decision.text, "owner": decision.owner, "due_on": decision.due_on, **fields}
    values["text"] = (values["text"] or "").strip()
    _check_outcome(
        meeting, decision.kind, values["text"], values["owner"], values["due_on"], decision.project, None
    )
    owner_changed = values["owner"] is not None and values["owner"].pk != decision.owner_id
    for name, value in values.items():
        setattr(decision, name, value)
    decision.version += 1
    save_recorded(decision, actor, _("Outcome corrected during the meeting"))
    if owner_changed:
        _notify_owner(decision, actor)
    meeting_changed(meeting.pk, "outcomes", {"decision": decision.pk})
    return decision


@transaction.atomic
def outcome_delete(*, actor: Person | None, decision: Decision) -> None:
    """Delete an outcome recorded by mistake while the meeting is in progress (its task stays on the board).
    The numbers of the others do not change: the protocol shows the gap."""
    decision, meeting = _locked_outcome(decision)
    require(actor, authorization.CHANGE, meeting)
    require_in_progress(meeting, _("Outcomes"))
    pk = decision.pk
    delete_recorded(decision, actor, _("Outcome deleted during the meeting"))
    meeting_changed(meeting.pk, "outcomes", {"removed": pk})


# --- closing, cancelling, rescheduling ----------------------------------------------------------------------------


def _protocol_number(meeting: Meeting) -> str:
    """``<schedule>-<year>-<nn>``: the meetings of a schedule closed in a year, counted under the schedule's lock."""
    Schedule.objects.select_for_update().filter(pk=meeting.schedule_id).first()
    prefix = f"{meeting.schedule_id}-{meeting.date.year}-"
    taken = Meeting.objects.filter(
        schedule_id=meeting.schedule_id, protocol_number__startswith=prefix
    ).count()
    return f"{prefix}{taken + 1:02d}"


@transaction.atomic
def meeting_close(*, actor: Person | None, meeting: Meeting) -> Meeting:
    """Close a meeting in progress: number its protocol, store it as PDF and DOCX (in the active language) and
    tell the participants and the owners of its outcomes."""
    from ..protocols import protocol_docx, protocol_pdf

    meeting = lock_meeting(meeting)
    require(actor, authorization.CHANGE, meeting)
    _require_status(
        meeting,
        (MeetingStatus.IN_PROGRESS,),
        _("Only a meeting in progress is closed; this one is %(status)s."),
    )
    meeting.status = MeetingStatus.CLOSED
    meeting.closed_at = timezone.now()
    meeting.closed_by = actor
    meeting.protocol_number = _protocol_number(meeting)
    name = f"protocol-{meeting.protocol_number}"
    meeting.protocol_pdf.save(f"{name}.pdf", ContentFile(protocol_pdf(meeting)), save=False)
    meeting.protocol_docx.save(f"{name}.docx", ContentFile(protocol_docx(meeting)), save=False)
    _save(meeting, actor, _("Meeting closed, protocol No. %(number)s") % {"number": meeting.protocol_number})
    owners = [
        d.owner for d in Decision.objects.filter(meeting=meeting, owner__isnull=False).select_related("owner")
    ]
    notify(
        recipients=[*_participants(meeting.schedule), *owners],
        actor=actor,
        kind=KIND_CLOSED,
        target=meeting,
        url=meeting.get_absolute_url(),
        params=meeting_params(meeting),
    )
    return meeting


@transaction.atomic
def meeting_cancel(*, actor: Person | None, meeting: Meeting, reason: str) -> Meeting:
    """Cancel a draft or open meeting, saying why."""
    meeting = lock_meeting(meeting)
    require(actor, authorization.CHANGE, meeting)
    _require_status(
        meeting,
        (MeetingStatus.DRAFT, MeetingStatus.OPEN),
        _("Only a draft or open meeting is cancelled; this one is %(status)s."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the meeting is cancelled.")})
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason[:300]
    return _save(meeting, actor, _("Meeting cancelled: %(reason)s") % {"reason": reason[:200]})


@transaction.atomic
def meeting_reschedule(
    *,
    actor: Person | None,
    meeting: Meeting,
    date: dt.date,
    starts_at: dt.time,
    place: str = "",
    video_link: str = "",
    mode: str | None = None,
) -> Meeting:
    """Move a draft or open meeting to another day, time or place (this meeting only; the schedule stays)."""
    meeting = lock_meeting(meeting)
    require(actor, authorization.CHANGE, meeting)
    _require_status(
        meeting,
        (MeetingStatus.DRAFT, MeetingStatus.OPEN),
        _("Only a draft or open meeting is moved; this one is %(status)s."),
    )
    meeting.date = date
    meeting.starts_at = starts_at
    meeting.place = (place or "").strip()
    meeting.video_link = (video_link or "").strip()
    if mode:
        meeting.mode = mode
    if meeting.mode == "online" and not meeting.video_link:
        raise ValidationError({"video_link": _("An online meeting needs its video link.")})
    if meeting.mode == "offline" and not meeting.place:
        raise ValidationError({"place": _("An offline meeting needs its place.")})
    return _save(meeting, actor, _("Meeting moved"))
