"""The deadlines of the quarterly monitoring (OP Rules p.13, p.15) and of the plan's approval (p.6).

The units' information is due "until the 10th day of the month following the reporting quarter" (p.13) and the
report "until the 15th" (p.15). When that day is not a working day in Kazakhstan, the term ends on the next
working day (Civil Code art. 175, the rule `pmis.core.workdays` follows for every term). The approval term (p.6)
is counted in calendar days and is not moved.
"""

from __future__ import annotations

import datetime as dt

from pmis.core.workdays import is_working_day, next_working_day

from .choices import QUARTERS, REPORT_DAY, SUBMISSION_DAY


def _check(quarter: int) -> None:
    if quarter not in QUARTERS:
        raise ValueError(f"quarter must be 1 to 4, not {quarter!r}")


def month_after(year: int, quarter: int) -> tuple[int, int]:
    """The year and month that follow the quarter: April for Q1 … January of the next year for Q4."""
    _check(quarter)
    return (year + 1, 1) if quarter == 4 else (year, quarter * 3 + 1)


def _due(year: int, quarter: int, day: int) -> dt.date:
    due_year, due_month = month_after(year, quarter)
    due = dt.date(due_year, due_month, day)
    return due if is_working_day(due) else next_working_day(due)


def submission_deadline(year: int, quarter: int) -> dt.date:
    """The last day for the units' information on the quarter (p.13): the 10th, or the next working day."""
    return _due(year, quarter, SUBMISSION_DAY)


def report_deadline(year: int, quarter: int) -> dt.date:
    """The last day for the monitoring unit's report on the quarter (p.15): the 15th, or the next working day."""
    return _due(year, quarter, REPORT_DAY)


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a quarter."""
    _check(quarter)
    first = dt.date(year, quarter * 3 - 2, 1)
    after = dt.date(year + 1, 1, 1) if quarter == 4 else dt.date(year, quarter * 3 + 1, 1)
    return first, after - dt.timedelta(days=1)


def reporting_quarter(today: dt.date) -> tuple[int, int]:
    """The quarter whose information is being gathered on `today`: the one that ended last."""
    quarter = (today.month - 1) // 3  # 0 in January–March: the previous year's fourth quarter
    return (today.year - 1, 4) if quarter == 0 else (today.year, quarter)
