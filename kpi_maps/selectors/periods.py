"""The period a page or an API call asks for: ``year`` and ``quarter`` (quarter 0 is the whole year), or the
period picker's ``period=YYYY-Q``; without one, the node's default (`scores.default_period`)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .scores import default_period


def period_asked(params) -> tuple[int | None, int | None]:
    """The period asked for in a query string (``year`` and ``quarter``, or ``period=YYYY-Q``); None for the default. ValidationError
    with a message a person understands for anything else."""
    from django.core.exceptions import ValidationError

    year, quarter = params.get("year") or None, params.get("quarter") or None
    if params.get("period"):  # the page's period picker: "2026-2"
        year, _sep, quarter = params["period"].partition("-")
        quarter = quarter or None
    errors = {}
    if year is not None and (not year.isdigit() or not 1990 <= int(year) <= 2100):
        errors["year"] = _("The year must be a number between 1990 and 2100.")
    if quarter is not None:
        if not quarter.isdigit() or not 0 <= int(quarter) <= 4:
            errors["quarter"] = _("The quarter is 1 to 4, or 0 for the whole year.")
        elif year is None:
            errors["quarter"] = _("Give the year of the quarter too.")
    if errors:
        raise ValidationError(errors)
    return (int(year) if year else None, int(quarter) if quarter else None)


def period_from(params, root_path: str) -> tuple[int, int]:
    """The period asked for, else the default of the node at `root_path`; a ValidationError for a malformed one."""
    year, quarter = period_asked(params)
    if year is None:
        return default_period(root_path)
    return year, quarter or 0
