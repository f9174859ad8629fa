"""The weekly information board of a program (Rules p.2(3), p.68(4)): reads.

`board_figures(program, week_start)` computes the week's progress of a program — per basic direction, group
(nested groups included) and project, and for the program as a whole:

- *sprints*: tasks planned against done in the projects' sprints of that week (`scrum.Sprint`): the frozen
  `planned_count` / `done_count` of a closed sprint, live counts of the items of an open one (as
  `scrum.selectors.sprints.sprint_figures` counts them); and the tasks overdue at the end of the week;
- *decisions* of the meetings of the program's scrum (every schedule at the program or below it): open and
  overdue at the end of the week, done during the week; a decision about a project counts on that project's row,
  any other on the row of the node its meeting sits at;
- *escalations* raised at the program or below it (by their origin): open at the end of the week by their
  current level, raised and resolved during the week;
- *key national indicators* under the program in the current period (`kpi_maps.selectors.scores`): red, amber,
  green and grey, and the ten worst deviations.

"At the end of the week" is the Monday after it, or now for the current week: a task counts as overdue when its
due date fell before then and it was not done by then. Statuses without a moment of their own (a cancelled
decision, a withdrawn escalation) leave the figures. The figures are plain JSON (numbers, strings, lists), kept
frozen in `InformationBoard.figures`, so a board shows what was true when it was taken.

Every figure comes from a fixed number of SQL statements whatever the size of the program (each one groups by
node path; the roll-up to the ancestors is done in Python on those few rows): see `BOARD_QUERIES`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from kpi_maps.access import may_read_subtree
from kpi_maps.choices import Colour
from kpi_maps.models import Indicator
from kpi_maps.models.periods import period_label
from kpi_maps.selectors.scores import default_period, rules_for, scores
from pmis.core import authorization
from pmis.core.models import in_reader_language
from pmis.core.workdays import monday_of
from programs.models import BasicDirection, Program, ProjectGroup
from projects.choices import ColumnKind, SprintStatus
from projects.models import Project, Task

from ..choices import BINDING_KINDS, LADDER, DecisionStatus, EscalationStatus
from ..models import Decision, Escalation, InformationBoard, Sprint, SprintItem

WEEK = dt.timedelta(days=7)
#: How many of the worst indicators the board lists.
WORST = 10
#: The statements `board_figures` runs, whatever the size of the program: directions, groups, projects,
#: sprints, overdue tasks, decisions, escalations, the indicators' period, their rule set, their scores and the
#: indicators themselves.
BOARD_QUERIES = 11

#: The figures of one row (and of the program's totals), all counts.
COUNTS = (
    "projects",
    "sprints",
    "tasks_planned",
    "tasks_done",
    "tasks_overdue",
    "decisions_open",
    "decisions_overdue",
    "decisions_done",
    "escalations_open",
    "escalations_raised",
    "escalations_resolved",
    "kni_red",
    "kni_amber",
    "kni_green",
    "kni_grey",
)


# --- the week ------------------------------------------------------------------------------------------------


def week_bounds(
    week_start: dt.date, now: dt.datetime | None = None
) -> tuple[dt.datetime, dt.datetime, dt.date]:
    """The week's start and end as moments of the local time zone, and the day "the end of the week" means for
    the overdue counts: the Monday after it, or today while the week lasts."""
    now = now or timezone.now()
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(dt.datetime.combine(week_start, dt.time.min), tz)
    end = timezone.make_aware(dt.datetime.combine(week_start + WEEK, dt.time.min), tz)
    as_of = min(week_start + WEEK, timezone.localtime(now).date())
    return start, min(end, now), as_of


def last_week(today: dt.date) -> dt.date:
    """The Monday of the week before `today`'s week: the week the Monday task takes a board of."""
    return monday_of(today) - WEEK


# --- the parts -----------------------------------------------------------------------------------------------


def _empty() -> dict:
    return dict.fromkeys(COUNTS, 0)


def _names(row: dict) -> dict:
    return {"kk": row.pop("name_kk"), "ru": row.pop("name_ru"), "en": row.pop("name_en")}


def _parent_path(path: str) -> str:
    return path[: path.rstrip("/").rfind("/") + 1]


def _nodes(root: str) -> list[dict]:
    """The directions, groups and projects under the program, top-down (three statements)."""
    fields = ("id", "code", "name_kk", "name_ru", "name_en", "path", "status")
    rows = []
    for kind, model in (("direction", BasicDirection), ("group", ProjectGroup), ("project", Project)):
        for row in model.objects.filter(path__startswith=root).values(*fields):
            row["name"] = _names(row)
            row["level"] = kind
            row["parent_path"] = _parent_path(row["path"])
            rows.append(row)
    return rows


def _sprints(root: str, week_start: dt.date) -> dict[str, tuple[int, int]]:
    """Per project path: (planned, done) of its sprint of the week — frozen once closed, live while open."""
    active = ~Q(items__outcome=SprintItem.Outcome.REMOVED)
    done = Q(items__task__isnull=False) & (
        Q(items__task__column__kind=ColumnKind.DONE) | Q(items__task__done_at__isnull=False)
    )
    rows = (
        Sprint.objects.filter(week_start=week_start, project__path__startswith=root)
        .values("project__path", "status", "planned_count", "done_count")
        .annotate(
            live_planned=Count("items", filter=active & Q(items__planned=True)),
            live_done=Count("items", filter=active & done),
        )
    )
    result = {}
    for row in rows:
        if row["status"] == SprintStatus.CLOSED:
            result[row["project__path"]] = (row["planned_count"] or 0, row["done_count"] or 0)
        else:
            result[row["project__path"]] = (row["live_planned"], row["live_done"])
    return result


def _overdue_tasks(root: str, end: dt.datetime, as_of: dt.date) -> dict[str, int]:
    """Per project path: the tasks due before `as_of` and not done by `end`."""
    not_done = Q(done_at__gte=end) | (Q(done_at__isnull=True) & ~Q(column__kind=ColumnKind.DONE))
    rows = (
        Task.objects.filter(project__path__startswith=root, due_on__lt=as_of, created_at__lt=end)
        .filter(not_done)
        .values("project__path")
        .annotate(n=Count("id"))
    )
    return {row["project__path"]: row["n"] for row in rows}


def _open_at(status_open: str, status_closed: str, moment_field: str, end: dt.datetime) -> Q:
    """Open at the moment `end`: open now, or closed only at `end` or later."""
    return Q(status=status_open) | Q(status=status_closed, **{f"{moment_field}__gte": end})


def _decisions(root: str, start: dt.datetime, end: dt.datetime, as_of: dt.date) -> dict[str, dict]:
    """Per node path (the decision's project, else its meeting's node): open, overdue and done this week."""
    binding = Decision.objects.filter(
        meeting__schedule__node_path__startswith=root, kind__in=BINDING_KINDS, created_at__lt=end
    )
    is_open = _open_at(DecisionStatus.OPEN, DecisionStatus.DONE, "done_at", end)
    rows = (
        binding.annotate(at=Coalesce("project__path", "meeting__schedule__node_path"))
        .values("at")
        .annotate(
            open=Count("id", filter=is_open),
            overdue=Count("id", filter=is_open & Q(due_on__lt=as_of)),
            done=Count("id", filter=Q(status=DecisionStatus.DONE, done_at__gte=start, done_at__lt=end)),
        )
    )
    return {row["at"]: row for row in rows}


def _escalations(root: str, start: dt.datetime, end: dt.datetime) -> list[dict]:
    """Per origin path and current level: open at the end of the week, raised and resolved during it."""
    is_open = Q(raised_at__lt=end) & _open_at(
        EscalationStatus.OPEN, EscalationStatus.RESOLVED, "resolved_at", end
    )
    return list(
        Escalation.objects.filter(origin_path__startswith=root)
        .values("origin_path", "level")
        .annotate(
            open=Count("id", filter=is_open),
            raised=Count("id", filter=Q(raised_at__gte=start, raised_at__lt=end)),
            resolved=Count(
                "id", filter=Q(status=EscalationStatus.RESOLVED, resolved_at__gte=start, resolved_at__lt=end)
            ),
        )
    )


def _number(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _kni(program: Program) -> tuple[dict, list[tuple[str, str]], list[dict]]:
    """The period, each indicator's (node path, colour) and the ten worst deviations (four statements)."""
    root = program.path
    year, quarter = default_period(root)
    rules, _rule_set = rules_for(program.portfolio_id)
    by_id = scores(root, year, quarter, rules)
    indicators = {
        row["id"]: row
        for row in Indicator.objects.filter(node_path__startswith=root, is_active=True).values(
            "id",
            "code",
            "name_kk",
            "name_ru",
            "name_en",
            "unit_kk",
            "unit_ru",
            "unit_en",
            "node_kind",
            "node_path",
        )
    }
    placed = [(indicators[pk]["node_path"], score.colour) for pk, score in by_id.items() if pk in indicators]
    off = [
        s for s in by_id.values() if s.colour in (Colour.RED, Colour.AMBER) and s.indicator_id in indicators
    ]
    off.sort(key=lambda s: (s.achievement, s.indicator_id))
    worst = []
    for score in off[:WORST]:
        row = indicators[score.indicator_id]
        worst.append(
            {
                "id": score.indicator_id,
                "code": row["code"],
                "name": {"kk": row["name_kk"], "ru": row["name_ru"], "en": row["name_en"]},
                "unit": {"kk": row["unit_kk"], "ru": row["unit_ru"], "en": row["unit_en"]},
                "level": row["node_kind"],
                "path": row["node_path"],
                "plan": _number(score.plan),
                "fact": _number(score.fact),
                "deviation": _number(score.deviation),
                "achievement": float(score.achievement),
                "colour": score.colour,
            }
        )
    period = {"year": year, "quarter": quarter, "label": str(period_label(year, quarter))}
    return period, placed, worst


def _progress(counts: dict) -> None:
    planned = counts["tasks_planned"]
    counts["progress"] = round(100 * counts["tasks_done"] / planned) if planned else None
    counts["kni_off_track"] = counts["kni_red"] + counts["kni_amber"]


# --- the board -----------------------------------------------------------------------------------------------


def board_figures(program: Program, week_start: dt.date, *, now: dt.datetime | None = None) -> dict:
    """The week's progress of `program` (its week starting on the Monday `week_start`), as plain JSON.

    ``{"week_start", "week_end", "as_of", "program": {...}, "totals": {...}, "rows": [...],
    "escalations_by_level": [{"level", "open"}], "kni": {"period", "worst"}}`` — each row is a direction, group or
    project with ``id, code, name {kk, ru, en}, level, path, parent_path, depth`` and the counts of `COUNTS`
    (plus ``progress``, the percentage of planned tasks done, and ``kni_off_track``), the counts of a row
    including everything under it; rows come in tree order (a parent before its children). `BOARD_QUERIES`
    statements whatever the size of the program.
    """
    root = program.path
    start, end, as_of = week_bounds(week_start, now)
    nodes = _nodes(root)
    sprints = _sprints(root, week_start)
    overdue = _overdue_tasks(root, end, as_of)
    decisions = _decisions(root, start, end, as_of)
    escalations = _escalations(root, start, end)
    period, placed, worst = _kni(program)

    # Each figure lands on the node it belongs to, then adds up to every row above it (string work on paths).
    own: dict[str, dict] = defaultdict(_empty)
    for node in nodes:
        if node["level"] == "project":
            own[node["path"]]["projects"] += 1
    for path, (planned, done) in sprints.items():
        own[path]["sprints"] += 1
        own[path]["tasks_planned"] += planned
        own[path]["tasks_done"] += done
    for path, count in overdue.items():
        own[path]["tasks_overdue"] += count
    for path, row in decisions.items():
        target = own[path if path.startswith(root) else root]
        target["decisions_open"] += row["open"]
        target["decisions_overdue"] += row["overdue"]
        target["decisions_done"] += row["done"]
    by_level: dict[str, int] = defaultdict(int)
    for row in escalations:
        target = own[row["origin_path"]]
        target["escalations_open"] += row["open"]
        target["escalations_raised"] += row["raised"]
        target["escalations_resolved"] += row["resolved"]
        by_level[row["level"]] += row["open"]
    for path, colour in placed:
        own[path][f"kni_{colour}"] += 1

    totals = _empty()
    rolled = {node["path"]: _empty() for node in nodes}
    for path, counts in own.items():
        for key, value in counts.items():
            totals[key] += value
        for prefix, row in rolled.items():
            if path.startswith(prefix):
                for key, value in counts.items():
                    row[key] += value
    _progress(totals)
    rows = []
    for node in sorted(nodes, key=lambda node: _tree_key(node["path"])):
        counts = rolled[node["path"]]
        _progress(counts)
        depth = node["path"][len(root) :].count("/") - 1
        rows.append({**node, "depth": depth, **counts})
    return {
        "week_start": week_start.isoformat(),
        "week_end": (week_start + dt.timedelta(days=6)).isoformat(),
        "as_of": as_of.isoformat(),
        "program": {
            "id": program.pk,
            "code": program.code,
            "name": {"kk": program.name_kk, "ru": program.name_ru, "en": program.name_en},
            "path": root,
        },
        "totals": totals,
        "rows": rows,
        "escalations_by_level": [
            {"level": level, "open": by_level[level]} for level in LADDER if by_level[level]
        ],
        "kni": {"period": period, "worst": worst},
    }


def _tree_key(path: str) -> list[tuple[int, str, int]]:
    """Tree order: a parent before its children, directions before groups before projects at one level."""
    order = {"direction": 0, "group": 1, "project": 2}
    key = []
    for segment in path.strip("/").split("/"):
        kind, _sep, pk = segment.partition(":")
        key.append((order.get(kind, 0), kind, int(pk)))
    return key


def localized(figures: dict, language: str | None = None) -> dict:
    """The figures with a ``label`` in the reader's language beside each multilingual ``name`` (and ``unit``):
    for the pages, which show one language."""
    result = {**figures}
    result["program"] = {
        **figures["program"],
        "label": in_reader_language(figures["program"]["name"], language=language),
    }
    result["rows"] = [
        {**row, "label": in_reader_language(row["name"], language=language)} for row in figures["rows"]
    ]
    result["kni"] = {
        **figures["kni"],
        "worst": [
            {
                **row,
                "label": in_reader_language(row["name"], language=language),
                "unit_label": in_reader_language(row["unit"], language=language),
            }
            for row in figures["kni"]["worst"]
        ],
    }
    return result


# --- who sees which boards -----------------------------------------------------------------------------------


def board_programs(user) -> list[Program]:
    """The programs whose whole subtree `user` may read (not only as context of their work below), by code, each
    with `latest_board` (its newest InformationBoard or None): two statements besides the person's grants."""
    programs = [
        program
        for program in authorization.restrict(Program.objects.all(), user, authorization.VIEW).order_by(
            "code"
        )
        if may_read_subtree(user, program)
    ]
    newest = (
        InformationBoard.objects.filter(program=OuterRef("program")).order_by("-week_start").values("pk")[:1]
    )
    boards = {
        board.program_id: board
        for board in InformationBoard.objects.filter(
            program__in=[program.pk for program in programs], pk=Subquery(newest)
        )
    }
    for program in programs:
        program.latest_board = boards.get(program.pk)
    return programs


def board_list(user) -> QuerySet[InformationBoard]:
    """The boards of the programs whose whole subtree `user` may read, newest week first."""
    visible = authorization.restrict(InformationBoard.objects.all(), user, authorization.VIEW)
    return visible.select_related("program", "generated_by").order_by("-week_start", "program__code")


def board_program(user, program_pk) -> Program:
    """The program of a board page or call: 404 unless `user` may read its whole subtree."""
    program = Program.objects.filter(pk=program_pk).first()
    if program is None or not may_read_subtree(user, program):
        raise Http404
    return program


def board_get(user, program_pk, week_start: dt.date | None = None) -> InformationBoard | None:
    """The board of a program's week (its latest when no week is given); None when none was taken yet. 404 when
    `user` may not read the program's whole subtree."""
    return board_for(board_program(user, program_pk), week_start)


def board_for(program: Program, week_start: dt.date | None = None) -> InformationBoard | None:
    """The board of `program`'s week (its latest when no week is given), or None; the caller has decided that the
    reader may see the program (`board_program`)."""
    boards = InformationBoard.objects.filter(program=program).select_related("program", "generated_by")
    if week_start is not None:
        return boards.filter(week_start=week_start).first()
    return boards.order_by("-week_start").first()


def board_weeks(program: Program) -> list[dt.date]:
    """The weeks the program has a board of, newest first."""
    return list(
        InformationBoard.objects.filter(program=program)
        .order_by("-week_start")
        .values_list("week_start", flat=True)
    )


__all__ = [
    "BOARD_QUERIES",
    "board_figures",
    "board_for",
    "board_get",
    "board_list",
    "board_program",
    "board_programs",
    "board_weeks",
    "last_week",
    "localized",
    "week_bounds",
]
