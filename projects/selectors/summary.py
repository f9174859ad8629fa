"""The state of a project's workspace at a glance, for its overview page and for the people above it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..choices import AssignmentStatus, ChangeStatus, ColumnKind, RiskStatus
from ..models import ChangeRequest, Milestone, Project, ProjectAssignment, Risk, Task

HIGH_RISK = 15


@dataclass(frozen=True)
class WorkspaceSummary:
    open_tasks: int
    overdue_tasks: int
    blocked_tasks: int
    open_risks: int
    high_risks: int
    pending_changes: int
    late_assignments: int
    next_milestone_title: str | None
    next_milestone_due: dt.date | None


def _count(queryset) -> Coalesce:
    """A correlated COUNT over `queryset` (already filtered to the outer project)."""
    counted = queryset.order_by().values("project").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def workspace_summary(project: Project, *, today: dt.date | None = None) -> WorkspaceSummary:
    """Counts of the project's open, overdue and blocked tasks, open and high risks, change requests awaiting a
    decision, late project assignments and its next milestone, in one query.

    The caller has already read `project` through a selector: whoever sees a project sees its whole workspace.
    """
    today = today or timezone.localdate()
    mine = {"project": OuterRef("pk")}
    tasks = Task.objects.filter(**mine).exclude(column__kind=ColumnKind.DONE)
    risks = Risk.objects.filter(**mine).exclude(status=RiskStatus.CLOSED)
    late = ProjectAssignment.objects.filter(**mine).filter(
        Q(status=AssignmentStatus.SENT, appoint_by__lt=today)
        | Q(status__in=(AssignmentStatus.SENT, AssignmentStatus.APPOINTED), due_on__lt=today)
    )
    milestone = Milestone.objects.filter(**mine, done_on__isnull=True).order_by("due_on", "pk")
    row = (
        Project.objects.filter(pk=project.pk)
        .annotate(
            open_tasks=_count(tasks),
            overdue_tasks=_count(tasks.filter(due_on__lt=today)),
            blocked_tasks=_count(tasks.filter(blocked=True)),
            open_risks=_count(risks),
            high_risks=_count(risks.filter(score__gte=HIGH_RISK)),
            pending_changes=_count(ChangeRequest.objects.filter(**mine, status=ChangeStatus.SUBMITTED)),
            late_assignments=_count(late),
            next_milestone_title=Subquery(milestone.values("title")[:1]),
            next_milestone_due=Subquery(milestone.values("due_on")[:1]),
        )
        .values(*WorkspaceSummary.__dataclass_fields__)
        .get()
    )
    return WorkspaceSummary(**row)
