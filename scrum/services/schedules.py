"""Writes of scrum schedules (Rules p.2(60), p.46, p.66(2)) and the meetings generated from them.

A level drafts its weekly schedule at its node ("change" on the node: the callers ask pmis.core.authorization);
the program manager approves it ("approve" on the schedule's program, or on the portfolio for the governing
council — asked here, because the power sits above the node). Approval generates the meetings of the next four
weeks (`meetings_generate`), skipping the days off of Kazakhstan's calendar; the weekly beat task keeps four
weeks ahead (`meetings_generate_all`). A change of the terms of an approved schedule sends it back to draft for
approval; on re-approval the future draft meetings follow the new terms (moved to the new day, or removed when
the day is no longer a meeting day). `meetings_remind` tells the people of a meeting a day ahead (in the PMIS
and by e-mail).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Person, Role
from org.scopes import Scope
from org.services.notifications import notify
from org.substitution import acting_holders
from pmis.core import authorization, events
from pmis.core.concurrency import check_version
from pmis.core.nodes import ancestor_id, node_model
from pmis.core.recording import delete_recorded, refuse_unknown, save_recorded

from ..calendar import meeting_dates
from ..choices import LEVEL_NODE_KIND, Level, MeetingStatus, Mode, ScheduleStatus
from ..models import Meeting, Schedule

#: How far ahead meetings are generated from an approved schedule.
GENERATE_AHEAD = dt.timedelta(weeks=4)
#: How long before a meeting its people are reminded.
REMIND_AHEAD = dt.timedelta(hours=24)

KIND_MEETING_SOON = "scrum.meeting_soon"
KIND_APPROVED = "scrum.schedule_approved"
KIND_SUBMITTED = "scrum.schedule_submitted"

#: What an update may change; every field but the title is a term the program manager approved.
EDITABLE = (
    "title",
    "weekday",
    "starts_at",
    "duration_minutes",
    "mode",
    "place",
    "video_link",
    "chair",
    "deputy_chair",
    "secretary",
    "participants",
    "valid_from",
    "valid_until",
)
TERMS = tuple(name for name in EDITABLE if name != "title")
#: What a generated meeting copies from its schedule.
COPIED = ("starts_at", "duration_minutes", "mode", "place", "video_link", "secretary")


def approval_node(schedule: Schedule):
    """The node whose "approve" power approves the schedule: its program, or the portfolio for the governing
    council (which sits above the programs)."""
    if schedule.level == Level.COUNCIL:
        kind, pk = "portfolio", ancestor_id(schedule.node_path, "portfolio")
    else:
        kind, pk = "program", ancestor_id(schedule.node_path, "program")
    return node_model(kind).objects.filter(pk=pk).first() if pk is not None else None


def _validate(schedule: Schedule) -> None:
    """The rules of a schedule beyond its fields' own: each broken one named beside its field."""
    errors: dict[str, list[str]] = {}
    if schedule.level in LEVEL_NODE_KIND and schedule.node_kind != LEVEL_NODE_KIND[schedule.level]:
        errors.setdefault("node", []).append(
            _("The level “%(level)s” meets at a %(kind)s, not at a %(given)s.")
            % {
                "level": Level(schedule.level).label,
                "kind": LEVEL_NODE_KIND[schedule.level],
                "given": schedule.node_kind,
            }
        )
    if not 1 <= schedule.weekday <= 5:
        errors.setdefault("weekday", []).append(
            _("A scrum meeting is held on a working weekday: from 1 (Monday) to 5 (Friday).")
        )
    if schedule.mode == Mode.ONLINE and not schedule.video_link:
        errors.setdefault("video_link", []).append(_("An online meeting needs a video link."))
    if schedule.mode == Mode.OFFLINE and not schedule.place.strip():
        errors.setdefault("place", []).append(_("A meeting in person needs a place."))
    if schedule.chair_id and schedule.chair_id == schedule.deputy_chair_id:
        errors.setdefault("deputy_chair", []).append(
            _("The deputy chair stands in for the chair, so it must be another person.")
        )
    if errors:
        raise ValidationError(errors)
    schedule.full_clean()


def _publish(schedule: Schedule, event: str) -> None:
    events.publish(
        [events.node_group(schedule.node_kind, schedule.node_id)],
        event,
        {"id": schedule.pk, "level": schedule.level, "status": schedule.status, "version": schedule.version},
    )


def _params(schedule: Schedule) -> dict:
    return {"title": schedule.name, "level": schedule.level, "node": schedule.node_ref}


def approvers(schedule: Schedule) -> list[Person]:
    """Who acts today as the program manager of the schedule's program (the curator of the national priority
    for the governing council): the people told that a schedule waits for approval."""
    node = approval_node(schedule)
    role = Role.objects.filter(
        code="np_curator" if schedule.level == Level.COUNCIL else "program_manager"
    ).first()
    if node is None or role is None:
        return []
    return [holder.person for holder in acting_holders(role, Scope.of(node)).holders]


def _submitted(schedule: Schedule, actor: Person | None) -> None:
    notify(
        recipients=approvers(schedule),
        actor=actor,
        kind=KIND_SUBMITTED,
        target=schedule,
        url=schedule.get_absolute_url(),
        params=_params(schedule),
    )


@transaction.atomic
def schedule_create(
    *,
    actor: Person | None,
    level: str,
    node,
    weekday: int,
    starts_at: dt.time,
    duration_minutes: int = 60,
    mode: str,
    place: str = "",
    video_link: str = "",
    chair: Person | None = None,
    deputy_chair: Person | None = None,
    secretary: Person | None = None,
    participants: Iterable[Person] = (),
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    title: str = "",
) -> Schedule:
    """Draft the weekly schedule of `level` at `node`; the program manager is told it waits for approval."""
    if level not in Level.values:
        raise ValidationError({"level": _("Unknown level “%(level)s”.") % {"level": level}})
    schedule = Schedule(
        level=level,
        node_kind=node.KIND,
        node_id=node.pk,
        node_path=node.path,
        title=title.strip(),
        weekday=weekday,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        mode=mode,
        place=place.strip(),
        video_link=video_link.strip(),
        chair=chair,
        deputy_chair=deputy_chair,
        secretary=secretary,
        valid_from=valid_from,
        valid_until=valid_until,
        status=ScheduleStatus.DRAFT,
        created_by=actor,
    )
    _validate(schedule)
    save_recorded(schedule, actor, _("Scrum schedule drafted"), clean=False)
    schedule.participants.set(list(participants))
    _submitted(schedule, actor)
    _publish(schedule, "scrum.schedule.created")
    return schedule


def _lock(schedule: Schedule) -> Schedule:
    return Schedule.objects.select_for_update(of=("self",)).get(pk=schedule.pk)


@transaction.atomic
def schedule_update(*, actor: Person | None, schedule: Schedule, version: int | None, **changes) -> Schedule:
    """Change a schedule's title or terms. A change of the terms of an approved schedule sends it back to draft:
    the program manager approves it again, and its meetings follow the new terms from then on."""
    refuse_unknown(changes, EDITABLE)
    schedule = _lock(schedule)
    check_version(schedule, version)
    if schedule.status == ScheduleStatus.ARCHIVED:
        raise ValidationError(_("An archived schedule no longer changes."))
    participants = changes.pop("participants", None)
    changed = [name for name, value in changes.items() if getattr(schedule, name) != value]
    if participants is not None:
        participants = list(participants)
        if {person.pk for person in participants} != set(schedule.participants.values_list("pk", flat=True)):
            changed.append("participants")
    if not changed:
        return schedule
    for name, value in changes.items():
        if isinstance(value, str):
            value = value.strip()
        setattr(schedule, name, value)
    _validate(schedule)
    back_to_draft = schedule.status == ScheduleStatus.APPROVED and any(name in TERMS for name in changed)
    reason = _("Scrum schedule changed")
    if back_to_draft:
        schedule.status = ScheduleStatus.DRAFT
        schedule.approved_by = None
        schedule.approved_at = None
        reason = _("Terms changed (%(fields)s): back to draft for approval") % {
            "fields": ", ".join(str(Schedule._meta.get_field(name).verbose_name) for name in changed)
        }
    schedule.version += 1
    save_recorded(schedule, actor, reason, clean=False)
    if participants is not None:
        schedule.participants.set(participants)
    if back_to_draft or schedule.status == ScheduleStatus.DRAFT:
        _submitted(schedule, actor)
    _publish(schedule, "scrum.schedule.changed")
    return schedule


def _resync_drafts(schedule: Schedule, today: dt.date, actor: Person | None) -> None:
    """Make the future draft meetings follow the approved terms: a meeting on a day that is still a meeting day
    takes the new time, place and link; one on a day that no longer is goes (its agenda with it — nothing was
    held yet). Opened, held, closed and cancelled meetings stay as they are."""
    drafts = list(Meeting.objects.filter(schedule=schedule, status=MeetingStatus.DRAFT, date__gte=today))
    if not drafts:
        return
    days = set(meeting_dates(schedule, today, max(meeting.date for meeting in drafts)))
    for meeting in drafts:
        if meeting.date not in days:
            delete_recorded(meeting, actor, _("The schedule's terms changed: no meeting on this day"))
            continue
        if all(getattr(meeting, name) == getattr(schedule, name) for name in COPIED):
            continue
        for name in COPIED:
            setattr(meeting, name, getattr(schedule, name))
        meeting.version += 1
        save_recorded(meeting, actor, _("The schedule's terms changed"), clean=False)


@transaction.atomic
def schedule_approve(*, actor: Person, schedule: Schedule, today: dt.date | None = None) -> Schedule:
    """Approve a draft schedule (the program manager, Rules p.46, p.66(2)) and generate its meetings for the
    next four weeks; on re-approval the future draft meetings follow the new terms."""
    node = approval_node(schedule)
    if node is None or not authorization.can(actor, authorization.APPROVE, node):
        raise PermissionDenied(_("Only the program manager approves a scrum schedule."))
    today = today or timezone.localdate()
    schedule = _lock(schedule)
    if schedule.status != ScheduleStatus.DRAFT:
        raise ValidationError(
            _("Only a draft schedule is approved; this one is “%(status)s”.")
            % {"status": schedule.get_status_display()}
        )
    schedule.status = ScheduleStatus.APPROVED
    schedule.approved_by = actor
    schedule.approved_at = timezone.now()
    schedule.version += 1
    save_recorded(schedule, actor, _("Scrum schedule approved"), clean=False)
    _resync_drafts(schedule, today, actor)
    meetings_generate(schedule=schedule, until=today + GENERATE_AHEAD, today=today)
    people = [schedule.created_by, schedule.chair, schedule.deputy_chair, schedule.secretary]
    notify(
        recipients=[*people, *schedule.participants.all()],
        actor=actor,
        kind=KIND_APPROVED,
        target=schedule,
        url=schedule.get_absolute_url(),
        params=_params(schedule),
    )
    _publish(schedule, "scrum.schedule.changed")
    return schedule


@transaction.atomic
def schedule_archive(*, actor: Person | None, schedule: Schedule, today: dt.date | None = None) -> Schedule:
    """Retire a schedule: no more meetings are generated, its future draft meetings go, and the level may draft
    a new schedule at the node. Meetings already opened or held stay."""
    today = today or timezone.localdate()
    schedule = _lock(schedule)
    if schedule.status == ScheduleStatus.ARCHIVED:
        raise ValidationError(_("The schedule is already archived."))
    schedule.status = ScheduleStatus.ARCHIVED
    schedule.version += 1
    save_recorded(schedule, actor, _("Scrum schedule archived"), clean=False)
    for meeting in Meeting.objects.filter(schedule=schedule, status=MeetingStatus.DRAFT, date__gte=today):
        delete_recorded(meeting, actor, _("The schedule was archived"))
    _publish(schedule, "scrum.schedule.changed")
    return schedule


# --- meetings from schedules ------------------------------------------------------------------------------------


@transaction.atomic
def meetings_generate(*, schedule: Schedule, until: dt.date, today: dt.date | None = None) -> list[Meeting]:
    """Draft meetings of an approved schedule for its meeting days from today (or its start) to `until`; days
    that already have a meeting (of any status, a cancelled one too) are left alone, so a rerun adds nothing.
    The new meetings, in date order."""
    today = today or timezone.localdate()
    schedule = Schedule.objects.select_for_update(of=("self",)).get(pk=schedule.pk)
    if schedule.status != ScheduleStatus.APPROVED:
        return []
    days = meeting_dates(schedule, max(today, schedule.valid_from), until)
    if not days:
        return []
    existing = set(Meeting.objects.filter(schedule=schedule, date__in=days).values_list("date", flat=True))
    created = []
    for day in days:
        if day in existing:
            continue
        meeting = Meeting(schedule=schedule, date=day, status=MeetingStatus.DRAFT)
        for name in COPIED:
            setattr(meeting, name, getattr(schedule, name))
        created.append(save_recorded(meeting, None, _("Generated from the approved schedule"), clean=False))
    if created:
        events.publish(
            [events.node_group(schedule.node_kind, schedule.node_id)],
            "scrum.meetings.generated",
            {"schedule": schedule.pk, "meetings": [meeting.pk for meeting in created]},
        )
    return created


def meetings_generate_all(*, today: dt.date) -> int:
    """Keep every approved schedule's meetings four weeks ahead (the weekly beat task); how many were added."""
    until = today + GENERATE_AHEAD
    count = 0
    for schedule in Schedule.objects.filter(status=ScheduleStatus.APPROVED).order_by("pk"):
        count += len(meetings_generate(schedule=schedule, until=until, today=today))
    return count


def _starts(meeting: Meeting) -> dt.datetime:
    return dt.datetime.combine(meeting.date, meeting.starts_at, tzinfo=timezone.get_current_timezone())


@transaction.atomic
def meetings_remind(*, now: dt.datetime | None = None) -> list[Meeting]:
    """Remind the chair, deputy chair, secretary and participants of each meeting starting within the next 24
    hours that has not been reminded yet (in the PMIS and by e-mail, in each person's language); the meetings
    reminded. Rows are claimed under a lock that a concurrent run skips, so nobody hears twice."""
    now = now or timezone.now()
    horizon = now + REMIND_AHEAD
    candidates = (
        Meeting.objects.select_for_update(of=("self",), skip_locked=True)
        .filter(
            reminded_at__isnull=True,
            status__in=(MeetingStatus.DRAFT, MeetingStatus.OPEN),
            date__gte=timezone.localdate(now),
            date__lte=timezone.localdate(horizon),
        )
        .select_related(
            "schedule", "schedule__chair", "schedule__deputy_chair", "schedule__secretary", "secretary"
        )
        .prefetch_related("schedule__participants")
        .order_by("date", "starts_at", "pk")
    )
    reminded = []
    for meeting in candidates:
        if not now < _starts(meeting) <= horizon:
            continue
        schedule = meeting.schedule
        notify(
            recipients=[
                schedule.chair,
                schedule.deputy_chair,
                meeting.secretary or schedule.secretary,
                *schedule.participants.all(),
            ],
            actor=None,
            kind=KIND_MEETING_SOON,
            target=meeting,
            url=meeting.get_absolute_url(),
            params={
                **_params(schedule),
                "date": meeting.date.isoformat(),
                "time": meeting.starts_at.strftime("%H:%M"),
                "mode": meeting.mode,
                "place": meeting.place,
                "video_link": meeting.video_link,
            },
            email=True,
        )
        meeting.reminded_at = now
        reminded.append(meeting)
    if reminded:
        Meeting.objects.filter(pk__in=[meeting.pk for meeting in reminded]).update(reminded_at=now)
    return reminded
