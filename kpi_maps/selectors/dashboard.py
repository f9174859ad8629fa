"""The curators' dashboard of a portfolio (Rules p.20, p.87(1), p.37(2)): plan/fact of its key national
indicators, timeframe and budget of its programs and projects, the status mix of child nodes, the worst deviations
first, a heat map of the goal map and the rating tables.

Everything is read in a fixed number of SQL statements whatever the size of the portfolio; the achievements and
roll-ups come from `kpi_maps.selectors.scores.scores()` (one statement for every indicator under the portfolio).
The caller has decided that the reader may see the whole portfolio (`kpi_maps.access.subtree_or_404`).

The answer is a plain dict of lists, numbers (Decimal) and strings: `dashboard_json()` turns it into the JSON the
API sends and the page embeds (decimals as strings).
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from pmis.core.choices import Stage, Status
from pmis.core.nodes import ancestor_id, last_ref
from programs.models import Program
from projects.models import Project

from ..choices import RESPONSIBILITY, Colour, Direction
from ..models import Indicator
from ..models.periods import period_label
from ..scoring import Rules, colour
from .method import scoring_method
from .scores import Score, achievements, default_period, rules_for, scores

#: How many of the worst indicators the deviation table lists, and how many overdue projects.
WORST = 10
#: How many of the best and of the worst rated persons the dashboard shows.
RATED_SHOWN = 10
OVERDUE = 10
#: The columns of the heat map: the levels of responsibility below the portfolio (Rules p.17) and projects.
HEAT_LEVELS = ("program", "direction", "group", "project")

_PERIODS_SQL = """
SELECT DISTINCT t.year, t.quarter FROM kpi_maps_target t JOIN kpi_maps_indicator i ON i.id = t.indicator_id
WHERE i.is_active AND i.node_path LIKE %(root)s AND i.node_kind IN ('portfolio', 'program')
UNION
SELECT DISTINCT v.year, v.quarter FROM kpi_maps_value v JOIN kpi_maps_indicator i ON i.id = v.indicator_id
WHERE i.is_active AND i.node_path LIKE %(root)s AND i.node_kind IN ('portfolio', 'program')
ORDER BY 1, 2
"""

# Child nodes of the portfolio per program, kind, stage and status, with budgets, overdue projects and the
# charter funding of projects (kind 'funding'). The program's own row is kind 'program'.
_NODES_SQL = """
SELECT split_part(n.path, '/', 2) AS program, n.kind, n.stage, n.status, count(*) AS nodes,
       coalesce(sum(n.budget), 0) AS budget,
       count(*) FILTER (WHERE n.kind = 'project' AND n.actual_end IS NULL AND n.planned_end < %(today)s
                        AND n.status IN ('active', 'suspended')) AS overdue,
       max(n.planned_end) FILTER (WHERE n.kind = 'project') AS last_planned_end,
       max(CASE WHEN n.actual_end IS NOT NULL THEN n.actual_end
                WHEN n.status IN ('active', 'suspended') THEN greatest(n.planned_end, %(today)s)
                ELSE n.planned_end END) FILTER (WHERE n.kind = 'project') AS expected_end
FROM (
    SELECT 'direction' AS kind, path, stage, status, budget, planned_end, actual_end
    FROM programs_basicdirection WHERE path LIKE %(root)s
    UNION ALL
    SELECT 'group', path, stage, status, budget, planned_end, actual_end
    FROM programs_projectgroup WHERE path LIKE %(root)s
    UNION ALL
    SELECT 'project', path, stage, status, budget, planned_end, actual_end
    FROM projects_project WHERE path LIKE %(root)s
    UNION ALL
    SELECT 'funding', p.path, NULL, NULL, f.amount, NULL, NULL
    FROM projects_fundingline f JOIN projects_project p ON p.id = f.project_id WHERE p.path LIKE %(root)s
) n
GROUP BY 1, 2, 3, 4
"""

_TREND_SQL = """
SELECT 'plan', t.indicator_id, t.year, t.quarter, t.value, t.value_high
FROM kpi_maps_target t WHERE t.indicator_id = ANY(%(ids)s::bigint[])
UNION ALL
SELECT 'fact', v.indicator_id, v.year, v.quarter, v.value, NULL
FROM kpi_maps_value v WHERE v.indicator_id = ANY(%(ids)s::bigint[])
ORDER BY 2, 3, 4
"""


def score_row(score: Score) -> dict:
    """The monitoring figures of one indicator as the dashboard and its live deltas carry them."""
    return {
        "id": score.indicator_id,
        "plan": score.plan,
        "plan_high": score.plan_high,
        "fact": score.fact,
        "achievement": score.achievement,
        "colour": score.colour,
        "rolled": score.rolled,
        "rolled_colour": score.rolled_colour,
        "forecast": score.forecast,
        "misses": score.misses,
        "deviation": score.deviation,
    }


def _program_of(path: str) -> int | None:
    return ancestor_id(path, "program")


def _mean(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values) / len(values)).quantize(Decimal("0.0001"))


def _periods(root: str, year: int, quarter: int) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(_PERIODS_SQL, {"root": f"{root}%"})
        found = set(cursor.fetchall())
    found.add((year, quarter))
    return [{"year": y, "quarter": q, "label": period_label(y, q)} for y, q in sorted(found)]


def _node_stats(root: str, today: dt.date) -> dict:
    """Per program id: the status and stage mix of its child nodes, projects, overdue, budgets and funding."""
    stats: dict = defaultdict(
        lambda: {
            "status_mix": defaultdict(int),
            "stage_mix": defaultdict(int),
            "nodes": 0,
            "projects": 0,
            "overdue_projects": 0,
            "projects_budget": Decimal(0),
            "funding": Decimal(0),
            "last_planned_end": None,
            "expected_end": None,
        }
    )
    with connection.cursor() as cursor:
        cursor.execute(_NODES_SQL, {"root": f"{root}%", "today": today})
        rows = cursor.fetchall()
    for segment, kind, stage, status, nodes, budget, overdue, last_end, expected in rows:
        if not segment.startswith("program:"):
            continue
        entry = stats[int(segment.split(":")[1])]
        if kind == "funding":
            entry["funding"] += budget
            continue
        entry["nodes"] += nodes
        entry["status_mix"][status] += nodes
        entry["stage_mix"][stage] += nodes
        if kind == "project":
            entry["projects"] += nodes
            entry["overdue_projects"] += overdue
            entry["projects_budget"] += budget
            for key, value in (("last_planned_end", last_end), ("expected_end", expected)):
                if value is not None and (entry[key] is None or value > entry[key]):
                    entry[key] = value
    return stats


def _trend(indicators: list[Indicator]) -> dict[int, dict]:
    """Plans and facts of every period of each indicator's periodicity, for the trend chart (one statement)."""
    if not indicators:
        return {}
    quarterly = {ind.pk for ind in indicators if ind.periodicity != "annual"}
    series: dict[int, dict] = {ind.pk: {} for ind in indicators}
    with connection.cursor() as cursor:
        cursor.execute(_TREND_SQL, {"ids": list(series)})
        rows = cursor.fetchall()
    for what, pk, year, quarter, value, value_high in rows:
        if (quarter != 0) != (pk in quarterly):
            continue
        point = series[pk].setdefault((year, quarter), {"plan": None, "plan_high": None, "fact": None})
        point[what] = value
        if what == "plan":
            point["plan_high"] = value_high
    return {
        pk: {
            "periods": [[y, q] for y, q in sorted(points)],
            "labels": [period_label(y, q) for y, q in sorted(points)],
            "plan": [points[key]["plan"] for key in sorted(points)],
            "plan_high": [points[key]["plan_high"] for key in sorted(points)],
            "fact": [points[key]["fact"] for key in sorted(points)],
        }
        for pk, points in series.items()
    }


def _worst(score_list: list[Score]) -> list[Score]:
    """Off track first: the lowest achievement, then a forecast that misses; green ones on course are left out."""
    off = [s for s in score_list if s.colour in (Colour.RED, Colour.AMBER) or s.misses]
    off.sort(
        key=lambda s: (
            s.achievement is None,
            s.achievement if s.achievement is not None else Decimal(0),
            not s.misses,
            s.indicator_id,
        )
    )
    return off[:WORST]


def _per_node(placed, by_id: dict[int, Score], rules: Rules) -> dict:
    """(scored, sum of achievements, red) per group and project from the achievements already read, as the ratings
    module would read them again (`ratings.person_ratings(per_node=...)`)."""
    per_node: dict = {}
    for pk, kind, path in placed:
        score = by_id.get(pk)
        if kind not in ("group", "project") or score is None:
            continue
        node = last_ref(path)
        scored, total, red = per_node.get(node, (0, None, 0))
        if score.achievement is not None:
            scored, total = scored + 1, (total or 0) + score.achievement
            red += score.achievement < rules.amber
        per_node[node] = (scored, total, red)
    return per_node


def _ratings(portfolio, year: int, quarter: int, rules: Rules, per_node: dict | None = None) -> dict | None:
    """The rating tables of kpi_maps.selectors.ratings, or None while that module is not there."""
    try:
        from . import ratings
    except ImportError:
        return None
    everyone = ratings.person_ratings(portfolio, year, quarter, rules, per_node=per_node)
    regions = ratings.region_ratings(portfolio, year, quarter, rules)
    # The best and the worst: a national portfolio rates thousands of people; the ratings page lists them all.
    persons = everyone
    if len(everyone) > 2 * RATED_SHOWN:
        scored = [r for r in everyone if r.score is not None] or everyone
        persons = scored[:RATED_SHOWN] + [r for r in scored[-RATED_SHOWN:] if r not in scored[:RATED_SHOWN]]
    return {
        "method": ratings.rating_method(rules),
        "persons_total": len(everyone),
        "persons": [
            {
                "rank": r.rank,
                "person_id": r.person_id,
                "person_name": r.person_name,
                "role_code": r.role_code,
                "role_name": str(r.role_name),
                "nodes": [{"ref": ref, "name": name} for ref, name in r.nodes],
                "indicators": r.indicators,
                "score": r.score,
                "colour": r.colour,
                "red": r.red,
            }
            for r in persons
        ],
        "regions": [
            {
                "rank": r.rank,
                "region": r.region,
                "region_name": str(r.region_name),
                "indicators": r.indicators,
                "score": r.score,
                "colour": r.colour,
                "red": r.red,
            }
            for r in regions
        ],
    }


def dashboard(portfolio, year: int | None = None, quarter: int | None = None) -> dict:
    """Everything the curator's dashboard of `portfolio` shows for one period (default: `default_period`)."""
    root = portfolio.path
    if year is None:  # the period of the indicators it shows in full: the portfolio's and its programs'
        year, quarter = default_period(root, kinds=("portfolio", "program"))
    quarter = quarter or 0
    today = timezone.localdate()
    rules, rule_set = rules_for(portfolio.pk)
    # Every indicator's achievement first (cheap); roll-ups and forecasts only for those the page shows in full.
    by_id = achievements(root, year, quarter, rules)
    placed = list(
        Indicator.objects.filter(node_path__startswith=root, is_active=True).values_list(
            "id", "node_kind", "node_path"
        )
    )
    top = {pk for pk, kind, _path in placed if kind in ("portfolio", "program")}
    worst = _worst([by_id[pk] for pk, _kind, _path in placed if pk in by_id])
    shown = top | {s.indicator_id for s in worst}
    by_id.update(scores(root, year, quarter, rules, ids=sorted(shown)))
    worst = _worst([by_id[s.indicator_id] for s in worst])
    indicators = {
        ind.pk: ind
        for ind in Indicator.objects.filter(pk__in=shown).only(
            "id",
            "code",
            "name_kk",
            "name_ru",
            "name_en",
            "unit_kk",
            "unit_ru",
            "unit_en",
            "kind",
            "direction",
            "periodicity",
            "node_kind",
            "node_id",
            "node_path",
            "base_value",
            "base_year",
        )
    }
    programs = list(
        Program.objects.filter(portfolio=portfolio)
        .only(
            "id",
            "code",
            "name_kk",
            "name_ru",
            "name_en",
            "kind",
            "region",
            "path",
            "stage",
            "status",
            "budget",
            "planned_start",
            "planned_end",
            "actual_start",
            "actual_end",
        )
        .order_by("code")
    )
    program_names = {p.pk: p.name for p in programs}
    stats = _node_stats(root, today)
    overdue = list(
        Project.objects.filter(
            path__startswith=root,
            actual_end__isnull=True,
            planned_end__lt=today,
            status__in=[Status.ACTIVE, Status.SUSPENDED],
        )
        .only("id", "code", "name_kk", "name_ru", "name_en", "path", "planned_end", "stage", "status")
        .order_by("planned_end", "code")[:OVERDUE]
    )
    kni_list = sorted(
        (indicators[pk] for pk in top if pk in indicators),
        key=lambda ind: (
            ind.node_kind != "portfolio",
            program_names.get(_program_of(ind.node_path), ""),
            ind.code,
        ),
    )
    trend = _trend(kni_list)

    def indicator_row(ind: Indicator) -> dict:
        score = by_id.get(ind.pk)
        program_id = _program_of(ind.node_path)
        row = {
            "code": ind.code,
            "name": ind.name,
            "unit": ind.unit,
            "kind": ind.kind,
            "direction": ind.direction,
            "direction_label": str(Direction(ind.direction).label),
            "level": RESPONSIBILITY[ind.node_kind][0],
            "node": f"{ind.node_kind}:{ind.node_id}",
            "program_id": program_id,
            "program_name": program_names.get(program_id, ""),
            "final_period": None,
            "final_plan": None,
        }
        row.update(score_row(score) if score else {"id": ind.pk})
        if score and score.final_year is not None:
            row["final_period"] = period_label(score.final_year, score.final_quarter)
            row["final_plan"] = score.final_plan
        return row

    knis = [indicator_row(ind) for ind in kni_list]
    for row in knis:
        row["trend"] = trend.get(row["id"])
    deviations = [indicator_row(indicators[s.indicator_id]) for s in worst if s.indicator_id in indicators]

    # Heat map: programs × levels, coloured by the mean achievement of the indicators with one.
    cells: dict[tuple[int, str], list] = defaultdict(list)
    totals: dict[tuple[int, str], int] = defaultdict(int)
    for pk, kind, path in placed:
        program_id = _program_of(path)
        if program_id is None or kind not in HEAT_LEVELS:
            continue
        totals[program_id, kind] += 1
        score = by_id.get(pk)
        if score is not None and score.achievement is not None:
            cells[program_id, kind].append(score.achievement)
    heat = {
        "levels": [
            {"kind": kind, "level": RESPONSIBILITY[kind][0], "label": _level_label(kind)}
            for kind in HEAT_LEVELS
        ],
        "rows": [
            {
                "program_id": p.pk,
                "program_name": p.name,
                "cells": [
                    {
                        "mean": _mean(cells[p.pk, kind]),
                        "colour": colour(_mean(cells[p.pk, kind]), rules),
                        "scored": len(cells[p.pk, kind]),
                        "indicators": totals[p.pk, kind],
                    }
                    for kind in HEAT_LEVELS
                ],
            }
            for p in programs
        ],
    }

    program_rows = []
    for p in programs:
        entry = stats[p.pk]
        late = bool(entry["expected_end"] and p.planned_end and entry["expected_end"] > p.planned_end)
        program_rows.append(
            {
                "id": p.pk,
                "code": p.code,
                "name": p.name,
                "kind": p.kind,
                "kind_label": p.get_kind_display(),
                "stage": p.stage,
                "stage_label": p.get_stage_display(),
                "status": p.status,
                "status_label": p.get_status_display(),
                "planned_start": p.planned_start,
                "planned_end": p.planned_end,
                "actual_end": p.actual_end,
                "expected_end": entry["expected_end"],
                "last_project_end": entry["last_planned_end"],
                "overdue": bool(
                    p.actual_end is None
                    and p.planned_end is not None
                    and p.planned_end < today
                    and p.status in (Status.ACTIVE, Status.SUSPENDED)
                ),
                "late": late,
                "budget": p.budget,
                "projects_budget": entry["projects_budget"],
                "funding": entry["funding"],
                "nodes": entry["nodes"],
                "projects": entry["projects"],
                "overdue_projects": entry["overdue_projects"],
                "status_mix": {status: entry["status_mix"].get(status, 0) for status in Status.values},
                "stage_mix": {stage: entry["stage_mix"].get(stage, 0) for stage in Stage.values},
            }
        )

    colours = defaultdict(int)
    for row in knis:
        colours[row.get("colour", Colour.GREY)] += 1
    cards = {
        "indicators": len(knis),
        "green": colours[Colour.GREEN],
        "amber": colours[Colour.AMBER],
        "red": colours[Colour.RED],
        "grey": colours[Colour.GREY],
        "misses": sum(1 for row in knis if row.get("misses")),
        "programs": len(programs),
        "projects": sum(row["projects"] for row in program_rows),
        "overdue_projects": sum(row["overdue_projects"] for row in program_rows),
        "budget": sum((row["projects_budget"] for row in program_rows), Decimal(0)),
        "funding": sum((row["funding"] for row in program_rows), Decimal(0)),
    }

    return {
        "portfolio": {
            "id": portfolio.pk,
            "code": portfolio.code,
            "name": portfolio.name,
            "ref": portfolio.ref,
        },
        "period": {"year": year, "quarter": quarter, "label": period_label(year, quarter)},
        "periods": _periods(root, year, quarter),
        "today": today,
        "rules": {
            "name": rule_set.name if rule_set is not None and rule_set.name else _("Default rules"),
            "method": scoring_method(rules),
            "green": rules.green,
            "amber": rules.amber,
            "cap": rules.cap,
        },
        "cards": cards,
        "knis": knis,
        "deviations": deviations,
        "heat": heat,
        "programs": program_rows,
        "overdue_projects": [
            {
                "id": project.pk,
                "code": project.code,
                "name": project.name,
                "program_id": _program_of(project.path),
                "planned_end": project.planned_end,
                "days_overdue": (today - project.planned_end).days,
                "stage_label": project.get_stage_display(),
                "status_label": project.get_status_display(),
            }
            for project in overdue
        ],
        "labels": {
            "status": {value: str(label) for value, label in Status.choices},
            "stage": {value: str(label) for value, label in Stage.choices},
            "colour": {value: str(label) for value, label in Colour.choices},
        },
        "ratings": _ratings(portfolio, year, quarter, rules, _per_node(placed, by_id, rules)),
    }


def _level_label(kind: str) -> str:
    return {
        "program": _("Programs (level 2)"),
        "direction": _("Basic directions (level 3)"),
        "group": _("Groups of projects (level 4)"),
        "project": _("Projects"),
    }[kind]


def dashboard_json(data: dict) -> str:
    """The dashboard as JSON: decimals and dates as strings (the page embeds the same text)."""
    return json.dumps(data, cls=DjangoJSONEncoder)
