"""API of the scrum meetings (Rules p.2(59), p.45–46): ``/api/v1/scrum/meetings/``.

- ``GET meetings/?schedule=&status=&date_from=&date_to=&node=program:2&mine=true``: the meetings the person may
  see, by date;
- ``GET meetings/<id>/``: one meeting with its agenda (grouped order), attendance and outcomes;
- ``POST meetings/<id>/open/`` · ``start/`` · ``close/`` · ``cancel/ {"reason"}``: its way
  draft → open → in progress → closed (or cancelled);
- ``POST meetings/<id>/agenda/ {"title", "details"?, "project"?, "presenter"?, "minutes"?}``: a person's own item
  ("contribute": the participants too); ``PATCH meetings/<id>/agenda/<item_id>/ {"presenter"?, "minutes"?,
  "title"?, "details"?, "notes"?, "discussed"?}`` (notes only while in progress); ``DELETE`` the same URL;
- ``POST meetings/<id>/agenda/reorder/ {"ids": [...]}``: the agenda's order (every item once);
- ``POST meetings/<id>/attendance/ {"person", "status", "acting_for"?, "note"?}`` (in progress);
- ``POST meetings/<id>/outcomes/ {"kind", "text", "item"?, "owner"?, "due_on"?, "project"?}`` (in progress only);
- ``GET meetings/<id>/protocol/?format=pdf|docx``: the protocol once closed (404 before);
- ``GET meetings/<id>/ics/``: the meeting as a calendar invitation.

Running the meeting needs "change" on it (403 otherwise), an item "contribute"; a meeting the person may not see
is 404; a broken rule (outcomes before the meeting starts …) is a 400 with the service's message.
"""

from __future__ import annotations

import json

import django_filters
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, renderers, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from pmis.core import authorization
from pmis.core.api.viewsets import ServiceViewSet
from pmis.core.downloads import file_response
from pmis.core.nodes import node_model, parse_ref
from projects.models import Project

from ..choices import AttendanceStatus, MeetingStatus, OutcomeKind
from ..models import AgendaItem, Attendance, Decision, Meeting
from ..selectors.meetings import meeting_detail, meeting_list, meeting_people
from ..services import agenda as agenda_services
from ..services import meetings as services

# --- serializers -------------------------------------------------------------------------------------------------


class MeetingSerializer(serializers.ModelSerializer):
    level = serializers.CharField(source="schedule.level", read_only=True)
    node = serializers.SerializerMethodField(help_text=_("The node the level meets at, “kind:id”."))
    chair_name = serializers.SerializerMethodField()

    class Meta:
        model = Meeting
        fields = (
            "id",
            "schedule",
            "level",
            "node",
            "date",
            "starts_at",
            "duration_minutes",
            "mode",
            "place",
            "video_link",
            "status",
            "chair",
            "chair_name",
            "chair_note",
            "secretary",
            "opened_at",
            "started_at",
            "closed_at",
            "cancel_reason",
            "protocol_number",
            "version",
        )
        read_only_fields = fields

    def get_node(self, meeting) -> str:
        return meeting.schedule.node_ref

    def get_chair_name(self, meeting) -> str:
        return meeting.chair.full_name if meeting.chair else ""


class AgendaItemSerializer(serializers.ModelSerializer):
    presenter_name = serializers.SerializerMethodField()
    running_total = serializers.IntegerField(
        read_only=True, help_text=_("Minutes of the agenda up to this item.")
    )

    class Meta:
        model = AgendaItem
        fields = (
            "id",
            "position",
            "source",
            "signal_key",
            "title",
            "details",
            "group",
            "project",
            "task",
            "risk",
            "assignment",
            "indicator",
            "escalation",
            "decision",
            "presenter",
            "presenter_name",
            "minutes",
            "running_total",
            "notes",
            "discussed",
        )
        read_only_fields = fields

    def get_presenter_name(self, item) -> str:
        return item.presenter.full_name if item.presenter else ""


class AttendanceSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Attendance
        fields = ("person", "person_name", "status", "acting_for", "note")
        read_only_fields = fields


class OutcomeSerializer(serializers.ModelSerializer):
    owner_name = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = (
            "id",
            "number",
            "kind",
            "text",
            "agenda_item",
            "owner",
            "owner_name",
            "due_on",
            "project",
            "task",
            "binding",
            "status",
        )
        read_only_fields = fields

    def get_owner_name(self, decision) -> str:
        return decision.owner.full_name if decision.owner else ""


class MeetingDetailSerializer(MeetingSerializer):
    """A meeting with its agenda in order (grouped by projects group and project), attendance and outcomes; the
    view passes `detail` (scrum.selectors.meetings.MeetingDetail) in the context."""

    agenda = serializers.SerializerMethodField()
    attendance = serializers.SerializerMethodField()
    outcomes = serializers.SerializerMethodField()

    class Meta(MeetingSerializer.Meta):
        fields = (*MeetingSerializer.Meta.fields, "agenda", "attendance", "outcomes")
        read_only_fields = fields

    @extend_schema_field(AgendaItemSerializer(many=True))
    def get_agenda(self, meeting):
        detail = self.context["detail"]
        items = [item for group in detail.agenda for block in group.projects for item in block.items]
        return AgendaItemSerializer(items, many=True).data

    @extend_schema_field(AttendanceSerializer(many=True))
    def get_attendance(self, meeting):
        return AttendanceSerializer(self.context["detail"].attendance, many=True).data

    @extend_schema_field(OutcomeSerializer(many=True))
    def get_outcomes(self, meeting):
        return OutcomeSerializer(self.context["detail"].outcomes, many=True).data


class CancelInput(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class ItemInput(serializers.Serializer):
    title = serializers.CharField(max_length=500)
    details = serializers.CharField(required=False, allow_blank=True, default="")
    project = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Id of a project discussed.")
    )
    presenter = serializers.IntegerField(required=False, allow_null=True, help_text=_("Id of a person."))
    minutes = serializers.IntegerField(required=False, min_value=1, max_value=240, default=5)


class ItemUpdateInput(serializers.Serializer):
    title = serializers.CharField(required=False, max_length=500)
    details = serializers.CharField(required=False, allow_blank=True)
    presenter = serializers.IntegerField(required=False, allow_null=True)
    minutes = serializers.IntegerField(required=False, min_value=1, max_value=240)
    notes = serializers.CharField(required=False, allow_blank=True)
    discussed = serializers.BooleanField(required=False)


class ReorderInput(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1), help_text=_("Ids of the items in order.")
    )


class AttendanceInput(serializers.Serializer):
    person = serializers.IntegerField(help_text=_("Id of a person."))
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)
    acting_for = serializers.IntegerField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class OutcomeInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=OutcomeKind.choices)
    text = serializers.CharField(max_length=5000)
    item = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Id of an item of the agenda.")
    )
    owner = serializers.IntegerField(required=False, allow_null=True, help_text=_("Id of a person."))
    due_on = serializers.DateField(required=False, allow_null=True)
    project = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Id of a project (tasks).")
    )


# --- the protocol's files --------------------------------------------------------------------------------------


class _FileRenderer(renderers.BaseRenderer):
    """Lets ``?format=pdf|docx`` through DRF's content negotiation; the file itself is a FileResponse, and only an
    error is rendered here (as JSON)."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return json.dumps(data, default=str).encode()


class PDFRenderer(_FileRenderer):
    media_type = "application/pdf"
    format = "pdf"


class DOCXRenderer(_FileRenderer):
    media_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    format = "docx"


# --- the viewset ----------------------------------------------------------------------------------------------------


class MeetingFilter(django_filters.FilterSet):
    schedule = django_filters.NumberFilter(help_text=_("Id of the scrum schedule."))
    status = django_filters.ChoiceFilter(choices=MeetingStatus.choices)
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")
    node = django_filters.CharFilter(
        method="at_node", help_text=_("“kind:id”: meetings at or under the node.")
    )
    mine = django_filters.BooleanFilter(
        method="only_mine", help_text=_("Meetings the person chairs or attends.")
    )

    class Meta:
        model = Meeting
        fields = ("schedule", "status", "date_from", "date_to", "node", "mine")

    def at_node(self, queryset, name, value):
        try:
            kind, pk = parse_ref(value)
        except ValidationError as error:
            raise serializers.ValidationError({"node": error.messages}) from error
        path = (
            node_model(kind).objects.filter(pk=pk).values_list("path", flat=True).first()
            if kind != "office"
            else ""
        )
        if path is None:
            return queryset.none()
        return queryset.filter(schedule__node_path__startswith=path)

    def only_mine(self, queryset, name, value):
        return queryset.filter(is_mine=True) if value else queryset


def _person(meeting, pk, field: str):
    if pk is None:
        return None
    person = meeting_people(meeting).filter(pk=pk).first()
    if person is None:
        raise ValidationError({field: _("Person %(id)s does not work at this level.") % {"id": pk}})
    return person


def _project(meeting, pk):
    if pk is None:
        return None
    project = Project.objects.filter(pk=pk, path__startswith=meeting.schedule.node_path).first()
    if project is None:
        raise ValidationError(
            {"project": _("The meeting does not discuss a project with the id %(id)s.") % {"id": pk}}
        )
    return project


def _item(meeting, pk):
    if pk is None:
        return None
    item = AgendaItem.objects.filter(pk=pk, meeting=meeting).first()
    if item is None:
        raise ValidationError({"item": _("The agenda has no item with the id %(id)s.") % {"id": pk}})
    return item


@extend_schema_view(
    retrieve=extend_schema(responses={200: MeetingDetailSerializer}),
    open=extend_schema(request=None, responses={200: MeetingDetailSerializer}),
    start=extend_schema(request=None, responses={200: MeetingDetailSerializer}),
    close=extend_schema(request=None, responses={200: MeetingDetailSerializer}),
    cancel=extend_schema(request=CancelInput, responses={200: MeetingDetailSerializer}),
    agenda=extend_schema(request=ItemInput, responses={201: AgendaItemSerializer}),
    agenda_reorder=extend_schema(request=ReorderInput, responses={200: MeetingDetailSerializer}),
    agenda_item=extend_schema(request=ItemUpdateInput, responses={200: AgendaItemSerializer, 204: None}),
    attendance=extend_schema(request=AttendanceInput, responses={200: AttendanceSerializer}),
    outcomes=extend_schema(request=OutcomeInput, responses={201: OutcomeSerializer}),
    protocol=extend_schema(
        parameters=[OpenApiParameter("format", str, enum=["pdf", "docx"])],
        responses={200: OpenApiTypes.BINARY},
    ),
    ics=extend_schema(responses={200: OpenApiTypes.BINARY}),
)
class MeetingViewSet(mixins.ListModelMixin, ServiceViewSet):
    """The weekly scrum meetings: their way, agenda, attendance, outcomes and protocol."""

    model = Meeting
    list_selector = meeting_list
    serializer_class = MeetingSerializer
    filterset_class = MeetingFilter
    ordering_fields = ("date",)
    ordering = ("date", "starts_at")
    http_method_names = ("get", "post", "patch", "delete", "head", "options")
    object_actions = {
        "open": authorization.CHANGE,
        "start": authorization.CHANGE,
        "close": authorization.CHANGE,
        "cancel": authorization.CHANGE,
        "attendance": authorization.CHANGE,
        "outcomes": authorization.CHANGE,
        "agenda": authorization.CONTRIBUTE,
        "agenda_item": authorization.CHANGE,
        "agenda_reorder": authorization.CHANGE,
    }

    def answer(self, meeting, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_one(meeting.pk)
        context = {**self.get_serializer_context(), "detail": meeting_detail(fresh)}
        return Response(MeetingDetailSerializer(fresh, context=context).data, status=status_code)

    def retrieve(self, request, *args, **kwargs):
        return self.answer(self.get_object())

    def _input(self, serializer_class, **options):
        serializer = serializer_class(data=self.request.data, **options)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @action(detail=True, methods=["post"])
    def open(self, request, pk=None):
        """Open a draft: its agenda builds itself from the week's signals and the participants are told."""
        return self.answer(services.meeting_open(actor=request.user, meeting=self.get_object()))

    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        """Start an open meeting: the agenda is refreshed, the acting chair fixed, the attendance listed."""
        return self.answer(services.meeting_start(actor=request.user, meeting=self.get_object()))

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close a meeting in progress: its protocol is numbered and generated (PDF and DOCX)."""
        return self.answer(services.meeting_close(actor=request.user, meeting=self.get_object()))

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel a draft or open meeting, saying why."""
        meeting = self.get_object()
        data = self._input(CancelInput)
        return self.answer(
            services.meeting_cancel(actor=request.user, meeting=meeting, reason=data["reason"])
        )

    @action(detail=True, methods=["post"])
    def agenda(self, request, pk=None):
        """Add a person's own item to the agenda (draft, open or in progress)."""
        meeting = self.get_object()
        data = self._input(ItemInput)
        item = agenda_services.agenda_item_add(
            actor=request.user,
            meeting=meeting,
            title=data["title"],
            details=data["details"],
            project=_project(meeting, data.get("project")),
            presenter=_person(meeting, data.get("presenter"), "presenter"),
            minutes=data["minutes"],
        )
        return Response(AgendaItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"], url_path="agenda/reorder")
    def agenda_reorder(self, request, pk=None):
        """Put the agenda in the order of ``ids`` (each item of the agenda once)."""
        meeting = self.get_object()
        data = self._input(ReorderInput)
        agenda_services.agenda_reorder(actor=request.user, meeting=meeting, ids=data["ids"])
        return self.answer(meeting)

    @action(detail=True, methods=["patch", "delete"], url_path=r"agenda/(?P<item_id>\d+)")
    def agenda_item(self, request, pk=None, item_id=None):
        """Change an item (presenter, time-box, title, details; notes and "discussed" while in progress) or take
        it off the agenda."""
        meeting = self.get_object()
        item = get_object_or_404(AgendaItem, pk=item_id, meeting=meeting)
        if request.method == "DELETE":
            agenda_services.agenda_item_remove(actor=request.user, item=item)
            return Response(status=status.HTTP_204_NO_CONTENT)
        data = dict(self._input(ItemUpdateInput))
        notes = {key: data.pop(key) for key in ("notes", "discussed") if key in data}
        if "presenter" in data:
            data["presenter"] = _person(meeting, data["presenter"], "presenter")
        if data:
            item = agenda_services.agenda_item_update(actor=request.user, item=item, **data)
        if notes:
            item = agenda_services.item_notes(
                actor=request.user,
                item=item,
                notes=notes.get("notes", item.notes),
                discussed=notes.get("discussed", item.discussed),
            )
        item.running_total = None
        return Response(AgendaItemSerializer(item).data)

    @action(detail=True, methods=["post"])
    def attendance(self, request, pk=None):
        """Mark a person present, absent or absent for a good reason (in progress)."""
        meeting = self.get_object()
        data = self._input(AttendanceInput)
        row = services.attendance_set(
            actor=request.user,
            meeting=meeting,
            person=_person(meeting, data["person"], "person"),
            status=data["status"],
            acting_for=_person(meeting, data.get("acting_for"), "acting_for"),
            note=data["note"],
        )
        return Response(AttendanceSerializer(row).data)

    @action(detail=True, methods=["post"])
    def outcomes(self, request, pk=None):
        """Record an outcome (in progress only): information, decision, assignment or task."""
        meeting = self.get_object()
        data = self._input(OutcomeInput)
        decision = services.outcome_record(
            actor=request.user,
            meeting=meeting,
            kind=data["kind"],
            text=data["text"],
            item=_item(meeting, data.get("item")),
            owner=_person(meeting, data.get("owner"), "owner"),
            due_on=data.get("due_on"),
            project=_project(meeting, data.get("project")),
        )
        return Response(OutcomeSerializer(decision).data, status=status.HTTP_201_CREATED)

    @action(
        detail=True, methods=["get"], renderer_classes=[PDFRenderer, DOCXRenderer, renderers.JSONRenderer]
    )
    def protocol(self, request, pk=None):
        """The protocol of a closed meeting as PDF (default) or DOCX; 404 until the meeting is closed."""
        meeting = self.get_object()
        kind = request.query_params.get("format") or "pdf"
        file = meeting.protocol_pdf if kind == "pdf" else meeting.protocol_docx if kind == "docx" else None
        if meeting.status != MeetingStatus.CLOSED or not file:
            raise Http404
        return file_response(file, f"protocol-{meeting.protocol_number}.{kind}")

    @action(detail=True, methods=["get"])
    def ics(self, request, pk=None):
        """The meeting as a calendar invitation (iCalendar)."""
        from ..calendar import meeting_ics

        meeting = self.get_object()
        response = HttpResponse(meeting_ics(meeting), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.pk}.ics"'
        return response


router = SimpleRouter()
router.register("meetings", MeetingViewSet, basename="api-meeting")
urlpatterns = router.urls
