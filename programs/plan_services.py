"""Writes of the program management plan (Rules p.60–62): the problems register of the map of projects and
initiatives (Appendix 3, column 1; p.62(1)) and the priority list for the next twelve months (p.62(3)).

Both belong to whoever may "change" the program: its project office, the program manager, the Office. The
callers (pages, API) have shown the plan only to those who read the whole program (404 otherwise); here a person
without "change" is refused with PermissionDenied (403) and a broken rule with a ValidationError (400), nothing
written.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Person
from pmis.core import authorization
from pmis.core.recording import delete_recorded, refuse_unknown, save_recorded
from projects.choices import FundingSource
from projects.models import Project

from .appendix3 import CLOSED_STATUSES
from .choices import ProblemStatus
from .models import BasicDirection, PriorityProject, ProblemEntry, Program

PROBLEM_FIELDS = ("text_ru", "text_kk", "direction", "status", "assessment", "assessed_on")
PRIORITY_FIELDS = ("financing_need", "funding_source", "note")


def _require_change(actor: Person, program: Program) -> None:
    if not authorization.can(actor, authorization.CHANGE, program):
        raise PermissionDenied(
            _("Only the program's project office or its manager keeps its management plan.")
        )


def _lock(program: Program) -> Program:
    """The program row locked: numbers and ranks are handed out one writer at a time."""
    return Program.objects.select_for_update().get(pk=program.pk)


def _check_direction(program: Program, direction: BasicDirection | None) -> None:
    if direction is not None and direction.program_id != program.pk:
        raise ValidationError({"direction": _("The basic direction must belong to this program.")})


# --- problems register --------------------------------------------------------------------------------------


@transaction.atomic
def problem_create(
    *,
    actor: Person,
    program: Program,
    text_ru: str,
    text_kk: str = "",
    direction: BasicDirection | None = None,
) -> ProblemEntry:
    """Add a problem to the register under the next number of the program."""
    _require_change(actor, program)
    program = _lock(program)
    _check_direction(program, direction)
    last = ProblemEntry.objects.filter(program=program).aggregate(last=Max("number"))["last"] or 0
    problem = ProblemEntry(
        program=program,
        direction=direction,
        number=last + 1,
        text_ru=(text_ru or "").strip(),
        text_kk=(text_kk or "").strip(),
        status=ProblemStatus.OPEN,
    )
    if not problem.text_ru:
        raise ValidationError({"text_ru": _("Describe the problem in Russian.")})
    return save_recorded(problem, actor, _("Problem added"))


@transaction.atomic
def problem_update(*, actor: Person, problem: ProblemEntry, **values) -> ProblemEntry:
    """Change a problem: its texts, direction, dynamics (status), assessment of the current state and its date
    (Rules p.62(1))."""
    refuse_unknown(values, PROBLEM_FIELDS)
    _require_change(actor, problem.program)
    current = ProblemEntry.objects.select_for_update().select_related("program").get(pk=problem.pk)
    if "direction" in values:
        _check_direction(current.program, values["direction"])
    for name in ("text_ru", "text_kk", "assessment"):
        if name in values:
            values[name] = (values[name] or "").strip()
    if "text_ru" in values and not values["text_ru"]:
        raise ValidationError({"text_ru": _("Describe the problem in Russian.")})
    if values.get("status") is not None and values["status"] not in ProblemStatus.values:
        raise ValidationError({"status": _("Choose the dynamics of the problem.")})
    for name, value in values.items():
        setattr(current, name, value)
    return save_recorded(current, actor, _("Problem changed"))


@transaction.atomic
def problem_delete(*, actor: Person, problem: ProblemEntry) -> None:
    """Remove a problem from the register (the numbers of the others stay)."""
    _require_change(actor, problem.program)
    delete_recorded(problem, actor, _("Problem removed"))


# --- priority list ------------------------------------------------------------------------------------------


def _need(value) -> Decimal:
    try:
        need = Decimal(str(value if value not in (None, "") else "0"))
    except (InvalidOperation, ValueError) as error:
        raise ValidationError({"financing_need": _("The financing need is an amount in tenge.")}) from error
    if need < 0:
        raise ValidationError({"financing_need": _("The financing need cannot be negative.")})
    return need


def _source(value) -> str:
    value = (value or "").strip()
    if value and value not in FundingSource.values:
        raise ValidationError({"funding_source": _("Choose one of the funding sources.")})
    return value


@transaction.atomic
def priority_add(
    *,
    actor: Person,
    program: Program,
    project: Project,
    financing_need=Decimal("0"),
    funding_source: str = "",
    note: str = "",
) -> PriorityProject:
    """Put a project of the program on the priority list for the next twelve months (Rules p.62(3)), last."""
    _require_change(actor, program)
    program = _lock(program)
    if not project.path.startswith(program.path):
        raise ValidationError({"project": _("The project must belong to this program.")})
    if project.status in CLOSED_STATUSES:
        raise ValidationError(
            {"project": _("A completed or cancelled project is not put on the priority list.")}
        )
    if PriorityProject.objects.filter(program=program, project=project).exists():
        raise ValidationError({"project": _("This project is already on the priority list.")})
    last = PriorityProject.objects.filter(program=program).aggregate(last=Max("rank"))["last"] or 0
    priority = PriorityProject(
        program=program,
        project=project,
        rank=last + 1,
        financing_need=_need(financing_need),
        funding_source=_source(funding_source),
        note=(note or "").strip(),
        listed_on=timezone.localdate(),
    )
    return save_recorded(priority, actor, _("Priority project added"))


@transaction.atomic
def priority_update(*, actor: Person, priority: PriorityProject, **values) -> PriorityProject:
    """Change a priority project's financing need, funding source or what is to be accelerated."""
    refuse_unknown(values, PRIORITY_FIELDS)
    _require_change(actor, priority.program)
    current = PriorityProject.objects.select_for_update().get(pk=priority.pk)
    if "financing_need" in values:
        current.financing_need = _need(values["financing_need"])
    if "funding_source" in values:
        current.funding_source = _source(values["funding_source"])
    if "note" in values:
        current.note = (values["note"] or "").strip()
    return save_recorded(current, actor, _("Priority project changed"))


@transaction.atomic
def priority_remove(*, actor: Person, priority: PriorityProject) -> None:
    """Take a project off the priority list; those below it move up."""
    _require_change(actor, priority.program)
    program = _lock(priority.program)
    delete_recorded(priority, actor, _("Priority project removed"))
    for rank, row in enumerate(PriorityProject.objects.filter(program=program).order_by("rank", "pk"), 1):
        if row.rank != rank:
            row.rank = rank
            save_recorded(row, actor, _("Priority list renumbered"), clean=False)


@transaction.atomic
def priority_reorder(*, actor: Person, program: Program, order: list[int]) -> list[PriorityProject]:
    """Rank the priority list in `order`: the ids of all its entries, first to last."""
    _require_change(actor, program)
    program = _lock(program)
    rows = {row.pk: row for row in PriorityProject.objects.filter(program=program)}
    try:
        order = [int(pk) for pk in order]
    except (TypeError, ValueError) as error:
        raise ValidationError({"order": _("The order lists the entries of the priority list.")}) from error
    if len(order) != len(set(order)) or set(order) != set(rows):
        raise ValidationError(
            {"order": _("The order must name every entry of this program's priority list once.")}
        )
    for rank, pk in enumerate(order, 1):
        row = rows[pk]
        if row.rank != rank:
            row.rank = rank
            save_recorded(row, actor, _("Priority list reordered"), clean=False)
    return [rows[pk] for pk in order]
