"""Bulk entry of actual values: the grid of a node's indicators for one period (Rules p.17; issue 5 item 6).

All rows or none: every row is checked as `values.value_record` checks one fact; the errors of all rows are
collected and raised together ("Row N (code): …"), and nothing is written when any row is wrong. Rows with a
blank value are skipped. Open dashboards hear once per period, with every indicator written.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pmis.core import authorization
from pmis.core.concurrency import StaleVersion

from ..models import Indicator, Value
from ._common import publish_values
from .values import record


@dataclass(frozen=True)
class RowError:
    """One refused row: its number (as the person sees it), the indicator's code and why."""

    row: int
    code: str
    message: str

    def __str__(self) -> str:
        return _("Row %(row)s (%(code)s): %(message)s") % {
            "row": self.row,
            "code": self.code,
            "message": self.message,
        }


class RowsRefused(ValidationError):
    """The rows' errors, each also as a `RowError` in `rows`."""

    def __init__(self, rows: list[RowError]):
        super().__init__([str(row) for row in rows])
        self.rows = rows


def _messages(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return " ".join(message for messages in error.message_dict.values() for message in messages)
    return " ".join(error.messages)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def enter_rows(*, actor, rows: list[dict], numbers: list[int] | None = None) -> list[Value]:
    """Write the rows inside the caller's transaction; raise `RowsRefused` (after undoing them) when any is wrong.

    A row names its indicator by object, by id (`indicator`) or by code (`code`).
    """
    numbers = numbers or list(range(1, len(rows) + 1))
    ids = {row["indicator"] for row in rows if isinstance(row.get("indicator"), int)}
    codes = {str(row["code"]).strip() for row in rows if row.get("code") and not row.get("indicator")}
    visible = authorization.restrict(Indicator.objects.all(), actor, authorization.VIEW)
    found = list(visible.filter(pk__in=ids)) + list(visible.filter(code__in=codes)) if ids or codes else []
    by_id = {indicator.pk: indicator for indicator in found}
    by_code = {indicator.code: indicator for indicator in found}
    errors: list[RowError] = []
    written: list[Value] = []
    for number, row in zip(numbers, rows, strict=True):
        reference = row.get("indicator")
        if isinstance(reference, Indicator):
            indicator = reference
        elif reference is not None:
            indicator = by_id.get(reference) if isinstance(reference, int) else None
        else:
            indicator = by_code.get(str(row.get("code") or "").strip())
        code = indicator.code if indicator else str(row.get("code") or reference or "")
        if _blank(row.get("value")):
            continue
        if indicator is None:
            errors.append(RowError(number, code, _("There is no indicator with this code that you may see.")))
            continue
        try:
            with transaction.atomic():
                written.append(
                    record(
                        actor=actor,
                        indicator=indicator,
                        year=row.get("year"),
                        quarter=row.get("quarter") or 0,
                        value=row.get("value"),
                        source=row.get("source") or "",
                        reason=row.get("reason") or "",
                        version=row.get("version") or None,
                    )
                )
        except ValidationError as error:
            errors.append(RowError(number, code, _messages(error)))
        except StaleVersion as stale:
            errors.append(RowError(number, code, str(stale)))
        except PermissionDenied:
            errors.append(RowError(number, code, _("You may not enter facts for this indicator.")))
    if errors:
        raise RowsRefused(errors)
    return written


def publish_written(values: list[Value]) -> None:
    """One message per period, naming every indicator written for it."""
    periods: dict[tuple[int, int], list[int]] = defaultdict(list)
    for value in values:
        periods[value.period].append(value.indicator_id)
    for (year, quarter), ids in sorted(periods.items()):
        publish_values(ids, year, quarter)


@transaction.atomic
def values_enter(*, actor, rows: list[dict]) -> list[Value]:
    """Enter or correct many facts at once: all rows or none (a ValidationError listing every wrong row)."""
    values = enter_rows(actor=actor, rows=rows)
    publish_written(values)
    return values
