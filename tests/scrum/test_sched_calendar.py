"""The dates of a schedule's meetings (Kazakhstan's days off skipped), its ICS invitations, and who chairs."""

import datetime as dt

import pytest
from icalendar import Calendar

from org.models import RoleAssignment, Substitution
from scrum.calendar import meeting_dates, meeting_ics, schedule_ics
from scrum.chairing import acting_chair
from scrum.choices import Level
from scrum.models import Schedule
from tests.factories import away
from tests.factories_scrum import make_meeting

pytestmark = pytest.mark.django_db

D = dt.date


def test_a_wednesday_schedule_skips_independence_day(sc):
    office = sc.schedules["office"]  # Wednesday
    days = meeting_dates(office, D(2026, 12, 14), D(2027, 1, 10))
    # 16 December 2026 (Independence Day) is a day off; 6 January 2027 is an ordinary Wednesday.
    assert days == [D(2026, 12, 23), D(2026, 12, 30), D(2027, 1, 6)]


def test_a_friday_schedule_skips_new_year_and_a_thursday_one_christmas(sc):
    committee = sc.schedules["committee"]  # Friday
    assert D(2027, 1, 1) not in meeting_dates(committee, D(2026, 12, 28), D(2027, 1, 10))
    assert meeting_dates(committee, D(2026, 12, 28), D(2027, 1, 10)) == [D(2027, 1, 8)]
    thursday = Schedule(level=Level.OFFICE, weekday=4, valid_from=D(2027, 1, 1))
    # Orthodox Christmas (7 January) is a day off.
    assert meeting_dates(thursday, D(2027, 1, 1), D(2027, 1, 20)) == [D(2027, 1, 14)]


def test_the_dates_stay_within_the_validity(sc):
    office = sc.schedules["office"]
    office.valid_from, office.valid_until = D(2026, 12, 22), D(2027, 1, 5)
    assert meeting_dates(office, D(2026, 12, 1), D(2027, 1, 31)) == [D(2026, 12, 23), D(2026, 12, 30)]
    assert meeting_dates(office, D(2027, 2, 1), D(2027, 2, 28)) == []


def _event(data: bytes):
    calendar = Calendar.from_ical(data)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def test_the_schedule_ics_is_a_weekly_event_with_holidays_excepted(sc):
    office = sc.schedules["office"]
    calendar, event = _event(schedule_ics(office, today=D(2026, 12, 1)))
    rule = event["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["WE"]
    assert event["DTSTART"].dt == dt.datetime(2026, 1, 7, 10, 0, tzinfo=event["DTSTART"].dt.tzinfo)
    assert str(event["DTSTART"].dt.tzinfo) == "Asia/Almaty"
    exdates = event["EXDATE"] if isinstance(event["EXDATE"], list) else [event["EXDATE"]]
    excepted = {value.dt.date() for exdate in exdates for value in exdate.dts}
    assert D(2026, 12, 16) in excepted
    assert D(2026, 12, 23) not in excepted
    assert all(day.isoweekday() == 3 for day in excepted)
    assert str(event["ORGANIZER"]) == "mailto:po_head@example.kz"
    attendees = {str(value) for value in event["ATTENDEE"]}
    # Participants with an e-mail address (the guest has one from the factory too).
    assert {"mailto:pm@example.kz", "mailto:gibd_head@example.kz", "mailto:po_chief@example.kz"} <= attendees
    assert "mailto:po_head@example.kz" not in attendees
    assert str(event["LOCATION"]) == "Каб. 301"
    assert str(event["URL"]).endswith(f"/scrum/schedules/{office.pk}/")
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Asia/Almaty"


def test_an_online_schedule_has_its_link_as_location_and_an_end_in_its_rule(sc):
    team = sc.schedules["team"]
    team.valid_until = D(2026, 12, 31)
    team.save()
    _calendar, event = _event(schedule_ics(team, today=D(2026, 6, 1)))
    assert str(event["LOCATION"]) == "https://meet.example.kz/team-a"
    assert event["RRULE"]["UNTIL"][0].date() == D(2026, 12, 31)


def test_the_meeting_ics_is_one_request_with_a_stable_uid(sc):
    meeting = make_meeting(sc.schedules["office"], D(2026, 12, 23))
    calendar, event = _event(meeting_ics(meeting))
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"scrum-meeting-{meeting.pk}@pmis"
    assert event["DTSTART"].dt == dt.datetime(2026, 12, 23, 10, 0, tzinfo=event["DTSTART"].dt.tzinfo)
    assert (event["DTEND"].dt - event["DTSTART"].dt) == dt.timedelta(minutes=60)
    _again, second = _event(meeting_ics(meeting))
    assert str(second["UID"]) == str(event["UID"])


# --- who chairs -------------------------------------------------------------------------------------------------


def test_the_chair_chairs_when_present(sc, django_assert_max_num_queries):
    office = sc.schedules["office"]
    with django_assert_max_num_queries(1):
        person, note = acting_chair(office, D(2026, 12, 23))
    assert person == sc.po_head and note


def test_the_deputy_chairs_when_the_chair_is_absent(sc):
    away(sc.po_head, D(2026, 12, 21), D(2026, 12, 25))
    person, note = acting_chair(sc.schedules["office"], D(2026, 12, 23))
    assert person == sc.po_chief
    assert "deputy" in note and sc.po_head.full_name in note
    # Outside the absence the chair is back.
    assert acting_chair(sc.schedules["office"], D(2026, 12, 30))[0] == sc.po_head


def test_the_substitution_scheme_names_someone_when_both_are_absent(sc, django_assert_max_num_queries):
    away(sc.po_head, D(2026, 12, 21), D(2026, 12, 25))
    away(sc.po_chief, D(2026, 12, 21), D(2026, 12, 25))
    office = sc.schedules["office"]
    with django_assert_max_num_queries(15):
        person, note = acting_chair(office, D(2026, 12, 23))
    # Someone present who holds, at the program, a role that Appendix 4 lets stand in for the head of the
    # project office (po_head).
    assert person not in (sc.po_head, sc.po_chief, None)
    substitutes = Substitution.objects.filter(substituted__code="po_head").values("substitute")
    assert RoleAssignment.objects.filter(
        person=person, role__in=substitutes, scope_path=sc.tree["program"].path
    ).exists()
    assert "substitution scheme" in note


def test_nobody_chairs_when_the_scheme_names_nobody_present(sc):
    group = sc.schedules["group"]  # chair gp_head, no deputy
    away(sc.gp_head, D(2026, 12, 21), D(2026, 12, 25))
    person, note = acting_chair(group, D(2026, 12, 21))
    # Whoever the scheme names for gp_head on the subgroup (a head above, a coordinator …) or nobody: never the
    # absent chair, and the note says which.
    assert person != sc.gp_head
    assert note
