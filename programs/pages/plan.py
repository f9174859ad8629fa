"""Pages of the program management plan (Rules p.60–62) under /programs/<id>/:

- ``plan/`` (``program-plan``): the plan assembled live — goals, goal map, the map of projects and initiatives in
  summary, the problems register and the priority list for the next twelve months (both kept here by whoever may
  change the program);
- ``map/`` (``program-map``): the map of projects and initiatives as the fourteen numbered columns of Appendix 3;
  ``map/xlsx/`` (``program-map-xlsx``, POST ``language``): its XLSX made in the background → the export's page;
- POST ``plan/problems/`` (add), ``plan/problems/<id>/`` (change), ``plan/problems/<id>/delete/``;
- POST ``plan/priorities/`` (add), ``plan/priorities/<id>/`` (change), ``plan/priorities/<id>/remove/``,
  ``plan/priorities/reorder/`` (``order``: the entries' ids, first to last).

Reads through ``programs.plan_selectors`` (404 unless the person reads the whole program), writes through
``programs.plan_services`` (403 without "change" on the program; a broken rule: the plan again with the reason).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View

from pmis.core.page_input import error_messages, int_or_none
from projects.choices import FundingSource
from projects.models import Project

from .. import plan_services as services
from ..appendix3 import column_titles, financing_totals, map_lines
from ..choices import ProblemStatus
from ..exports import map_export_start
from ..models import BasicDirection
from ..plan_selectors import (
    candidate_projects,
    plan_get,
    priority_of,
    problem_of,
    program_for_plan,
)


def _direction(value) -> BasicDirection | None:
    """The direction chosen on a form; a ValidationError for an id that names none."""
    if value in (None, ""):
        return None
    direction = BasicDirection.objects.filter(pk=int_or_none(value) or 0).first()
    if direction is None:
        raise ValidationError({"direction": _("Choose a basic direction of this program.")})
    return direction


def _date(value):
    from django.utils.dateparse import parse_date

    if not value:
        return None
    try:
        day = parse_date(value)
    except ValueError:
        day = None
    if day is None:
        raise ValidationError({"assessed_on": _("Give the date as YYYY-MM-DD.")})
    return day


class ProgramPlanPage(LoginRequiredMixin, View):
    """The program management plan (Rules p.60): the program's main governing document, assembled live."""

    def get(self, request, pk):
        program = program_for_plan(request.user, pk)
        plan = plan_get(request.user, program)
        return render(
            request,
            "programs/plan_detail.html",
            {
                "program": program,
                "plan": plan,
                "statuses": ProblemStatus.choices,
                "sources": FundingSource.choices,
                "candidates": list(candidate_projects(program)) if plan.may_change else [],
                "directions": plan.direction_lines,
            },
        )


class ProgramMapPage(LoginRequiredMixin, View):
    """The map of projects and initiatives (measures) of the program: Appendix 3's fourteen columns."""

    def get(self, request, pk):
        program = program_for_plan(request.user, pk)
        lines = map_lines(program)
        return render(
            request,
            "programs/plan_map.html",
            {
                "program": program,
                "lines": lines,
                "titles": column_titles(),
                "totals": financing_totals(lines),
                "numbers": range(1, 15),
            },
        )


class ProgramMapXlsx(LoginRequiredMixin, View):
    """POST: queue the XLSX of the map in Kazakh or Russian and go to the export's page."""

    def post(self, request, pk):
        program = program_for_plan(request.user, pk)
        try:
            job = map_export_start(
                owner=request.user, program=program, language=request.POST.get("language", "")
            )
        except ValidationError as error:
            return HttpResponseBadRequest(" ".join(error.messages))
        return redirect(reverse("export-detail", args=[job.pk]))


class PlanWrite(LoginRequiredMixin, View):
    """POST only: one write of the plan; back to the plan's section with what happened."""

    action = ""
    anchor = ""

    def post(self, request, pk, item=None):
        program = program_for_plan(request.user, pk)
        data = request.POST
        try:
            getattr(self, self.action)(request, program, data, item)
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("Saved."))
        return redirect(f"{reverse('program-plan', args=[program.pk])}#{self.anchor}")

    # problems

    def problem_add(self, request, program, data, item):
        services.problem_create(
            actor=request.user,
            program=program,
            text_ru=data.get("text_ru", ""),
            text_kk=data.get("text_kk", ""),
            direction=_direction(data.get("direction")),
        )

    def problem_change(self, request, program, data, item):
        problem = problem_of(program, item)
        services.problem_update(
            actor=request.user,
            problem=problem,
            text_ru=data.get("text_ru", ""),
            text_kk=data.get("text_kk", ""),
            direction=_direction(data.get("direction")),
            status=data.get("status") or ProblemStatus.OPEN,
            assessment=data.get("assessment", ""),
            assessed_on=_date(data.get("assessed_on")),
        )

    def problem_delete(self, request, program, data, item):
        services.problem_delete(actor=request.user, problem=problem_of(program, item))

    # priorities

    def priority_add(self, request, program, data, item):
        project = Project.objects.filter(pk=int_or_none(data.get("project")) or 0).first()
        if project is None:
            raise ValidationError({"project": _("Choose a project of this program.")})
        services.priority_add(
            actor=request.user,
            program=program,
            project=project,
            financing_need=data.get("financing_need") or "0",
            funding_source=data.get("funding_source", ""),
            note=data.get("note", ""),
        )

    def priority_change(self, request, program, data, item):
        services.priority_update(
            actor=request.user,
            priority=priority_of(program, item),
            financing_need=data.get("financing_need") or "0",
            funding_source=data.get("funding_source", ""),
            note=data.get("note", ""),
        )

    def priority_remove(self, request, program, data, item):
        services.priority_remove(actor=request.user, priority=priority_of(program, item))

    def priority_reorder(self, request, program, data, item):
        order = data.getlist("order")
        if len(order) == 1 and "," in order[0]:
            order = order[0].split(",")
        services.priority_reorder(actor=request.user, program=program, order=order)


def _write(action: str, anchor: str):
    return PlanWrite.as_view(action=action, anchor=anchor)


urlpatterns = [
    path("programs/<int:pk>/plan/", ProgramPlanPage.as_view(), name="program-plan"),
    path("programs/<int:pk>/map/", ProgramMapPage.as_view(), name="program-map"),
    path("programs/<int:pk>/map/xlsx/", ProgramMapXlsx.as_view(), name="program-map-xlsx"),
    path("programs/<int:pk>/plan/problems/", _write("problem_add", "problems"), name="program-problem-add"),
    path(
        "programs/<int:pk>/plan/problems/<int:item>/",
        _write("problem_change", "problems"),
        name="program-problem-change",
    ),
    path(
        "programs/<int:pk>/plan/problems/<int:item>/delete/",
        _write("problem_delete", "problems"),
        name="program-problem-delete",
    ),
    path(
        "programs/<int:pk>/plan/priorities/",
        _write("priority_add", "priorities"),
        name="program-priority-add",
    ),
    path(
        "programs/<int:pk>/plan/priorities/reorder/",
        _write("priority_reorder", "priorities"),
        name="program-priority-reorder",
    ),
    path(
        "programs/<int:pk>/plan/priorities/<int:item>/",
        _write("priority_change", "priorities"),
        name="program-priority-change",
    ),
    path(
        "programs/<int:pk>/plan/priorities/<int:item>/remove/",
        _write("priority_remove", "priorities"),
        name="program-priority-remove",
    ),
]
