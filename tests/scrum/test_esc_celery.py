"""Reminders of overdue binding outcomes (Rules p.45) run by a real Celery worker on the real Redis broker: in the
PMIS and by e-mail, once a working day, nothing on a day off."""

import datetime as dt

import pytest
from django.core import mail

from org.models import Notification
from scrum.services.decisions import KIND_OVERDUE
from scrum.tasks import decisions_remind
from tests.scrum.test_esc_decisions import decision_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_reminds_the_owner_by_mail_once_a_day(sc, celery_worker):  # noqa: F811
    late = decision_of(
        sc, sc.schedules["office"], owner=sc.pm, due_on=dt.date(2026, 11, 24), text="Сдать отчёт"
    )
    decision_of(sc, sc.schedules["office"], owner=sc.pm_b, meeting=late.meeting, due_on=dt.date(2099, 1, 1))
    mail.outbox.clear()
    saturday = decisions_remind.delay("2026-11-28").get(timeout=30)
    assert saturday == {"day": "2026-11-28", "working_day": False, "reminded": []}
    result = decisions_remind.delay("2026-11-26").get(timeout=30)
    assert result == {"day": "2026-11-26", "working_day": True, "reminded": [late.pk]}
    assert Notification.objects.get(kind=KIND_OVERDUE).recipient == sc.pm
    assert [message.to for message in mail.outbox] == [[sc.pm.email]]
    assert "Сдать отчёт" in mail.outbox[0].body
    again = decisions_remind.delay("2026-11-26").get(timeout=30)
    assert again["reminded"] == []
    assert len(mail.outbox) == 1
