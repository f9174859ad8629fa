"""What Appendix 1 and Appendix 2 share as workbooks: the styles, the title and header rows, the lines of the form
and the signature block (OP Rules, Appendices 1 and 2).

A workbook's styles are named styles registered once (`styled_workbook`): a cell takes one by name, so a form of
thousands of activities creates no style object per cell and is written in a second or two. The sheet is laid
out for printing: landscape A4, fitted to the page's width, the header rows repeated on every page, the panes
frozen below them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from ..layout import ACTIVITY, SECTION, Line

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_TOP = Alignment(wrap_text=True, vertical="top")
_CENTER = Alignment(wrap_text=True, horizontal="center", vertical="center")

#: The named styles of the forms: name → (font, alignment, border, fill).
STYLES = {
    "op_note": (
        Font(name="Times New Roman", size=9, italic=True),
        Alignment(horizontal="right", wrap_text=True),
    ),
    "op_title": (Font(name="Times New Roman", size=13, bold=True), _CENTER),
    "op_subtitle": (Font(name="Times New Roman", size=11), _CENTER),
    "op_header": (Font(name="Times New Roman", size=10, bold=True), _CENTER, _BORDER, "EEEEEE"),
    "op_numbering": (Font(name="Times New Roman", size=9), _CENTER, _BORDER),
    "op_section": (Font(name="Times New Roman", size=10, bold=True), _WRAP_TOP, _BORDER, "F3F3F3"),
    "op_heading": (Font(name="Times New Roman", size=10, bold=True), _WRAP_TOP, _BORDER),
    "op_cell": (Font(name="Times New Roman", size=10), _WRAP_TOP, _BORDER),
    "op_number": (
        Font(name="Times New Roman", size=10),
        Alignment(horizontal="center", vertical="top"),
        _BORDER,
    ),
    "op_sign": (
        Font(name="Times New Roman", size=10, bold=True),
        Alignment(wrap_text=True, vertical="bottom"),
    ),
    "op_signer": (
        Font(name="Times New Roman", size=10),
        Alignment(horizontal="center", vertical="bottom", wrap_text=True),
        Border(bottom=_THIN),
    ),
    "op_caption": (
        Font(name="Times New Roman", size=8, italic=True),
        Alignment(horizontal="center", wrap_text=True),
    ),
}


def styled_workbook(title: str) -> tuple[Workbook, Worksheet]:
    """A new workbook with the forms' named styles and its one sheet, laid out for printing."""
    workbook = Workbook()
    for name, (font, alignment, *rest) in STYLES.items():
        style = NamedStyle(name=name, font=font, alignment=alignment)
        if rest:
            style.border = rest[0]
        if len(rest) > 1:
            style.fill = PatternFill("solid", fgColor=rest[1])
        workbook.add_named_style(style)
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    return workbook, sheet


def merged_row(sheet: Worksheet, row: int, first: int, last: int, value, style: str) -> None:
    """Write `value` in columns `first`..`last` of `row`, merged (the merge draws the anchor's borders round
    the whole range)."""
    cell = sheet.cell(row=row, column=first, value=value)
    cell.style = style
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)


def header_rows(sheet: Worksheet, row: int, labels: Sequence[str], widths: Sequence[int]) -> int:
    """The column headers at `row`, their numbering row (1, 2, …) under it; returns the first row after them.
    The two rows repeat on every printed page and the panes freeze below them."""
    for column, (label, width) in enumerate(zip(labels, widths, strict=True), start=1):
        cell = sheet.cell(row=row, column=column, value=label)
        cell.style = "op_header"
        number = sheet.cell(row=row + 1, column=column, value=column)
        number.style = "op_numbering"
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.print_title_rows = f"{row}:{row + 1}"
    sheet.freeze_panes = sheet.cell(row=row + 2, column=1)
    return row + 2


def section_text(line: Line) -> str:
    return f"{line.number}. {line.text}" if line.number else line.text


def write_lines(
    sheet: Worksheet,
    row: int,
    lines: Sequence[Line],
    columns: int,
    activity_cells: Callable[[Line], Sequence],
    progress: Callable[[float], None] | None = None,
) -> int:
    """The form's lines from `row`: a section or heading merged across the table, an activity as its cells
    (`activity_cells(line)`: the values of columns 2…`columns`); returns the first row after them."""
    total = len(lines) or 1
    for index, line in enumerate(lines):
        if line.kind == ACTIVITY:
            sheet.cell(row=row, column=1, value=_int_or_text(line.number)).style = "op_number"
            for column, value in enumerate(activity_cells(line), start=2):
                cell = sheet.cell(row=row, column=column, value=value or None)
                cell.style = "op_cell"
        else:
            text = section_text(line) if line.kind == SECTION else line.text
            merged_row(sheet, row, 1, columns, text, "op_section" if line.kind == SECTION else "op_heading")
        row += 1
        if progress is not None and index % 200 == 0:
            progress(index / total)
    return row


def _int_or_text(number: str):
    return int(number) if number.isdigit() else number


def signer_name(unit) -> str:
    """The full name of the head of `unit` (surname, first name, patronymic), or "" when it has none."""
    head = getattr(unit, "head", None) if unit is not None else None
    return head.full_name if head is not None else ""


def signature_caption() -> str:
    return _("(surname, first name, patronymic (if any)) (signature)")


def signature_block(sheet: Worksheet, row: int, columns: int, label: str, name: str) -> int:
    """The signature block under the table, from `row` (after one empty row): the signer's position on the left,
    their name on a line on the right, the caption under it; returns the row after it."""
    row += 1
    split = max(2, columns // 2)
    merged_row(sheet, row, 1, split, label, "op_sign")
    merged_row(sheet, row, split + 1, columns, name, "op_signer")
    sheet.row_dimensions[row].height = 32
    merged_row(sheet, row + 1, split + 1, columns, signature_caption(), "op_caption")
    return row + 2
