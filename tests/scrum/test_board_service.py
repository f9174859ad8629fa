"""Taking the weekly information board (Rules p.68(4)): on demand (one board per program and week, taken again in
place), the refused weeks, and the Monday task for every program under way with the program manager told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from org.models import Notification
from pmis.core.choices import Status
from pmis.core.workdays import monday_of
from scrum.models import InformationBoard, Sprint
from scrum.services.boards import KIND_READY, board_generate, boards_generate_all
from tests.factories import away, make_program
from tests.scrum import ALMATY

pytestmark = pytest.mark.django_db

WEEK = dt.date(2026, 11, 9)
NOW = dt.datetime(2026, 11, 16, 7, 0, tzinfo=ALMATY)


def test_generate_takes_the_board_and_again_in_place(sc):
    board = board_generate(program=sc.program, week_start=WEEK, actor=sc.po_head, now=NOW)
    assert board.taken_again is False
    assert (board.generated_by, board.generated_at, board.week_start) == (sc.po_head, NOW, WEEK)
    assert board.figures["totals"]["tasks_planned"] == 0
    Sprint.objects.create(project=sc.project, week_start=WEEK, status="closed", planned_count=4, done_count=1)
    later = NOW + dt.timedelta(hours=2)
    again = board_generate(program=sc.program, week_start=WEEK, actor=sc.program_manager, now=later)
    assert again.pk == board.pk and again.taken_again is True
    assert InformationBoard.objects.count() == 1
    board.refresh_from_db()
    assert board.generated_by == sc.program_manager and board.generated_at == later
    assert (board.figures["totals"]["tasks_planned"], board.figures["totals"]["tasks_done"]) == (4, 1)


@pytest.mark.parametrize(
    ("week", "message"),
    [(dt.date(2026, 11, 10), "starts on a Monday"), (dt.date(2026, 11, 23), "has not begun yet")],
)
def test_a_week_that_is_not_a_monday_or_has_not_begun_is_refused(sc, week, message):
    with pytest.raises(ValidationError) as refused:
        board_generate(program=sc.program, week_start=week, actor=sc.po_head, now=NOW)
    assert message in str(refused.value)
    assert not InformationBoard.objects.exists()


def test_the_current_week_may_be_taken_while_it_lasts(sc):
    board = board_generate(program=sc.program, week_start=monday_of(NOW.date()), now=NOW)
    assert board.figures["as_of"] == "2026-11-16"


def test_weekly_generation_for_every_program_under_way(sc, django_capture_on_commit_callbacks):
    closed = make_program(portfolio=sc.portfolio, name="Завершённая программа", status=Status.COMPLETED)
    other = make_program(portfolio=sc.portfolio, name="Вторая программа")
    with django_capture_on_commit_callbacks(execute=True):
        assert boards_generate_all(today=dt.date(2026, 11, 16)) == 2
    boards = InformationBoard.objects.order_by("program__code")
    assert {(b.program_id, b.week_start, b.generated_by_id) for b in boards} == {
        (sc.program.pk, WEEK, None),
        (other.pk, WEEK, None),
    }
    assert not InformationBoard.objects.filter(program=closed).exists()
    told = Notification.objects.get(kind=KIND_READY, params__program=sc.program.code)
    assert told.recipient == sc.program_manager
    # The second program has no manager: whoever stands in for the vacancy hears of it (Rules p.99).
    vacancy = Notification.objects.get(kind=KIND_READY, params__program=other.code)
    assert vacancy.recipient == sc.curator
    assert told.params["week_start"] == "2026-11-09" and told.url.endswith("?week=2026-11-09")
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [sc.program_manager.email, sc.curator.email]
    )
    # Run again the same Monday: the same boards, taken again, no duplicates.
    assert boards_generate_all(today=dt.date(2026, 11, 17)) == 2
    assert InformationBoard.objects.count() == 2


def test_the_stand_ins_of_an_absent_program_manager_are_told(sc):
    away(sc.program_manager, dt.date(2026, 11, 10), dt.date(2026, 11, 20))
    boards_generate_all(today=dt.date(2026, 11, 16))
    recipients = set(Notification.objects.filter(kind=KIND_READY).values_list("recipient", flat=True))
    # Rules App.4: the head of the project office stands in for the program manager (among others).
    assert sc.po_head.pk in recipients and sc.program_manager.pk not in recipients


def test_the_notice_reads_in_the_readers_language(sc):
    from org.notification_kinds import KINDS

    boards_generate_all(today=dt.date(2026, 11, 16))
    told = Notification.objects.get(kind=KIND_READY)
    with translation.override("ru"):
        text = KINDS[KIND_READY].render(told.params, told)
    assert sc.program.name_ru in text and "09.11.2026" in text
