"""Kazakhstan's working-day calendar: the deadlines the Rules count in working days (Rules p.81: the head who
receives a project assignment appoints its executors "within one working day").

A day is a working day unless it is a Saturday or a Sunday, a public holiday, or a day off moved by law, and
except for a weekend day the Government made a working day. Three sources, later ones winning for their date:

1. the weekend (Saturday and Sunday: the five-day working week of the civil service);
2. the `holidays` package (`holidays.KZ`): the public holidays, the days off the Labour Code moves to the next
   working day when a holiday falls on a weekend ("observed"), and the Government's transfers it already knows
   (`special_public_holidays` and `weekend_workdays`);
3. ``pmis/core/data/kz_transfers.csv``: the Government's decrees that move a day off (a weekend day made a
   working day, a weekday made a day off). The package learns a decree only in a later release; add its two rows
   there as soon as it is published (the file's header says how).

Days are computed once per year and kept for the life of the process (`year_calendar` is cached). A datetime
is read as the day it is in the PMIS's time zone (Asia/Almaty).

Counting follows the Civil Code's rule for terms: a term in days starts on the day after the event, so "one
working day" from a sending on day D ends with the first working day after D — the end of Monday for a Friday,
a Saturday or a holiday weekend's sending alike.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import holidays
from django.utils import timezone
from django.utils.formats import date_format

TRANSFERS_FILE = Path(__file__).resolve().parent / "data" / "kz_transfers.csv"
WORKING = "working"
DAY_OFF = "day_off"
WEEKEND = (5, 6)  # Saturday, Sunday
#: How far `add_working_days` looks before it decides the calendar is broken (no working day for a year).
_GUARD = 370


@dataclass(frozen=True)
class Transfer:
    day: dt.date
    kind: str  # WORKING or DAY_OFF
    source: str


@dataclass(frozen=True)
class YearCalendar:
    """The exceptions to the Monday-to-Friday rule in one year."""

    year: int
    days_off: frozenset[dt.date]  # weekdays (and weekend days, harmlessly) that are not worked
    working_weekend: frozenset[dt.date]  # Saturdays and Sundays that are worked

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.working_weekend:
            return True
        if day in self.days_off:
            return False
        return day.weekday() not in WEEKEND


def read_transfers(path: Path | None = None) -> list[Transfer]:
    """The rows of the transfers file (lines starting with "#" are comments)."""
    path = path or TRANSFERS_FILE
    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if line.strip() and not line.lstrip().startswith("#")]
    rows = []
    for row in csv.DictReader(lines):
        kind = row["kind"].strip()
        if kind not in (WORKING, DAY_OFF):
            raise ValueError(f"{path}: unknown kind {kind!r} on {row['date']}")
        rows.append(Transfer(dt.date.fromisoformat(row["date"].strip()), kind, row.get("source", "").strip()))
    return rows


@lru_cache(maxsize=32)
def year_calendar(year: int) -> YearCalendar:
    """The days off and the worked weekend days of `year` (cached; `year_calendar.cache_clear()` after editing
    the transfers file in a running process)."""
    # The next year too: a decree may move a day off across New Year (a working Saturday in late December).
    package = holidays.country_holidays("KZ", years=(year, year + 1))
    days_off = {day for day in package if day.year == year}
    working = {day for day in getattr(package, "weekend_workdays", ()) if day.year == year}
    for transfer in read_transfers(TRANSFERS_FILE):
        if transfer.day.year != year:
            continue
        if transfer.kind == WORKING:
            working.add(transfer.day)
            days_off.discard(transfer.day)
        else:
            days_off.add(transfer.day)
            working.discard(transfer.day)
    return YearCalendar(year=year, days_off=frozenset(days_off), working_weekend=frozenset(working))


def as_day(value: dt.date | dt.datetime | None) -> dt.date:
    """The calendar day in Kazakhstan's time zone that a date or datetime falls on (today when None)."""
    if value is None:
        return timezone.localdate()
    if isinstance(value, dt.datetime):
        return timezone.localdate(value) if timezone.is_aware(value) else value.date()
    return value


def monday_of(day: dt.date) -> dt.date:
    """The Monday of the week `day` falls in: weeks (sprints, workload) start on Monday."""
    return day - dt.timedelta(days=day.weekday())


def is_working_day(day: dt.date | dt.datetime) -> bool:
    """Is `day` worked in Kazakhstan's civil service (five-day week, holidays and transfers)?"""
    day = as_day(day)
    return year_calendar(day.year).is_working_day(day)


def next_working_day(day: dt.date | dt.datetime) -> dt.date:
    """The first working day after `day` (strictly after: the next working day of a Friday is Monday)."""
    return add_working_days(day, 1)


def add_working_days(start: dt.date | dt.datetime, n: int) -> dt.date:
    """The day that ends a term of `n` working days counted from the day after `start` (n > 0), or `n` working
    days back (n < 0); `n == 0` gives `start`'s own day, worked or not."""
    day = as_day(start)
    step = dt.timedelta(days=1 if n >= 0 else -1)
    remaining = abs(n)
    idle = 0
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
            idle = 0
        else:
            idle += 1
            if idle > _GUARD:
                raise ValueError(f"no working day within {_GUARD} days of {day}")
    return day


def working_days_between(a: dt.date | dt.datetime, b: dt.date | dt.datetime) -> int:
    """How many working days lie after `a` up to and including `b` (negative when `b` is before `a`): the inverse
    of `add_working_days` — ``add_working_days(a, working_days_between(a, b)) == b`` for a working day `b`."""
    a, b = as_day(a), as_day(b)
    if b < a:
        return -working_days_between(b, a)
    count = 0
    day = a
    while day < b:
        day += dt.timedelta(days=1)
        count += is_working_day(day)
    return count


def short_date(value: dt.date | None, empty: str = "…") -> str:
    """A day as the reader's locale writes it short (21.11.2026), for messages and agenda lines; `empty` for
    no day."""
    return date_format(value, "SHORT_DATE_FORMAT") if value else empty
