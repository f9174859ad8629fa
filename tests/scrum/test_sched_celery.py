"""Meeting generation and reminders run by a real Celery worker on the real Redis broker."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail

from org.models import Notification
from scrum.choices import MeetingStatus
from scrum.models import Meeting
from scrum.services.schedules import KIND_MEETING_SOON
from scrum.tasks import meetings_generate, meetings_remind
from tests.factories_scrum import make_meeting, make_scrum

pytestmark = pytest.mark.django_db(transaction=True)

ALMATY = ZoneInfo("Asia/Almaty")


def test_the_worker_generates_the_meetings_of_the_approved_schedules(celery_worker):
    make_scrum()
    result = meetings_generate.delay("2026-12-14").get(timeout=30)
    assert result["generated"] == Meeting.objects.count() > 0
    # Independence Day (Wednesday 16 December) has no project office meeting.
    assert not Meeting.objects.filter(date=dt.date(2026, 12, 16)).exists()
    assert meetings_generate.delay("2026-12-14").get(timeout=30)["generated"] == 0


def test_the_worker_reminds_the_people_of_a_meeting_once_by_notification_and_email(celery_worker):
    sc = make_scrum()
    office = sc.schedules["office"]
    soon = make_meeting(office, dt.date(2026, 12, 23))  # Wednesday 10:00
    later = make_meeting(office, dt.date(2026, 12, 30))
    cancelled = make_meeting(sc.schedules["direction"], dt.date(2026, 12, 22), status=MeetingStatus.CANCELLED)
    now = dt.datetime(2026, 12, 22, 12, 0, tzinfo=ALMATY)  # 22 hours before
    result = meetings_remind.delay(now.isoformat()).get(timeout=30)
    assert result["reminded"] == [soon.pk]
    soon.refresh_from_db()
    assert soon.reminded_at == now
    later.refresh_from_db()
    cancelled.refresh_from_db()
    assert later.reminded_at is None and cancelled.reminded_at is None
    people = {sc.po_head, sc.po_chief, sc.gibd_head, sc.gp_head, sc.pm, sc.pm_b, sc.people["guest"]}
    recipients = set(Notification.objects.filter(kind=KIND_MEETING_SOON).values_list("recipient", flat=True))
    assert recipients == {person.pk for person in people}
    assert Notification.objects.filter(kind=KIND_MEETING_SOON).first().url == f"/scrum/meetings/{soon.pk}/"
    mailed = {address for message in mail.outbox for address in message.to}
    assert {"po_head@example.kz", "pm@example.kz"} <= mailed
    assert len(mail.outbox) == len([person for person in people if person.email])
    # A second run an hour later reminds nobody again.
    again = meetings_remind.delay((now + dt.timedelta(hours=1)).isoformat()).get(timeout=30)
    assert again["reminded"] == []
    assert Notification.objects.filter(kind=KIND_MEETING_SOON).count() == len(people)
