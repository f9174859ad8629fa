"""The achievement rules, in Python; the same rules in SQL are the functions of migration 0002.

Achievement of one indicator in one period, under a rule set (`kpi_maps.models.RuleSet`, defaults in brackets):
- higher is better: fact / plan [ratio], or 1 when fact ≥ plan else 0 [met];
- lower is better: plan / fact [ratio], or 1 when fact ≤ plan else 0 [met];
- a ratio needs both figures on the right side of zero (plan > 0 and fact ≥ 0 for higher, plan ≥ 0 and fact > 0
  for lower); otherwise — a zero or negative plan, a negative fact — the rule falls back to met / not met, so a
  zero plan never divides and a sign change never gives a large positive ratio; a fact at or below zero against a
  positive lower-is-better plan scores the cap (the limit of plan / fact);
- keep within a range [low, high]: 1 inside; below it, as higher-is-better against low; above it, as
  lower-is-better against high (a plan with no upper bound is the range [plan, plan]);
- the result is capped at `cap` [1.00] and rounded to four decimals; no plan or no fact: no achievement.

Colour: green at or above `green` [0.95], amber at or above `amber` [0.80], red below, grey without achievement.

Roll-up (kpi_maps.selectors): an indicator's achievement "from contributions" is the mean of the achievements of
the contributing indicators at the ends of its decomposition (those with no contributors of their own), each
weighted by its effective share: the product of the shares along the links from the indicator down to it
(summed over several paths). Contributors without a fact for the period drop out of the mean.

Forecast: the least-squares line through the actual series (the base value at the base year, then every fact of
the indicator's periodicity; a quarter's fact sits at year − 1 + quarter / 4) read at the final plan's period;
it misses the target when it falls short of the final plan in the indicator's direction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .choices import Colour, Direction, Formula

FOUR_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Rules:
    """The parameters of a rule set, as plain values (a `RuleSet` row, or the defaults)."""

    higher_formula: str = Formula.RATIO
    lower_formula: str = Formula.RATIO
    cap: Decimal = Decimal("1.00")
    green: Decimal = Decimal("0.95")
    amber: Decimal = Decimal("0.80")

    @classmethod
    def of(cls, rule_set) -> Rules:
        if rule_set is None:
            return cls()
        return cls(
            higher_formula=rule_set.higher_formula,
            lower_formula=rule_set.lower_formula,
            cap=rule_set.cap,
            green=rule_set.green,
            amber=rule_set.amber,
        )


DEFAULT_RULES = Rules()


def _higher(plan: Decimal, fact: Decimal, formula: str) -> Decimal:
    if formula == Formula.RATIO and plan > 0 and fact >= 0:
        return fact / plan
    return Decimal(1) if fact >= plan else Decimal(0)


def _lower(plan: Decimal, fact: Decimal, formula: str) -> Decimal:
    if formula == Formula.RATIO and plan >= 0 and fact > 0:
        return plan / fact
    if formula == Formula.RATIO and plan > 0 and fact <= 0:
        # The limit of plan / fact as the fact falls to zero: the best score there is (the cap), so that a
        # better fact never scores lower.
        return Decimal("Infinity")
    return Decimal(1) if fact <= plan else Decimal(0)


def achievement(
    direction: str,
    plan: Decimal | None,
    fact: Decimal | None,
    rules: Rules = DEFAULT_RULES,
    *,
    plan_high: Decimal | None = None,
) -> Decimal | None:
    """The achievement of `fact` against `plan` (a fraction, 1 = met), or None when either is missing."""
    if plan is None or fact is None:
        return None
    plan, fact = Decimal(plan), Decimal(fact)
    if direction == Direction.RANGE:
        high = Decimal(plan_high) if plan_high is not None else plan
        if plan <= fact <= high:
            raw = Decimal(1)
        elif fact < plan:
            raw = _higher(plan, fact, Formula.RATIO)
        else:
            raw = _lower(high, fact, Formula.RATIO)
    elif direction == Direction.LOWER:
        raw = _lower(plan, fact, rules.lower_formula)
    else:
        raw = _higher(plan, fact, rules.higher_formula)
    return min(raw, Decimal(rules.cap)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def colour(value: Decimal | None, rules: Rules = DEFAULT_RULES) -> str:
    """The traffic light of an achievement."""
    if value is None:
        return Colour.GREY
    if value >= rules.green:
        return Colour.GREEN
    if value >= rules.amber:
        return Colour.AMBER
    return Colour.RED


def period_time(year: int, quarter: int) -> Decimal:
    """Where a period sits on the time axis of a trend: a year at itself, a quarter at year − 1 + quarter / 4."""
    if quarter:
        return Decimal(year - 1) + Decimal(quarter) / 4
    return Decimal(year)


def forecast(points: list[tuple[Decimal, Decimal]], at: Decimal) -> Decimal | None:
    """The least-squares line through (time, value) points, read at time `at`; None with fewer than two times."""
    if len({time for time, _value in points}) < 2:
        return None
    n = Decimal(len(points))
    mean_t = sum(time for time, _value in points) / n
    mean_v = sum(value for _time, value in points) / n
    sxx = sum((time - mean_t) ** 2 for time, _value in points)
    sxy = sum((time - mean_t) * (value - mean_v) for time, value in points)
    slope = sxy / sxx
    return (mean_v + slope * (Decimal(at) - mean_t)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def misses(
    direction: str, expected: Decimal | None, plan: Decimal | None, plan_high: Decimal | None = None
) -> bool:
    """Does an expected end value fall short of the final plan, in the indicator's direction?"""
    if expected is None or plan is None:
        return False
    if direction == Direction.LOWER:
        return expected > plan
    if direction == Direction.RANGE:
        return not (plan <= expected <= (plan_high if plan_high is not None else plan))
    return expected < plan
