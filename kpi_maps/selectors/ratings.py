"""Ratings of the people responsible for indicators and of regions (Rules p.66(7), p.68(10), p.34).

- *Persons*: the heads of project groups and the project managers, each by the mean achievement of the
  indicators attached to the nodes they hold the role on (`gp_head` on groups, `project_manager` on projects),
  counting the indicators with both a plan and a fact in the period. Assignments in force today count; a
  substitute acting for an absent holder is not rated for the holder's indicators.
- *Regions*: the mean achievement of the indicators of the nodes in a region — nodes owned by a local executive
  body of the region, and everything under a regional development plan of it (Program.region).

The achievement and its cap are those of the rule set (kpi_maps.scoring, the SQL function `kpi_achievement`).
Ties share a rank (1, 1, 3); those without a scored indicator come last with no score.
The callers check `kpi_maps.access.may_read_subtree` first: these functions read everything under the root.
Two queries for persons, one for regions, whatever the number of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from org.choices import Region
from pmis.core.models import in_reader_language

from ..scoring import FOUR_PLACES, colour
from .method import scoring_method
from .scores import score_params

#: The roles rated by their indicators, by the kind of node they are held on (Rules p.66(7), p.68(10)).
RATED_ROLES = {"group": "gp_head", "project": "project_manager"}


@dataclass(frozen=True)
class PersonRating:
    rank: int
    person_id: int
    person_name: str
    role_code: str
    role_name: str
    nodes: list[tuple[str, str]]  # (ref, name)
    indicators: int  # scored indicators (plan and fact in the period)
    score: Decimal | None
    colour: str
    red: int


@dataclass(frozen=True)
class RegionRating:
    rank: int
    region: str
    region_name: str
    indicators: int
    score: Decimal | None
    colour: str
    red: int


def _rank(items: list, key) -> list[int]:
    """Competition ranks (1, 1, 3) of `items` already sorted best first; those with no score share the last."""
    ranks, previous, rank = [], object(), 0
    for position, item in enumerate(items, start=1):
        value = key(item)
        if value != previous:
            rank, previous = position, value
        ranks.append(rank)
    return ranks


def _mean(total: Decimal | None, count: int) -> Decimal | None:
    if not count or total is None:
        return None
    return (Decimal(total) / count).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


_NODE_SQL = """
SELECT i.node_kind, i.node_id,
       count(x.a), sum(x.a), count(*) FILTER (WHERE x.a < %(amber)s)
FROM kpi_maps_indicator i
LEFT JOIN kpi_maps_target t ON t.indicator_id = i.id AND t.year = %(year)s AND t.quarter = %(quarter)s
LEFT JOIN kpi_maps_value v ON v.indicator_id = i.id AND v.year = %(year)s AND v.quarter = %(quarter)s
CROSS JOIN LATERAL (
    SELECT kpi_achievement(i.direction, t.value, t.value_high, v.value, %(higher)s, %(lower)s, %(cap)s) AS a
) x
WHERE i.is_active AND i.node_path LIKE %(root)s AND i.node_kind IN ('group', 'project')
GROUP BY i.node_kind, i.node_id
"""


def _params(root, year: int, quarter: int, rules) -> dict:
    return {**score_params(root.path, year, quarter, rules), "amber": rules.amber}


def _in_language(names, language: str) -> str:
    """A name read as (kk, ru, en) columns, in `language` with the usual fallback."""
    return in_reader_language(dict(zip(("kk", "ru", "en"), names, strict=True)), language=language)


def person_ratings(
    root, year: int, quarter: int, rules, *, per_node: dict | None = None
) -> list[PersonRating]:
    """The heads of project groups and project managers under `root`, best first (two queries)."""
    from org.models import RoleAssignment
    from org.substitution import live_assignments

    # Plain tuples, not model objects: a national portfolio rates thousands of people (bench/goal_map.py).
    names = ("name_kk", "name_ru", "name_en")
    assignments = (
        RoleAssignment.objects.filter(
            live_assignments(timezone.localdate()),
            scope_path__startswith=root.path,
            scope_kind__in=list(RATED_ROLES),
            role__code__in=list(RATED_ROLES.values()),
        )
        .order_by("person__last_name", "person__first_name", "pk")
        .values_list(
            "person_id",
            "person__last_name",
            "person__first_name",
            "person__patronymic",
            "person__username",
            "role_id",
            "role__code",
            *(f"role__{name}" for name in names),
            "scope_kind",
            "group_id",
            *(f"group__{name}" for name in names),
            "project_id",
            *(f"project__{name}" for name in names),
        )
    )
    if per_node is None:  # a caller that has read the achievements already (the dashboard) passes them
        with connection.cursor() as cursor:
            cursor.execute(_NODE_SQL, _params(root, year, quarter, rules))
            per_node = {
                (kind, pk): (scored, total, red) for kind, pk, scored, total, red in cursor.fetchall()
            }
    people: dict[tuple[int, int], dict] = {}
    language = (get_language() or "ru")[:2]  # read once: thousands of names follow
    for person_id, last, first, patronymic, username, role_id, role_code, *rest in assignments:
        role_names, (scope_kind, group_id), group_names = rest[:3], rest[3:5], rest[5:8]
        project_id, project_names = rest[8], rest[9:12]
        if RATED_ROLES.get(scope_kind) != role_code:
            continue
        node_id, node_names = (
            (group_id, group_names) if scope_kind == "group" else (project_id, project_names)
        )
        entry = people.setdefault(
            (person_id, role_id),
            {
                "person_id": person_id,
                "person_name": " ".join(part for part in (last, first, patronymic) if part) or username,
                "role_code": role_code,
                "role_name": _in_language(role_names, language),
                "nodes": [],
                "seen": set(),
                "scored": 0,
                "total": Decimal(0),
                "red": 0,
            },
        )
        ref = (scope_kind, node_id)
        if ref in entry["seen"]:
            continue
        entry["seen"].add(ref)
        entry["nodes"].append((f"{scope_kind}:{node_id}", _in_language(node_names, language)))
        scored, total, red = per_node.get(ref, (0, None, 0))
        entry["scored"] += scored
        entry["total"] += total or 0
        entry["red"] += red
    rows = []
    for entry in people.values():
        score = _mean(entry["total"], entry["scored"])
        rows.append(
            {
                "person_id": entry["person_id"],
                "person_name": entry["person_name"],
                "role_code": entry["role_code"],
                "role_name": entry["role_name"],
                "nodes": entry["nodes"],
                "indicators": entry["scored"],
                "score": score,
                "colour": colour(score, rules),
                "red": entry["red"],
            }
        )
    rows.sort(
        key=lambda row: (row["score"] is None, -(row["score"] or 0), row["person_name"], row["role_code"])
    )
    ranks = _rank(rows, lambda row: row["score"])
    return [PersonRating(rank=rank, **row) for rank, row in zip(ranks, rows, strict=True)]


_REGION_SQL = """
WITH nodes(kind, id, path, owner_body_id) AS (
    SELECT 'portfolio', id, path, owner_body_id FROM portfolios_portfolio WHERE path LIKE %(root)s
    UNION ALL SELECT 'program', id, path, owner_body_id FROM programs_program WHERE path LIKE %(root)s
    UNION ALL SELECT 'direction', id, path, owner_body_id FROM programs_basicdirection WHERE path LIKE %(root)s
    UNION ALL SELECT 'group', id, path, owner_body_id FROM programs_projectgroup WHERE path LIKE %(root)s
    UNION ALL SELECT 'project', id, path, owner_body_id FROM projects_project WHERE path LIKE %(root)s
),
regional AS MATERIALIZED (
    SELECT path, region FROM programs_program
    WHERE kind = 'regional_plan' AND region <> '' AND path LIKE %(root)s
),
rated AS MATERIALIZED (
    -- A node's program is the second segment of its path: computed once per indicator, then one hash join.
    SELECT i.id, i.direction, i.node_kind, i.node_id,
           split_part(i.node_path, '/', 1) || '/' || split_part(i.node_path, '/', 2) || '/' AS program_path
    FROM kpi_maps_indicator i
    WHERE i.is_active AND i.node_path LIKE %(root)s
),
placed AS (
    SELECT i.id, i.direction,
           coalesce(r.region, CASE WHEN b.kind = 'local' THEN nullif(b.region, '') END) AS region
    FROM rated i
    JOIN nodes n ON n.kind = i.node_kind AND n.id = i.node_id
    JOIN org_statebody b ON b.id = n.owner_body_id
    LEFT JOIN regional r ON r.path = i.program_path
),
scored AS (
    SELECT placed.region,
           kpi_achievement(placed.direction, t.value, t.value_high, v.value, %(higher)s, %(lower)s, %(cap)s) AS a
    FROM placed
    LEFT JOIN kpi_maps_target t ON t.indicator_id = placed.id AND t.year = %(year)s AND t.quarter = %(quarter)s
    LEFT JOIN kpi_maps_value v ON v.indicator_id = placed.id AND v.year = %(year)s AND v.quarter = %(quarter)s
    WHERE placed.region IS NOT NULL
)
SELECT region, count(a), round(avg(a), 4), count(*) FILTER (WHERE a < %(amber)s)
FROM scored GROUP BY region
"""


def region_ratings(root, year: int, quarter: int, rules) -> list[RegionRating]:
    """The regions with indicators under `root`, best first (one query)."""
    with connection.cursor() as cursor:
        cursor.execute(_REGION_SQL, _params(root, year, quarter, rules))
        found = cursor.fetchall()
    labels = dict(Region.choices)
    rows = [
        {
            "region": region,
            "region_name": str(labels.get(region, region)),
            "indicators": scored,
            "score": score,
            "colour": colour(score, rules),
            "red": red,
        }
        for region, scored, score, red in found
    ]
    rows.sort(key=lambda row: (row["score"] is None, -(row["score"] or 0), row["region_name"]))
    ranks = _rank(rows, lambda row: row["score"])
    return [RegionRating(rank=rank, **row) for rank, row in zip(ranks, rows, strict=True)]


def rating_method(rules) -> str:
    """How the ratings are computed, in the reader's language: shown beside every rating."""
    return " ".join(
        (
            _(
                "Score: the mean achievement of the indicators with both a plan and a fact in the period. Heads of "
                "project groups and project managers are rated by the indicators of the groups and projects they are "
                "assigned to today (acting substitutes are not rated for them). Regions are rated by the indicators "
                "of the nodes owned by their local executive bodies and of their regional development plans. Equal "
                "scores share a rank; those without a scored indicator are listed last. Red: the number of "
                "indicators off track."
            ),
            scoring_method(rules),
        )
    )
