"""The dates of a scrum schedule's meetings and its calendar invitations (iCalendar, RFC 5545).

A schedule meets on its weekday every week of its validity (Rules p.2(60), p.46), except on the days that are
not worked in Kazakhstan: public holidays and the days off moved by the Government (`pmis.core.workdays`). The
invitation of a schedule is one weekly event with a rule, and an exception date for each skipped holiday of the
coming year; the invitation of one meeting is a single event whose UID stays the same across sends, so a
calendar updates it instead of adding a second one. Times are Asia/Almaty (settings.TIME_ZONE).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from pmis.core.workdays import is_working_day, monday_of

WEEK = dt.timedelta(days=7)
ICS_WEEKDAYS = {1: "MO", 2: "TU", 3: "WE", 4: "TH", 5: "FR", 6: "SA", 7: "SU"}
#: How far ahead a schedule's invitation lists the holidays it skips.
EXCEPTIONS_AHEAD = dt.timedelta(days=365)
PRODID = "-//PMIS//Weekly scrum//EN"


def _weekdays(schedule, start: dt.date, end: dt.date) -> list[dt.date]:
    """The schedule's weekday in every week within [start, end] ∩ its validity, worked or not."""
    first = max(start, schedule.valid_from)
    last = end if schedule.valid_until is None else min(end, schedule.valid_until)
    day = monday_of(first) + dt.timedelta(days=schedule.weekday - 1)
    days = []
    while day <= last:
        if day >= first:
            days.append(day)
        day += WEEK
    return days


def meeting_dates(schedule, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days the schedule meets within [start, end]: its weekday in each week of its validity, except the
    days off of Kazakhstan's calendar (public holidays, transferred days off)."""
    return [day for day in _weekdays(schedule, start, end) if is_working_day(day)]


def skipped_dates(schedule, start: dt.date, end: dt.date) -> list[dt.date]:
    """The schedule's weekdays within [start, end] on which it does not meet (days off)."""
    return [day for day in _weekdays(schedule, start, end) if not is_working_day(day)]


def _zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def _url(path: str) -> str:
    return f"{settings.PMIS_BASE_URL.rstrip('/')}{path}"


def _address(person, role: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = vText(person.full_name)
    address.params["role"] = vText(role)
    return address


def _calendar(method: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    return calendar


def _fill(event: Event, schedule, *, place: str, video_link: str, chair, people) -> None:
    """Summary, organizer, attendees and location shared by the two kinds of invitation."""
    event.add("summary", schedule.name)
    if chair is not None and chair.email:
        event.add("organizer", _address(chair, "CHAIR"))
    seen = {chair.pk} if chair is not None else set()
    for person in people:
        if person is None or person.pk in seen or not person.email:
            continue
        seen.add(person.pk)
        event.add("attendee", _address(person, "REQ-PARTICIPANT"))
    location = place or video_link
    if location:
        event.add("location", location)
    if video_link and video_link != location:
        event.add("description", video_link)


def _finish(calendar: Calendar) -> bytes:
    calendar.add_missing_timezones()
    return calendar.to_ical()


def schedule_ics(schedule, *, today: dt.date | None = None) -> bytes:
    """The schedule as a weekly recurring event: RRULE on its weekday until the end of its validity, an EXDATE
    for each day off it skips in the coming year, the chair as organizer and the participants (with an e-mail
    address) as attendees."""
    today = today or timezone.localdate()
    zone = _zone()
    first = schedule.valid_from + dt.timedelta(days=(schedule.weekday - schedule.valid_from.isoweekday()) % 7)
    start = dt.datetime.combine(first, schedule.starts_at, tzinfo=zone)
    event = Event()
    event.add("uid", f"scrum-schedule-{schedule.pk}@pmis")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=schedule.duration_minutes))
    rule = {"freq": "weekly", "byday": ICS_WEEKDAYS[schedule.weekday]}
    if schedule.valid_until is not None:
        rule["until"] = dt.datetime.combine(schedule.valid_until, dt.time(23, 59, 59), tzinfo=zone)
    event.add("rrule", rule)
    for day in skipped_dates(schedule, max(today, schedule.valid_from), today + EXCEPTIONS_AHEAD):
        event.add("exdate", dt.datetime.combine(day, schedule.starts_at, tzinfo=zone))
    event.add("sequence", schedule.version)
    event.add("url", _url(schedule.get_absolute_url()))
    _fill(
        event,
        schedule,
        place=schedule.place,
        video_link=schedule.video_link,
        chair=schedule.chair,
        people=[schedule.deputy_chair, schedule.secretary, *schedule.participants.all()],
    )
    calendar = _calendar()
    calendar.add("x-wr-calname", schedule.name)
    calendar.add_component(event)
    return _finish(calendar)


def meeting_ics(meeting) -> bytes:
    """One meeting as an invitation (METHOD:REQUEST) with a UID stable per meeting; a cancelled meeting is sent
    as cancelled so the calendars drop it."""
    schedule = meeting.schedule
    start = dt.datetime.combine(meeting.date, meeting.starts_at, tzinfo=_zone())
    event = Event()
    event.add("uid", f"scrum-meeting-{meeting.pk}@pmis")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start)
    event.add("dtend", start + dt.timedelta(minutes=meeting.duration_minutes))
    event.add("sequence", meeting.version)
    event.add("url", _url(meeting.get_absolute_url()))
    event.add("status", "CANCELLED" if meeting.status == "cancelled" else "CONFIRMED")
    _fill(
        event,
        schedule,
        place=meeting.place,
        video_link=meeting.video_link,
        chair=meeting.chair or schedule.chair,
        people=[
            schedule.chair,
            schedule.deputy_chair,
            meeting.secretary or schedule.secretary,
            *schedule.participants.all(),
        ],
    )
    calendar = _calendar("CANCEL" if meeting.status == "cancelled" else "REQUEST")
    calendar.add_component(event)
    return _finish(calendar)
