"""XLSX import of actual values with a per-row report, and the template to fill in (issue 5 item 6).

The sheet's first row names the columns — code, year, quarter, value, source, reason — in Kazakh, Russian or
English (other columns, such as the indicator's name in the template, are ignored). Every row is checked as the
grid checks it (`entry.enter_rows`); when any row is wrong nothing is written and the result lists each wrong row
with its number in the sheet, its code and the reason.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from io import BytesIO
from zipfile import BadZipFile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException

from pmis.core import authorization

from ..choices import Periodicity
from ..models import Indicator, Value
from .entry import RowError, RowsRefused, enter_rows, publish_written

#: The largest file accepted.
MAX_FILE = 10 * 1024 * 1024
MAX_ROWS = 5000

#: Column key → its header (translated on output) and every spelling accepted on input (kk, ru, en).
COLUMNS = {
    "code": (gettext_lazy("Code"), {"code", "код", "код индикатора", "indicator code", "индикатор коды"}),
    "year": (gettext_lazy("Year"), {"year", "год", "жыл"}),
    "quarter": (gettext_lazy("Quarter"), {"quarter", "квартал", "тоқсан", "токсан"}),
    "value": (
        gettext_lazy("Fact"),
        {
            "value",
            "fact",
            "actual",
            "actual value",
            "факт",
            "значение",
            "фактическое значение",
            "мән",
            "нақты мән",
            "нақты",
        },
    ),
    "source": (gettext_lazy("Source"), {"source", "источник", "дереккөз", "көзі"}),
    "reason": (gettext_lazy("Reason"), {"reason", "причина", "основание", "себеп", "себебі", "негіздеме"}),
}
REQUIRED = ("code", "year", "value")
#: Columns of the template that the import ignores: they help the person filling it in.
NAME, UNIT = gettext_lazy("Indicator"), gettext_lazy("Unit of measure")


@dataclass
class ImportResult:
    """What an import did: the values written, or (nothing written) the wrong rows."""

    values: list[Value] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _header_key(cell) -> str | None:
    text = " ".join(str(cell or "").replace("*", " ").split()).lower()
    if not text:
        return None
    for key, (label, spellings) in COLUMNS.items():
        if text in spellings or text == str(label).lower():
            return key
    return None


def _read(file) -> list[tuple[int, dict]]:
    """The data rows of the first sheet as (row number, {column: value}), or a ValidationError for a bad file."""
    if getattr(file, "size", 0) and file.size > MAX_FILE:
        raise ValidationError(_("The file is larger than 10 MB."))
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, KeyError, OSError, ValueError) as error:
        raise ValidationError(_("The file is not an Excel workbook (.xlsx).")) from error
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        rows = list(sheet.iter_rows(values_only=True)) if sheet is not None else []
    finally:
        workbook.close()
    if not rows:
        raise ValidationError(_("The workbook is empty."))
    columns = {}
    for index, cell in enumerate(rows[0]):
        key = _header_key(cell)
        if key and key not in columns:
            columns[key] = index
    missing = [key for key in REQUIRED if key not in columns]
    if missing:
        raise ValidationError(
            _("The first row must name the columns %(expected)s; missing: %(missing)s.")
            % {
                "expected": ", ".join(str(COLUMNS[key][0]) for key in COLUMNS),
                "missing": ", ".join(str(COLUMNS[key][0]) for key in missing),
            }
        )
    data = []
    for number, cells in enumerate(rows[1:], start=2):
        values = {key: (cells[index] if index < len(cells) else None) for key, index in columns.items()}
        if all(value is None or str(value).strip() == "" for value in values.values()):
            continue
        data.append((number, values))
    if not data:
        raise ValidationError(_("The sheet has no rows of values under its header."))
    if len(data) > MAX_ROWS:
        raise ValidationError(_("The sheet has more than %(max)s rows; split it.") % {"max": MAX_ROWS})
    return data


def _whole(value):
    """A year or quarter cell: 2025, 2025.0 or "2025" → 2025; anything else is left for the checks to refuse."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, dt.datetime | dt.date):
        return None
    return value


def values_import(*, actor, file) -> ImportResult:
    """Import facts from an XLSX file: all rows or none, with a per-row report of what is wrong."""
    data = _read(file)
    rows = [
        {
            "code": str(values.get("code") or "").strip(),
            "year": _whole(values.get("year")),
            "quarter": _whole(values.get("quarter")) or 0,
            "value": values.get("value"),
            "source": str(values.get("source") or ""),
            "reason": str(values.get("reason") or ""),
        }
        for _number, values in data
    ]
    numbers = [number for number, _values in data]
    for row, number in zip(rows, numbers, strict=True):
        if not row["code"] and row["value"] not in (None, ""):
            raise ValidationError(_("Row %(row)s has a value but no indicator code.") % {"row": number})
    try:
        with transaction.atomic():
            values = enter_rows(actor=actor, rows=rows, numbers=numbers)
            publish_written(values)
    except RowsRefused as refused:
        return ImportResult(errors=refused.rows)
    return ImportResult(values=values)


def import_template(user, node, *, year: int | None = None, quarter: int = 0) -> bytes:
    """An XLSX to fill in: the header and one row per indicator under `node` the user may enter facts for."""
    indicators = authorization.restrict(
        Indicator.objects.filter(node_path__startswith=node.path, is_active=True),
        user,
        authorization.CONTRIBUTE,
    )
    if year is not None:
        periodicity = Periodicity.QUARTERLY if quarter else Periodicity.ANNUAL
        indicators = indicators.filter(periodicity=periodicity)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Facts"))[:31]
    header = [
        str(COLUMNS["code"][0]),
        str(NAME),
        str(UNIT),
        *(str(COLUMNS[key][0]) for key in list(COLUMNS)[1:]),
    ]
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1F4E79")
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for indicator in indicators.order_by("code"):
        sheet.append(
            [
                indicator.code,
                indicator.name,
                indicator.unit,
                year,
                (quarter or 0) if year is not None else None,
                None,
                None,
                None,
            ]
        )
    for letter, width in zip("ABCDEFGH", (16, 60, 12, 8, 9, 14, 30, 30), strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
