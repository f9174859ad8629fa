"""Reads of the operational plan: the plans a person may see, one plan's page, its activities and what is linked
to them (OP Rules p.2–7, Appendix 1).

Everything is restricted through the authorization module: the body's readers and the plan's own people read the
whole plan; a unit's people read the plan, its headings and only their own activities (the page then shows only
the headings above them).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Unit
from pmis.core import authorization
from projects.choices import ColumnKind
from projects.models import Project, Task

from ..choices import PlanStatus, SubmissionStatus
from ..layout import Line, plan_lines
from ..models import Activity, Heading, OperationalPlan, PlanVersion, SubmissionRow

#: The last day of the year on which an adjustment may still lower indicators (Methodology p.210: not after Q3).
LAST_ADJUSTMENT_MONTH_DAY = (9, 30)


def plan_list(
    user, *, year: int | None = None, body=None, status: str | None = None
) -> QuerySet[OperationalPlan]:
    """The plans `user` may see, newest year first; by year, state body (instance or id) and status."""
    first = PlanVersion.objects.filter(plan=OuterRef("pk"), number=1).values("approved_on")[:1]
    queryset = (
        OperationalPlan.objects.select_related(
            "body", "developer_unit__head", "monitoring_unit__head", "approver"
        )
        .annotate(first_approved_on=Subquery(first))
        .order_by("-year", "body__code", "id")
    )
    if year:
        queryset = queryset.filter(year=year)
    if body:
        queryset = queryset.filter(body=body)
    if status:
        queryset = queryset.filter(status=status)
    return authorization.restrict(queryset, user)


def plan_get(user, pk, *, action: str = authorization.VIEW) -> OperationalPlan:
    """One plan with what its pages and forms name (body, units and their heads, approver): 404 when `user` may
    not see it (or `pk` is no id), 403 when `action` is not allowed."""
    try:
        pk = int(pk)
    except (TypeError, ValueError) as error:
        raise Http404 from error
    plan = get_object_or_404(plan_list(user), pk=pk)
    if action != authorization.VIEW:
        authorization.require(user, action, plan)
    return plan


def reads_whole_plan(user, plan: OperationalPlan) -> bool:
    """Does `user` read every activity of the plan (the body's readers, its approver, developer and monitor)?"""
    # An activity of no unit is visible only to those who read the whole plan.
    return authorization.can(user, authorization.VIEW, Activity(plan=plan))


def _count(model):
    rows = model.objects.filter(activity_id=OuterRef("pk")).values("activity_id")
    return Coalesce(
        Subquery(rows.annotate(n=Count("*")).values("n")[:1], output_field=IntegerField()), Value(0)
    )


def plan_activities(
    user,
    plan: OperationalPlan,
    *,
    unit=None,
    heading=None,
    q: str | None = None,
    section: int | None = None,
    include_inactive: bool = False,
) -> QuerySet[Activity]:
    """The activities of `plan` that `user` may see, in the form's order, with `project_count` and `task_count`
    (the linked work); by unit (instance or id), heading, section (1: under an indicator, 2: other tasks) and
    words of the name or the budget program code."""
    queryset = (
        Activity.objects.filter(plan=plan)
        .select_related("unit", "heading")
        .annotate(
            project_count=_count(Activity.projects.through),
            task_count=_count(Activity.tasks.through),
        )
        .order_by("position", "id")
    )
    if not include_inactive:
        queryset = queryset.filter(is_active=True)
    if unit:
        queryset = queryset.filter(unit=unit)
    if heading:
        queryset = queryset.filter(heading=heading)
    if section == 1:
        queryset = queryset.filter(heading__isnull=False)
    elif section == 2:
        queryset = queryset.filter(heading__isnull=True)
    if q:
        queryset = queryset.filter(
            Q(name_kk__icontains=q) | Q(name_ru__icontains=q) | Q(budget_program__icontains=q)
        )
    return authorization.restrict(queryset, user)


def activity_get(user, plan: OperationalPlan, pk, *, action: str = authorization.VIEW) -> Activity:
    """One activity of the plan (dropped ones too): 404 when not visible, 403 when `action` is not allowed."""
    activity = get_object_or_404(plan_activities(user, plan, include_inactive=True), pk=pk)
    if action != authorization.VIEW:
        authorization.require(user, action, activity)
    return activity


def heading_list(user, plan: OperationalPlan) -> QuerySet[Heading]:
    return authorization.restrict(
        Heading.objects.filter(plan=plan).select_related("indicator", "parent").order_by("position", "id"),
        user,
    )


def heading_get(user, plan: OperationalPlan, pk, *, action: str = authorization.VIEW) -> Heading:
    heading = get_object_or_404(heading_list(user, plan), pk=pk)
    if action != authorization.VIEW:
        authorization.require(user, action, heading)
    return heading


# --- deadlines and warnings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApprovalState:
    """Where the plan stands against the deadline of p.6: `state` is "none" (no signing day), "left" (`days`
    left, 0 = today), "overdue" (by `days`), "met" (approved in time) or "late" (approved `days` late)."""

    state: str
    deadline: dt.date | None = None
    days: int = 0


def approval_state(plan: OperationalPlan, today: dt.date | None = None) -> ApprovalState:
    deadline = plan.approval_deadline
    if deadline is None:
        return ApprovalState("none")
    if plan.version > 0:
        # The deadline of p.6 concerns the first approval (`plan_list` annotates its day).
        first = getattr(plan, "first_approved_on", None)
        if first is None:
            first = plan.approved_on if plan.version == 1 else None
        if first is None:
            first = (
                PlanVersion.objects.filter(plan=plan, number=1).values_list("approved_on", flat=True).first()
                or plan.approved_on
            )
        late = (first - deadline).days if first and first > deadline else 0
        return ApprovalState("late" if late else "met", deadline, late)
    today = today or timezone.localdate()
    if today <= deadline:
        return ApprovalState("left", deadline, (deadline - today).days)
    return ApprovalState("overdue", deadline, (today - deadline).days)


def adjustment_warning(plan: OperationalPlan, today: dt.date | None = None) -> str:
    """The warning for an adjustment after 30 September of the plan's year ("" before it)."""
    today = today or timezone.localdate()
    month, day = LAST_ADJUSTMENT_MONTH_DAY
    if today <= dt.date(plan.year, month, day):
        return ""
    return _(
        "After 30 September indicators are not lowered by an adjustment because funds are expected to go unspent "
        "(Methodology p.210): give the basis and keep the indicators."
    )


# --- the plan's page -------------------------------------------------------------------------------------


@dataclass
class PlanPage:
    """What the plan's page shows: the Appendix 1 lines the person may see, the linked work per activity, the
    approval deadline, the person's powers and the filter's units."""

    plan: OperationalPlan
    lines: list[Line]
    links: dict[int, tuple[int, int]]
    approval: ApprovalState
    whole: bool
    may_change: bool
    may_approve: bool
    may_delete: bool
    may_edit_structure: bool
    versions: int
    units: list[Unit]
    unit: Unit | None = None
    adjustment_warning: str = ""
    activity_count: int = 0
    extra: dict = field(default_factory=dict)


def plan_page(user, plan: OperationalPlan, *, unit=None) -> PlanPage:
    """The plan's page in a fixed number of queries, whatever the number of activities."""
    whole = reads_whole_plan(user, plan)
    activities = list(plan_activities(user, plan, unit=unit))
    lines = plan_lines(plan, activities=activities, prune=not whole or bool(unit))
    links = {activity.pk: (activity.project_count, activity.task_count) for activity in activities}
    for line in lines:
        if line.activity_id is not None:
            line.extra["projects"], line.extra["tasks"] = links.get(line.activity_id, (0, 0))
    may_change = authorization.can(user, authorization.CHANGE, plan)
    units = list(Unit.objects.filter(body_id=plan.body_id).order_by("code"))
    chosen = next((item for item in units if str(item.pk) == str(getattr(unit, "pk", unit))), None)
    return PlanPage(
        plan=plan,
        lines=lines,
        links=links,
        approval=approval_state(plan),
        whole=whole,
        may_change=may_change,
        may_approve=plan.status != PlanStatus.APPROVED
        and authorization.can(user, authorization.APPROVE, plan),
        may_delete=plan.status == PlanStatus.DRAFT
        and plan.version == 0
        and authorization.can(user, authorization.DELETE, plan),
        may_edit_structure=may_change and plan.status != PlanStatus.APPROVED,
        versions=PlanVersion.objects.filter(plan=plan).count(),
        units=units,
        unit=chosen,
        adjustment_warning=adjustment_warning(plan) if plan.status == PlanStatus.APPROVED else "",
        activity_count=len(activities),
    )


# --- an activity's linked work and reported quarters -----------------------------------------------------


@dataclass(frozen=True)
class LinkedWork:
    """A linked project or task with its current state: "done", "blocked" or "open"."""

    kind: str  # "project" or "task"
    pk: int
    label: str
    state: str
    detail: str = ""
    url: str = ""


def _task_state(task: Task) -> str:
    if task.column.kind == ColumnKind.DONE:
        return "done"
    return "blocked" if task.blocked else "open"


def linked_work(user, activity: Activity) -> list[LinkedWork]:
    """The projects and tasks linked to the activity that `user` may see, each with its state; three queries."""
    from pmis.core.choices import Status

    projects = authorization.restrict(
        activity.projects.annotate(
            blocked_tasks=Count("tasks", filter=Q(tasks__blocked=True), distinct=True)
        ).order_by("code"),
        user,
    )
    tasks = authorization.restrict(
        activity.tasks.select_related("project", "column").order_by("project__code", "number"), user
    )
    result = []
    for project in projects:
        if project.status == Status.COMPLETED:
            state = "done"
        elif project.blocked_tasks:
            state = "blocked"
        else:
            state = "open"
        result.append(
            LinkedWork(
                "project",
                project.pk,
                f"{project.code} {project.name}",
                state,
                project.get_status_display(),
                project.get_absolute_url(),
            )
        )
    for task in tasks:
        result.append(
            LinkedWork(
                "task",
                task.pk,
                f"{task.project.code} #{task.number} {task.title}",
                _task_state(task),
                task.blocked_reason if task.blocked else task.column.name,
                reverse("project-board", args=[task.project_id]),
            )
        )
    return result


def activity_rows(user, activity: Activity) -> QuerySet[SubmissionRow]:
    """The quarterly rows submitted on the activity so far that `user` may see, by quarter."""
    return authorization.restrict(
        SubmissionRow.objects.filter(activity=activity, submission__status=SubmissionStatus.SUBMITTED)
        .select_related("submission", "submission__unit", "submission__submitted_by")
        .order_by("submission__quarter", "id"),
        user,
    )


def link_choices(user, *, q: str = "", projects=()) -> tuple[list[Project], list[Task]]:
    """What the links page offers: projects `user` may see matching `q` (code or name, at most 30), and the tasks
    of the chosen `projects` that `user` may see."""
    found = Project.objects.order_by("code")
    if q:
        found = found.filter(
            Q(code__icontains=q) | Q(name_ru__icontains=q) | Q(name_kk__icontains=q) | Q(name_en__icontains=q)
        )
    found = list(authorization.restrict(found, user)[:30])
    ids = [getattr(project, "pk", project) for project in projects]
    tasks = (
        list(
            authorization.restrict(
                Task.objects.filter(project_id__in=ids)
                .select_related("project", "column")
                .order_by("project__code", "number"),
                user,
            )
        )
        if ids
        else []
    )
    return found, tasks
