"""API of the escalation ladder (Rules p.72(2), p.98): ``/api/v1/scrum/escalations/``.

- ``GET escalations/?status=&level=&node=&mine=&at_my_levels=&q=``: the escalations the person may see (those
  raised at a node they see), newest first;
- ``GET escalations/<id>/``: one escalation with its whole path (``steps``) and the parties' ``positions``;
- ``POST escalations/`` ``{"task" | "risk" | "assignment" | "decision": id}`` or ``{"node": "program:2",
  "level": "office"}`` for a disagreement, with ``title``? and ``description``?: raise it one level up ("contribute"
  at its place);
- ``POST escalations/<id>/escalate/`` ``{"note"}``: one level further (not above the governing council);
- ``POST escalations/<id>/resolve/`` ``{"resolution"}``: resolved; it returns to the origin;
- ``POST escalations/<id>/positions/`` ``{"party", "position"}``: a party's position in the disagreement;
- ``POST escalations/<id>/disagree/`` ``{"note"}``: sign a protocol of disagreements (two positions at least) at
  the project office (→ the governing committee) or at the committee (→ the governing council);
- ``POST escalations/<id>/withdraw/`` ``{"reason"}``: the raiser takes it back;
- ``GET escalations/<id>/disagreement-protocol/``: the protocol of disagreements as a PDF.

Escalating, resolving and disagreeing need the power to act at the current level: "contribute" or "approve" on
its node, or being the chair, deputy chair or secretary of that level's schedule. Not visible: 404; not allowed:
403; a broken rule: 400 with the reason.
"""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from pmis.core import authorization
from pmis.core.api.fields import NodeRefField
from pmis.core.api.serializers import validated
from pmis.core.api.viewsets import ServiceViewSet
from projects.models import ProjectAssignment, Risk, Task

from ..choices import EscalationStatus, Level, SubjectKind
from ..disagreements import disagreement_pdf
from ..models import Decision, DisagreementPosition, Escalation
from ..selectors.decisions import decision_list
from ..selectors.escalations import escalation_list, escalation_path, escalation_positions
from ..services import escalations as services


class EscalationSerializer(serializers.ModelSerializer):
    raised_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Escalation
        fields = (
            "id",
            "subject_kind",
            "task",
            "risk",
            "assignment",
            "decision",
            "title",
            "description",
            "origin_level",
            "origin_path",
            "level",
            "node_path",
            "status",
            "raised_by",
            "raised_by_name",
            "raised_at",
            "resolution",
            "resolved_by",
            "resolved_at",
            "disagreement_number",
            "disagreement_signed_at",
            "version",
        )
        read_only_fields = fields

    def get_raised_by_name(self, escalation) -> str:
        return escalation.raised_by.full_name


class StepSerializer(serializers.Serializer):
    kind = serializers.CharField(source="step.kind")
    level = serializers.CharField(source="step.level")
    level_label = serializers.CharField()
    node_path = serializers.CharField(source="step.node_path")
    node_name = serializers.SerializerMethodField()
    meeting = serializers.IntegerField(source="step.meeting_id", allow_null=True)
    meeting_date = serializers.SerializerMethodField()
    actor = serializers.IntegerField(source="step.actor_id", allow_null=True)
    actor_name = serializers.SerializerMethodField()
    note = serializers.CharField(source="step.note")
    created_at = serializers.DateTimeField(source="step.created_at")

    def get_node_name(self, row) -> str:
        return str(row.node.name) if row.node is not None else ""

    def get_meeting_date(self, row) -> str | None:
        return row.meeting.date.isoformat() if row.meeting is not None else None

    def get_actor_name(self, row) -> str:
        return row.step.actor.full_name if row.step.actor else ""


class PositionSerializer(serializers.ModelSerializer):
    person_name = serializers.SerializerMethodField()

    class Meta:
        model = DisagreementPosition
        fields = ("id", "party", "position", "person", "person_name", "created_at")
        read_only_fields = fields

    def get_person_name(self, row) -> str:
        return row.person.full_name if row.person else ""


class EscalationDetailSerializer(EscalationSerializer):
    steps = serializers.SerializerMethodField()
    positions = serializers.SerializerMethodField()

    class Meta(EscalationSerializer.Meta):
        fields = (*EscalationSerializer.Meta.fields, "steps", "positions")
        read_only_fields = fields

    def get_steps(self, escalation) -> list[dict]:
        return StepSerializer(escalation_path(escalation), many=True).data

    def get_positions(self, escalation) -> list[dict]:
        return PositionSerializer(escalation_positions(escalation), many=True).data


class _Visible(serializers.PrimaryKeyRelatedField):
    """An id of an object the person may see (anything else: 400 "does not exist")."""

    def __init__(self, model, **kwargs):
        self.model = model
        super().__init__(queryset=model._default_manager.none(), required=False, allow_null=True, **kwargs)

    def get_queryset(self):
        user = self.context["request"].user
        if self.model is Decision:
            return decision_list(user)
        return authorization.restrict(self.model._default_manager.select_related("project"), user)


class EscalationRaiseSerializer(serializers.Serializer):
    task = _Visible(Task)
    risk = _Visible(Risk)
    assignment = _Visible(ProjectAssignment)
    decision = _Visible(Decision)
    node = NodeRefField(required=False, help_text=_("For a disagreement: the node “program:2”."))
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    description = serializers.CharField(required=False, allow_blank=True)

    def validate(self, data):
        given = [name for name in ("task", "risk", "assignment", "decision", "node") if data.get(name)]
        if len(given) != 1:
            raise serializers.ValidationError(
                _(
                    "Name exactly one thing to escalate: a task, a risk, a project assignment, a decision or a node."
                )
            )
        data["subject_kind"] = given[0] if given[0] != "node" else SubjectKind.DISAGREEMENT
        return data


class NoteSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, required=False, default="")


class ResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField(allow_blank=True)


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


class PositionInputSerializer(serializers.Serializer):
    party = serializers.CharField(max_length=300)
    position = serializers.CharField()


class EscalationQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=EscalationStatus.choices, required=False)
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    node = NodeRefField(required=False, help_text=_("A node reference “program:2”: at it and below."))
    mine = serializers.BooleanField(required=False, default=False)
    at_my_levels = serializers.BooleanField(required=False, default=False)
    q = serializers.CharField(required=False)

    def validate_node(self, node):
        return node.path


@extend_schema_view(
    list=extend_schema(parameters=[EscalationQuerySerializer]),
    retrieve=extend_schema(responses={200: EscalationDetailSerializer}),
    create=extend_schema(request=EscalationRaiseSerializer, responses={201: EscalationDetailSerializer}),
    escalate=extend_schema(request=NoteSerializer, responses={200: EscalationDetailSerializer}),
    resolve=extend_schema(request=ResolveSerializer, responses={200: EscalationDetailSerializer}),
    positions=extend_schema(request=PositionInputSerializer, responses={201: EscalationDetailSerializer}),
    disagree=extend_schema(request=NoteSerializer, responses={200: EscalationDetailSerializer}),
    withdraw=extend_schema(request=ReasonSerializer, responses={200: EscalationDetailSerializer}),
    disagreement_protocol=extend_schema(
        responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)}
    ),
)
class EscalationViewSet(mixins.ListModelMixin, ServiceViewSet):
    """Problems a level could not solve, raised up the ladder one level at a time (Rules p.72(2), p.98)."""

    model = Escalation
    list_selector = escalation_list
    serializer_class = EscalationSerializer
    filter_backends = ()
    http_method_names = ("get", "post", "head", "options")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Escalation.objects.none()
        if self.action != "list":
            return escalation_list(self.request.user)
        query = EscalationQuerySerializer(data=self.request.query_params, context={"request": self.request})
        query.is_valid(raise_exception=True)
        return escalation_list(self.request.user, **query.validated_data)

    def answer(self, obj, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_one(obj.pk)
        return Response(EscalationDetailSerializer(fresh).data, status=status_code)

    def retrieve(self, request, *args, **kwargs):
        return self.answer(self.get_object())

    def create(self, request, *args, **kwargs):
        serializer = EscalationRaiseSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        escalation = services.escalation_raise(actor=request.user, **serializer.validated_data)
        return self.answer(escalation, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        """One level further up the ladder."""
        escalation = self.get_object()
        services.escalation_escalate(
            actor=request.user, escalation=escalation, **validated(NoteSerializer, request.data)
        )
        return self.answer(escalation)

    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Resolved at the current level; the resolution returns to the origin."""
        escalation = self.get_object()
        services.escalation_resolve(
            actor=request.user, escalation=escalation, **validated(ResolveSerializer, request.data)
        )
        return self.answer(escalation)

    @action(detail=True, methods=["post"])
    def positions(self, request, pk=None):
        """A party's position in the disagreement (the body of the protocol of disagreements)."""
        escalation = self.get_object()
        data = validated(PositionInputSerializer, request.data)
        services.escalation_position_add(actor=request.user, escalation=escalation, **data)
        return self.answer(escalation, status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def disagree(self, request, pk=None):
        """Sign a protocol of disagreements and take the escalation to the body that considers it (p.98)."""
        escalation = self.get_object()
        services.escalation_disagree(
            actor=request.user, escalation=escalation, **validated(NoteSerializer, request.data)
        )
        return self.answer(escalation)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The raiser takes the escalation back while it is open."""
        escalation = self.get_object()
        services.escalation_withdraw(
            actor=request.user, escalation=escalation, **validated(ReasonSerializer, request.data)
        )
        return self.answer(escalation)

    @action(detail=True, methods=["get"], url_path="disagreement-protocol")
    def disagreement_protocol(self, request, pk=None):
        """The signed protocol of disagreements as a PDF (404 while none is signed)."""
        escalation = self.get_object()
        if not escalation.disagreement_number:
            raise Http404
        response = HttpResponse(disagreement_pdf(escalation), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{escalation.disagreement_number}.pdf"'
        return response


router = SimpleRouter()
router.register("escalations", EscalationViewSet, basename="api-scrum-escalation")
urlpatterns = router.urls
