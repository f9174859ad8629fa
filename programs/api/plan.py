"""API of the program management plan (Rules p.60–62) under ``/api/v1/programs/{id}/``:

- ``GET plan/``: the plan assembled live — the goals (the program's and each basic direction's), the goal map's
  indicators with the latest plan, fact and achievement, the directions with their problems, projects and
  initiatives, the priority list with the sums of the needs by funding source;
- ``GET map/``: the map of projects and initiatives, one line per basic direction (Appendix 3's fourteen
  columns: ``financing`` holds columns 7–13 by funding source);
- ``GET|POST problems/``, ``GET|PATCH|DELETE problems/{pid}/``: the problems register (p.62(1));
- ``GET|POST priorities/``, ``GET|PATCH|DELETE priorities/{pid}/``, ``POST priorities/reorder/``
  ``{"order": [ids]}``: the priority list for the next twelve months (p.62(3)).

Only for those who read the whole program (else 404); writes need "change" on it (else 403); a broken rule is a
400 with the reason.
"""

from __future__ import annotations

from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from pmis.core.api.serializers import validated
from projects.choices import FundingSource
from projects.models import Project

from .. import plan_services as services
from ..appendix3 import SOURCES, map_lines
from ..choices import ProblemStatus
from ..models import BasicDirection, PriorityProject, ProblemEntry
from ..plan_selectors import plan_get, priority_list, priority_of, problem_list, problem_of, program_for_plan

# --- output ---------------------------------------------------------------------------------------------------


class ProblemSerializer(serializers.ModelSerializer):
    status_label = serializers.CharField(source="get_status_display", read_only=True)

    class Meta:
        model = ProblemEntry
        fields = (
            "id",
            "number",
            "direction",
            "text_kk",
            "text_ru",
            "status",
            "status_label",
            "assessment",
            "assessed_on",
        )
        read_only_fields = fields


class PrioritySerializer(serializers.ModelSerializer):
    project_code = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    planned_start = serializers.DateField(source="project.planned_start", read_only=True)
    planned_end = serializers.DateField(source="project.planned_end", read_only=True)

    class Meta:
        model = PriorityProject
        fields = (
            "id",
            "rank",
            "project",
            "project_code",
            "project_name",
            "planned_start",
            "planned_end",
            "financing_need",
            "funding_source",
            "note",
            "listed_on",
        )
        read_only_fields = fields


def _money(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def line_json(line) -> dict:
    """One line of Appendix 3 as JSON."""
    return {
        "direction": line.direction_id,
        "code": line.code,
        "name": line.name,
        "goal": line.goal,
        "heads": line.heads,
        "problems": [
            {
                "id": p.id,
                "number": p.number,
                "text": p.text,
                "status": p.status,
                "assessment": p.assessment,
                "assessed_on": p.assessed_on,
            }
            for p in line.problems
        ],
        "indicators": [
            {"id": i.id, "code": i.code, "name": i.name, "unit": i.unit, "node_kind": i.node_kind}
            for i in line.indicators
        ],
        "projects": [
            {
                "id": p.id,
                "code": p.code,
                "name": p.name,
                "group": p.group_name,
                "planned_start": p.planned_start,
                "planned_end": p.planned_end,
                "status": p.status,
                "priority_rank": p.priority_rank,
                "financing": {source: _money(p.financing.get(source)) for source in SOURCES},
                "managers": p.managers,
            }
            for p in line.projects
        ],
        "initiatives": [
            {
                "id": i.id,
                "code": i.code,
                "name": i.name,
                "status": i.status,
                "outcome": i.outcome,
                "result": i.result_ref,
            }
            for i in line.initiatives
        ],
        "financing": {source: _money(line.financing.get(source)) for source in SOURCES},
    }


def _priorities_json(priorities) -> dict:
    return {
        "horizon_start": priorities.horizon_start,
        "horizon_end": priorities.horizon_end,
        "rows": [
            {
                **PrioritySerializer(row.entry).data,
                "starts_within": row.starts_within,
                "runs_within": row.runs_within,
            }
            for row in priorities.rows
        ],
        "by_source": [
            {"source": source, "need": _money(need)} for source, _label, need in priorities.by_source
        ],
        "total": _money(priorities.total),
    }


# --- input ----------------------------------------------------------------------------------------------------


class ProblemCreateSerializer(serializers.Serializer):
    text_ru = serializers.CharField(allow_blank=True)
    text_kk = serializers.CharField(required=False, allow_blank=True, default="")
    direction = serializers.PrimaryKeyRelatedField(
        queryset=BasicDirection.objects.all(), required=False, allow_null=True, default=None
    )


class ProblemUpdateSerializer(serializers.Serializer):
    text_ru = serializers.CharField(required=False, allow_blank=True)
    text_kk = serializers.CharField(required=False, allow_blank=True)
    direction = serializers.PrimaryKeyRelatedField(
        queryset=BasicDirection.objects.all(), required=False, allow_null=True
    )
    status = serializers.ChoiceField(choices=ProblemStatus.choices, required=False)
    assessment = serializers.CharField(required=False, allow_blank=True)
    assessed_on = serializers.DateField(required=False, allow_null=True)


class PriorityCreateSerializer(serializers.Serializer):
    project = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all())
    financing_need = serializers.DecimalField(max_digits=18, decimal_places=2, required=False, default=0)
    funding_source = serializers.ChoiceField(
        choices=[("", "—"), *FundingSource.choices], required=False, default=""
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class PriorityUpdateSerializer(serializers.Serializer):
    financing_need = serializers.DecimalField(max_digits=18, decimal_places=2, required=False)
    funding_source = serializers.ChoiceField(choices=[("", "—"), *FundingSource.choices], required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class PriorityReorderSerializer(serializers.Serializer):
    order = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("The ids of every entry of the list, first to last.")
    )


# --- views ----------------------------------------------------------------------------------------------------


class PlanView(APIView):
    """The program management plan assembled live (Rules p.60)."""

    @extend_schema(responses={200: dict})
    def get(self, request, pk):
        program = program_for_plan(request.user, pk)
        plan = plan_get(request.user, program)
        return Response(
            {
                "program": program.pk,
                "code": program.code,
                "name": program.name,
                "goal": program.goal,
                "may_change": plan.may_change,
                "period": {"year": plan.year, "quarter": plan.quarter},
                "indicators": [
                    {
                        "id": row.indicator.pk,
                        "code": row.indicator.code,
                        "name": row.indicator.name,
                        "unit": row.indicator.unit,
                        "node": row.indicator.node_ref,
                        "level": row.level,
                        "plan": _money(row.score.plan) if row.score else None,
                        "fact": _money(row.score.fact) if row.score else None,
                        "achievement": str(row.score.achievement)
                        if row.score and row.score.achievement is not None
                        else None,
                        "colour": row.colour,
                    }
                    for row in plan.goal_rows
                ],
                "directions": [line_json(line) for line in plan.directions],
                "priorities": _priorities_json(plan.priorities),
            }
        )


class MapView(APIView):
    """The map of projects and initiatives (measures): Appendix 3's lines."""

    @extend_schema(responses={200: dict})
    def get(self, request, pk):
        program = program_for_plan(request.user, pk)
        return Response({"program": program.pk, "lines": [line_json(line) for line in map_lines(program)]})


class ProblemListView(APIView):
    """The problems register of the program (Rules p.62(1))."""

    @extend_schema(responses={200: ProblemSerializer(many=True)})
    def get(self, request, pk):
        program = program_for_plan(request.user, pk)
        return Response(ProblemSerializer(problem_list(program), many=True).data)

    @extend_schema(request=ProblemCreateSerializer, responses={201: ProblemSerializer})
    def post(self, request, pk):
        program = program_for_plan(request.user, pk)
        data = validated(ProblemCreateSerializer, request.data)
        problem = services.problem_create(actor=request.user, program=program, **data)
        return Response(ProblemSerializer(problem).data, status=status.HTTP_201_CREATED)


class ProblemDetailView(APIView):
    @extend_schema(operation_id="programs_problem_retrieve", responses={200: ProblemSerializer})
    def get(self, request, pk, item):
        program = program_for_plan(request.user, pk)
        return Response(ProblemSerializer(problem_of(program, item)).data)

    @extend_schema(request=ProblemUpdateSerializer, responses={200: ProblemSerializer})
    def patch(self, request, pk, item):
        program = program_for_plan(request.user, pk)
        problem = problem_of(program, item)
        data = validated(ProblemUpdateSerializer, request.data)
        problem = services.problem_update(actor=request.user, problem=problem, **data)
        return Response(ProblemSerializer(problem).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk, item):
        program = program_for_plan(request.user, pk)
        services.problem_delete(actor=request.user, problem=problem_of(program, item))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PriorityListView(APIView):
    """The priority list for the next twelve months (Rules p.62(3))."""

    @extend_schema(responses={200: dict})
    def get(self, request, pk):
        program = program_for_plan(request.user, pk)
        return Response(_priorities_json(priority_list(program)))

    @extend_schema(request=PriorityCreateSerializer, responses={201: PrioritySerializer})
    def post(self, request, pk):
        program = program_for_plan(request.user, pk)
        data = validated(PriorityCreateSerializer, request.data)
        priority = services.priority_add(actor=request.user, program=program, **data)
        return Response(PrioritySerializer(priority).data, status=status.HTTP_201_CREATED)


class PriorityDetailView(APIView):
    @extend_schema(operation_id="programs_priority_retrieve", responses={200: PrioritySerializer})
    def get(self, request, pk, item):
        program = program_for_plan(request.user, pk)
        return Response(PrioritySerializer(priority_of(program, item)).data)

    @extend_schema(request=PriorityUpdateSerializer, responses={200: PrioritySerializer})
    def patch(self, request, pk, item):
        program = program_for_plan(request.user, pk)
        priority = priority_of(program, item)
        data = validated(PriorityUpdateSerializer, request.data)
        priority = services.priority_update(actor=request.user, priority=priority, **data)
        return Response(PrioritySerializer(priority_of(program, priority.pk)).data)

    @extend_schema(responses={204: None})
    def delete(self, request, pk, item):
        program = program_for_plan(request.user, pk)
        services.priority_remove(actor=request.user, priority=priority_of(program, item))
        return Response(status=status.HTTP_204_NO_CONTENT)


class PriorityReorderView(APIView):
    @extend_schema(request=PriorityReorderSerializer, responses={200: dict})
    def post(self, request, pk):
        program = program_for_plan(request.user, pk)
        data = validated(PriorityReorderSerializer, request.data)
        services.priority_reorder(actor=request.user, program=program, order=data["order"])
        return Response(_priorities_json(priority_list(program)))


urlpatterns = [
    path("programs/<int:pk>/plan/", PlanView.as_view(), name="api-program-plan"),
    path("programs/<int:pk>/map/", MapView.as_view(), name="api-program-map"),
    path("programs/<int:pk>/problems/", ProblemListView.as_view(), name="api-program-problems"),
    path(
        "programs/<int:pk>/problems/<int:item>/",
        ProblemDetailView.as_view(),
        name="api-program-problem",
    ),
    path("programs/<int:pk>/priorities/", PriorityListView.as_view(), name="api-program-priorities"),
    path(
        "programs/<int:pk>/priorities/reorder/",
        PriorityReorderView.as_view(),
        name="api-program-priorities-reorder",
    ),
    path(
        "programs/<int:pk>/priorities/<int:item>/",
        PriorityDetailView.as_view(),
        name="api-program-priority",
    ),
]
