"""The Monday task of the weekly information boards run by a real Celery worker on the real Redis broker."""

import pytest

from org.models import Notification
from scrum.models import InformationBoard
from scrum.services.boards import KIND_READY
from scrum.tasks import boards_generate

pytestmark = pytest.mark.django_db(transaction=True)


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
