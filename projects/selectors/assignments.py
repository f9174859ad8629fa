"""Reads of project assignments (Rules p.81), restricted through the authorization module: the project's
readers, the addressee head and the executors see an assignment.

Every row is annotated with
- `late_appointment`: sent and still without executors after `appoint_by`, or appointed after that day;
- `overdue`: not appointed after `appoint_by`, or not done after `due_on` (what the escalation raises).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import BooleanField, Case, F, Prefetch, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from org.models import Person
from pmis.core import authorization

from ..choices import AssignmentStatus
from ..models import ProjectAssignment
from ..services.assignments import OPEN, overdue_q


def _flag(condition: Q):
    return Case(When(condition, then=Value(True)), default=Value(False), output_field=BooleanField())


def annotate_flags(queryset: QuerySet, today: dt.date | None = None) -> QuerySet:
    today = today or timezone.localdate()
    late = Q(status=AssignmentStatus.SENT, appoint_by__lt=today) | Q(
        appointed_at__isnull=False, appoint_by__isnull=False, appointed_at__date__gt=F("appoint_by")
    )
    return queryset.annotate(late_appointment=_flag(late), overdue=_flag(overdue_q(today)))


def assignment_list(
    user, *, action: str = authorization.VIEW, project=None, today: dt.date | None = None
) -> QuerySet[ProjectAssignment]:
    """The assignments `user` may `action`, with what a list row shows (one query, and one for executors)."""
    queryset = authorization.restrict(ProjectAssignment.objects.all(), user, action)
    if project is not None:
        queryset = queryset.filter(project=project)
    return annotate_flags(
        queryset.select_related(
            "project", "addressee_body", "addressee_unit", "addressee_head", "sent_by", "created_by"
        ).prefetch_related(
            Prefetch("executors", queryset=Person.objects.order_by("last_name", "first_name", "pk"))
        ),
        today,
    ).order_by("-created_at", "-pk")


def assignment_get(user, pk, *, action: str = authorization.VIEW, project=None) -> ProjectAssignment:
    """One assignment: 404 when `user` may not see it (or it is not in `project`), 403 when not `action`."""
    queryset = assignment_list(user, project=project)
    assignment = get_object_or_404(queryset, pk=pk)
    if action != authorization.VIEW:
        authorization.require(user, action, assignment)
    return assignment


def assignments_awaiting(user) -> QuerySet[ProjectAssignment]:
    """The sent assignments whose executors `user` must appoint, the most urgent first (the home page card)."""
    if not (user and user.is_authenticated):
        return ProjectAssignment.objects.none()
    return annotate_flags(
        ProjectAssignment.objects.filter(addressee_head=user, status=AssignmentStatus.SENT).select_related(
            "project", "addressee_body", "sent_by"
        )
    ).order_by("appoint_by", "pk")


def assignments_of_executor(user) -> QuerySet[ProjectAssignment]:
    """Assignments `user` executes and has not finished."""
    return annotate_flags(
        ProjectAssignment.objects.filter(executors=user, status__in=OPEN).select_related("project")
    ).order_by("due_on", "pk")
