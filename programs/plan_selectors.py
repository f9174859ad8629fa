"""Reads of the program management plan (Rules p.60–62): the program as its plan's reader may see it, the plan
assembled live (goals, goal map, map of projects and initiatives, problems register, priority list), and the
entries of the register and of the priority list.

The plan shows the indicators, projects, people and money of the whole program, so it opens only for those
whose view reaches the program itself (``kpi_maps.access.may_read_subtree``: its project office, the program
manager and committee, the portfolio's curator, the Office); a head of a basic direction, who sees the program
only as the context of their own work, gets 404 like an outsider.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kpi_maps.access import may_read_subtree
from pmis.core import authorization
from projects.choices import FundingSource

from .appendix3 import SOURCES, DirectionLine, map_lines
from .models import PriorityProject, ProblemEntry, Program

#: The priority list looks this many months ahead (Rules p.62(3)).
HORIZON_MONTHS = 12


def program_for_plan(user, pk) -> Program:
    """The program `pk` when `user` may read its whole subtree; 404 otherwise (hidden and missing look alike).
    Two queries when the person's powers are not yet read (the program; the grants)."""
    if not str(pk).isdigit():
        raise Http404
    program = Program.objects.select_related("portfolio", "owner_body").filter(pk=pk).first()
    if program is None or not may_read_subtree(user, program):
        raise Http404
    return program


def may_change_plan(user, program: Program) -> bool:
    return authorization.can(user, authorization.CHANGE, program)


def problem_of(program: Program, pk) -> ProblemEntry:
    """A problem of the program's register (404 for another program's)."""
    return get_object_or_404(
        ProblemEntry.objects.select_related("program", "direction"), program=program, pk=pk
    )


def priority_of(program: Program, pk) -> PriorityProject:
    """An entry of the program's priority list (404 for another program's)."""
    return get_object_or_404(
        PriorityProject.objects.select_related("program", "project"), program=program, pk=pk
    )


def problem_list(program: Program):
    """The register in the order of its numbers, with each problem's direction (one query)."""
    return ProblemEntry.objects.filter(program=program).select_related("direction").order_by("number")


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError(day)


@dataclass
class PriorityRow:
    entry: PriorityProject
    starts_within: bool  # the planned start falls within the next twelve months
    runs_within: bool  # the project runs (some of it) within the next twelve months
    order_up: list[int] = field(default_factory=list)  # the list's order with this entry moved up
    order_down: list[int] = field(default_factory=list)

    @property
    def project(self):
        return self.entry.project

    @property
    def funding_source_label(self) -> str:
        return str(dict(FundingSource.choices).get(self.entry.funding_source, ""))


@dataclass
class PriorityList:
    rows: list[PriorityRow]
    horizon_start: dt.date
    horizon_end: dt.date
    by_source: list[tuple[str, str, Decimal]]  # (source, label, sum of the needs), sources with a need
    total: Decimal


def priority_list(program: Program, *, on: dt.date | None = None) -> PriorityList:
    """The priority list for the next twelve months (Rules p.62(3)): each project's planned start and end,
    whether it starts or runs within the horizon, its financing need and source; the sums by source (one
    query)."""
    start = on or timezone.localdate()
    end = _add_months(start, HORIZON_MONTHS)
    entries = list(
        PriorityProject.objects.filter(program=program).select_related("project").order_by("rank", "pk")
    )
    ids = [entry.pk for entry in entries]
    rows = []
    for index, entry in enumerate(entries):
        project = entry.project
        begins, ends = project.planned_start, project.planned_end
        starts_within = begins is not None and start <= begins < end
        runs_within = (begins is None or begins < end) and (ends is None or ends >= start)
        up = list(ids)
        down = list(ids)
        if index > 0:
            up[index - 1], up[index] = up[index], up[index - 1]
        if index < len(ids) - 1:
            down[index + 1], down[index] = down[index], down[index + 1]
        rows.append(
            PriorityRow(
                entry=entry,
                starts_within=starts_within,
                runs_within=runs_within,
                order_up=up if index > 0 else [],
                order_down=down if index < len(ids) - 1 else [],
            )
        )
    sums: dict[str, Decimal] = {}
    for entry in entries:
        key = entry.funding_source or ""
        sums[key] = sums.get(key, Decimal(0)) + entry.financing_need
    labels = dict(FundingSource.choices)
    by_source = [(source, str(labels[source]), sums[source]) for source in SOURCES if source in sums]
    if "" in sums:
        from django.utils.translation import gettext as _

        by_source.append(("", _("Source not named"), sums[""]))
    return PriorityList(
        rows=rows,
        horizon_start=start,
        horizon_end=end,
        by_source=by_source,
        total=sum(sums.values(), Decimal(0)),
    )


@dataclass
class GoalRow:
    """An indicator of the program's goal map with its latest plan, fact and achievement."""

    indicator: object
    score: object
    level: int | None

    @property
    def colour(self) -> str:
        return self.score.colour if self.score else "grey"


@dataclass
class Plan:
    program: Program
    directions: list[DirectionLine]
    goal_rows: list[GoalRow]
    year: int
    quarter: int
    priorities: PriorityList
    problems: list
    may_change: bool

    @property
    def direction_lines(self) -> list[DirectionLine]:
        return [line for line in self.directions if line.direction_id is not None]

    @property
    def program_line(self) -> DirectionLine | None:
        return next((line for line in self.directions if line.direction_id is None), None)

    @property
    def projects(self) -> list:
        return [project for line in self.directions for project in line.projects]


def goal_rows(program: Program) -> tuple[list[GoalRow], int, int]:
    """The indicators attached at the program and below, scored for the latest period with annual facts (the
    goal map's default period and rule set). Four queries: period, rules, indicators, scores."""
    from kpi_maps.models import Indicator
    from kpi_maps.selectors.scores import default_period, rules_for, scores

    year, quarter = default_period(program.path)
    rules, _rule_set = rules_for(program.portfolio_id)
    indicators = list(
        Indicator.objects.filter(is_active=True, node_path__startswith=program.path).order_by("code")
    )
    found = scores(program.path, year, quarter, rules)
    rows = [GoalRow(indicator=row, score=found.get(row.pk), level=row.level) for row in indicators]
    rows.sort(key=lambda row: (row.indicator.node_path.count("/"), row.indicator.code))
    return rows, year, quarter


def plan_get(user, program: Program, *, on: dt.date | None = None) -> Plan:
    """The program management plan assembled live for `user`, who may read the whole program (the caller has
    checked: `program_for_plan`). A fixed number of queries whatever the size of the program."""
    lines = map_lines(program, on=on)
    rows, year, quarter = goal_rows(program)
    return Plan(
        program=program,
        directions=lines,
        goal_rows=rows,
        year=year,
        quarter=quarter,
        priorities=priority_list(program, on=on),
        problems=sorted((p for line in lines for p in line.problems), key=lambda p: p.number),
        may_change=may_change_plan(user, program),
    )


def candidate_projects(program: Program):
    """The program's projects that may go on the priority list: running, not yet listed (one query)."""
    from projects.models import Project

    from .appendix3 import CLOSED_STATUSES

    return (
        Project.objects.filter(path__startswith=program.path)
        .exclude(status__in=CLOSED_STATUSES)
        .exclude(pk__in=PriorityProject.objects.filter(program=program).values("project_id"))
        .order_by("code")
    )
