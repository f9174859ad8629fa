"""API of project assignments (Rules p.81): ``/api/v1/project-assignments/``.

- ``GET`` lists what the reader may see (the project's readers, the addressee head, the executors), filterable by
  ``project``, ``status``, ``overdue`` and ``addressed_to_me``; each row says `late_appointment` and `overdue`;
- ``POST`` drafts one ("change" on the project), ``PATCH`` edits a draft (with `version`: 409 when stale),
  ``DELETE`` removes a draft ("delete" on the project);
- ``POST …/{id}/send/`` ("approve" on the project: the head of the basic direction), ``…/appoint/``
  ``{"executors": [ids], "way"}`` (the addressee head), ``…/report/`` ``{"result"}`` (an executor),
  ``…/cancel/`` ``{"reason"}`` ("change" on the project). Each takes an optional `version`.

Not visible → 404; visible but not allowed → 403; a rule refused → 400 with the message; stale version → 409.
"""

from __future__ import annotations

import django_filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.routers import SimpleRouter

from org.models import Person, StateBody, Unit
from pmis.core import authorization
from pmis.core.api.viewsets import (
    CreateThroughService,
    DestroyThroughService,
    ServiceViewSet,
    StaleVersionAs409,
    UpdateThroughService,
)

from ..choices import AssignmentStatus, AssignmentWay
from ..models import Project, ProjectAssignment
from ..selectors import project_list
from ..selectors.assignments import assignment_list
from ..services import assignments as services

# --- serializers -----------------------------------------------------------------------------------------------


class ProjectAssignmentSerializer(serializers.ModelSerializer):
    """A project assignment as a list row and an answer."""

    executors = serializers.SerializerMethodField()
    late_appointment = serializers.BooleanField(read_only=True)
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = ProjectAssignment
        fields = (
            "id",
            "project",
            "number",
            "title",
            "description",
            "addressee_body",
            "addressee_unit",
            "addressee_head",
            "way",
            "due_on",
            "status",
            "sent_at",
            "sent_by",
            "appoint_by",
            "executors",
            "appointed_at",
            "result",
            "done_at",
            "escalated_at",
            "late_appointment",
            "overdue",
            "version",
            "created_by",
            "created_at",
        )
        read_only_fields = fields

    def get_executors(self, obj) -> list[int]:
        return [person.pk for person in obj.executors.all()]


def _people():
    return Person.objects.filter(is_active=True)


class ProjectAssignmentWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    addressee_body = serializers.PrimaryKeyRelatedField(queryset=StateBody.objects.all())
    addressee_unit = serializers.PrimaryKeyRelatedField(
        queryset=Unit.objects.all(), required=False, allow_null=True, default=None
    )
    addressee_head = serializers.PrimaryKeyRelatedField(queryset=_people())
    way = serializers.ChoiceField(choices=AssignmentWay.choices, default=AssignmentWay.CURRENT_ACTIVITY)
    due_on = serializers.DateField()


class ProjectAssignmentCreateSerializer(ProjectAssignmentWriteSerializer):
    project = serializers.PrimaryKeyRelatedField(
        queryset=Project.objects.none(), help_text=_("Id of the project.")
    )

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["project"].queryset = project_list(request.user)
        return fields


class ProjectAssignmentUpdateSerializer(ProjectAssignmentWriteSerializer):
    version = serializers.IntegerField(required=False, help_text=_("The version the edit was made on."))

    def get_fields(self):
        fields = super().get_fields()
        for field in fields.values():  # a PATCH names only what changes; no defaults slip in
            field.default = serializers.empty
        return fields


class ProjectAssignmentVersionSerializer(serializers.Serializer):
    version = serializers.IntegerField(required=False)


class ProjectAssignmentAppointSerializer(ProjectAssignmentVersionSerializer):
    executors = serializers.PrimaryKeyRelatedField(queryset=_people(), many=True, allow_empty=True)
    way = serializers.ChoiceField(choices=AssignmentWay.choices, required=False)


class ProjectAssignmentReportSerializer(ProjectAssignmentVersionSerializer):
    result = serializers.CharField(allow_blank=True)


class ProjectAssignmentCancelSerializer(ProjectAssignmentVersionSerializer):
    reason = serializers.CharField(allow_blank=True)


# --- filters ---------------------------------------------------------------------------------------------------


class ProjectAssignmentFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(help_text=_("Id of the project."))
    status = django_filters.MultipleChoiceFilter(choices=AssignmentStatus.choices)
    overdue = django_filters.BooleanFilter(
        help_text=_("Only overdue ones (true) or only the others (false).")
    )
    addressed_to_me = django_filters.BooleanFilter(
        method="filter_addressed_to_me",
        help_text=_("Only those whose executors I must appoint or that I execute."),
    )

    class Meta:
        model = ProjectAssignment
        fields = ("project", "status", "overdue", "addressed_to_me")

    def filter_addressed_to_me(self, queryset, name, value):
        user = self.request.user
        mine = Q(addressee_head=user) | Q(
            pk__in=ProjectAssignment.executors.through.objects.filter(person=user).values("projectassignment")
        )
        return queryset.filter(mine) if value else queryset.exclude(mine)


# --- the resource ----------------------------------------------------------------------------------------------


@extend_schema_view(
    create=extend_schema(
        request=ProjectAssignmentCreateSerializer, responses={201: ProjectAssignmentSerializer}
    ),
    update=extend_schema(
        request=ProjectAssignmentUpdateSerializer, responses={200: ProjectAssignmentSerializer}
    ),
    partial_update=extend_schema(
        request=ProjectAssignmentUpdateSerializer, responses={200: ProjectAssignmentSerializer}
    ),
)
class ProjectAssignmentViewSet(
    StaleVersionAs409,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateThroughService,
    UpdateThroughService,
    DestroyThroughService,
    ServiceViewSet,
):
    """Project assignments to other units and state bodies (Rules p.81)."""

    model = ProjectAssignment
    serializer_class = ProjectAssignmentSerializer
    create_serializer_class = ProjectAssignmentCreateSerializer
    update_serializer_class = ProjectAssignmentUpdateSerializer
    filterset_class = ProjectAssignmentFilter
    search_fields = ("title", "description")
    ordering_fields = ("created_at", "due_on", "appoint_by", "number")
    ordering = ("-created_at", "-id")

    @staticmethod
    def list_selector(user):
        return assignment_list(user)

    # The services decide the powers (the head of the basic direction sends, the addressee head appoints …):
    # loading only needs the assignment to be visible (404 otherwise).
    object_actions: dict = {}
    stale_serializer_class = ProjectAssignmentSerializer

    def check_create(self, request):
        # May the person draft assignments in some project at all? (which one is checked by the service)
        authorization.require(request.user, authorization.CHANGE, ProjectAssignment)

    def create_object(self, data):
        return services.assignment_create(actor=self.request.user, **data)

    def update_object(self, obj, data):
        return services.assignment_update(actor=self.request.user, assignment=obj, **data)

    def remove_object(self, obj):
        services.assignment_delete(actor=self.request.user, assignment=obj)

    def _act(self, request, serializer_class, service, **extra):
        obj = self.get_object()
        serializer = serializer_class(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        result = service(actor=request.user, assignment=obj, **extra, **serializer.validated_data)
        return self.answer(result)

    @extend_schema(request=ProjectAssignmentVersionSerializer, responses={200: ProjectAssignmentSerializer})
    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        """Send a draft to the addressee head; the executors are due by `appoint_by` (one working day)."""
        return self._act(
            request, ProjectAssignmentVersionSerializer, services.assignment_send, now=timezone.now()
        )

    @extend_schema(request=ProjectAssignmentAppointSerializer, responses={200: ProjectAssignmentSerializer})
    @action(detail=True, methods=["post"])
    def appoint(self, request, pk=None):
        """The addressee head appoints the executors (and the way of execution)."""
        return self._act(request, ProjectAssignmentAppointSerializer, services.assignment_appoint)

    @extend_schema(request=ProjectAssignmentReportSerializer, responses={200: ProjectAssignmentSerializer})
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """An executor reports the result; the assignment is done."""
        return self._act(request, ProjectAssignmentReportSerializer, services.assignment_report)

    @extend_schema(request=ProjectAssignmentCancelSerializer, responses={200: ProjectAssignmentSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """The project withdraws the assignment, saying why."""
        return self._act(request, ProjectAssignmentCancelSerializer, services.assignment_cancel)


router = SimpleRouter()
router.register("project-assignments", ProjectAssignmentViewSet, basename="api-project-assignment")
urlpatterns = router.urls
