"""Kazakhstan's working-day calendar (pmis.core.workdays): weekends, public holidays with the Labour Code's
transfers, the Government's moved days off, and the one-working-day term of Rules p.81."""

import datetime as dt

import pytest

from pmis.core import workdays
from pmis.core.workdays import (
    add_working_days,
    is_working_day,
    next_working_day,
    read_transfers,
    working_days_between,
    year_calendar,
)

D = dt.date


@pytest.mark.parametrize(
    ("day", "worked"),
    [
        (D(2026, 11, 20), True),  # an ordinary Friday
        (D(2026, 11, 21), False),  # Saturday
        (D(2026, 11, 22), False),  # Sunday
        (D(2025, 12, 16), False),  # Independence Day
        (D(2026, 3, 23), False),  # Nauryz
        (D(2026, 3, 24), False),  # Nauryz of Saturday 21 March moved to the next working day
        (D(2026, 3, 25), False),  # … and of Sunday 22 March
        (D(2026, 3, 26), True),
        (D(2026, 5, 1), False),  # Unity Day
        (D(2026, 5, 11), False),  # Victory Day (a Saturday) moved to Monday
        (D(2024, 5, 4), True),  # a Saturday the Government made a working day …
        (D(2024, 5, 8), False),  # … for a Wednesday off between 7 and 9 May
        (D(2025, 1, 5), True),  # a working Sunday …
        (D(2025, 1, 3), False),  # … for Friday 3 January off
        (D(2026, 8, 31), True),  # Constitution Day is no longer 30 August from 2026
    ],
)
def test_is_working_day(day, worked):
    assert is_working_day(day) is worked


@pytest.mark.parametrize(
    ("sent", "deadline"),
    [
        (D(2026, 12, 15), D(2026, 12, 17)),  # the working day before Independence Day (Wed 16 December)
        (D(2025, 12, 15), D(2025, 12, 17)),  # … and in 2025 (Tue 16 December)
        (D(2026, 3, 20), D(2026, 3, 26)),  # before Nauryz: 21–25 March are all off
        (D(2026, 4, 30), D(2026, 5, 4)),  # before 1 May (a Friday)
        (D(2026, 11, 20), D(2026, 11, 23)),  # a Friday: Monday
        (D(2026, 11, 19), D(2026, 11, 20)),  # an ordinary weekday: the next day
        (D(2024, 5, 3), D(2024, 5, 4)),  # across a transferred day: the working Saturday
        (D(2025, 1, 2), D(2025, 1, 5)),  # sent on a holiday: 3 January off, the working Sunday 5 January
        (D(2024, 5, 7), D(2024, 5, 10)),  # sent on a holiday: 8 May moved off, 9 May holiday
        (D(2026, 11, 21), D(2026, 11, 23)),  # sent on a Saturday: Monday
    ],
)
def test_one_working_day_after_sending(sent, deadline):
    assert add_working_days(sent, 1) == deadline
    assert next_working_day(sent) == deadline


def test_several_working_days_forward_and_back():
    assert add_working_days(D(2026, 12, 14), 3) == D(2026, 12, 18)  # Tue, Thu, Fri: 16 December skipped
    assert add_working_days(D(2026, 12, 18), -3) == D(2026, 12, 14)
    assert add_working_days(D(2026, 12, 16), 0) == D(2026, 12, 16)


def test_a_datetime_is_read_in_almaty_time():
    # 19:30 UTC on Thursday is already Friday 00:30 in Almaty (UTC+5): the term ends on Monday, not Friday.
    sent = dt.datetime(2026, 11, 19, 19, 30, tzinfo=dt.UTC)
    assert add_working_days(sent, 1) == D(2026, 11, 23)
    assert add_working_days(dt.datetime(2026, 11, 19, 12, 0, tzinfo=dt.UTC), 1) == D(2026, 11, 20)


def test_working_days_between_is_the_inverse_of_adding():
    assert working_days_between(D(2026, 3, 20), D(2026, 3, 26)) == 1
    assert working_days_between(D(2024, 5, 3), D(2024, 5, 4)) == 1
    assert working_days_between(D(2026, 11, 16), D(2026, 11, 23)) == 5
    assert working_days_between(D(2026, 11, 23), D(2026, 11, 16)) == -5
    assert working_days_between(D(2026, 11, 20), D(2026, 11, 20)) == 0
    for start in (D(2026, 3, 16), D(2026, 12, 10), D(2025, 1, 1)):
        for n in range(1, 12):
            assert working_days_between(start, add_working_days(start, n)) == n


def test_the_transfers_file_agrees_with_the_package_where_both_know():
    rows = read_transfers()
    assert {row.day.year for row in rows} >= {2024, 2025}
    for row in rows:
        assert row.kind in (workdays.WORKING, workdays.DAY_OFF)
        assert row.source
        assert is_working_day(row.day) is (row.kind == workdays.WORKING)


@pytest.fixture
def fresh_calendar():
    year_calendar.cache_clear()
    yield
    year_calendar.cache_clear()


def test_a_decree_added_to_the_transfers_file_takes_effect(tmp_path, monkeypatch, fresh_calendar):
    decree = tmp_path / "transfers.csv"
    decree.write_text(
        "# a decree the package does not know yet\n"
        "date,kind,source\n"
        "2026-12-19,working,Decree X: Saturday 19 December worked\n"
        "2026-12-18,day_off,Decree X: for Friday 18 December\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(workdays, "TRANSFERS_FILE", decree)
    assert is_working_day(D(2026, 12, 19))
    assert not is_working_day(D(2026, 12, 18))
    assert add_working_days(D(2026, 12, 17), 1) == D(2026, 12, 19)


def test_a_broken_transfers_file_says_which_row(tmp_path):
    broken = tmp_path / "transfers.csv"
    broken.write_text("date,kind,source\n2026-12-19,holiday,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match="2026-12-19"):
        read_transfers(broken)
