"""What the goal map's write services share: parsing numbers and publishing changed values."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def to_decimal(value, *, label: str) -> Decimal | None:
    """A number typed by a person ("12,5", " 1 000 ", 12.5) as a Decimal; None when blank."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ValidationError(_("%(label)s must be a number.") % {"label": label})
    if isinstance(value, int | float):
        return Decimal(str(value))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as error:
        raise ValidationError(
            _("%(label)s must be a number, not “%(value)s”.") % {"label": label, "value": value}
        ) from error
    if not number.is_finite():
        raise ValidationError(_("%(label)s must be a number.") % {"label": label})
    return number


def publish_values(indicator_ids: list[int], year: int, quarter: int) -> None:
    """Tell open dashboards that plans or facts of these indicators changed for the period (kpi_maps.live)."""
    from kpi_maps.live import values_changed

    values_changed(sorted(set(indicator_ids)), year, quarter)
