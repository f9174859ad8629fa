"""Figures of indicators as a person reads them: localized, with the decimals they have and no trailing zeros."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def figure(value) -> str:
    """66.5000 → «66,5», 100.0000 → «100», None → «—» (at most four decimals, in the reader's locale)."""
    if value is None or value == "":
        return "—"
    number = Decimal(str(value))
    places = min(max(0, -number.normalize().as_tuple().exponent), 4)
    return floatformat(number, str(places))
