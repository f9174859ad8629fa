"""Scrum schedules: drafting, approval by the program manager, changes of terms, generation of meetings."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from org.models import Notification
from org.notification_kinds import render
from pmis.core.concurrency import StaleVersion
from scrum.choices import Level, MeetingStatus, Mode, ScheduleStatus
from scrum.models import Meeting, Schedule
from scrum.selectors.schedules import next_meeting, schedule_at
from scrum.services import schedules as services
from tests.factories_scrum import make_meeting

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = D(2026, 12, 7)  # a Monday


def _draft(sc, **overrides):
    values = {
        "actor": sc.pm,
        "level": Level.TEAM,
        "node": sc.project_b,
        "weekday": 3,
        "starts_at": dt.time(9, 0),
        "mode": Mode.OFFLINE,
        "place": "Каб. 12",
        "chair": sc.pm_b,
        "deputy_chair": sc.member,
        "participants": [sc.member],
        "valid_from": D(2026, 12, 1),
    }
    values.update(overrides)
    return services.schedule_create(**values)


def test_a_draft_schedule_tells_the_program_manager(sc):
    schedule = _draft(sc)
    assert schedule.status == ScheduleStatus.DRAFT
    assert list(schedule.participants.all()) == [sc.member]
    note = Notification.objects.get(kind=services.KIND_SUBMITTED)
    assert note.recipient == sc.program_manager
    assert render(note) == (
        f"{sc.pm.full_name} drafted the scrum schedule «Project team · {sc.project_b.name}» (Project team): "
        "it waits for your approval"
    )
    assert schedule.history.first().history_change_reason == "Scrum schedule drafted"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"node": "program"}, "node"),
        ({"weekday": 6}, "weekday"),
        ({"mode": Mode.ONLINE, "video_link": ""}, "video_link"),
        ({"place": "  "}, "place"),
        ({"deputy_chair": "chair"}, "deputy_chair"),
        ({"valid_until": D(2026, 11, 1)}, "__all__"),
    ],
)
def test_the_rules_of_a_schedule_are_refused_with_a_message(sc, overrides, field):
    if overrides.get("node") == "program":
        overrides["node"] = sc.tree["program"]
    if overrides.get("deputy_chair") == "chair":
        overrides["deputy_chair"] = sc.pm_b
    with pytest.raises(ValidationError) as error:
        _draft(sc, **overrides)
    assert field in error.value.message_dict
    assert not Schedule.objects.filter(node_id=sc.project_b.pk, level=Level.TEAM).exists()


def test_one_active_schedule_per_level_and_node(sc):
    with pytest.raises(ValidationError) as error:
        _draft(sc, node=sc.project)  # project A already has its team's schedule
    assert "already has a scrum schedule" in str(error.value)
    services.schedule_archive(actor=sc.pm, schedule=sc.schedules["team"], today=TODAY)
    assert _draft(sc, node=sc.project, chair=sc.pm).status == ScheduleStatus.DRAFT


def test_only_whoever_may_approve_on_the_program_approves(sc):
    schedule = _draft(sc)
    for person in (sc.po_chief, sc.pm, sc.gp_head):
        with pytest.raises(PermissionDenied):
            services.schedule_approve(actor=person, schedule=schedule, today=TODAY)
    assert Schedule.objects.get(pk=schedule.pk).status == ScheduleStatus.DRAFT
    assert not Meeting.objects.filter(schedule=schedule).exists()


def test_approval_generates_four_weeks_of_meetings_skipping_the_holiday(sc):
    schedule = _draft(sc)
    approved = services.schedule_approve(actor=sc.program_manager, schedule=schedule, today=TODAY)
    assert approved.status == ScheduleStatus.APPROVED and approved.approved_by == sc.program_manager
    dates = list(Meeting.objects.filter(schedule=schedule).order_by("date").values_list("date", flat=True))
    # Wednesdays from 7 December 2026 for four weeks; 16 December (Independence Day) is skipped.
    assert dates == [D(2026, 12, 9), D(2026, 12, 23), D(2026, 12, 30)]
    meeting = Meeting.objects.filter(schedule=schedule).first()
    assert (meeting.starts_at, meeting.place, meeting.mode, meeting.status) == (
        dt.time(9, 0),
        "Каб. 12",
        Mode.OFFLINE,
        MeetingStatus.DRAFT,
    )
    assert set(
        Notification.objects.filter(kind=services.KIND_APPROVED).values_list("recipient", flat=True)
    ) == {
        sc.pm.pk,
        sc.pm_b.pk,
        sc.member.pk,
    }
    with pytest.raises(ValidationError):
        services.schedule_approve(actor=sc.program_manager, schedule=approved, today=TODAY)


def test_generation_is_idempotent_and_only_for_approved_schedules(sc):
    office = sc.schedules["office"]
    first = services.meetings_generate(schedule=office, until=D(2027, 1, 10), today=D(2026, 12, 14))
    assert [meeting.date for meeting in first] == [D(2026, 12, 23), D(2026, 12, 30), D(2027, 1, 6)]
    assert services.meetings_generate(schedule=office, until=D(2027, 1, 10), today=D(2026, 12, 14)) == []
    assert Meeting.objects.filter(schedule=office).count() == 3
    draft = _draft(sc)
    assert services.meetings_generate(schedule=draft, until=D(2027, 1, 10), today=TODAY) == []


def test_generation_respects_the_validity_and_a_cancelled_meeting_stays_cancelled(sc):
    office = sc.schedules["office"]
    office.valid_until = D(2026, 12, 26)
    office.save()
    make_meeting(office, D(2026, 12, 9), status=MeetingStatus.CANCELLED)
    created = services.meetings_generate(schedule=office, until=D(2027, 1, 31), today=TODAY)
    assert [meeting.date for meeting in created] == [D(2026, 12, 23)]


def test_generate_all_keeps_every_approved_schedule_four_weeks_ahead(sc):
    count = services.meetings_generate_all(today=TODAY)
    assert count == Meeting.objects.count() > 0
    assert services.meetings_generate_all(today=TODAY) == 0
    assert not Meeting.objects.filter(date__gt=TODAY + dt.timedelta(weeks=4)).exists()


def test_a_change_of_terms_sends_an_approved_schedule_back_to_draft_and_reapproval_moves_the_meetings(sc):
    office = sc.schedules["office"]
    services.meetings_generate(schedule=office, until=D(2027, 1, 10), today=D(2026, 12, 14))
    opened = Meeting.objects.get(schedule=office, date=D(2026, 12, 23))
    opened.status = MeetingStatus.OPEN
    opened.save()
    changed = services.schedule_update(
        actor=sc.po_head, schedule=office, version=office.version, weekday=4, starts_at=dt.time(11, 0)
    )
    assert changed.status == ScheduleStatus.DRAFT and changed.approved_by is None
    assert "back to draft" in changed.history.first().history_change_reason
    assert Notification.objects.filter(kind=services.KIND_SUBMITTED, recipient=sc.program_manager).exists()
    assert next_meeting(changed, today=D(2026, 12, 14)) == opened
    services.schedule_approve(actor=sc.program_manager, schedule=changed, today=D(2026, 12, 14))
    rows = list(
        Meeting.objects.filter(schedule=office).order_by("date").values_list("date", "starts_at", "status")
    )
    # The opened meeting stays; the Wednesday drafts went; Thursdays came for four weeks (17, 24, 31 December,
    # 7 January — Orthodox Christmas — skipped).
    assert rows == [
        (D(2026, 12, 17), dt.time(11, 0), MeetingStatus.DRAFT),
        (D(2026, 12, 23), dt.time(10, 0), MeetingStatus.OPEN),
        (D(2026, 12, 24), dt.time(11, 0), MeetingStatus.DRAFT),
        (D(2026, 12, 31), dt.time(11, 0), MeetingStatus.DRAFT),
    ]


def test_a_new_place_moves_the_future_drafts_on_reapproval(sc):
    office = sc.schedules["office"]
    services.meetings_generate(schedule=office, until=D(2026, 12, 31), today=D(2026, 12, 14))
    changed = services.schedule_update(
        actor=sc.po_head, schedule=office, version=office.version, place="Зал 2"
    )
    services.schedule_approve(actor=sc.program_manager, schedule=changed, today=D(2026, 12, 14))
    assert set(Meeting.objects.filter(schedule=office).values_list("place", flat=True)) == {"Зал 2"}


def test_a_title_change_keeps_the_approval_and_a_stale_version_is_refused(sc):
    office = sc.schedules["office"]
    changed = services.schedule_update(actor=sc.po_head, schedule=office, version=1, title="Штаб")
    assert changed.status == ScheduleStatus.APPROVED and changed.version == 2
    with pytest.raises(StaleVersion):
        services.schedule_update(actor=sc.po_head, schedule=office, version=1, title="Другое")
    with pytest.raises(ValidationError):
        services.schedule_update(actor=sc.po_head, schedule=office, version=2, level=Level.TEAM)
    assert Schedule.objects.get(pk=office.pk).title == "Штаб"


def test_archiving_removes_the_future_drafts_and_stops_generation(sc):
    office = sc.schedules["office"]
    services.meetings_generate(schedule=office, until=D(2026, 12, 31), today=D(2026, 12, 14))
    services.schedule_archive(actor=sc.po_head, schedule=office, today=D(2026, 12, 14))
    assert not Meeting.objects.filter(schedule=office).exists()
    assert services.meetings_generate(schedule=office, until=D(2026, 12, 31), today=D(2026, 12, 14)) == []
    assert schedule_at(Level.OFFICE, sc.tree["program"].path) is None
    assert schedule_at(Level.COMMITTEE, sc.tree["program"].path) == sc.schedules["committee"]
    with pytest.raises(ValidationError):
        services.schedule_update(actor=sc.po_head, schedule=office, version=None, title="x")


def test_the_meeting_reminder_reads_with_its_place_or_link(sc):
    from types import SimpleNamespace

    params = {"title": "Штаб", "level": "office", "date": "2026-12-23", "time": "10:00"}
    note = SimpleNamespace(
        kind=services.KIND_MEETING_SOON, params={**params, "place": "Каб. 301"}, actor=None
    )
    assert render(note) == "Scrum meeting «Штаб» on 12/23/2026 at 10:00, Каб. 301"
    online = {**params, "mode": "online", "video_link": "https://meet.example.kz/x"}
    assert render(SimpleNamespace(kind=services.KIND_MEETING_SOON, params=online, actor=None)).endswith(
        "online: https://meet.example.kz/x"
    )
