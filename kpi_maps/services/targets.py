"""Writes of plans (Methodology p.35, p.52; Rules p.66(5), p.70(7)).

"Change" on the indicator's node sets plans. The first plan of a period is the plan as approved
(`approved_value`); any later change is an adjustment that needs a reason and leaves the approved figures as they
were, so the passport shows both and the history keeps every step. A range indicator's plan is a range
[value, value_high]; other indicators have a single figure.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from pmis.core import authorization
from pmis.core.concurrency import check_version
from pmis.core.recording import delete_recorded, save_recorded

from ..choices import Direction
from ..models import Indicator, Target
from ._common import publish_values, to_decimal
from ._periods import check_period


def _check_range(indicator: Indicator, value: Decimal, value_high: Decimal | None) -> None:
    if indicator.direction == Direction.RANGE:
        if value_high is None:
            raise ValidationError(
                {
                    "value_high": _("%(code)s is kept within a range: give the upper bound.")
                    % {"code": indicator.code}
                }
            )
        if value_high < value:
            raise ValidationError({"value_high": _("The upper bound must not be below the lower bound.")})
    elif value_high is not None:
        raise ValidationError(
            {"value_high": _("Only an indicator kept within a range has an upper bound of the plan.")}
        )


@transaction.atomic
def target_set(
    *,
    actor,
    indicator: Indicator,
    year: int,
    quarter: int = 0,
    value,
    value_high=None,
    basis: str = "",
    reason: str = "",
    version: int | None = None,
) -> Target:
    """Set the plan of a period: approve it the first time, adjust it (with a reason) afterwards."""
    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    authorization.require(actor, authorization.CHANGE, indicator)
    year, quarter = check_period(indicator, year, quarter)
    value = to_decimal(value, label=_("The plan"))
    if value is None:
        raise ValidationError({"value": _("Give the plan.")})
    value_high = to_decimal(value_high, label=_("The upper bound"))
    _check_range(indicator, value, value_high)
    target = (
        Target.objects.select_for_update().filter(indicator=indicator, year=year, quarter=quarter).first()
    )
    if target is None:
        target = Target(
            indicator=indicator,
            year=year,
            quarter=quarter,
            value=value,
            value_high=value_high,
            approved_value=value,
            approved_value_high=value_high,
            basis=basis,
            updated_by=actor,
        )
        save_recorded(target, actor, reason or _("Approved"))
    else:
        check_version(target, version)
        if not (reason or "").strip():
            raise ValidationError(
                {
                    "reason": _(
                        "The plan for %(period)s is already approved: give the reason for adjusting it."
                    )
                    % {"period": target.period_label}
                }
            )
        target.value, target.value_high = value, value_high
        if basis:
            target.basis = basis
        target.updated_by = actor
        target.version += 1
        save_recorded(target, actor, reason.strip())
    publish_values([indicator.pk], year, quarter)
    return target


@transaction.atomic
def target_delete(target: Target, *, actor, reason: str) -> None:
    """Remove the plan of a period; the history keeps it with the reason."""
    target = Target.objects.select_for_update().select_related("indicator").get(pk=target.pk)
    authorization.require(actor, authorization.CHANGE, target)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for removing the plan.")})
    delete_recorded(target, actor, reason.strip())
    publish_values([target.indicator_id], target.year, target.quarter)
