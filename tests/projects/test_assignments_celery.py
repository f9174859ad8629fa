"""The escalation of overdue project assignments run by a real Celery worker on the real Redis broker."""

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from org.models import Notification
from pmis.celery import app
from projects.models import ProjectAssignment
from projects.services import assignments as services
from projects.tasks import assignments_escalate
from tests.projects.test_assignments import Addressee, sent

pytestmark = pytest.mark.django_db(transaction=True)


def _close_worker_connections(**kwargs):
    connections.close_all()  # the worker thread's own connection, so the test database can be dropped


@pytest.fixture
def celery_worker():
    task_postrun.connect(_close_worker_connections)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10
        ) as w:
            yield w
    finally:
        task_postrun.disconnect(_close_worker_connections)


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
