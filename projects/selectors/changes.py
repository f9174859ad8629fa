"""Reads of change requests, the change log (Rules p.78(6)) and who may decide a request."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from org.models import Person, RoleAssignment
from org.substitution import live_assignments
from pmis.core import authorization
from pmis.core.nodes import path_prefixes

from ..models import ChangeLogEntry, ChangeRequest, Project


def change_request_list(user, *, project: Project | None = None) -> QuerySet[ChangeRequest]:
    """The change requests `user` may see, newest first, with the people named on them joined."""
    queryset = ChangeRequest.objects.select_related("project", "requested_by", "decided_by").order_by(
        "project_id", "-number"
    )
    if project is not None:
        queryset = queryset.filter(project=project)
    return authorization.restrict(queryset, user, authorization.VIEW)


def change_request_get(
    user, pk, *, project: Project | None = None, action: str = authorization.VIEW
) -> ChangeRequest:
    """One change request `user` may see (404 otherwise), then 403 unless they may `action` it."""
    change = get_object_or_404(change_request_list(user, project=project), pk=pk)
    if action != authorization.VIEW:
        authorization.require(user, action, change)
    return change


def change_log_list(user, *, project: Project | None = None) -> QuerySet[ChangeLogEntry]:
    """The change-log lines `user` may see, newest first, with the actor and the request joined."""
    queryset = ChangeLogEntry.objects.select_related("project", "actor", "change_request").order_by(
        "-at", "-id"
    )
    if project is not None:
        queryset = queryset.filter(project=project)
    return authorization.restrict(queryset, user, authorization.VIEW)


def change_approvers(project: Project, *, on: dt.date | None = None) -> QuerySet[Person]:
    """The people who decide the project's change requests (Rules p.78(6)): the holders, in force on the day,
    of a role with the "approve" power on the project or a node above it — the sponsor, the customer, the
    curator, the heads of its group, direction and program. The Office's staff are not asked about every
    project, so roles held on the Office itself are left out. One query."""
    day = on or timezone.localdate()
    holders = RoleAssignment.objects.filter(
        live_assignments(day), scope_path__in=path_prefixes(project.path), role__powers__contains=["approve"]
    ).values("person_id")
    return Person.objects.filter(pk__in=holders, is_active=True).order_by("last_name", "first_name", "id")
