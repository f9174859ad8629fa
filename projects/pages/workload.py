"""Workload pages (Rules p.96): hours per person per week from their tasks.

- ``/projects/<pk>/workload/`` (`project-workload`): the people of one project, for whoever may "change" it (the
  project manager, the project office above it); the others who see the project get 403;
- ``/workload/`` (`workload`): the people of every project the reader may "change" — the project office's view.

``?week=YYYY-MM-DD`` moves the window (two past weeks, that week and the five after it).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.views import View

from pmis.core import authorization
from pmis.core.workdays import monday_of

from ..models import Project
from ..selectors.workload import FULL_WEEK, workload
from .base import WorkspacePage


def _week(request) -> dt.date | None:
    try:
        return dt.date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        return None


def _context(load) -> dict:
    return {
        "load": load,
        "full_week": FULL_WEEK,
        "previous_week": load.current - dt.timedelta(weeks=1),
        "next_week": load.current + dt.timedelta(weeks=1),
        "this_week": monday_of(timezone.localdate()),
    }


class ProjectWorkloadPage(WorkspacePage):
    tab = "workload"
    template_name = "projects/workload.html"

    def get(self, request, pk):
        project = self.get_project(authorization.CHANGE)
        load = workload(request.user, project, _week(request))
        return self.render_page(project, {**_context(load), "base_template": "projects/workspace_base.html"})


class WorkloadPage(LoginRequiredMixin, View):
    def get(self, request):
        if not authorization.restrict(Project.objects.all(), request.user, authorization.CHANGE).exists():
            raise PermissionDenied
        load = workload(request.user, None, _week(request))
        return render(
            request,
            "projects/workload.html",
            {**_context(load), "project": None, "base_template": "base.html"},
        )


urlpatterns = [
    path("projects/<int:pk>/workload/", ProjectWorkloadPage.as_view(), name="project-workload"),
    path("workload/", WorkloadPage.as_view(), name="workload"),
]
