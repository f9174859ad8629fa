"""API of the decision register (Rules p.45): ``/api/v1/scrum/decisions/``.

- ``GET decisions/?q=&status=&owner=&kind=&overdue=&node=&binding=&body=&mine=``: the outcomes of every meeting the
  person may see, newest meeting first (`node` is a reference ``program:2``: that node and below; `body` the id of
  a governing council or committee: the meetings of its level at its node);
- ``GET decisions/<id>/``: one outcome;
- ``POST decisions/<id>/report/`` ``{"version", "report", "done"}``: the owner (or whoever runs the meeting)
  reports on its execution; ``done`` marks it done; a stale version is 409 with the current outcome;
- ``POST decisions/<id>/cancel/`` ``{"reason", "version"?}``: the meeting's chair (or whoever runs the meeting —
  not the owner alone) cancels it.

Outcomes are recorded at the meeting (``meetings/<id>/outcomes/``). Not visible: 404; visible but not allowed:
403; a broken rule: 400 with the reason.
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.routers import SimpleRouter

from pmis.core import authorization
from pmis.core.api.fields import NodeRefField
from pmis.core.api.viewsets import ServiceViewSet, StaleVersionAs409

from ..choices import DecisionStatus, OutcomeKind
from ..models import Decision
from ..selectors.decisions import decision_list, is_overdue
from ..selectors.schedules import with_nodes
from ..services import decisions as services


class DecisionSerializer(serializers.ModelSerializer):
    """An outcome of a meeting as a row of the register."""

    meeting_date = serializers.DateField(source="meeting.date", read_only=True)
    meeting_title = serializers.SerializerMethodField()
    level = serializers.CharField(source="meeting.schedule.level", read_only=True)
    node = serializers.SerializerMethodField(
        help_text=_("The node the meeting's level meets at: “program:2”.")
    )
    protocol_number = serializers.CharField(source="meeting.protocol_number", read_only=True)
    owner_name = serializers.SerializerMethodField()
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = Decision
        fields = (
            "id",
            "meeting",
            "meeting_date",
            "meeting_title",
            "level",
            "node",
            "protocol_number",
            "number",
            "kind",
            "text",
            "owner",
            "owner_name",
            "due_on",
            "overdue",
            "project",
            "task",
            "binding",
            "status",
            "report",
            "done_at",
            "done_by",
            "cancel_reason",
            "version",
            "created_at",
        )
        read_only_fields = fields

    def get_meeting_title(self, decision) -> str:
        return str(decision.meeting.schedule)

    def get_node(self, decision) -> str:
        return decision.meeting.schedule.node_ref

    def get_owner_name(self, decision) -> str:
        return decision.owner.full_name if decision.owner else ""

    def get_overdue(self, decision) -> bool:
        return is_overdue(decision, timezone.localdate())


class DecisionQuerySerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, help_text=_("Words in the text, the report or the protocol number.")
    )
    status = serializers.ChoiceField(choices=DecisionStatus.choices, required=False)
    owner = serializers.IntegerField(required=False, help_text=_("Id of the owner."))
    kind = serializers.ChoiceField(choices=OutcomeKind.choices, required=False)
    overdue = serializers.BooleanField(required=False, allow_null=True, default=None)
    node = NodeRefField(required=False, help_text=_("A node reference “program:2”: it and below."))
    binding = serializers.BooleanField(required=False, allow_null=True, default=None)
    body = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("Id of a governing council or committee: its meetings' outcomes."),
    )
    mine = serializers.BooleanField(
        required=False, default=False, help_text=_("Only the person's own outcomes.")
    )

    def validate_node(self, node):
        return node.path


class DecisionReportSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text=_("The version the report was made on (409 if stale).")
    )
    report = serializers.CharField(allow_blank=True)
    done = serializers.BooleanField(default=False)


class DecisionCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, max_length=300)
    version = serializers.IntegerField(min_value=1, required=False)


@extend_schema_view(
    list=extend_schema(parameters=[DecisionQuerySerializer]),
    report=extend_schema(request=DecisionReportSerializer, responses={200: DecisionSerializer}),
    cancel=extend_schema(request=DecisionCancelSerializer, responses={200: DecisionSerializer}),
)
class DecisionViewSet(StaleVersionAs409, mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    """The register of the meetings' outcomes: information, decisions, assignments and tasks (Rules p.45)."""

    model = Decision

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        with_nodes(decision.meeting.schedule for decision in page or ())  # their meetings' names, in bulk
        return page

    list_selector = decision_list
    serializer_class = DecisionSerializer
    filter_backends = ()
    http_method_names = ("get", "post", "head", "options")
    object_actions = {"report": authorization.CHANGE}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Decision.objects.none()
        if self.action != "list":
            return decision_list(self.request.user)
        query = DecisionQuerySerializer(data=self.request.query_params, context={"request": self.request})
        query.is_valid(raise_exception=True)
        values = dict(query.validated_data)
        if values.pop("mine", False):
            values["owner"] = self.request.user.pk
        return decision_list(self.request.user, **values)

    def _input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        """Report on the execution; ``done`` marks the outcome done and tells the meeting's chair."""
        decision = self.get_object()
        data = self._input(DecisionReportSerializer)
        services.decision_report(actor=request.user, decision=decision, **data)
        return self.answer(decision)

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        """Cancel an open outcome with a reason (the meeting's people, not the owner alone)."""
        decision = self.get_object()
        data = self._input(DecisionCancelSerializer)
        services.decision_cancel(actor=request.user, decision=decision, **data)
        return self.answer(decision)


router = SimpleRouter()
router.register("decisions", DecisionViewSet, basename="api-scrum-decision")
urlpatterns = router.urls
