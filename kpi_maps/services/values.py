"""Writes of actual values (Rules p.17, p.74; Methodology p.39, p.53).

"Contribute" on the indicator's node enters facts: the Office, the project office, the responsible heads, the
project manager. A fact belongs to a period the indicator's periodicity has, not before its base year and not in
the future (a year that has not begun, a quarter that has not ended). A correction needs a reason and the version
it was made on; the history keeps every earlier figure with who entered it. Evidence is kept unless replaced.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pmis.core import authorization
from pmis.core.concurrency import check_version
from pmis.core.recording import delete_recorded, save_recorded

from ..models import Indicator, Value
from ._common import publish_values, to_decimal
from ._periods import check_fact_period, check_period

#: The largest evidence file accepted.
MAX_EVIDENCE = 20 * 1024 * 1024


def record(
    *, actor, indicator: Indicator, year, quarter=0, value, source="", evidence=None, reason="", version=None
) -> Value:
    """Create or correct the fact of a period without publishing (the caller publishes once)."""
    authorization.require(actor, authorization.CONTRIBUTE, indicator)
    year, quarter = check_period(indicator, year, quarter)
    check_fact_period(indicator, year, quarter, timezone.localdate())
    number = to_decimal(value, label=_("The fact"))
    if number is None:
        raise ValidationError({"value": _("Give the actual value.")})
    if evidence is not None and evidence.size > MAX_EVIDENCE:
        raise ValidationError({"evidence": _("The evidence file is larger than 20 MB.")})
    fact = Value.objects.select_for_update().filter(indicator=indicator, year=year, quarter=quarter).first()
    if fact is None:
        fact = Value(indicator=indicator, year=year, quarter=quarter)
        history_reason = (reason or "").strip() or _("Entered")
    else:
        check_version(fact, version)
        if not (reason or "").strip():
            raise ValidationError(
                {
                    "reason": _(
                        "The fact for %(period)s is already entered: give the reason for correcting it."
                    )
                    % {"period": fact.period_label}
                }
            )
        fact.version += 1
        history_reason = reason.strip()
    fact.value = number
    fact.source = (source or "").strip() or fact.source
    if evidence is not None:
        fact.evidence = evidence
    fact.entered_by = actor
    return save_recorded(fact, actor, history_reason)


@transaction.atomic
def value_record(
    *,
    actor,
    indicator: Indicator,
    year: int,
    quarter: int = 0,
    value,
    source: str = "",
    evidence=None,
    reason: str = "",
    version: int | None = None,
) -> Value:
    """Enter the fact of a period, or correct it (reason and version); open dashboards hear of it."""
    indicator = Indicator.objects.get(pk=indicator.pk)
    fact = record(
        actor=actor,
        indicator=indicator,
        year=year,
        quarter=quarter,
        value=value,
        source=source,
        evidence=evidence,
        reason=reason,
        version=version,
    )
    publish_values([indicator.pk], fact.year, fact.quarter)
    return fact


@transaction.atomic
def value_delete(value: Value, *, actor, reason: str) -> None:
    """Remove the fact of a period; the history keeps it with the reason."""
    value = Value.objects.select_for_update().select_related("indicator").get(pk=value.pk)
    authorization.require(actor, authorization.CONTRIBUTE, value)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for removing the fact.")})
    delete_recorded(value, actor, reason.strip())
    publish_values([value.indicator_id], value.year, value.quarter)
