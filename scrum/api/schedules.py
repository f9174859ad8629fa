"""API of the scrum schedules (Rules p.2(60), p.46, p.66(2)): ``/api/v1/scrum/schedules/``.

- ``GET schedules/?node=program:2&level=office&status=approved``: the schedules the person may see;
- ``GET schedules/<id>/``: one schedule;
- ``POST schedules/`` ``{"level", "node": "kind:id", "weekday", "starts_at", "mode", "place" | "video_link",
  "chair", "deputy_chair", "secretary", "participants": [ids], "valid_from", …}``: draft one ("change" on the
  node);
- ``PATCH schedules/<id>/`` ``{"version", …}``: change it ("change" on the node; 409 on a stale version); a change
  of the terms of an approved schedule sends it back to draft;
- ``POST schedules/<id>/approve/``: approve it ("approve" on its program: the program manager) and generate the
  meetings of the next four weeks;
- ``POST schedules/<id>/archive/``: archive it ("change");
- ``GET schedules/<id>/ics/``: the schedule as an iCalendar file (``text/calendar``);
- ``POST schedules/<id>/generate/`` ``{"until"}``: generate its meetings up to a day ("change").

A schedule the person may not see is 404, one they may see but not act on 403; a broken rule is a 400 with a
message from scrum.services in the request's language.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from org.models import Person
from pmis.core import authorization
from pmis.core.api import fields
from pmis.core.api.viewsets import (
    CreateThroughService,
    ServiceViewSet,
    StaleVersionAs409,
    UpdateThroughService,
)
from pmis.core.nodes import parse_ref

from ..calendar import schedule_ics
from ..choices import LEVEL_NODE_KIND, Level, Mode, ScheduleStatus
from ..models import Schedule
from ..selectors.schedules import schedule_list, with_nodes
from ..services import schedules as services

NODE_KINDS = sorted(set(LEVEL_NODE_KIND.values()))


class NodeRefField(fields.NodeRefField):
    """A node the levels meet at, as ``"kind:id"``; only a node the person may see is found."""

    default_error_messages = {"kind": _("A scrum level meets at a {kinds}; “{ref}” is none of these.")}

    def __init__(self, **kwargs):
        super().__init__(kinds=NODE_KINDS, **kwargs)


def _people_field(**kwargs):
    return serializers.PrimaryKeyRelatedField(queryset=Person.objects.filter(is_active=True), **kwargs)


class ScheduleSerializer(serializers.ModelSerializer):
    """A scrum schedule: who meets (level at a node), when and where, who chairs and takes part, its status."""

    node = serializers.CharField(source="node_ref", read_only=True, help_text=_("The node, as “kind:id”."))
    name = serializers.CharField(read_only=True)
    chair_name = serializers.SerializerMethodField()
    deputy_chair_name = serializers.SerializerMethodField()
    secretary_name = serializers.SerializerMethodField()
    participants = serializers.SerializerMethodField(help_text=_("Ids of the participants."))

    class Meta:
        model = Schedule
        fields = (
            "id",
            "name",
            "level",
            "node",
            "node_path",
            "title",
            "weekday",
            "starts_at",
            "duration_minutes",
            "mode",
            "place",
            "video_link",
            "chair",
            "chair_name",
            "deputy_chair",
            "deputy_chair_name",
            "secretary",
            "secretary_name",
            "participants",
            "valid_from",
            "valid_until",
            "status",
            "approved_by",
            "approved_at",
            "version",
        )
        read_only_fields = fields

    @staticmethod
    def _name(person) -> str:
        return person.full_name if person is not None else ""

    def get_chair_name(self, schedule) -> str:
        return self._name(schedule.chair)

    def get_deputy_chair_name(self, schedule) -> str:
        return self._name(schedule.deputy_chair)

    def get_secretary_name(self, schedule) -> str:
        return self._name(schedule.secretary)

    def get_participants(self, schedule) -> list[int]:
        return [person.pk for person in schedule.participants.all()]


class ScheduleWriteSerializer(serializers.Serializer):
    """The terms of a schedule (all optional in a change, which names the version it was made on)."""

    title = serializers.CharField(required=False, allow_blank=True, max_length=300)
    weekday = serializers.IntegerField(help_text=_("1 is Monday … 5 is Friday (ISO)."))
    starts_at = serializers.TimeField(help_text=_("Local time in Asia/Almaty."))
    duration_minutes = serializers.IntegerField(required=False, min_value=5, max_value=480)
    mode = serializers.ChoiceField(choices=Mode.choices)
    place = serializers.CharField(required=False, allow_blank=True, max_length=300)
    video_link = serializers.URLField(required=False, allow_blank=True, max_length=500)
    chair = _people_field(required=False, allow_null=True)
    deputy_chair = _people_field(required=False, allow_null=True)
    secretary = _people_field(required=False, allow_null=True)
    participants = _people_field(many=True, required=False)
    valid_from = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True)


class ScheduleCreateSerializer(ScheduleWriteSerializer):
    level = serializers.ChoiceField(choices=Level.choices)
    node = NodeRefField(help_text=_("The node the level meets at: “project:5”, “group:3”, “program:2” …"))


class ScheduleUpdateSerializer(ScheduleWriteSerializer):
    version = serializers.IntegerField(help_text=_("The version the change was made on (409 when stale)."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if name != "version":
                field.required = False

    def validate(self, data):
        # A PATCH is partial, but the version it was made on is always named.
        if "version" not in data:
            raise serializers.ValidationError({"version": _("Give the version the change was made on.")})
        return data


class GenerateSerializer(serializers.Serializer):
    until = serializers.DateField(help_text=_("The last day to generate meetings for."))


class GeneratedMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    date = serializers.DateField()
    starts_at = serializers.TimeField()


class ScheduleFilter(django_filters.FilterSet):
    node = django_filters.CharFilter(method="filter_node", help_text=_("The node, as “kind:id”."))
    level = django_filters.ChoiceFilter(choices=Level.choices)
    status = django_filters.ChoiceFilter(choices=ScheduleStatus.choices)

    class Meta:
        model = Schedule
        fields = ("node", "level", "status")

    def filter_node(self, queryset, name, value):
        try:
            kind, pk = parse_ref(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError({"node": error.messages}) from error
        return queryset.filter(node_kind=kind, node_id=pk)


@extend_schema_view(
    create=extend_schema(request=ScheduleCreateSerializer, responses={201: ScheduleSerializer}),
    partial_update=extend_schema(request=ScheduleUpdateSerializer, responses={200: ScheduleSerializer}),
    approve=extend_schema(request=None, responses={200: ScheduleSerializer}),
    archive=extend_schema(request=None, responses={200: ScheduleSerializer}),
    ics=extend_schema(responses={(200, "text/calendar"): OpenApiResponse(description=_("iCalendar file"))}),
    generate=extend_schema(
        request=GenerateSerializer, responses={200: GeneratedMeetingSerializer(many=True)}
    ),
)
class ScheduleViewSet(
    StaleVersionAs409,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateThroughService,
    UpdateThroughService,
    ServiceViewSet,
):
    """The weekly scrum schedules of the levels of the ladder: project team, projects group, implementation
    group of the basic direction, project office, program governing committee, governing council."""

    model = Schedule
    list_selector = schedule_list
    serializer_class = ScheduleSerializer
    create_serializer_class = ScheduleCreateSerializer
    update_serializer_class = ScheduleUpdateSerializer
    filterset_class = ScheduleFilter
    ordering_fields = ("node_path", "level", "weekday")
    ordering = ("node_path", "level", "pk")
    http_method_names = ("get", "post", "patch", "head", "options")

    object_actions = {
        "partial_update": authorization.CHANGE,
        "archive": authorization.CHANGE,
        "generate": authorization.CHANGE,
        # approve: "approve" on the program, asked by the service (the power sits above the node)
    }

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return None if page is None else with_nodes(page)  # their nodes' names, in bulk

    def create_object(self, data):
        node = data.pop("node")
        authorization.require(self.request.user, authorization.CHANGE, node)
        return services.schedule_create(actor=self.request.user, node=node, **data)

    def update_object(self, schedule, data):
        version = data.pop("version")
        return services.schedule_update(actor=self.request.user, schedule=schedule, version=version, **data)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve the schedule (the program manager) and generate its meetings for the next four weeks."""
        schedule = services.schedule_approve(actor=request.user, schedule=self.get_object())
        return self.answer(schedule)

    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        """Archive the schedule: no more meetings; its future draft meetings go."""
        schedule = services.schedule_archive(actor=request.user, schedule=self.get_object())
        return self.answer(schedule)

    @action(detail=True, methods=["get"])
    def ics(self, request, pk=None):
        """The schedule as a weekly event for a calendar application."""
        schedule = self.get_object()
        response = HttpResponse(schedule_ics(schedule), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="scrum-schedule-{schedule.pk}.ics"'
        return response

    @action(detail=True, methods=["post"])
    def generate(self, request, pk=None):
        """Generate the schedule's meetings up to `until` (an approved schedule only; days already with a
        meeting are left alone)."""
        schedule = self.get_object()
        data = GenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = services.meetings_generate(schedule=schedule, until=data.validated_data["until"])
        return Response(GeneratedMeetingSerializer(created, many=True).data, status=status.HTTP_200_OK)


router = SimpleRouter()
router.register("schedules", ScheduleViewSet, basename="api-scrum-schedule")
urlpatterns = router.urls
