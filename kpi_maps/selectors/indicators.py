"""Reads of indicators: the registry, one indicator, and its passport with plans, facts, history and links.

Everything goes through `pmis.core.authorization`: an indicator is visible where its node is, and also to those
who work below it (the goal map their work serves).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from pmis.core import authorization
from pmis.core.nodes import ancestor_id, node_model

from ..choices import Periodicity
from ..models import Contribution, Indicator, Target, Value
from ..models.periods import period_label
from ..scoring import achievement, colour, forecast, misses, period_time
from .scores import rules_for

#: The level of personal responsibility (Rules p.17) and who bears it.
LEVEL_MEANING = {
    1: _("curator of the national priority"),
    2: _("program manager"),
    3: _("head of the basic direction"),
    4: _("head of the project group"),
    None: _("project manager (the project's own indicator)"),
}
HISTORY_LIMIT = 100


def indicator_list(
    user, *, node=None, kind: str | None = None, text: str | None = None
) -> QuerySet[Indicator]:
    """The indicators `user` may see, by code; under `node` (its subtree), of `kind`, matching `text`."""
    queryset = Indicator.objects.select_related("created_by").order_by("code")
    if node is not None:
        queryset = queryset.filter(node_path__startswith=node.path)
    if kind:
        queryset = queryset.filter(kind=kind)
    if text:
        queryset = queryset.filter(text_match(text))
    return authorization.restrict(queryset, user, authorization.VIEW)


def text_match(text: str) -> Q:
    """Indicators whose code or name (in any language) contains `text`."""
    text = text.strip()
    return (
        Q(code__icontains=text)
        | Q(name_kk__icontains=text)
        | Q(name_ru__icontains=text)
        | Q(name_en__icontains=text)
    )


def indicator_get(user, pk, action: str = authorization.VIEW) -> Indicator:
    """One indicator `user` may see (404 otherwise), then 403 unless they may `action` it."""
    indicator = get_object_or_404(indicator_list(user), pk=pk)
    if action != authorization.VIEW:
        authorization.require(user, action, indicator)
    return indicator


def indicator_node(indicator: Indicator):
    """The hierarchy node the indicator is attached to (one query), or None when it is gone."""
    return node_model(indicator.node_kind).objects.filter(pk=indicator.node_id).first()


@dataclass
class PeriodRow:
    """Plan and fact of one period, as approved and as adjusted, with its achievement and colour."""

    year: int
    quarter: int
    target: Target | None = None
    value: Value | None = None
    achievement: Decimal | None = None
    colour: str = "grey"

    @property
    def label(self) -> str:
        return period_label(self.year, self.quarter)

    @property
    def adjusted(self) -> bool:
        return self.target is not None and self.target.is_adjusted


@dataclass
class HistoryRow:
    """One step in the life of a plan or a fact: what, which period, the figure, who, when and why."""

    what: str
    period: str
    kind: str  # "+", "~", "-"
    value: Decimal | None
    approved_value: Decimal | None
    user: object
    at: object
    reason: str


@dataclass
class LinkRow:
    """A decomposition link seen from the passport: the other indicator and the share."""

    contribution: Contribution
    other: Indicator
    share: Decimal


@dataclass
class Passport:
    indicator: Indicator
    node: object
    level: int | None
    level_meaning: str
    periods: list[PeriodRow]
    history: list[HistoryRow]
    inputs: list[LinkRow]  # contributors: the indicators below that move this one
    outputs: list[LinkRow]  # the indicators above this one contributes to
    rule_set: object
    forecast: Decimal | None
    final: PeriodRow | None
    forecast_misses: bool
    may: dict = field(default_factory=dict)

    @property
    def chart(self) -> dict:
        """The trend chart's data (static/js/kpi-trend.js): labels, plan, fact and the dotted forecast."""
        labels = [row.label for row in self.periods]
        plan = [_number(row.target.value if row.target else None) for row in self.periods]
        fact = [_number(row.value.value if row.value else None) for row in self.periods]
        projected = [None] * len(self.periods)
        last_fact = max((index for index, value in enumerate(fact) if value is not None), default=None)
        if self.forecast is not None and last_fact is not None and self.final is not None:
            final_index = next(
                index
                for index, row in enumerate(self.periods)
                if (row.year, row.quarter) == (self.final.year, self.final.quarter)
            )
            if final_index > last_fact:
                projected[last_fact] = fact[last_fact]
                projected[final_index] = _number(self.forecast)
        return {
            "labels": labels,
            "plan": plan,
            "fact": fact,
            "forecast": projected,
            "unit": self.indicator.unit,
            "names": {"plan": str(_("Plan")), "fact": str(_("Fact")), "forecast": str(_("Forecast"))},
        }


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _history(indicator: Indicator) -> list[HistoryRow]:
    rows = []
    targets = Target.history.filter(indicator_id=indicator.pk).select_related("history_user")
    values = Value.history.filter(indicator_id=indicator.pk).select_related("history_user")
    for what, records in ((_("Plan"), targets[:HISTORY_LIMIT]), (_("Fact"), values[:HISTORY_LIMIT])):
        for record in records:
            rows.append(
                HistoryRow(
                    what=str(what),
                    period=period_label(record.year, record.quarter),
                    kind=record.history_type,
                    value=record.value,
                    approved_value=getattr(record, "approved_value", None),
                    user=record.history_user,
                    at=record.history_date,
                    reason=record.history_change_reason or "",
                )
            )
    rows.sort(key=lambda row: row.at, reverse=True)
    return rows[:HISTORY_LIMIT]


def indicator_passport(user, indicator: Indicator) -> Passport:
    """Everything the passport page shows of an indicator `user` may see (a fixed number of queries)."""
    node = indicator_node(indicator)
    rules, rule_set = rules_for(ancestor_id(indicator.node_path, "portfolio"))
    targets = {t.period: t for t in Target.objects.filter(indicator=indicator).select_related("updated_by")}
    values = {v.period: v for v in Value.objects.filter(indicator=indicator).select_related("entered_by")}
    periods = []
    for year, quarter in sorted(set(targets) | set(values)):
        row = PeriodRow(year, quarter, targets.get((year, quarter)), values.get((year, quarter)))
        if row.target is not None and row.value is not None:
            row.achievement = achievement(
                indicator.direction, row.target.value, row.value.value, rules, plan_high=row.target.value_high
            )
        row.colour = colour(row.achievement, rules)
        periods.append(row)
    own = (
        (lambda quarter: quarter > 0)
        if indicator.periodicity == Periodicity.QUARTERLY
        else (lambda quarter: quarter == 0)
    )
    points = [(period_time(*period), fact.value) for period, fact in values.items() if own(period[1])]
    if indicator.base_year is not None and indicator.base_value is not None:
        points.append((Decimal(indicator.base_year), indicator.base_value))
    final = next((row for row in reversed(periods) if row.target is not None and own(row.quarter)), None)
    expected = forecast(points, period_time(final.year, final.quarter)) if final else None
    links = Contribution.objects.filter(Q(parent=indicator) | Q(child=indicator)).select_related(
        "parent", "child"
    )
    inputs, outputs = [], []
    for link in links:
        if link.parent_id == indicator.pk:
            inputs.append(LinkRow(link, link.child, link.share))
        else:
            outputs.append(LinkRow(link, link.parent, link.share))
    return Passport(
        indicator=indicator,
        node=node,
        level=indicator.level,
        level_meaning=str(LEVEL_MEANING[indicator.level]),
        periods=periods,
        history=_history(indicator),
        inputs=inputs,
        outputs=outputs,
        rule_set=rule_set,
        forecast=expected,
        final=final,
        forecast_misses=bool(
            final and misses(indicator.direction, expected, final.target.value, final.target.value_high)
        ),
        may={
            action: authorization.can(user, action, indicator)
            for action in (authorization.CHANGE, authorization.CONTRIBUTE, authorization.DELETE)
        },
    )


def target_list(user) -> QuerySet[Target]:
    """The plans `user` may see, with their indicator."""
    queryset = Target.objects.select_related("indicator", "updated_by").order_by(
        "indicator__code", "year", "quarter"
    )
    return authorization.restrict(queryset, user, authorization.VIEW)


def value_list(user) -> QuerySet[Value]:
    """The facts `user` may see, with their indicator and who entered them."""
    queryset = Value.objects.select_related("indicator", "entered_by").order_by(
        "indicator__code", "year", "quarter"
    )
    return authorization.restrict(queryset, user, authorization.VIEW)


def contribution_list(user) -> QuerySet[Contribution]:
    """The decomposition links `user` may see (those of the indicators below that they see)."""
    queryset = Contribution.objects.select_related("parent", "child").order_by("parent__code", "child__code")
    return authorization.restrict(queryset, user, authorization.VIEW)
