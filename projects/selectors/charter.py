"""Reads of the project charter: the charter page (content, budget table, milestones, the roles of Rules p.77,
the Office's requirements) and what the project's next stage transition needs (Rules p.9, p.77, p.78(5), p.84(6)).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from org.choices import BodyKind, ScopeKind
from org.models import Role, StateBody
from org.selectors import assignment_list, role_order
from pmis.core import authorization
from pmis.core.choices import Stage

from ..choices import ColumnKind, DocumentKind, FundingSource
from ..models import Charter, DocumentVersion, FundingLine, Milestone, Project, Task

STAGES: list[str] = list(Stage.values)


def charter_of(project: Project) -> Charter:
    """The project's charter, or an unsaved empty one when nobody has written it yet (it is created on its
    first edit by the service)."""
    return Charter.objects.select_related("approved_by").filter(project=project).first() or Charter(
        project=project
    )


def funding_line_list(user) -> QuerySet[FundingLine]:
    return authorization.restrict(FundingLine.objects.all(), user)


def milestone_list(user) -> QuerySet[Milestone]:
    return authorization.restrict(Milestone.objects.all(), user)


# --- what a stage transition needs --------------------------------------------------------------------------


@dataclass
class Requirement:
    """One item of a transition's checklist: its label, whether it is met, and what to do when it is not."""

    label: str
    met: bool
    problem: str = ""


def _charter_roles(project: Project) -> Requirement:
    from org.services import check_charter_roles

    label = _("The charter roles are assigned: initiator, sponsor, customer, manager (Rules p.77)")
    try:
        check_charter_roles(project)
    except ValidationError as error:
        return Requirement(label, False, " ".join(error.messages))
    return Requirement(label, True)


def _has_document(project: Project, kind: str) -> bool:
    return DocumentVersion.objects.filter(document__project=project, document__kind=kind).exists()


def leaving_initiation(project: Project, charter: Charter | None = None) -> list[Requirement]:
    """Rules p.77 and p.78(5): the roles, goal, planned dates, the charter's content and results, and the
    kick-off protocol when the Office requires it."""
    charter = charter if charter is not None else charter_of(project)
    items = [
        _charter_roles(project),
        Requirement(
            _("The project goal is set"),
            bool((project.goal or "").strip()),
            _("The project has no goal: write it on the project's edit page (Rules p.10)."),
        ),
        Requirement(
            _("The planned start and end dates are set"),
            bool(project.planned_start and project.planned_end),
            _("The project's planned start and end dates are not set."),
        ),
        Requirement(
            _("The charter describes the project's content"),
            bool(charter.content.strip()),
            _("The charter's content (the scope of work) is empty (Rules p.2(30))."),
        ),
        Requirement(
            _("The charter lists the project's results"),
            bool(charter.results.strip()),
            _("The charter's results are empty (Rules p.2(30))."),
        ),
    ]
    if charter.requires_kickoff_protocol:
        items.append(
            Requirement(
                _("The kick-off meeting protocol is in the archive (Rules p.78(5))"),
                _has_document(project, DocumentKind.KICKOFF_PROTOCOL),
                _(
                    "The Office requires the protocol of the kick-off meeting (Rules p.78(5)): upload it to the "
                    "project's documents as a “Kick-off meeting protocol”."
                ),
            )
        )
    return items


def open_task_count(project: Project) -> int:
    return Task.objects.filter(project=project).exclude(column__kind=ColumnKind.DONE).count()


def entering_closure(project: Project) -> list[Requirement]:
    """Rules p.84(6), p.91: the completion report in the archive, the lessons learned, no open tasks."""
    open_tasks = open_task_count(project)
    return [
        Requirement(
            _("The completion report is in the archive (Rules p.91)"),
            _has_document(project, DocumentKind.COMPLETION_REPORT),
            _(
                "Upload the project's completion report to its documents as a “Completion report” (Rules p.91)."
            ),
        ),
        Requirement(
            _("At least one lesson learned is recorded (Rules p.84(6))"),
            project.lessons.exists(),
            _("Record at least one lesson learned in the project's lessons-learned log (Rules p.84(6))."),
        ),
        Requirement(
            _("Every task is done"),
            open_tasks == 0,
            _("%(count)s tasks are not in a “done” column: finish or remove them first.")
            % {"count": open_tasks},
        ),
    ]


def requirements(project: Project, to_stage: str, charter: Charter | None = None) -> list[Requirement]:
    """What moving `project` forward to `to_stage` needs; moving back needs only a reason."""
    if to_stage not in STAGES or STAGES.index(to_stage) <= STAGES.index(project.stage):
        return []
    items: list[Requirement] = []
    if project.stage == Stage.INITIATION:
        items += leaving_initiation(project, charter)
    if to_stage == Stage.CLOSURE:
        items += entering_closure(project)
    return items


@dataclass
class Readiness:
    """The stage stepper: the stages with the current one, the next and the previous, and the next's checklist."""

    stage: str
    stages: list[tuple[str, str, str]]  # (value, label, "done" | "current" | "ahead")
    next_stage: str | None
    next_label: str
    previous_stage: str | None
    previous_label: str
    items: list[Requirement] = field(default_factory=list)

    @property
    def ready(self) -> bool:
        return all(item.met for item in self.items)


def stage_readiness(project: Project, charter: Charter | None = None) -> Readiness:
    """Where the project stands among the stages and what its next transition needs (ticked or not)."""
    index = STAGES.index(project.stage)
    labels = dict(Stage.choices)
    stages = [
        (value, str(labels[value]), "done" if i < index else "current" if i == index else "ahead")
        for i, value in enumerate(STAGES)
    ]
    next_stage = STAGES[index + 1] if index + 1 < len(STAGES) else None
    previous = STAGES[index - 1] if index > 0 else None
    return Readiness(
        stage=project.stage,
        stages=stages,
        next_stage=next_stage,
        next_label=str(labels[next_stage]) if next_stage else "",
        previous_stage=previous,
        previous_label=str(labels[previous]) if previous else "",
        items=requirements(project, next_stage, charter) if next_stage else [],
    )


# --- the charter page ------------------------------------------------------------------------------------------


@dataclass
class BudgetTable:
    """The charter's budget by funding source (rows) and year (columns), with totals."""

    years: list[int]
    rows: list[tuple[str, list[Decimal | None], Decimal]]  # (source label, amount per year, row total)
    year_totals: list[Decimal]
    total: Decimal
    project_budget: Decimal | None
    lines: list[FundingLine]

    @property
    def differs(self) -> bool:
        return bool(self.lines) and self.project_budget is not None and self.total != self.project_budget

    @property
    def difference(self) -> Decimal:
        return self.total - (self.project_budget or Decimal("0"))


def budget_table(project: Project, lines: list[FundingLine]) -> BudgetTable:
    years = sorted({line.year for line in lines})
    labels = dict(FundingSource.choices)
    rows = []
    for source in FundingSource.values:
        of_source = {line.year: line.amount for line in lines if line.source == source}
        if of_source:
            amounts = [of_source.get(year) for year in years]
            rows.append((str(labels[source]), amounts, sum(of_source.values(), Decimal("0"))))
    year_totals = [sum((line.amount for line in lines if line.year == year), Decimal("0")) for year in years]
    return BudgetTable(
        years=years,
        rows=rows,
        year_totals=year_totals,
        total=sum(year_totals, Decimal("0")),
        project_budget=project.budget,
        lines=lines,
    )


@dataclass
class MilestoneRow:
    milestone: Milestone
    overdue: bool


@dataclass
class CharterRole:
    """One role every charter names (Rules p.77) and who holds it today."""

    role: Role
    holders: list


@dataclass
class CharterPage:
    charter: Charter
    budget: BudgetTable
    milestones: list[MilestoneRow]
    roles: list[CharterRole]
    readiness: Readiness
    may_set_requirements: bool
    today: dt.date


def charter_roles(user, project: Project, day: dt.date) -> list[CharterRole]:
    """The roles every charter names (Rules p.77) with their holders on the project today, as the user may see
    them (org.selectors): two queries."""
    roles = sorted(
        Role.objects.filter(charter_required=True, is_active=True, scopes__contains=[ScopeKind.PROJECT]),
        key=role_order,
    )
    held = assignment_list(user).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day),
        scope_kind=ScopeKind.PROJECT,
        project=project,
        role__charter_required=True,
        starts_on__lte=day,
    )
    by_role: dict[int, list] = {}
    for assignment in held.order_by("person__last_name", "pk"):
        by_role.setdefault(assignment.role_id, []).append(assignment.person)
    return [CharterRole(role=role, holders=by_role.get(role.pk, [])) for role in roles]


def may_change_office(user) -> bool:
    """The Office's additional requirements (Rules p.78) are set by whoever may change the Office."""
    office = StateBody.objects.filter(kind=BodyKind.OFFICE).first()
    return office is not None and authorization.can(user, authorization.CHANGE, office)


def charter_page(user, project: Project) -> CharterPage:
    """Everything the charter page shows, in a fixed number of queries whatever the number of lines,
    milestones and holders."""
    today = timezone.localdate()
    charter = charter_of(project)
    lines = list(FundingLine.objects.filter(project=project))
    milestones = [
        MilestoneRow(milestone=m, overdue=m.done_on is None and m.due_on < today)
        for m in Milestone.objects.filter(project=project)
    ]
    return CharterPage(
        charter=charter,
        budget=budget_table(project, lines),
        milestones=milestones,
        roles=charter_roles(user, project, today),
        readiness=stage_readiness(project, charter),
        may_set_requirements=may_change_office(user),
        today=today,
    )
