"""API of the instructions on control (Rules p.92–94): ``/api/v1/instructions/``.

- ``GET instructions/?q=&status=&source=&overdue=&executor=&mine=``: the instructions the person may see, the
  nearest deadline first (``mine``: ``execute`` — I am an executor, ``control`` — I put it on control, ``any``);
- ``POST instructions/``: put on control (the Office; a state body's project office on its body and programs;
  a curator's instruction only with the Office as controller, p.93);
- ``GET instructions/<id>/``: one instruction with its checklist;
- ``PATCH instructions/<id>/`` ``{"version", "executor"?, "co_executors"?, "text"?, …}``: the one who put it
  on control changes it while it is on control;
- ``POST instructions/<id>/report/`` ``{"report", "version"?}``: the executors report the execution;
- ``POST instructions/<id>/return/`` ``{"reason", "version"?}`` / ``remove/`` ``{"note"?, "version"?}`` /
  ``extend/`` ``{"deadline", "reason", "version"?}``: the one who put it on control;
- ``POST instructions/<id>/checklist/<item_id>/toggle/`` ``{"done"}``: the executors tick a step.

Not visible: 404; visible but not allowed: 403; a broken rule: 400 with the reason; a stale version: 409 with
the instruction as it is now.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.routers import SimpleRouter

from org.models import Person
from pmis.core import authorization
from pmis.core.api.fields import NodeRefField, body_ref_field
from pmis.core.api.serializers import validated
from pmis.core.api.viewsets import (
    CreateThroughService,
    ServiceViewSet,
    StaleVersionAs409,
    UpdateThroughService,
)

from ..choices import InstructionStatus, Source
from ..models import ChecklistItem, ChecklistTemplate, Instruction
from ..selectors.instructions import days_left, instruction_list, is_overdue
from ..services import instructions as services


class InstructionChecklistItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ("id", "position", "text", "due_on", "done_at", "done_by")
        read_only_fields = fields


class InstructionSerializer(serializers.ModelSerializer):
    """An instruction on control with its checklist."""

    node = serializers.SerializerMethodField(help_text=_("The node it concerns: “program:2”, or empty."))
    executor_name = serializers.CharField(source="executor.full_name", read_only=True)
    put_by_name = serializers.CharField(source="put_by.full_name", read_only=True)
    overdue = serializers.SerializerMethodField()
    days_left = serializers.SerializerMethodField(
        help_text=_("Days to the deadline; negative: days overdue.")
    )
    checklist = InstructionChecklistItemSerializer(many=True, read_only=True)

    class Meta:
        model = Instruction
        fields = (
            "id",
            "code",
            "source",
            "issuer_name",
            "form",
            "document_number",
            "document_date",
            "text",
            "controller_body",
            "node",
            "executor",
            "executor_name",
            "co_executors",
            "deadline",
            "days_left",
            "overdue",
            "status",
            "escalation",
            "escalated_on",
            "template",
            "put_by",
            "put_by_name",
            "put_on",
            "report",
            "executed_at",
            "executed_by",
            "return_reason",
            "removed_at",
            "removed_by",
            "removal_note",
            "checklist",
            "version",
            "created_at",
        )
        read_only_fields = fields

    def get_node(self, instruction) -> str:
        return instruction.node_ref

    def get_overdue(self, instruction) -> bool:
        return is_overdue(instruction, timezone.localdate())

    def get_days_left(self, instruction) -> int:
        return days_left(instruction, timezone.localdate())


def _people():
    return Person.objects.filter(is_active=True)


class InstructionCreateSerializer(serializers.Serializer):
    source = serializers.ChoiceField(choices=Source.choices)
    issuer_name = serializers.CharField(max_length=300)
    form = serializers.ChoiceField(choices=Instruction._meta.get_field("form").choices)
    text = serializers.CharField()
    controller_body = body_ref_field(help_text=_("The Office (“office:1”) or the state body (“body:3”)."))
    executor = serializers.PrimaryKeyRelatedField(queryset=_people())
    co_executors = serializers.PrimaryKeyRelatedField(queryset=_people(), many=True, required=False)
    deadline = serializers.DateField()
    node = NodeRefField(required=False, allow_null=True, help_text=_("The node it concerns: “program:2”."))
    template = serializers.PrimaryKeyRelatedField(
        queryset=ChecklistTemplate.objects.all(), required=False, allow_null=True
    )
    steps = serializers.ListField(
        child=serializers.CharField(max_length=500), required=False, help_text=_("Further checklist steps.")
    )
    document_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    document_date = serializers.DateField(required=False, allow_null=True)


class InstructionUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text=_("The version the change was made on (409 if stale).")
    )
    executor = serializers.PrimaryKeyRelatedField(queryset=_people(), required=False)
    co_executors = serializers.PrimaryKeyRelatedField(queryset=_people(), many=True, required=False)
    text = serializers.CharField(required=False)
    issuer_name = serializers.CharField(max_length=300, required=False)
    document_number = serializers.CharField(max_length=100, required=False, allow_blank=True)
    document_date = serializers.DateField(required=False, allow_null=True)


class InstructionQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, help_text=_("Words in the text, number, issuer, document or report.")
    )
    status = serializers.ChoiceField(choices=InstructionStatus.choices, required=False)
    source = serializers.ChoiceField(choices=Source.choices, required=False)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    executor = serializers.IntegerField(required=False, help_text=_("Id of an executor or co-executor."))
    mine = serializers.ChoiceField(choices=("execute", "control", "any"), required=False)


class InstructionReportSerializer(serializers.Serializer):
    report = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(min_value=1, required=False)


class InstructionReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(min_value=1, required=False)


class InstructionRemoveSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, required=False, default="")
    version = serializers.IntegerField(min_value=1, required=False)


class InstructionExtendSerializer(serializers.Serializer):
    deadline = serializers.DateField()
    reason = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(min_value=1, required=False)


class InstructionToggleSerializer(serializers.Serializer):
    done = serializers.BooleanField()


@extend_schema_view(
    list=extend_schema(parameters=[InstructionQuerySerializer]),
    create=extend_schema(request=InstructionCreateSerializer, responses={201: InstructionSerializer}),
    partial_update=extend_schema(request=InstructionUpdateSerializer, responses={200: InstructionSerializer}),
    report=extend_schema(request=InstructionReportSerializer, responses={200: InstructionSerializer}),
    return_=extend_schema(request=InstructionReturnSerializer, responses={200: InstructionSerializer}),
    remove=extend_schema(request=InstructionRemoveSerializer, responses={200: InstructionSerializer}),
    extend=extend_schema(request=InstructionExtendSerializer, responses={200: InstructionSerializer}),
    toggle=extend_schema(request=InstructionToggleSerializer, responses={200: InstructionSerializer}),
)
class InstructionViewSet(
    StaleVersionAs409,
    CreateThroughService,
    UpdateThroughService,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceViewSet,
):
    """Instructions on control (Rules p.92–94): put on control, executed with a report, removed from control."""

    model = Instruction
    list_selector = instruction_list
    serializer_class = InstructionSerializer
    create_serializer_class = InstructionCreateSerializer
    update_serializer_class = InstructionUpdateSerializer
    filter_backends = ()
    http_method_names = ("get", "post", "patch", "head", "options")
    # The services decide return, removal, extension and changes (the one who put it on control).
    object_actions: dict = {}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Instruction.objects.none()
        values = {}
        if self.action == "list":
            query = InstructionQuerySerializer(data=self.request.query_params)
            query.is_valid(raise_exception=True)
            values = dict(query.validated_data)
        return instruction_list(self.request.user, **values).prefetch_related("checklist")

    def check_create(self, request) -> None:
        authorization.require(request.user, authorization.ADD, Instruction)

    def create_object(self, data: dict) -> Instruction:
        return services.instruction_put_on_control(actor=self.request.user, **data)

    def update_object(self, obj: Instruction, data: dict) -> Instruction:
        return services.instruction_update(actor=self.request.user, instruction=obj, **data)

    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """The executors report the execution (every checklist step done)."""
        instruction = self.get_object()
        services.instruction_report(
            actor=request.user,
            instruction=instruction,
            **validated(InstructionReportSerializer, request.data),
        )
        return self.answer(instruction)

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """The one who put it on control returns the executed instruction on control with the reason."""
        instruction = self.get_object()
        services.instruction_return(
            actor=request.user,
            instruction=instruction,
            **validated(InstructionReturnSerializer, request.data),
        )
        return self.answer(instruction)

    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """The one who put it on control removes the executed instruction from control."""
        instruction = self.get_object()
        services.instruction_remove(
            actor=request.user,
            instruction=instruction,
            **validated(InstructionRemoveSerializer, request.data),
        )
        return self.answer(instruction)

    @action(detail=True, methods=["post"])
    def extend(self, request, pk=None):
        """The one who put it on control sets a later deadline with the reason."""
        instruction = self.get_object()
        services.instruction_extend(
            actor=request.user,
            instruction=instruction,
            **validated(InstructionExtendSerializer, request.data),
        )
        return self.answer(instruction)

    @action(detail=True, methods=["post"], url_path=r"checklist/(?P<item_id>\d+)/toggle", url_name="toggle")
    def toggle(self, request, pk=None, item_id=None):
        """An executor ticks (``done: true``) or unticks a step of the checklist."""
        instruction = self.get_object()
        item = get_object_or_404(ChecklistItem.objects.filter(instruction=instruction), pk=item_id)
        services.checklist_item_toggle(
            actor=request.user, item=item, **validated(InstructionToggleSerializer, request.data)
        )
        return self.answer(instruction)


router = SimpleRouter()
router.register("instructions", InstructionViewSet, basename="api-instruction")
urlpatterns = router.urls
