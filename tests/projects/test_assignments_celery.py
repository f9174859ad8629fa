"""The escalation of overdue project assignments run by a real Celery worker on the real Redis broker."""

import pytest

from org.models import Notification
from projects.models import ProjectAssignment
from projects.services import assignments as services
from projects.tasks import assignments_escalate
from tests.projects.test_assignments import Addressee, sent

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_worker_escalates_an_assignment_whose_executors_are_late(ws, celery_worker):
    addressee = Addressee()
    waiting = sent(ws, addressee)  # sent 15 December 2026: executors due on the 17th (16th is a holiday)
    result = assignments_escalate.delay("2026-12-18").get(timeout=30)
    assert result == {"day": "2026-12-18", "working_day": True, "escalated": [waiting.pk]}
    assert ProjectAssignment.objects.get().escalated_at is not None
    recipients = set(
        Notification.objects.filter(kind=services.KIND_ESCALATED).values_list("recipient", flat=True)
    )
    assert {ws.pm.pk, ws.bd_head.pk} <= recipients
    assert assignments_escalate.delay("2026-12-21").get(timeout=30)["escalated"] == []
