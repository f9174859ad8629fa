"""The map of projects and initiatives (measures) of a program as the XLSX form of Rules Appendix 3 (openpyxl),
made in the background (`pmis.core.exporting`).

- ``program.map.xlsx`` (params ``{"program": id}``): title rows (the form's name, the program's code and name,
  the day it was formed), the header row of the fourteen columns, the row of their numbers 1–14, then one row
  per basic direction (`programs.appendix3.line_cells`) and the row of the totals of the financing columns.

The maker reads as the job's owner: the program must still be readable as a whole (else the job fails: 404).
Texts are in the job's language (Kazakh or Russian).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from pmis.core import exporting
from projects.exports import workbook_bytes

from .appendix3 import column_titles, financing_totals, line_cells, map_lines
from .models import Program

MAP_KIND = "program.map.xlsx"
LANGUAGES = ("kk", "ru")
HEADER_ROW = 4
NUMBER_ROW = HEADER_ROW + 1
WIDTHS = [40, 28, 36, 40, 30, 18, 14, 14, 14, 14, 14, 14, 14, 34]
MONEY = "#,##0.00"
HEADER_FILL = PatternFill("solid", fgColor="E8E8F0")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def map_workbook(program: Program, *, language: str) -> Workbook:
    """The Appendix 3 form of `program` (nine queries for its lines; the caller has checked the reader)."""
    lines = map_lines(program, language=language)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Map of projects")[:31]
    sheet.cell(
        row=1,
        column=1,
        value=_("Map of projects and initiatives (measures) of the program (Rules, Appendix 3)"),
    ).font = Font(bold=True, size=13)
    sheet.cell(row=2, column=1, value=f"{program.code} · {program.name}").font = Font(bold=True)
    sheet.cell(
        row=3,
        column=1,
        value=_("Formed on %(day)s") % {"day": date_format(timezone.localdate(), "SHORT_DATE_FORMAT")},
    )
    sheet.merge_cells(start_row=HEADER_ROW - 1, start_column=7, end_row=HEADER_ROW - 1, end_column=13)
    sheet.cell(row=HEADER_ROW - 1, column=7, value=_("Planned sources of financing, KZT")).font = Font(
        bold=True
    )
    for index, (title, width) in enumerate(zip(column_titles(), WIDTHS, strict=True), start=1):
        for row, value in ((HEADER_ROW, title), (NUMBER_ROW, index)):
            cell = sheet.cell(row=row, column=index, value=value)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.border = BORDER
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        sheet.column_dimensions[get_column_letter(index)].width = width
    row = NUMBER_ROW
    for row, line in enumerate(lines, start=NUMBER_ROW + 1):
        for index, value in enumerate(line_cells(line), start=1):
            cell = sheet.cell(
                row=row, column=index, value=float(value) if 7 <= index <= 13 and value else value
            )
            cell.border = BORDER
            cell.alignment = Alignment(vertical="top", wrap_text=True)
            if 7 <= index <= 13:
                cell.number_format = MONEY
    total_row = row + 1
    sheet.cell(row=total_row, column=2, value=_("Total")).font = Font(bold=True)
    for index, value in enumerate(financing_totals(lines), start=7):
        cell = sheet.cell(row=total_row, column=index, value=float(value) if value else None)
        cell.font = Font(bold=True)
        cell.number_format = MONEY
        cell.border = BORDER
    sheet.freeze_panes = sheet.cell(row=NUMBER_ROW + 1, column=1)
    return workbook


def map_filename(program: Program, language: str) -> str:
    return f"program-map-{program.code}-{language}.xlsx"


@exporting.register(MAP_KIND)
def map_xlsx(job, progress):
    from .plan_selectors import program_for_plan

    program = program_for_plan(job.owner, job.params.get("program"))
    language = job.language if job.language in LANGUAGES else "ru"
    progress(0.1)
    content = workbook_bytes(map_workbook(program, language=language))
    return content, map_filename(program, language)


def map_export_start(*, owner, program: Program, language: str):
    """Queue the Appendix 3 file of `program` for `owner` (the caller has checked they read the whole program)."""
    if language not in LANGUAGES:
        raise ValidationError({"language": _("Choose Kazakh or Russian.")})
    title = _("Map of projects and initiatives %(code)s") % {"code": program.code}
    return exporting.export_start(
        owner=owner,
        kind=MAP_KIND,
        params={"program": program.pk},
        title=f"{title} (XLSX, {language})",
        language=language,
    )
