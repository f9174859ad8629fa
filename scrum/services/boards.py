"""Writes of the weekly information board (Rules p.2(3), p.68(4)): take a program's board of a week.

A board is a snapshot: `board_generate` computes the figures (scrum.selectors.boards.board_figures) and keeps them
in the program's InformationBoard of that week, replacing the figures taken before (one board per program and
week). The Monday task takes the board of the week before for every program still under way and tells the
program manager (and whoever stands in for them, Rules p.99); anyone who may read the program's whole subtree
may take it again on demand (the callers decide that through scrum.selectors.boards.board_program).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Person, Role
from org.scopes import Scope
from org.services.notifications import notify
from org.substitution import acting_holders
from pmis.core.choices import Status
from pmis.core.events import node_group, publish
from pmis.core.recording import save_recorded
from pmis.core.workdays import monday_of, short_date
from programs.models import Program

from ..models import InformationBoard
from ..selectors.boards import board_figures, last_week

KIND_READY = "scrum.board_ready"
#: The programs the Monday task takes boards of: those whose work goes on.
UNDER_WAY = (Status.ACTIVE, Status.SUSPENDED)


def _check_week(week_start: dt.date, today: dt.date) -> None:
    if week_start.isoweekday() != 1:
        raise ValidationError(
            {
                "week_start": _("A week starts on a Monday: %(day)s is not one.")
                % {"day": short_date(week_start)}
            }
        )
    if week_start > monday_of(today):
        raise ValidationError(
            {
                "week_start": _("The week of %(day)s has not begun yet: a board shows a week that has.")
                % {"day": short_date(week_start)}
            }
        )


@transaction.atomic
def board_generate(
    *, program: Program, week_start: dt.date, actor: Person | None = None, now: dt.datetime | None = None
) -> InformationBoard:
    """Take the board of `program` for the week starting on `week_start` (a Monday, not after this week's): a new
    one, or fresh figures in the one taken before (`taken_again` on the answer says which). `actor` None: the
    weekly task took it."""
    now = now or timezone.now()
    _check_week(week_start, timezone.localtime(now).date())
    board = (
        InformationBoard.objects.select_for_update().filter(program=program, week_start=week_start).first()
    )
    again = board is not None
    if board is None:
        board = InformationBoard(program=program, week_start=week_start)
    board.figures = board_figures(program, week_start, now=now)
    board.generated_at = now
    board.generated_by = actor
    reason = _("Information board taken again") if again else _("Information board taken")
    save_recorded(board, actor, reason)
    board.taken_again = again
    publish(
        [node_group("program", program.pk)],
        "scrum.board.generated",
        {"program": program.pk, "week_start": week_start.isoformat(), "board": board.pk},
    )
    return board


def _program_managers(programs: list[Program], on: dt.date) -> dict[int, list[Person]]:
    """Who acts as the program manager of each program on the day: the holders, or their stand-ins."""
    role = Role.objects.filter(code="program_manager", is_active=True).first()
    if role is None:
        return {}
    return {
        program.pk: [holder.person for holder in acting_holders(role, Scope.of(program), on=on).holders]
        for program in programs
    }


def boards_generate_all(*, today: dt.date) -> int:
    """The Monday task: take the board of the week before `today`'s for every program under way, and tell each
    program's manager it is ready. Each board is its own transaction: one program's failure keeps the others'.
    Answers how many boards were taken."""
    week_start = last_week(today)
    programs = list(Program.objects.filter(status__in=UNDER_WAY).order_by("code"))
    managers = _program_managers(programs, today)
    for program in programs:
        with transaction.atomic():
            board = board_generate(program=program, week_start=week_start)
            notify(
                recipients=managers.get(program.pk, []),
                actor=None,
                kind=KIND_READY,
                target=board,
                url=board.get_absolute_url(),
                params={
                    "program": program.code,
                    "program_names": {"kk": program.name_kk, "ru": program.name_ru, "en": program.name_en},
                    "week_start": week_start.isoformat(),
                },
                email=True,
            )
    return len(programs)
