"""The operational plan as the form of Appendix 1 to the OP Rules (p.5): XLSX and PDF, in Kazakh or Russian.

The sheet, row by row: the note "Appendix 1 to the Rules …", the title "(body) operational plan for YEAR year",
"Activities of the state body", the six column headers (№ | Name | Code of budget program | Responsible executor |
Term of execution | Form of completion) and their numbering row 1…6, then the form's lines (`layout.plan_lines`:
sections and headings merged across the table, one row per activity), and the signature of the head of the unit
responsible for the development of the plan. Building it runs no query when the plan's body and developer unit
(with its head) are loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from pmis.core.pdf import render_pdf

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

WIDTHS = (7, 60, 14, 30, 18, 30)
COLUMNS = len(WIDTHS)
#: The row of the column headers (the numbering row is under it; the lines start two rows below).
HEADER_ROW = 4


def appendix_note() -> str:
    return _(
        "Appendix 1 to the Rules for the development, implementation and monitoring of the implementation of "
        "the operational plan. Form"
    )


def plan_title(plan: OperationalPlan) -> str:
    return _("%(body)s operational plan for %(year)s year") % {"body": plan.body.name, "year": plan.year}


def column_labels() -> list[str]:
    return [
        _("No."),
        _("Name"),
        _("Code of budget program"),
        _("Responsible executor"),
        _("Term of execution"),
        _("Form of completion"),
    ]


def signer_label() -> str:
    return _("Head of the structural unit responsible for the development of the operational plan")


def activity_cells(line: Line) -> tuple:
    return (line.text, line.budget_program, line.unit, line.term, line.completion_form)


def plan_workbook(
    *,
    plan: OperationalPlan,
    lines: Sequence[Line],
    language: str,
    progress: Callable[[float], None] | None = None,
) -> Workbook:
    """Appendix 1 of `plan` with `lines` (built in `language`) as a workbook in `language`."""
    with translation.override(language):
        workbook, sheet = styled_workbook(_("Operational plan"))
        merged_row(sheet, 1, 4, COLUMNS, appendix_note(), "op_note")
        sheet.row_dimensions[1].height = 36
        merged_row(sheet, 2, 1, COLUMNS, plan_title(plan), "op_title")
        sheet.row_dimensions[2].height = 36
        merged_row(sheet, 3, 1, COLUMNS, _("Activities of the state body"), "op_subtitle")
        row = header_rows(sheet, HEADER_ROW, column_labels(), WIDTHS)
        row = write_lines(sheet, row, lines, COLUMNS, activity_cells, progress)
        signature_block(sheet, row, COLUMNS, signer_label(), signer_name(plan.developer_unit))
    return workbook


def plan_pdf(*, plan: OperationalPlan, lines: Sequence[Line], language: str) -> bytes:
    """Appendix 1 of `plan` as a PDF (landscape A4, the header repeated on every page) in `language`."""
    with translation.override(language):
        return render_pdf(
            "operational_plans/forms/appendix1.html",
            {
                "note": appendix_note(),
                "title": plan_title(plan),
                "activities_label": _("Activities of the state body"),
                "columns": column_labels(),
                "lines": lines,
                "signer_label": signer_label(),
                "signer": signer_name(plan.developer_unit),
                "caption": signature_caption(),
                "language": language,
            },
        )
