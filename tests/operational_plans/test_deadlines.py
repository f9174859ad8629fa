"""The deadlines of the quarterly monitoring (OP Rules p.13, p.15): the 10th and the 15th of the month after the
quarter, moved to the next working day of Kazakhstan's calendar."""

import datetime as dt

import pytest

from operational_plans.deadlines import (
    month_after,
    quarter_bounds,
    report_deadline,
    reporting_quarter,
    submission_deadline,
)
from pmis.core import workdays


def test_the_tenth_and_the_fifteenth_of_the_month_after_the_quarter():
    assert submission_deadline(2026, 1) == dt.date(2026, 4, 10)  # a Friday
    assert report_deadline(2026, 1) == dt.date(2026, 4, 15)  # a Wednesday
    assert submission_deadline(2026, 2) == dt.date(2026, 7, 10)
    assert report_deadline(2026, 2) == dt.date(2026, 7, 15)


def test_a_tenth_on_a_weekend_moves_to_the_next_working_day():
    assert dt.date(2026, 10, 10).weekday() == 5  # Saturday
    assert submission_deadline(2026, 3) == dt.date(2026, 10, 12)
    assert report_deadline(2026, 3) == dt.date(2026, 10, 15)
    assert dt.date(2025, 10, 10).weekday() == 4
    assert dt.date(2027, 4, 10).weekday() == 5  # Saturday → Monday 12 April
    assert submission_deadline(2027, 1) == dt.date(2027, 4, 12)


def test_the_fourth_quarter_reports_in_january_of_the_next_year():
    assert month_after(2026, 4) == (2027, 1)
    assert submission_deadline(2026, 4) == dt.date(2027, 1, 11)  # 10 January 2027 is a Sunday
    assert report_deadline(2026, 4) == dt.date(2027, 1, 15)


def test_a_tenth_made_a_day_off_by_decree_moves_past_it(tmp_path, monkeypatch):
    """A Government decree that makes Friday 10 July 2026 a day off (and so the 11th, 12th are the weekend)."""
    transfers = tmp_path / "transfers.csv"
    transfers.write_text("date,kind,source\n2026-07-10,day_off,test decree\n2026-07-13,day_off,test decree\n")
    monkeypatch.setattr(workdays, "TRANSFERS_FILE", transfers)
    workdays.year_calendar.cache_clear()
    try:
        assert not workdays.is_working_day(dt.date(2026, 7, 10))
        assert submission_deadline(2026, 2) == dt.date(2026, 7, 14)
        assert report_deadline(2026, 2) == dt.date(2026, 7, 15)
    finally:
        monkeypatch.undo()
        workdays.year_calendar.cache_clear()
    assert submission_deadline(2026, 2) == dt.date(2026, 7, 10)


def test_quarter_bounds_and_the_reporting_quarter():
    assert quarter_bounds(2026, 1) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert quarter_bounds(2026, 4) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    assert reporting_quarter(dt.date(2026, 4, 3)) == (2026, 1)
    assert reporting_quarter(dt.date(2026, 1, 8)) == (2025, 4)
    assert reporting_quarter(dt.date(2026, 12, 31)) == (2026, 3)


@pytest.mark.parametrize("quarter", [0, 5])
def test_a_quarter_outside_one_to_four_is_refused(quarter):
    with pytest.raises(ValueError):
        submission_deadline(2026, quarter)
