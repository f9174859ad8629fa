"""XLSX exports of a project's workspace: its tasks and its risk register (openpyxl).

Each workbook has one sheet: a title row (project code and name, the day of the export), the header row in the
reader's language (bold, frozen, with an auto-filter), then one row per object. Dates are real Excel dates, so
the sheet sorts and filters them as dates. The caller reads the rows through the authorization module; building
the sheet runs no query of its own (everything it names is joined beforehand).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from io import BytesIO

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from pmis.core import authorization

from .models import Project, Risk, Task
from .selectors.risks import risk_level

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "DD.MM.YYYY"
DATETIME_FORMAT = "DD.MM.YYYY HH:MM"
HEADER_ROW = 2
HEADER_FILL = PatternFill("solid", fgColor="E8E8F0")
LEVEL_FILLS = {
    "high": PatternFill("solid", fgColor="F8B4B4"),
    "medium": PatternFill("solid", fgColor="FDE68A"),
    "low": PatternFill("solid", fgColor="BBF7D0"),
}


@dataclass
class Column:
    header: Callable[[], str]
    value: Callable
    width: int
    number_format: str = ""
    wrap: bool = False


def _person(person) -> str:
    return person.full_name if person is not None else ""


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    """Excel has no time zones: a moment is written as Astana's wall-clock time."""
    if moment is None:
        return None
    return timezone.localtime(moment).replace(tzinfo=None)


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _sheet(
    workbook: Workbook, *, title: str, project: Project, columns: list[Column], rows: Iterable
) -> None:
    sheet = workbook.active
    sheet.title = title[:31]
    today = timezone.localdate()
    exported = _("Exported on %(day)s") % {"day": date_format(today, "SHORT_DATE_FORMAT")}
    heading = sheet.cell(row=1, column=1, value=f"{project.code} — {project.name}. {title}. {exported}")
    heading.font = Font(bold=True, size=13)
    for index, column in enumerate(columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column.header())
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    last_row = HEADER_ROW
    for last_row, obj in enumerate(rows, start=HEADER_ROW + 1):
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(row=last_row, column=index, value=column.value(obj))
            if column.number_format:
                cell.number_format = column.number_format
            if column.wrap:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{get_column_letter(len(columns))}{max(last_row, HEADER_ROW + 1)}"


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- tasks ------------------------------------------------------------------------------------------------------


def export_tasks(user, project: Project) -> QuerySet[Task]:
    """The project's tasks the reader may see, in board order, with what the sheet names joined (one query)."""
    queryset = (
        Task.objects.filter(project=project)
        .select_related("column", "assignee", "sprint")
        .order_by("column__position", "position", "id")
    )
    return authorization.restrict(queryset, user, authorization.VIEW)


TASK_COLUMNS = [
    Column(lambda: _("No."), lambda task: task.number, 7),
    Column(lambda: _("Task"), lambda task: task.title, 48, wrap=True),
    Column(lambda: _("Column"), lambda task: task.column.name, 16),
    Column(lambda: _("Assignee"), lambda task: _person(task.assignee), 28),
    Column(lambda: _("Start"), lambda task: task.starts_on, 12, DATE_FORMAT),
    Column(lambda: _("Due date"), lambda task: task.due_on, 12, DATE_FORMAT),
    Column(lambda: _("Priority"), lambda task: task.get_priority_display(), 12),
    Column(lambda: _("Labels"), lambda task: ", ".join(task.labels), 20),
    Column(lambda: _("Blocked"), lambda task: _yes_no(task.blocked), 10),
    Column(lambda: _("Why blocked"), lambda task: task.blocked_reason, 30, wrap=True),
    Column(lambda: _("Estimate, hours"), lambda task: _number(task.estimate_hours), 11, "0.0"),
    Column(
        lambda: _("Sprint week"),
        lambda task: task.sprint.week_start if task.sprint else None,
        12,
        DATE_FORMAT,
    ),
    Column(lambda: _("Created"), lambda task: _local(task.created_at), 16, DATETIME_FORMAT),
    Column(lambda: _("Done"), lambda task: _local(task.done_at), 16, DATETIME_FORMAT),
]


def tasks_workbook(project: Project, tasks: Iterable[Task]) -> Workbook:
    workbook = Workbook()
    _sheet(workbook, title=_("Tasks"), project=project, columns=TASK_COLUMNS, rows=tasks)
    return workbook


# --- risks ------------------------------------------------------------------------------------------------------


def export_risks(user, project: Project) -> QuerySet[Risk]:
    """The project's risk register the reader may see, by score, with the owner joined (one query)."""
    queryset = Risk.objects.filter(project=project).select_related("owner").order_by("-score", "number")
    return authorization.restrict(queryset, user, authorization.VIEW)


RISK_COLUMNS = [
    Column(lambda: _("No."), lambda risk: f"R-{risk.number}", 7),
    Column(lambda: _("Risk"), lambda risk: risk.title, 44, wrap=True),
    Column(lambda: _("Kind"), lambda risk: _("Opportunity") if risk.is_opportunity else _("Threat"), 13),
    Column(lambda: _("Probability"), lambda risk: risk.probability, 11),
    Column(lambda: _("Impact"), lambda risk: risk.impact, 9),
    Column(lambda: _("Score"), lambda risk: risk.score, 8),
    Column(lambda: _("Status"), lambda risk: risk.get_status_display(), 18),
    Column(lambda: _("Owner"), lambda risk: _person(risk.owner), 28),
    Column(lambda: _("Response"), lambda risk: risk.get_response_display(), 14),
    Column(lambda: _("Response plan"), lambda risk: risk.response_plan, 44, wrap=True),
    Column(lambda: _("Identified on"), lambda risk: risk.identified_on, 12, DATE_FORMAT),
    Column(lambda: _("Next review"), lambda risk: risk.review_on, 12, DATE_FORMAT),
    Column(lambda: _("Closed on"), lambda risk: risk.closed_on, 12, DATE_FORMAT),
    Column(lambda: _("Description"), lambda risk: risk.description, 44, wrap=True),
]
SCORE_COLUMN = 6


def risks_workbook(project: Project, risks: Iterable[Risk]) -> Workbook:
    workbook = Workbook()
    risks = list(risks)
    _sheet(workbook, title=_("Risk register"), project=project, columns=RISK_COLUMNS, rows=risks)
    sheet = workbook.active
    for row, risk in enumerate(risks, start=HEADER_ROW + 1):  # the score coloured as on the page
        sheet.cell(row=row, column=SCORE_COLUMN).fill = LEVEL_FILLS[risk_level(risk.score)]
    return workbook
