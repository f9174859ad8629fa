"""Reads of scrum schedules and of their coming meetings, restricted through pmis.core.authorization.

A schedule is seen by whoever may view its node (the level's own people), and by its chair, deputy chair,
secretary and participants without a role there. Each function owns its joins so that a list costs a fixed
number of queries whatever its length.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from pmis.core import authorization
from pmis.core.nodes import ancestor_id, node_model

from ..choices import MeetingStatus, ScheduleStatus
from ..models import Meeting, Schedule

#: Meetings that are still to be held (or are being held).
ACTIVE_MEETINGS = (MeetingStatus.DRAFT, MeetingStatus.OPEN, MeetingStatus.IN_PROGRESS)


def _people(queryset: QuerySet[Schedule]) -> QuerySet[Schedule]:
    return queryset.select_related("chair", "deputy_chair", "secretary", "approved_by").prefetch_related(
        "participants"
    )


def schedule_list(
    user,
    *,
    node=None,
    level: str | None = None,
    status: str | None = None,
    action: str = authorization.VIEW,
) -> QuerySet[Schedule]:
    """The schedules `user` may `action`, with their people (chair, deputy, secretary, participants) read in two
    queries; at one node, of one level, in one status when given. Archived ones only when asked for by status."""
    schedules = _people(authorization.restrict(Schedule.objects.all(), user, action))
    if node is not None:
        schedules = schedules.filter(node_kind=node.KIND, node_id=node.pk)
    if level:
        schedules = schedules.filter(level=level)
    if status:
        schedules = schedules.filter(status=status)
    return schedules.order_by("node_path", "level", "pk")


NAME_FIELDS = ("name_kk", "name_ru", "name_en")


def with_nodes(schedules: Iterable[Schedule]) -> list[Schedule]:
    """The schedules with their nodes (`Schedule.node`, which names them) filled in: one query per kind of node
    present, at most five, whatever the number of rows."""
    schedules = list(schedules)
    wanted: dict[str, set[int]] = {}
    for schedule in schedules:
        wanted.setdefault(schedule.node_kind, set()).add(schedule.node_id)
    found = {}
    for kind, ids in sorted(wanted.items()):
        for node in node_model(kind).objects.filter(pk__in=ids).only("id", "path", "code", *NAME_FIELDS):
            found[(kind, node.pk)] = node
    for schedule in schedules:
        schedule.__dict__["node"] = found.get((schedule.node_kind, schedule.node_id))
    return schedules


def schedule_get(user, pk, *, action: str = authorization.VIEW) -> Schedule:
    """One schedule: Http404 when `user` may not see it, PermissionDenied when they may see it but not
    `action` it."""
    schedule = schedule_list(user).filter(pk=pk).first() if str(pk).isdigit() else None
    if schedule is None:
        raise Http404
    if action != authorization.VIEW:
        authorization.require(user, action, schedule)
    return with_nodes([schedule])[0]


def schedule_at(level: str, node_path: str) -> Schedule | None:
    """The approved schedule of `level` at the node with this path (escalations land on its next meeting)."""
    return (
        Schedule.objects.filter(level=level, node_path=node_path, status=ScheduleStatus.APPROVED)
        .select_related("chair", "deputy_chair", "secretary")
        .first()
    )


def next_meeting(schedule: Schedule, *, today: dt.date | None = None) -> Meeting | None:
    """The schedule's first meeting on or after `today` that is neither closed nor cancelled."""
    today = today or timezone.localdate()
    return (
        Meeting.objects.filter(schedule=schedule, date__gte=today, status__in=ACTIVE_MEETINGS)
        .order_by("date", "starts_at")
        .first()
    )


def current_meeting(schedule: Schedule, *, today: dt.date | None = None) -> Meeting | None:
    """This week's meeting of the schedule (held or not), else the next one to be held."""
    today = today or timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday())
    this_week = (
        Meeting.objects.filter(schedule=schedule, date__gte=monday, date__lte=monday + dt.timedelta(days=6))
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("date")
        .first()
    )
    return this_week or next_meeting(schedule, today=today)


def with_next_meetings(schedules, *, today: dt.date | None = None) -> list[Schedule]:
    """The schedules with `next_meeting_row` set to their next meeting (or None), read in one query."""
    today = today or timezone.localdate()
    schedules = list(schedules)
    ids = [schedule.pk for schedule in schedules]
    first: dict[int, Meeting] = {}
    if ids:
        meetings = (
            Meeting.objects.filter(schedule__in=ids, date__gte=today, status__in=ACTIVE_MEETINGS)
            .order_by("schedule_id", "date", "starts_at")
            .distinct("schedule_id")
        )
        first = {meeting.schedule_id: meeting for meeting in meetings}
    for schedule in schedules:
        schedule.next_meeting_row = first.get(schedule.pk)
    return schedules


def schedules_of_node(user, node) -> QuerySet[Schedule]:
    """The schedules that meet at `node` and that `user` may view, archived ones left out."""
    return schedule_list(user, node=node).exclude(status=ScheduleStatus.ARCHIVED)


def node_schedules_card(user, node, *, today: dt.date | None = None) -> dict:
    """The context of ``scrum/_node_schedules.html``: the node's schedules with their next meetings, and
    whether the person may draft a new one here."""
    schedules = with_next_meetings(schedules_of_node(user, node), today=today)
    for schedule in schedules:
        schedule.__dict__["node"] = node  # they all meet here: `Schedule.node` without a query
    return {
        "node": node,
        "node_ref": f"{node.KIND}:{node.pk}",
        "schedules": schedules,
        "can_add": authorization.can(user, authorization.CHANGE, node),
    }


def schedule_meetings(schedule: Schedule, *, today: dt.date | None = None, count: int = 4) -> list[Meeting]:
    """The schedule's next `count` meetings still to be held, soonest first."""
    today = today or timezone.localdate()
    return list(
        Meeting.objects.filter(schedule=schedule, date__gte=today, status__in=ACTIVE_MEETINGS).order_by(
            "date", "starts_at"
        )[:count]
    )


@dataclass
class ProgramGroup:
    """The schedules of one program on the list page (the governing council's under its portfolio)."""

    key: str
    node: object | None
    schedules: list[Schedule]


def schedules_by_program(schedules: list[Schedule]) -> list[ProgramGroup]:
    """Group the schedules by the program they belong to (the portfolio for the governing council), with the
    program or portfolio nodes read in one query per kind."""
    keys: dict[str, list[Schedule]] = {}
    wanted: dict[str, set[int]] = {"program": set(), "portfolio": set()}
    for schedule in schedules:
        program = ancestor_id(schedule.node_path, "program")
        kind, pk = (
            ("program", program)
            if program is not None
            else (
                "portfolio",
                ancestor_id(schedule.node_path, "portfolio"),
            )
        )
        keys.setdefault(f"{kind}:{pk}", []).append(schedule)
        wanted[kind].add(pk)
    nodes = {}
    for kind, ids in wanted.items():
        if ids:
            nodes.update({f"{kind}:{node.pk}": node for node in node_model(kind).objects.filter(pk__in=ids)})
    return [ProgramGroup(key=key, node=nodes.get(key), schedules=rows) for key, rows in keys.items()]
