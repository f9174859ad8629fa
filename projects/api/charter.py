"""API of the project charter and the stage transitions (Rules p.2(30), p.9, p.77, p.78):

- ``charters/{project_id}/`` GET / PATCH (content, results, stakeholders with the `version` read: 409 when stale;
  the Office's requirements only by whoever may change the Office) and ``charters/{project_id}/approve/`` POST;
- ``funding-lines/`` and ``milestones/`` CRUD, filtered by ``?project=``; ``milestones/{id}/reached/`` POST;
- ``projects/{id}/advance/`` POST ``{"stage", "reason"}``: the next stage, or back one with a reason.

Not visible → 404, visible but not allowed → 403, a rule refused → 400 with the message.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from pmis.core import authorization
from pmis.core.api.viewsets import CreateThroughService, ServiceViewSet, UpdateThroughService
from pmis.core.choices import Stage
from pmis.core.concurrency import StaleVersion

from ..choices import FundingSource
from ..models import Charter, FundingLine, Milestone
from ..selectors import project_get
from ..selectors.charter import (
    charter_of,
    funding_line_list,
    may_change_office,
    milestone_list,
    stage_readiness,
)
from ..services import charter as services
from ..services.lifecycle import project_advance
from .serializers import ProjectSerializer

# --- the charter -----------------------------------------------------------------------------------------------


class CharterSerializer(serializers.ModelSerializer):
    project = serializers.IntegerField(source="project_id", read_only=True)
    approved_by = serializers.IntegerField(source="approved_by_id", read_only=True, allow_null=True)

    class Meta:
        model = Charter
        fields = (
            "project",
            "content",
            "results",
            "stakeholders",
            "requires_kickoff_protocol",
            "requires_change_control",
            "approved_on",
            "approved_by",
            "version",
            "updated_at",
        )
        read_only_fields = fields


class CharterUpdateSerializer(serializers.Serializer):
    content = serializers.CharField(required=False, allow_blank=True)
    results = serializers.CharField(required=False, allow_blank=True)
    stakeholders = serializers.CharField(required=False, allow_blank=True)
    requires_kickoff_protocol = serializers.BooleanField(required=False)
    requires_change_control = serializers.BooleanField(required=False)
    version = serializers.IntegerField(
        required=False, help_text=_("The version read; required when changing the text. Stale: 409.")
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


REQUIREMENTS = ("requires_kickoff_protocol", "requires_change_control")


class CharterView(APIView):
    """The project's charter (an empty one, version 1, until somebody writes it)."""

    @extend_schema(responses=CharterSerializer)
    def get(self, request, project_id):
        project = project_get(request.user, project_id)
        return Response(CharterSerializer(charter_of(project)).data)

    @extend_schema(request=CharterUpdateSerializer, responses={200: CharterSerializer})
    def patch(self, request, project_id):
        project = project_get(request.user, project_id)
        data = CharterUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        requirements = {name: values.pop(name) for name in REQUIREMENTS if name in values}
        version = values.pop("version", None)
        reason = values.pop("reason", "")
        if requirements and not may_change_office(request.user):
            raise PermissionDenied  # the Office's requirements (Rules p.78) are the Office's
        if values:
            authorization.require(request.user, authorization.CHANGE, project)
            if version is None:
                raise serializers.ValidationError(
                    {"version": [_("Send the version of the charter you read.")]}
                )
            try:
                services.charter_update(
                    actor=request.user, project=project, version=version, reason=reason, **values
                )
            except StaleVersion as error:
                return Response(
                    {"detail": str(error), "current": CharterSerializer(error.current).data},
                    status=status.HTTP_409_CONFLICT,
                )
        if requirements:
            current = charter_of(project)
            services.charter_set_requirements(
                actor=request.user,
                project=project,
                requires_kickoff_protocol=requirements.get(
                    "requires_kickoff_protocol", current.requires_kickoff_protocol
                ),
                requires_change_control=requirements.get(
                    "requires_change_control", current.requires_change_control
                ),
            )
        return Response(CharterSerializer(charter_of(project)).data)


class CharterApproveView(APIView):
    """Approve the charter: "approve" on the project (its sponsor, customer …)."""

    @extend_schema(request=None, responses={200: CharterSerializer})
    def post(self, request, project_id):
        project = project_get(request.user, project_id)
        authorization.require(request.user, authorization.APPROVE, project)
        services.charter_approve(actor=request.user, project=project)
        return Response(CharterSerializer(charter_of(project)).data)


# --- stage transitions -------------------------------------------------------------------------------------------


class AdvanceSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class RequirementSerializer(serializers.Serializer):
    label = serializers.CharField()
    met = serializers.BooleanField()
    problem = serializers.CharField()


class ReadinessSerializer(serializers.Serializer):
    stage = serializers.CharField()
    next_stage = serializers.CharField(allow_null=True)
    previous_stage = serializers.CharField(allow_null=True)
    ready = serializers.BooleanField()
    items = RequirementSerializer(many=True)


class ProjectAdvanceView(APIView):
    """GET: what the next transition needs; POST ``{"stage", "reason"}``: move the project ("change")."""

    @extend_schema(responses=ReadinessSerializer)
    def get(self, request, pk):
        project = project_get(request.user, pk)
        return Response(ReadinessSerializer(stage_readiness(project)).data)

    @extend_schema(request=AdvanceSerializer, responses={200: ProjectSerializer})
    def post(self, request, pk):
        project = project_get(request.user, pk)
        authorization.require(request.user, authorization.CHANGE, project)
        data = AdvanceSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        project_advance(
            actor=request.user,
            project=project,
            to_stage=data.validated_data["stage"],
            reason=data.validated_data["reason"],
        )
        fresh = project_get(request.user, pk)
        return Response(ProjectSerializer(fresh, context={"request": request}).data)


# --- funding lines and milestones -------------------------------------------------------------------------------


class ProjectFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(help_text=_("Id of the project."))


class FundingLineFilter(ProjectFilter):
    class Meta:
        model = FundingLine
        fields = ("project", "source", "year")


class MilestoneFilter(ProjectFilter):
    class Meta:
        model = Milestone
        fields = ("project",)


class FundingLineSerializer(serializers.ModelSerializer):
    project = serializers.IntegerField(source="project_id", read_only=True)

    class Meta:
        model = FundingLine
        fields = ("id", "project", "source", "year", "amount", "note")
        read_only_fields = fields


class FundingLineWriteSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    source = serializers.ChoiceField(choices=FundingSource.choices)
    year = serializers.IntegerField(min_value=1900, max_value=2200)
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class FundingLineUpdateSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=FundingSource.choices, required=False)
    year = serializers.IntegerField(min_value=1900, max_value=2200, required=False)
    amount = serializers.DecimalField(max_digits=18, decimal_places=2, required=False)
    note = serializers.CharField(required=False, allow_blank=True, max_length=300)


class MilestoneSerializer(serializers.ModelSerializer):
    project = serializers.IntegerField(source="project_id", read_only=True)

    class Meta:
        model = Milestone
        fields = ("id", "project", "title", "due_on", "done_on", "note")
        read_only_fields = fields


class MilestoneWriteSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    title = serializers.CharField(max_length=300)
    due_on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")


class MilestoneUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False)
    due_on = serializers.DateField(required=False)
    note = serializers.CharField(required=False, allow_blank=True)


class ReachedSerializer(serializers.Serializer):
    done_on = serializers.DateField(
        allow_null=True, help_text=_("The day it was reached; null: not reached.")
    )


class ScheduleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateThroughService,
    UpdateThroughService,
    ServiceViewSet,
):
    """Lines of the charter: adding, changing and removing them is the project manager's ("change")."""

    ordering_fields = ("id",)

    def get_object(self):
        action_name = authorization.VIEW if self.action in ("retrieve", "reached") else authorization.CHANGE
        obj = self.get_one(self.kwargs[self.lookup_url_kwarg or self.lookup_field], action=action_name)
        self.check_object_permissions(self.request, obj)
        return obj

    def project_for_create(self, data: dict):
        project = project_get(self.request.user, data.pop("project"))
        authorization.require(self.request.user, authorization.CHANGE, project)
        return project

    def destroy(self, request, *args, **kwargs):
        self.remove_object(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    create=extend_schema(request=FundingLineWriteSerializer, responses={201: FundingLineSerializer}),
    update=extend_schema(request=FundingLineUpdateSerializer, responses={200: FundingLineSerializer}),
    partial_update=extend_schema(request=FundingLineUpdateSerializer, responses={200: FundingLineSerializer}),
)
class FundingLineViewSet(ScheduleViewSet):
    """The charter's budget: one amount per funding source and year."""

    model = FundingLine
    list_selector = staticmethod(funding_line_list)
    serializer_class = FundingLineSerializer
    create_serializer_class = FundingLineWriteSerializer
    update_serializer_class = FundingLineUpdateSerializer
    filterset_class = FundingLineFilter
    ordering = ("year", "source", "id")

    def create_object(self, data):
        project = self.project_for_create(data)
        return services.funding_line_create(actor=self.request.user, project=project, **data)

    def update_object(self, obj, data):
        return services.funding_line_update(actor=self.request.user, line=obj, **data)

    def remove_object(self, obj):
        services.funding_line_delete(actor=self.request.user, line=obj)


@extend_schema_view(
    create=extend_schema(request=MilestoneWriteSerializer, responses={201: MilestoneSerializer}),
    update=extend_schema(request=MilestoneUpdateSerializer, responses={200: MilestoneSerializer}),
    partial_update=extend_schema(request=MilestoneUpdateSerializer, responses={200: MilestoneSerializer}),
)
class MilestoneViewSet(ScheduleViewSet):
    """The charter's schedule of milestones; marking one reached is the team's ("contribute")."""

    model = Milestone
    list_selector = staticmethod(milestone_list)
    serializer_class = MilestoneSerializer
    create_serializer_class = MilestoneWriteSerializer
    update_serializer_class = MilestoneUpdateSerializer
    filterset_class = MilestoneFilter
    ordering = ("due_on", "id")

    def create_object(self, data):
        project = self.project_for_create(data)
        return services.milestone_create(actor=self.request.user, project=project, **data)

    def update_object(self, obj, data):
        return services.milestone_update(actor=self.request.user, milestone=obj, **data)

    def remove_object(self, obj):
        services.milestone_delete(actor=self.request.user, milestone=obj)

    @extend_schema(request=ReachedSerializer, responses={200: MilestoneSerializer})
    @action(detail=True, methods=["post"])
    def reached(self, request, pk=None):
        milestone = self.get_one(pk, action=authorization.CONTRIBUTE)
        data = ReachedSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.milestone_set_reached(
            actor=request.user, milestone=milestone, done_on=data.validated_data["done_on"]
        )
        return self.answer(milestone)


router = SimpleRouter()
router.register("funding-lines", FundingLineViewSet, basename="api-funding-line")
router.register("milestones", MilestoneViewSet, basename="api-milestone")

urlpatterns = [
    *router.urls,
    path("charters/<int:project_id>/", CharterView.as_view(), name="api-charter"),
    path("charters/<int:project_id>/approve/", CharterApproveView.as_view(), name="api-charter-approve"),
    path("projects/<int:pk>/advance/", ProjectAdvanceView.as_view(), name="api-project-advance"),
]
