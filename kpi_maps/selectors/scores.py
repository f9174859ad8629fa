"""Achievement, roll-up, coverage and forecast of every indicator under a node, for one period, in one query.

The rules are those of kpi_maps/scoring.py (the SQL functions of migration 0002 apply them); this module adds
the set-wise parts:
- *roll-up*: the decomposition links are closed transitively (a recursive CTE multiplies the shares along each
  path); an indicator's achievement "from contributions" is the weighted mean of the achievements of the
  contributors at the ends of its decomposition, each weighted by its effective share; those without a fact for
  the period drop out of the mean, and `covered` says how much of the indicator they stand for;
- *share of projects* (Rules p.17(3)): the effective share of the indicator carried by projects' own indicators;
  what is left is the part no project is seen to move (Rules p.74);
- *forecast*: the least-squares line (PostgreSQL's regr_slope / regr_intercept) through the base value and the
  facts of the indicator's periodicity, read at the final plan's period; `misses` when it falls short.

The caller has decided who may read the node (`root_path`); this module reads whatever lies under it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from ..choices import Colour
from ..models import RuleSet
from ..scoring import Rules

_SQL = """
WITH RECURSIVE ind AS (
    SELECT i.id, i.direction, i.node_kind, i.periodicity, i.base_value, i.base_year
    FROM kpi_maps_indicator i
    WHERE i.is_active AND i.node_path LIKE %(root)s
      AND (%(ids)s::bigint[] IS NULL OR i.id = ANY(%(ids)s::bigint[]))
),
own AS (
    SELECT ind.id, t.value AS plan, t.value_high AS plan_high, t.approved_value AS approved_plan,
           t.approved_value_high AS approved_plan_high, v.value AS fact,
           kpi_achievement(ind.direction, t.value, t.value_high, v.value, %(higher)s, %(lower)s, %(cap)s) AS a
    FROM ind
    LEFT JOIN kpi_maps_target t ON t.indicator_id = ind.id AND t.year = %(year)s AND t.quarter = %(quarter)s
    LEFT JOIN kpi_maps_value v ON v.indicator_id = ind.id AND v.year = %(year)s AND v.quarter = %(quarter)s
),
closure(ancestor, descendant, weight, depth) AS (
    SELECT c.parent_id, c.child_id, c.share / 100, 1
    FROM kpi_maps_contribution c JOIN ind ON ind.id = c.parent_id
    UNION ALL
    SELECT cl.ancestor, c.child_id, cl.weight * c.share / 100, cl.depth + 1
    FROM closure cl JOIN kpi_maps_contribution c ON c.parent_id = cl.descendant
    WHERE cl.depth < 32
),
ends AS (
    SELECT cl.ancestor, cl.descendant, sum(cl.weight) AS weight
    FROM closure cl
    WHERE NOT EXISTS (SELECT 1 FROM kpi_maps_contribution c WHERE c.parent_id = cl.descendant)
    GROUP BY cl.ancestor, cl.descendant
),
end_scores AS (
    -- Each contributor at an end scored once, however many indicators above it roll it up.
    SELECT d.id, d.node_kind,
           kpi_achievement(d.direction, t.value, t.value_high, v.value, %(higher)s, %(lower)s, %(cap)s) AS a
    FROM (SELECT DISTINCT descendant FROM ends) x
    JOIN kpi_maps_indicator d ON d.id = x.descendant AND d.is_active
    LEFT JOIN kpi_maps_target t ON t.indicator_id = d.id AND t.year = %(year)s AND t.quarter = %(quarter)s
    LEFT JOIN kpi_maps_value v ON v.indicator_id = d.id AND v.year = %(year)s AND v.quarter = %(quarter)s
),
scored_ends AS (
    SELECT e.ancestor, e.weight, s.node_kind, s.a FROM ends e JOIN end_scores s ON s.id = e.descendant
),
rolled AS (
    SELECT ancestor AS id,
           round(sum(weight * a) / nullif(sum(weight) FILTER (WHERE a IS NOT NULL), 0), 4) AS rolled,
           round(coalesce(sum(weight) FILTER (WHERE a IS NOT NULL), 0), 4) AS covered,
           round(coalesce(sum(weight) FILTER (WHERE node_kind = 'project'), 0), 4) AS project_share
    FROM scored_ends
    GROUP BY ancestor
),
series AS (
    SELECT ind.id, kpi_period_time(v.year, v.quarter) AS t, v.value
    FROM ind JOIN kpi_maps_value v ON v.indicator_id = ind.id
        AND (v.quarter = 0) = (ind.periodicity = 'annual')
    UNION ALL
    SELECT ind.id, ind.base_year::numeric, ind.base_value FROM ind
    WHERE ind.base_year IS NOT NULL AND ind.base_value IS NOT NULL
),
trend AS (
    SELECT id, regr_slope(value::float8, t::float8) AS slope, regr_intercept(value::float8, t::float8) AS intercept,
           max(t) > min(t) AS sloped
    FROM series GROUP BY id
),
final AS (
    -- The final plan: of the last planned year, the annual one, else its last quarter (an index probe each).
    SELECT ind.id, f.year, f.quarter, f.value, f.value_high
    FROM ind CROSS JOIN LATERAL (
        SELECT t.year, t.quarter, t.value, t.value_high FROM kpi_maps_target t
        WHERE t.indicator_id = ind.id
          AND t.year = (SELECT max(m.year) FROM kpi_maps_target m WHERE m.indicator_id = ind.id)
        ORDER BY (t.quarter = 0) DESC, t.quarter DESC
        LIMIT 1
    ) f
)
SELECT ind.id, ind.direction, o.plan, o.plan_high, o.approved_plan, o.approved_plan_high, o.fact, o.a,
       r.rolled, coalesce(r.covered, 0), coalesce(r.project_share, 0), r.id IS NOT NULL,
       f.year, f.quarter, f.value, f.value_high,
       CASE WHEN tr.sloped AND f.id IS NOT NULL
            THEN round((tr.intercept + tr.slope * kpi_period_time(f.year, f.quarter)::float8)::numeric, 4)
       END AS forecast
FROM ind
JOIN own o ON o.id = ind.id
LEFT JOIN rolled r ON r.id = ind.id
LEFT JOIN final f ON f.id = ind.id
LEFT JOIN trend tr ON tr.id = ind.id
"""


_LIGHT_SQL = """
SELECT i.id, t.value, t.value_high, t.approved_value, t.approved_value_high, v.value,
       kpi_achievement(i.direction, t.value, t.value_high, v.value, %(higher)s, %(lower)s, %(cap)s)
FROM kpi_maps_indicator i
LEFT JOIN kpi_maps_target t ON t.indicator_id = i.id AND t.year = %(year)s AND t.quarter = %(quarter)s
LEFT JOIN kpi_maps_value v ON v.indicator_id = i.id AND v.year = %(year)s AND v.quarter = %(quarter)s
WHERE i.is_active AND i.node_path LIKE %(root)s
"""


@dataclass(frozen=True)
class Score:
    """What the monitoring says about one indicator in one period."""

    indicator_id: int
    plan: Decimal | None
    plan_high: Decimal | None
    approved_plan: Decimal | None
    approved_plan_high: Decimal | None
    fact: Decimal | None
    achievement: Decimal | None
    colour: str
    # The roll-up and the forecast: left at these values by `achievements`, which reads neither.
    rolled: Decimal | None = None  # achievement from contributions (None: no contributor has a fact)
    rolled_colour: str = Colour.GREY
    covered: Decimal = Decimal(0)  # the effective share of the contributors with a fact, 0–1
    project_share: Decimal = Decimal(0)  # the effective share carried by projects' indicators (Rules p.17(3))
    decomposed: bool = False  # has contributors
    final_year: int | None = None
    final_quarter: int | None = None
    final_plan: Decimal | None = None
    final_plan_high: Decimal | None = None
    forecast: Decimal | None = None
    misses: bool = False  # the forecast falls short of the final plan

    @property
    def deviation(self) -> Decimal | None:
        """Fact minus plan, in the indicator's unit (the forms' «отклонение»)."""
        if self.fact is None or self.plan is None:
            return None
        return self.fact - self.plan


def rules_for(portfolio_id: int | None) -> tuple[Rules, RuleSet | None]:
    """The rule set of a portfolio: its own, else the default (one query)."""
    rows = {
        rule_set.portfolio_id: rule_set
        for rule_set in RuleSet.objects.filter(portfolio__isnull=True)
        | RuleSet.objects.filter(portfolio_id=portfolio_id)
    }
    rule_set = rows.get(portfolio_id) or rows.get(None)
    return Rules.of(rule_set), rule_set


def score_params(root_path: str, year: int, quarter: int, rules: Rules) -> dict:
    return {
        "root": f"{root_path}%",
        "year": year,
        "quarter": quarter,
        "higher": str(rules.higher_formula),
        "lower": str(rules.lower_formula),
        "cap": rules.cap,
    }


def rules_at(path: str) -> Rules:
    """The rules that score the indicators of the node at `path`: its portfolio's, else the default."""
    from pmis.core.nodes import ancestor_id

    return rules_for(ancestor_id(path, "portfolio"))[0]


def scores(
    root_path: str, year: int, quarter: int, rules: Rules, *, ids: list[int] | None = None
) -> dict[int, Score]:
    """The score of every active indicator attached at or under `root_path`, keyed by indicator id.

    `ids` scores only those indicators (their roll-ups still read every contributor below them): the cost follows
    the indicators asked for and their decomposition, not the size of the subtree.
    """
    from ..scoring import colour, misses

    params = {**score_params(root_path, year, quarter, rules), "ids": None if ids is None else list(ids)}
    with connection.cursor() as cursor:
        cursor.execute(_SQL, params)
        rows = cursor.fetchall()
    result = {}
    for (
        pk,
        direction,
        plan,
        plan_high,
        approved,
        approved_high,
        fact,
        a,
        rolled,
        covered,
        share,
        decomposed,
        final_year,
        final_quarter,
        final_plan,
        final_high,
        expected,
    ) in rows:
        result[pk] = Score(
            indicator_id=pk,
            plan=plan,
            plan_high=plan_high,
            approved_plan=approved,
            approved_plan_high=approved_high,
            fact=fact,
            achievement=a,
            colour=colour(a, rules),
            rolled=rolled,
            rolled_colour=colour(rolled, rules) if rolled is not None else Colour.GREY,
            covered=covered,
            project_share=share,
            decomposed=decomposed,
            final_year=final_year,
            final_quarter=final_quarter,
            final_plan=final_plan,
            final_plan_high=final_high,
            forecast=expected,
            misses=misses(direction, expected, final_plan, final_high),
        )
    return result


def default_period(root_path: str, *, kinds: tuple[str, ...] | None = None) -> tuple[int, int]:
    """The period a page opens on: the latest year with an annual fact under the node (of indicators on the
    `kinds` of node, when given), else the current year."""
    from django.db.models import Max
    from django.utils import timezone

    from ..models import Value

    facts = Value.objects.filter(
        indicator__node_path__startswith=root_path, indicator__is_active=True, quarter=0
    )
    if kinds:
        facts = facts.filter(indicator__node_kind__in=kinds)
    latest = facts.aggregate(latest=Max("year"))["latest"]
    return (latest or timezone.localdate().year, 0)


def achievements(root_path: str, year: int, quarter: int, rules: Rules) -> dict[int, Score]:
    """Plan, fact, achievement and colour of every active indicator under `root_path` — no roll-up, no forecast.

    The cheap first pass of a page that shows a few indicators in full (`scores(..., ids=...)`) chosen from all of
    them by their achievement: the dashboard's worst deviations, its heat map.
    """
    from ..scoring import colour

    params = score_params(root_path, year, quarter, rules)
    with connection.cursor() as cursor:
        cursor.execute(_LIGHT_SQL, params)
        rows = cursor.fetchall()
    return {
        pk: Score(
            indicator_id=pk,
            plan=plan,
            plan_high=plan_high,
            approved_plan=approved,
            approved_plan_high=approved_high,
            fact=fact,
            achievement=a,
            colour=colour(a, rules),
        )
        for pk, plan, plan_high, approved, approved_high, fact, a in rows
    }
