"""The Monday task of the weekly information boards run by a real Celery worker on the real Redis broker."""

import pytest
from celery.contrib.testing.worker import start_worker
from celery.signals import task_postrun
from django.db import connections

from org.models import Notification
from pmis.celery import app
from scrum.models import InformationBoard
from scrum.services.boards import KIND_READY
from scrum.tasks import boards_generate

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


def test_the_worker_takes_last_weeks_boards_and_tells_the_program_manager(sc, celery_worker):
    result = boards_generate.delay("2026-11-16").get(timeout=60)
    assert result == {"day": "2026-11-16", "week_start": "2026-11-09", "boards": 1}
    board = InformationBoard.objects.get()
    assert (board.program_id, board.week_start.isoformat(), board.generated_by) == (
        sc.program.pk,
        "2026-11-09",
        None,
    )
    assert board.figures["program"]["code"] == sc.program.code
    assert list(Notification.objects.filter(kind=KIND_READY).values_list("recipient", flat=True)) == [
        sc.program_manager.pk
    ]
