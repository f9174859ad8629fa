"""Reads of scrum meetings: the list a person may see, one meeting (404 / 403), and everything its page shows.

Restricted through pmis.core.authorization: a meeting is seen where its schedule's node is, and by the schedule's
own people (chair, deputy chair, secretary, participants). Fixed numbers of queries, pinned in the tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, When
from django.shortcuts import get_object_or_404

from pmis.core import authorization
from pmis.core.nodes import node_model

from ..models import Attendance, Decision, Meeting, Schedule
from .agenda import GroupBlock, agenda_for, agenda_items


def _mine(user) -> Q:
    taking_part = Schedule.participants.through.objects.filter(schedule=OuterRef("schedule"), person=user.pk)
    return (
        Q(schedule__chair=user.pk)
        | Q(schedule__deputy_chair=user.pk)
        | Q(schedule__secretary=user.pk)
        | Q(secretary=user.pk)
        | Q(Exists(taking_part))
    )


def meeting_list(
    user,
    *,
    schedule: int | None = None,
    status: str | Iterable[str] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    node: str | None = None,
    mine: bool = False,
) -> QuerySet[Meeting]:
    """The meetings `user` may see, with their schedule and chair, annotated ``is_mine`` (the person chairs,
    keeps the minutes or takes part). `node` is a path prefix: the meetings of schedules at or under it."""
    meetings = (
        authorization.restrict(Meeting.objects.all(), user)
        .select_related("schedule", "chair", "secretary")
        # CASE, not the bare condition: a NULL (no secretary) must read as False, not sort first.
        .annotate(is_mine=Case(When(_mine(user), then=True), default=False, output_field=BooleanField()))
    )
    if schedule is not None:
        meetings = meetings.filter(schedule_id=schedule)
    if status:
        meetings = meetings.filter(status__in=[status] if isinstance(status, str) else list(status))
    if date_from is not None:
        meetings = meetings.filter(date__gte=date_from)
    if date_to is not None:
        meetings = meetings.filter(date__lte=date_to)
    if node:
        meetings = meetings.filter(schedule__node_path__startswith=node)
    if mine:
        meetings = meetings.filter(is_mine=True)
    return meetings.order_by("date", "starts_at", "pk")


def meeting_get(user, pk, *, action: str = authorization.VIEW) -> Meeting:
    """One meeting: 404 when `user` may not see it, 403 when they may see but not `action` it."""
    meeting = get_object_or_404(meeting_list(user), pk=pk)
    if action != authorization.VIEW:
        authorization.require(user, action, meeting)
    return meeting


@dataclass
class MeetingDetail:
    meeting: Meeting
    node: object | None
    agenda: list[GroupBlock]
    items: list
    attendance: list[Attendance]
    outcomes: list[Decision]

    @property
    def minutes(self) -> int:
        return sum(item.minutes for item in self.items)


def meeting_outcomes(meeting: Meeting) -> list[Decision]:
    return list(
        Decision.objects.filter(meeting=meeting)
        .select_related("owner", "project", "task", "agenda_item")
        .order_by("number")
    )


def meeting_attendance(meeting: Meeting) -> list[Attendance]:
    return list(
        Attendance.objects.filter(meeting=meeting)
        .select_related("person", "acting_for")
        .order_by("person__last_name", "person__first_name", "pk")
    )


def meeting_detail(meeting: Meeting) -> MeetingDetail:
    """What the meeting's page and the API's detail show: the schedule's people, the node, the agenda grouped by
    projects group and project (each item with its outcomes), the attendance and the outcomes. Six queries."""
    schedule = Schedule.objects.select_related("chair", "deputy_chair", "secretary").get(
        pk=meeting.schedule_id
    )
    meeting.schedule = schedule
    node = node_model(schedule.node_kind).objects.filter(pk=schedule.node_id).first()
    items = list(agenda_items(meeting))
    outcomes = meeting_outcomes(meeting)
    by_item: dict[int, list[Decision]] = {}
    for decision in outcomes:
        by_item.setdefault(decision.agenda_item_id, []).append(decision)
    for item in items:
        item.item_outcomes = by_item.get(item.pk, [])
    return MeetingDetail(
        meeting=meeting,
        node=node,
        agenda=agenda_for(meeting, items),
        items=items,
        attendance=meeting_attendance(meeting),
        outcomes=outcomes,
    )


def meeting_people(meeting: Meeting, day: dt.date | None = None) -> QuerySet:
    """Whom an outcome may be given to or whose attendance is marked: the schedule's people and everyone with a
    role in force on the day at or under the schedule's node (one query when evaluated)."""
    from django.utils import timezone

    from org.models import Person, RoleAssignment
    from org.substitution import live_assignments

    day = day or timezone.localdate()
    schedule_id = meeting.schedule_id
    with_roles = RoleAssignment.objects.filter(
        live_assignments(day), scope_path__startswith=meeting.schedule.node_path
    ).values("person")
    taking_part = Schedule.participants.through.objects.filter(schedule=schedule_id).values("person")
    own = Schedule.objects.filter(pk=schedule_id)
    return (
        Person.objects.filter(
            Q(pk__in=with_roles)
            | Q(pk__in=taking_part)
            | Q(pk__in=own.values("chair"))
            | Q(pk__in=own.values("deputy_chair"))
            | Q(pk__in=own.values("secretary"))
            | Q(pk__in=Attendance.objects.filter(meeting=meeting).values("person"))
        )
        .filter(is_active=True)
        .order_by("last_name", "first_name", "pk")
    )
