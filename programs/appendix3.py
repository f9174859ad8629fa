"""The map of projects and initiatives (measures) of a program (Rules p.61(3), p.62, Appendix 3): its lines, shared
by the page ``program-map``, the plan page's summary, the API and the XLSX export.

Appendix 3 has fourteen numbered columns, one line per basic direction:

1. the register of the most significant problems of the sphere/sector/region (``ProblemEntry``, p.62(1));
2. the basic direction; 3. its key national indicators (goal-map indicators attached at the direction or below);
4. the projects included in the direction (under its groups, nested groups included) and the program's
   initiatives (measures) recommended or approved there; 5. the priority projects (p.62(3));
6. the planned launch dates; 7–13. the planned sources of financing, one column per
   ``projects.choices.FundingSource`` (the sums of the projects' funding lines); 14. the responsible: the head of
   the basic direction and each project's manager.

Problems without a direction and initiatives addressed to the program itself (a new basic direction) fall on a
last line "at the program level", which has no direction.

The caller has decided who may read the whole program (``kpi_maps.access.may_read_subtree``). A fixed number of
queries whatever the size: directions, groups, projects, funding sums, priorities, problems, indicators,
initiatives and the role assignments — nine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from projects.choices import FundingSource

#: Initiatives that are measures of the map: recommended for decision or approved (Rules p.24–26).
MAP_INITIATIVE_STATUSES = ("recommended", "approved")
#: The roles named in column 14.
HEAD_ROLE = "bd_head"
MANAGER_ROLE = "project_manager"
#: Statuses of a project that no longer runs.
CLOSED_STATUSES = ("completed", "cancelled")

SOURCES: tuple[str, ...] = tuple(FundingSource.values)


def column_titles() -> list[str]:
    """The titles of the fourteen columns, in the active language."""
    return [
        _("Register of the most significant problems of the sphere/sector/region"),
        _("Basic directions"),
        _("Key national indicators of the basic directions"),
        _("Projects included in the basic directions"),
        _("Priority projects"),
        _("Planned launch date"),
        *[str(label) for label in FundingSource.labels],
        _("Responsible (head of the basic direction / project manager)"),
    ]


@dataclass
class MapProblem:
    id: int
    number: int
    text: str
    status: str
    status_label: str
    assessment: str
    assessed_on: dt.date | None
    direction_id: int | None
    direction_code: str = ""
    text_ru: str = ""
    text_kk: str = ""


@dataclass
class MapIndicator:
    id: int
    code: str
    name: str
    unit: str
    node_kind: str

    @property
    def label(self) -> str:
        return f"{self.code} {self.name}, {self.unit}" if self.unit else f"{self.code} {self.name}"


@dataclass
class MapProject:
    id: int
    code: str
    name: str
    group_name: str
    planned_start: dt.date | None
    planned_end: dt.date | None
    status: str
    priority_rank: int | None
    financing: dict[str, Decimal]
    managers: list[str]

    @property
    def is_priority(self) -> bool:
        return self.priority_rank is not None

    @property
    def financing_total(self) -> Decimal:
        return sum(self.financing.values(), Decimal(0))

    @property
    def financing_cells(self) -> list[Decimal | None]:
        """Columns 7–13: the sum for each source, None where there is none."""
        return [self.financing.get(source) for source in SOURCES]


@dataclass
class MapInitiative:
    id: int
    code: str
    name: str
    status: str
    status_label: str
    outcome: str
    outcome_label: str
    result_ref: str


@dataclass
class DirectionLine:
    """One line of the map: a basic direction (None for the program level) and what lies in it."""

    direction_id: int | None
    code: str
    name: str
    goal: str
    path: str
    heads: list[str] = field(default_factory=list)
    problems: list[MapProblem] = field(default_factory=list)
    indicators: list[MapIndicator] = field(default_factory=list)
    projects: list[MapProject] = field(default_factory=list)
    initiatives: list[MapInitiative] = field(default_factory=list)

    @property
    def priority_projects(self) -> list[MapProject]:
        return sorted((p for p in self.projects if p.is_priority), key=lambda p: p.priority_rank)

    @property
    def financing(self) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for project in self.projects:
            for source, amount in project.financing.items():
                totals[source] = totals.get(source, Decimal(0)) + amount
        return totals

    @property
    def financing_cells(self) -> list[Decimal | None]:
        totals = self.financing
        return [totals.get(source) for source in SOURCES]

    @property
    def financing_total(self) -> Decimal:
        return sum(self.financing.values(), Decimal(0))


def _under(path: str, lines: list[DirectionLine]) -> DirectionLine | None:
    for line in lines:
        if line.direction_id is not None and path.startswith(line.path):
            return line
    return None


def map_lines(program, *, on: dt.date | None = None, language: str | None = None) -> list[DirectionLine]:
    """The lines of the program's map of projects and initiatives (Appendix 3), direction by direction in the
    order of their codes, then the program-level line when it has anything. Nine queries."""
    from initiatives.models import Initiative
    from kpi_maps.models import Indicator
    from org.models import RoleAssignment
    from org.substitution import live_assignments
    from pmis.core.models import in_reader_language
    from projects.models import FundingLine, Project

    from .choices import ProblemStatus
    from .models import BasicDirection, PriorityProject, ProblemEntry

    day = on or timezone.localdate()
    root = program.path

    lines = [
        DirectionLine(
            direction_id=direction.pk,
            code=direction.code,
            name=in_reader_language(
                {"kk": direction.name_kk, "ru": direction.name_ru, "en": direction.name_en}, language=language
            ),
            goal=direction.goal,
            path=direction.path,
        )
        for direction in BasicDirection.objects.filter(program=program).order_by("code")
    ]
    by_direction = {line.direction_id: line for line in lines}
    program_line = DirectionLine(direction_id=None, code="", name="", goal="", path=root)

    from .models import ProjectGroup

    groups = {
        group.pk: in_reader_language(
            {"kk": group.name_kk, "ru": group.name_ru, "en": group.name_en}, language=language
        )
        for group in ProjectGroup.objects.filter(path__startswith=root).only(
            "pk", "name_kk", "name_ru", "name_en"
        )
    }
    financing: dict[int, dict[str, Decimal]] = {}
    for project_id, source, total in (
        FundingLine.objects.filter(project__path__startswith=root)
        .values("project_id", "source")
        .annotate(total=Sum("amount"))
        .values_list("project_id", "source", "total")
        .order_by()
    ):
        financing.setdefault(project_id, {})[source] = total
    ranks = dict(PriorityProject.objects.filter(program=program).values_list("project_id", "rank"))

    people: dict[tuple[str, str], list[str]] = {}
    for assignment in (
        RoleAssignment.objects.filter(
            live_assignments(day), role__code__in=(HEAD_ROLE, MANAGER_ROLE), scope_path__startswith=root
        )
        .select_related("person", "role")
        .order_by("starts_on", "pk")
    ):
        names = people.setdefault((assignment.role.code, assignment.scope_path), [])
        if assignment.person.full_name not in names:
            names.append(assignment.person.full_name)
    for line in lines:
        line.heads = people.get((HEAD_ROLE, line.path), [])

    for project in Project.objects.filter(path__startswith=root).order_by("code"):
        line = _under(project.path, lines)
        if line is None:
            continue
        line.projects.append(
            MapProject(
                id=project.pk,
                code=project.code,
                name=in_reader_language(
                    {"kk": project.name_kk, "ru": project.name_ru, "en": project.name_en}, language=language
                ),
                group_name=groups.get(project.group_id, ""),
                planned_start=project.planned_start,
                planned_end=project.planned_end,
                status=project.status,
                priority_rank=ranks.get(project.pk),
                financing=financing.get(project.pk, {}),
                managers=people.get((MANAGER_ROLE, project.path), []),
            )
        )

    statuses = dict(ProblemStatus.choices)
    for problem in ProblemEntry.objects.filter(program=program).order_by("number"):
        line = by_direction.get(problem.direction_id, program_line)
        line.problems.append(
            MapProblem(
                id=problem.pk,
                number=problem.number,
                text=in_reader_language({"kk": problem.text_kk, "ru": problem.text_ru}, language=language),
                status=problem.status,
                status_label=str(statuses.get(problem.status, problem.status)),
                assessment=problem.assessment,
                assessed_on=problem.assessed_on,
                direction_id=problem.direction_id,
                direction_code=line.code,
                text_ru=problem.text_ru,
                text_kk=problem.text_kk,
            )
        )

    for indicator in Indicator.objects.filter(is_active=True, node_path__startswith=root).order_by("code"):
        line = _under(indicator.node_path, lines)
        if line is None:
            continue
        line.indicators.append(
            MapIndicator(
                id=indicator.pk,
                code=indicator.code,
                name=in_reader_language(
                    {"kk": indicator.name_kk, "ru": indicator.name_ru, "en": indicator.name_en},
                    language=language,
                ),
                unit=in_reader_language(
                    {"kk": indicator.unit_kk, "ru": indicator.unit_ru, "en": indicator.unit_en},
                    language=language,
                ),
                node_kind=indicator.node_kind,
            )
        )

    from initiatives.choices import InitiativeStatus, Outcome

    initiative_statuses = dict(InitiativeStatus.choices)
    outcomes = dict(Outcome.choices)
    for initiative in Initiative.objects.filter(
        status__in=MAP_INITIATIVE_STATUSES, scope_path__startswith=root
    ).order_by("code"):
        line = _under(initiative.scope_path, lines) or program_line
        outcome = initiative.decided_outcome or initiative.recommended_outcome
        line.initiatives.append(
            MapInitiative(
                id=initiative.pk,
                code=initiative.code,
                name=in_reader_language(
                    {"kk": initiative.name_kk, "ru": initiative.name_ru, "en": initiative.name_en},
                    language=language,
                ),
                status=initiative.status,
                status_label=str(initiative_statuses.get(initiative.status, initiative.status)),
                outcome=outcome,
                outcome_label=str(outcomes.get(outcome, outcome)),
                result_ref=initiative.result_ref,
            )
        )

    if program_line.problems or program_line.initiatives:
        lines.append(program_line)
    return lines


def financing_totals(lines: list[DirectionLine]) -> list[Decimal | None]:
    """Columns 7–13 summed over the whole map."""
    totals: dict[str, Decimal] = {}
    for line in lines:
        for source, amount in line.financing.items():
            totals[source] = totals.get(source, Decimal(0)) + amount
    return [totals.get(source) for source in SOURCES]


def _day(value: dt.date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def line_cells(line: DirectionLine) -> list:
    """The fourteen cells of a line as plain values (texts with one entry a line; sums for columns 7–13), for the
    XLSX form."""
    projects = [f"{p.code} {p.name}" for p in line.projects] + [
        f"{i.code} {i.name} ({i.status_label}; {i.outcome_label})" for i in line.initiatives
    ]
    responsible = (
        [_("Head of the basic direction: %(names)s") % {"names": ", ".join(line.heads)}] if line.heads else []
    )
    responsible += [f"{p.code}: {', '.join(p.managers)}" for p in line.projects if p.managers]
    direction = f"{line.code} {line.name}".strip() if line.direction_id else _("At the program level")
    return [
        "\n".join(f"{p.number}. {p.text} ({p.status_label})" for p in line.problems),
        direction,
        "\n".join(i.label for i in line.indicators),
        "\n".join(projects),
        "\n".join(f"{p.code} {p.name}" for p in line.priority_projects),
        "\n".join(f"{p.code}: {_day(p.planned_start)}" for p in line.projects if p.planned_start),
        *line.financing_cells,
        "\n".join(responsible),
    ]
