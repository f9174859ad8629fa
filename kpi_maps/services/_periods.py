"""Which periods an indicator has: a year (quarter 0) for an annual one, quarters 1–4 of a year for a quarterly one."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..choices import Periodicity
from ..models import Indicator


def check_period(indicator: Indicator, year, quarter) -> tuple[int, int]:
    """The period as two integers, or a ValidationError saying why the indicator has no such period."""
    try:
        year, quarter = int(year), int(quarter or 0)
    except (TypeError, ValueError) as error:
        raise ValidationError(_("The year and the quarter must be whole numbers.")) from error
    if not 1990 <= year <= 2100:
        raise ValidationError({"year": _("The year must lie between 1990 and 2100.")})
    if indicator.periodicity == Periodicity.QUARTERLY:
        if quarter not in (1, 2, 3, 4):
            raise ValidationError(
                {
                    "quarter": _("%(code)s is quarterly: give a quarter from 1 to 4.")
                    % {"code": indicator.code}
                }
            )
    elif quarter != 0:
        raise ValidationError(
            {"quarter": _("%(code)s is annual: it has no quarters (quarter 0).") % {"code": indicator.code}}
        )
    return year, quarter


def period_end(year: int, quarter: int) -> dt.date:
    """The last day of a period."""
    if quarter in (0, 4):
        return dt.date(year, 12, 31)
    return dt.date(year, 3 * quarter + 1, 1) - dt.timedelta(days=1)


def check_fact_period(indicator: Indicator, year: int, quarter: int, today: dt.date) -> None:
    """A fact needs a period that has begun (a year) or ended (a quarter), not before the base year."""
    if indicator.base_year is not None and year < indicator.base_year:
        raise ValidationError(
            {
                "year": _("%(year)s is before the base year %(base)s.")
                % {"year": year, "base": indicator.base_year}
            }
        )
    if quarter == 0 and year > today.year:
        raise ValidationError({"year": _("The year %(year)s has not begun yet.") % {"year": year}})
    if quarter and period_end(year, quarter) >= today:
        raise ValidationError(
            {
                "quarter": _("Quarter %(quarter)s of %(year)s has not ended yet.")
                % {"quarter": quarter, "year": year}
            }
        )
