"""The goal map as the XLSX form of Rules Appendix 2 (openpyxl).

One sheet: the title rows (the form's name, the portfolio's code and name, the curator of the national priority
and the day of the export), the bold, frozen header row of the form's eight columns, then one row per line of
the form with the merged cells of `kpi_maps.selectors.appendix2`. Building the sheet runs no query.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from projects.exports import XLSX_CONTENT_TYPE, workbook_bytes

from .models.periods import period_label
from .selectors.appendix2 import COLUMNS, Row
from .selectors.goal_map import GoalMap

__all__ = ["XLSX_CONTENT_TYPE", "appendix2_workbook", "workbook_bytes"]

HEADER_ROW = 5
WIDTHS = [38, 30, 36, 32, 38, 30, 44, 40]
HEADER_FILL = PatternFill("solid", fgColor="E8E8F0")
COLOUR_FILLS = {
    "green": PatternFill("solid", fgColor="BBF7D0"),
    "amber": PatternFill("solid", fgColor="FDE68A"),
    "red": PatternFill("solid", fgColor="F8B4B4"),
}
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def appendix2_workbook(the_map: GoalMap, rows: list[Row]) -> Workbook:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Goal map")[:31]
    portfolio = the_map.portfolio
    sheet.cell(
        row=1, column=1, value=_("Map of goals of national priorities (Rules, Appendix 2)")
    ).font = Font(bold=True, size=13)
    sheet.cell(row=2, column=1, value=f"{portfolio.code} · {portfolio.name}").font = Font(bold=True)
    sheet.cell(
        row=3,
        column=1,
        value=_("Curator of the national priority: %(person)s") % {"person": the_map.root.responsible_label},
    )
    sheet.cell(
        row=4,
        column=1,
        value=_("Period: %(period)s · formed on %(day)s")
        % {
            "period": period_label(the_map.year, the_map.quarter),
            "day": date_format(timezone.localdate(), "SHORT_DATE_FORMAT"),
        },
    )
    for index, (title, width) in enumerate(zip(COLUMNS, WIDTHS, strict=True), start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=str(title))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    for offset, row in enumerate(rows, start=1):
        number = HEADER_ROW + offset
        for column in range(1, len(COLUMNS) + 1):
            sheet.cell(row=number, column=column).border = BORDER
        for item in row.cells:
            cell = sheet.cell(row=number, column=item.column + 1, value=item.text or None)
            cell.alignment = wrap
            if item.colour in COLOUR_FILLS:
                cell.fill = COLOUR_FILLS[item.colour]
            if row.kind in ("program", "direction", "group") and item.column < 7:
                cell.font = Font(bold=row.kind != "group")
            if item.rowspan > 1 or item.colspan > 1:
                sheet.merge_cells(
                    start_row=number,
                    start_column=item.column + 1,
                    end_row=number + item.rowspan - 1,
                    end_column=item.column + item.colspan,
                )
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    return workbook
