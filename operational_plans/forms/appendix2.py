"""The report on the implementation of the operational plan as the form of Appendix 2 to the OP Rules (p.15–16):
XLSX and PDF, in Kazakh or Russian.

The sheet, row by row: the note "Appendix 2 to the Rules …", the title "Report on implementation of the
operational plan", "(body) for YEAR year (reporting period: Q quarter)", "Activities of the state body", the
eight column headers and their numbering row 1…8, the form's lines (the report's selector fills the Appendix 2
columns of each activity line: column 6 is the status and, on a new line, the actual execution; 7 the reasons
for non-fulfilment; 8 the recommendations), the signature of the head of the unit responsible for the report,
and the day it was issued, when it was.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from pmis.core.pdf import render_pdf
from pmis.core.workdays import short_date

from ..layout import Line
from ..models import OperationalPlan
from .common import (
    header_rows,
    merged_row,
    signature_block,
    signature_caption,
    signer_name,
    styled_workbook,
    write_lines,
)

WIDTHS = (7, 44, 24, 14, 22, 36, 28, 30)
COLUMNS = len(WIDTHS)
HEADER_ROW = 5


def appendix_note() -> str:
    return _(
        "Appendix 2 to the Rules for the development, implementation and monitoring of the implementation of "
        "the operational plan. Form"
    )


def report_title() -> str:
    return _("Report on implementation of the operational plan")


def report_subtitle(plan: OperationalPlan, quarter: int) -> str:
    return _("%(body)s for %(year)s year (reporting period: %(quarter)s quarter)") % {
        "body": plan.body.name,
        "year": plan.year,
        "quarter": quarter,
    }


def column_labels() -> list[str]:
    return [
        _("No."),
        _("Name"),
        _("Responsible executor"),
        _("Term of execution"),
        _("Form of completion"),
        _("Actual execution of activities"),
        _("Reasons for non-fulfilment"),
        _("Recommendations, including recommendations for making changes to the operational plan"),
    ]


def signer_label() -> str:
    return _(
        "Head of the structural unit responsible for the formation of the report on the implementation of the "
        "operational plan"
    )


def actual_text(line: Line) -> str:
    """Column 6: the status, then the actual execution on a new line."""
    return "\n".join(part for part in (line.status_label, line.actual) if part)


def activity_cells(line: Line) -> tuple:
    return (
        line.text,
        line.unit,
        line.term,
        line.completion_form,
        actual_text(line),
        line.reasons,
        line.recommendation,
    )


def issued_text(issued_on: dt.date | None) -> str:
    return _("Issued on %(day)s") % {"day": short_date(issued_on)} if issued_on else ""


def report_workbook(
    *,
    plan: OperationalPlan,
    quarter: int,
    lines: Sequence[Line],
    language: str,
    issued_on: dt.date | None = None,
    progress: Callable[[float], None] | None = None,
) -> Workbook:
    """Appendix 2 of `plan` for `quarter` with `lines` (built in `language`) as a workbook in `language`."""
    with translation.override(language):
        workbook, sheet = styled_workbook(_("Report"))
        merged_row(sheet, 1, 5, COLUMNS, appendix_note(), "op_note")
        sheet.row_dimensions[1].height = 36
        merged_row(sheet, 2, 1, COLUMNS, report_title(), "op_title")
        merged_row(sheet, 3, 1, COLUMNS, report_subtitle(plan, quarter), "op_subtitle")
        sheet.row_dimensions[3].height = 30
        merged_row(sheet, 4, 1, COLUMNS, _("Activities of the state body"), "op_subtitle")
        row = header_rows(sheet, HEADER_ROW, column_labels(), WIDTHS)
        row = write_lines(sheet, row, lines, COLUMNS, activity_cells, progress)
        row = signature_block(sheet, row, COLUMNS, signer_label(), signer_name(plan.monitoring_unit))
        if issued_on:
            merged_row(sheet, row, 1, 4, issued_text(issued_on), "op_caption")
    return workbook


def report_pdf(
    *,
    plan: OperationalPlan,
    quarter: int,
    lines: Sequence[Line],
    language: str,
    issued_on: dt.date | None = None,
) -> bytes:
    """Appendix 2 of `plan` for `quarter` as a PDF (landscape A4, the header repeated on every page)."""
    with translation.override(language):
        rows = [(line, actual_text(line)) for line in lines]
        return render_pdf(
            "operational_plans/forms/appendix2.html",
            {
                "note": appendix_note(),
                "title": report_title(),
                "subtitle": report_subtitle(plan, quarter),
                "activities_label": _("Activities of the state body"),
                "columns": column_labels(),
                "rows": rows,
                "signer_label": signer_label(),
                "signer": signer_name(plan.monitoring_unit),
                "caption": signature_caption(),
                "issued": issued_text(issued_on),
                "language": language,
            },
        )
