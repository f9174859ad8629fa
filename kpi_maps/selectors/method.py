"""How achievement is scored, in words in the reader's language: shown beside every figure a rule set produces."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from ..choices import Formula
from ..scoring import Rules


def scoring_method(rules: Rules) -> str:
    """The achievement rules of a rule set in the reader's language, shown beside every figure they produce."""
    higher = (
        _("fact ÷ plan")
        if rules.higher_formula == Formula.RATIO
        else _("1 when the fact reaches the plan, else 0")
    )
    lower = (
        _("plan ÷ fact")
        if rules.lower_formula == Formula.RATIO
        else _("1 when the fact stays within the plan, else 0")
    )
    return _(
        "Achievement: %(higher)s for higher-is-better indicators, %(lower)s for lower-is-better ones, 100 %% "
        "inside the range for range indicators, capped at %(cap)s %%. Green from %(green)s %%, amber from "
        "%(amber)s %%, red below; grey without a plan or a fact. A parent's achievement from contributions is "
        "the mean of its contributors' achievements weighted by their shares. This rule set is configurable and "
        "is not an official methodology."
    ) % {
        "higher": higher,
        "lower": lower,
        "cap": _percent(rules.cap),
        "green": _percent(rules.green),
        "amber": _percent(rules.amber),
    }


def _percent(fraction: Decimal) -> str:
    return f"{(Decimal(fraction) * 100).normalize():f}"
