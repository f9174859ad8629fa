"""Pages of the weekly information board (Rules p.2(3), p.68(4)).

- ``/scrum/boards/`` (`scrum-board-list`): the programs whose whole subtree the person may read, each with its
  latest board's headline figures;
- ``/scrum/boards/<program_pk>/`` (`scrum-board-detail`): a program's board — ``?week=YYYY-MM-DD`` picks an
  earlier week, its latest otherwise; KPI tiles, the tree of directions, groups and projects, the worst deviations
  of the key national indicators and the open escalations by level; printable;
- ``POST /scrum/boards/<program_pk>/generate/`` (`scrum-board-generate`, field ``week``): take the week's board
  now, then back to it.

Whoever works in one project sees the program only as the context of their work: the pages are 404 for them, as
for an outsider (scrum.selectors.boards.board_program). A refused generation re-renders the page with the
message (400) and changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from pmis.core.workdays import monday_of

from ..choices import Level
from ..selectors.boards import WEEK, board_for, board_program, board_programs, board_weeks, localized
from ..services.boards import board_generate

#: How a row's level reads.
LEVELS = {
    "direction": gettext_lazy("Basic direction"),
    "group": gettext_lazy("Group of projects"),
    "project": gettext_lazy("Project"),
}


def bar_class(progress: int | None) -> str:
    """The colour of a progress bar: on track, behind, far behind."""
    if progress is None:
        return "bg-secondary"
    if progress >= 80:
        return "bg-success"
    return "bg-warning" if progress >= 50 else "bg-danger"


def _shown(figures: dict) -> dict:
    """The figures as the page shows them: names in the reader's language, level names, bar colours."""
    shown = localized(figures)
    levels = dict(Level.choices)
    shown["totals"] = {**shown["totals"], "bar": bar_class(shown["totals"]["progress"])}
    shown["rows"] = [
        {**row, "level_label": LEVELS.get(row["level"], row["level"]), "bar": bar_class(row["progress"])}
        for row in shown["rows"]
    ]
    directions = [row for row in shown["rows"] if row["level"] == "direction"]
    shown["chart"] = (
        {
            "labels": [row["label"] for row in directions],
            "planned": [row["tasks_planned"] for row in directions],
            "done": [row["tasks_done"] for row in directions],
            "overdue": [row["tasks_overdue"] for row in directions],
        }
        if any(row["tasks_planned"] or row["tasks_done"] or row["tasks_overdue"] for row in directions)
        else None
    )
    shown["escalations_by_level"] = [
        {**row, "label": levels.get(row["level"], row["level"])} for row in shown["escalations_by_level"]
    ]
    return shown


def _week_asked(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": value}
        ) from None


class BoardListPage(LoginRequiredMixin, View):
    def get(self, request):
        programs = board_programs(request.user)
        rows = [
            {
                "program": program,
                "board": program.latest_board,
                "totals": (
                    {
                        **program.latest_board.figures.get("totals", {}),
                        "bar": bar_class(program.latest_board.figures.get("totals", {}).get("progress")),
                    }
                    if program.latest_board
                    else None
                ),
            }
            for program in programs
        ]
        return render(request, "scrum/board_list.html", {"rows": rows})


class BoardDetailPage(LoginRequiredMixin, View):
    def get(self, request, program_pk: int):
        program = board_program(request.user, program_pk)
        try:
            week = _week_asked(request.GET.get("week"))
        except ValidationError as error:
            return self.page(request, program, None, errors=error.messages, status=400)
        return self.page(request, program, week)

    def page(self, request, program, week, *, errors=(), status=200):
        board = board_for(program, week)
        weeks = board_weeks(program)
        this_week = monday_of(timezone.localdate())
        choices = sorted({*weeks, this_week, this_week - WEEK}, reverse=True)
        selected = board.week_start if board is not None else (week or this_week - WEEK)
        context = {
            "program": program,
            "board": board,
            "figures": _shown(board.figures) if board is not None else None,
            "week": selected,
            "week_end": selected + dt.timedelta(days=6),
            "weeks": choices,
            "errors": list(errors),
        }
        return render(request, "scrum/board_detail.html", context, status=status)


class BoardGeneratePage(BoardDetailPage):
    def get(self, request, program_pk: int):
        return redirect("scrum-board-detail", program_pk)

    def post(self, request, program_pk: int):
        program = board_program(request.user, program_pk)
        try:
            week = _week_asked(request.POST.get("week")) or monday_of(timezone.localdate())
            board = board_generate(program=program, week_start=week, actor=request.user)
        except ValidationError as error:
            return self.page(request, program, None, errors=error.messages, status=400)
        messages.success(request, _("The information board is taken: the figures are as of now."))
        return redirect(
            f"{reverse('scrum-board-detail', args=[program.pk])}?week={board.week_start.isoformat()}"
        )


urlpatterns = [
    path("boards/", BoardListPage.as_view(), name="scrum-board-list"),
    path("boards/<int:program_pk>/", BoardDetailPage.as_view(), name="scrum-board-detail"),
    path("boards/<int:program_pk>/generate/", BoardGeneratePage.as_view(), name="scrum-board-generate"),
]
