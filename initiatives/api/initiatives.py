"""API of the initiatives (Rules p.21–26): ``/api/v1/initiatives/``.

- ``GET initiatives/?status=&outcome=&program=&portfolio=&q=&mine=&open=``: the initiatives the person sees;
- ``POST initiatives/`` ``{"name_ru", "name_kk"?, "body": "body:3", "program"?: "program:2", "portfolio"?,
  "proposer_kind", "proposer_organisation"?, "summary"?}``: propose one (anyone active, p.22);
- ``GET initiatives/<id>/``; ``PATCH initiatives/<id>/passport/<step>/`` ``{"version", "data": {…}}``: save one
  of the six steps (the proposer; a stale version is 409 with the current initiative);
- ``POST …/submit/`` ``{"note"?}``, ``POST …/withdraw/`` ``{"reason"?}`` (the proposer);
- ``POST …/return/`` ``{"reason"}``, ``POST …/recommend/`` ``{"outcome", "target": "group:12",
  "identification", "similar": [{"ref", "code", "name", "conclusion"}], "office_agreed_on"?}`` (the project
  office: "change" at the initiative's scope);
- ``POST …/decide/`` ``{"approve", "outcome"?, "target"?, "form", "meeting"?, "document"?, "decided_on",
  "reasons"?}`` (the committee: "approve" on the program; the council: on the portfolio);
- ``GET …/similar/``: similar initiatives and projects (those who may identify); ``GET …/versions/``.

Not visible: 404; visible but not allowed: 403; a broken rule: 400 with the reason.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from pmis.core import authorization
from pmis.core.api.fields import NodeRefField, body_ref_field
from pmis.core.api.viewsets import CreateThroughService, ServiceViewSet, StaleVersionAs409
from portfolios.models import Portfolio
from programs.choices import ProgramKind
from programs.models import Program
from scrum.models import Meeting

from ..choices import DecisionForm, InitiativeStatus, Outcome, ProposerKind
from ..models import Initiative, PassportVersion
from ..selectors.initiatives import TARGET_KINDS, initiative_list, version_list
from ..services import initiatives as services
from ..similarity import similar_to


class InitiativeSerializer(serializers.ModelSerializer):
    """An initiative with its passport and where it stands."""

    name = serializers.CharField(read_only=True)
    proposer_name = serializers.CharField(source="proposer.full_name", read_only=True)
    body = serializers.SerializerMethodField(help_text=_("The state body: “body:3”."))
    program = serializers.SerializerMethodField(help_text=_("The program: “program:2”, or null."))
    portfolio = serializers.SerializerMethodField(help_text=_("The portfolio: “portfolio:1”, or null."))
    target = serializers.CharField(source="target_ref", read_only=True)
    result = serializers.CharField(source="result_ref", read_only=True)

    class Meta:
        model = Initiative
        fields = (
            "id",
            "code",
            "name",
            "name_ru",
            "name_kk",
            "proposer",
            "proposer_name",
            "proposer_kind",
            "proposer_organisation",
            "body",
            "program",
            "portfolio",
            "summary",
            "passport",
            "steps_done",
            "planned_start",
            "planned_end",
            "estimated_cost",
            "proposed_outcome",
            "status",
            "passport_version",
            "submitted_at",
            "return_reason",
            "recommended_outcome",
            "target",
            "identification",
            "similar",
            "office_agreed_on",
            "recommended_at",
            "decided_outcome",
            "deciding_body",
            "decision_form",
            "meeting",
            "decision_document",
            "decided_on",
            "decision_reasons",
            "result",
            "version",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_body(self, obj) -> str:
        return f"body:{obj.body_id}"

    def get_program(self, obj) -> str | None:
        return f"program:{obj.program_id}" if obj.program_id else None

    def get_portfolio(self, obj) -> str | None:
        return f"portfolio:{obj.portfolio_id}" if obj.portfolio_id else None


class VersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = PassportVersion
        fields = (
            "number",
            "name_ru",
            "name_kk",
            "summary",
            "passport",
            "note",
            "submitted_by",
            "submitted_at",
        )
        read_only_fields = fields


class InitiativeCreateSerializer(serializers.Serializer):
    name_ru = serializers.CharField(max_length=500, allow_blank=True)
    name_kk = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")
    body = body_ref_field()
    program = NodeRefField(kinds=("program",), required=False, allow_null=True, default=None)
    portfolio = NodeRefField(kinds=("portfolio",), required=False, allow_null=True, default=None)
    proposer_kind = serializers.ChoiceField(choices=ProposerKind.choices)
    proposer_organisation = serializers.CharField(
        max_length=300, allow_blank=True, required=False, default=""
    )
    summary = serializers.CharField(allow_blank=True, required=False, default="")


class QuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=InitiativeStatus.choices, required=False)
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)
    program = serializers.IntegerField(required=False, help_text=_("Id of the program."))
    portfolio = serializers.IntegerField(required=False, help_text=_("Id of the portfolio."))
    q = serializers.CharField(required=False, help_text=_("Words in the number, name or summary."))
    mine = serializers.BooleanField(required=False, default=False)
    open = serializers.BooleanField(required=False, default=False)


class StepSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text=_("The version edited (409 if stale)."))
    data = serializers.DictField(help_text=_("The step's fields (see the passport schema)."))


class InitiativeNoteSerializer(serializers.Serializer):
    note = serializers.CharField(allow_blank=True, required=False, default="")


class InitiativeReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True, required=False, default="")


class SimilarRowSerializer(serializers.Serializer):
    ref = serializers.CharField(max_length=40)
    code = serializers.CharField(max_length=40, allow_blank=True, required=False, default="")
    name = serializers.CharField(max_length=500, allow_blank=True, required=False, default="")
    conclusion = serializers.CharField(allow_blank=True, required=False, default="")


class RecommendSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    target = NodeRefField(kinds=TARGET_KINDS)
    identification = serializers.CharField(allow_blank=True)
    similar = SimilarRowSerializer(many=True, required=False, default=list)
    office_agreed_on = serializers.DateField(required=False, allow_null=True, default=None)


class DecideSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False, allow_null=True, default=None)
    target = NodeRefField(kinds=TARGET_KINDS, required=False, allow_null=True, default=None)
    form = serializers.ChoiceField(choices=DecisionForm.choices)
    meeting = serializers.IntegerField(required=False, allow_null=True, default=None)
    document = serializers.CharField(max_length=100, allow_blank=True, required=False, default="")
    decided_on = serializers.DateField()
    reasons = serializers.CharField(allow_blank=True, required=False, default="")
    program_kind = serializers.ChoiceField(
        choices=ProgramKind.choices,
        required=False,
        default=ProgramKind.PROGRAM,
        help_text="For a new program: a program, a national project (Rules p.25), a regional plan or another.",
    )


@extend_schema_view(
    list=extend_schema(parameters=[QuerySerializer]),
    create=extend_schema(request=InitiativeCreateSerializer, responses={201: InitiativeSerializer}),
    save_step=extend_schema(request=StepSerializer, responses={200: InitiativeSerializer}),
    submit=extend_schema(request=InitiativeNoteSerializer, responses={200: InitiativeSerializer}),
    withdraw=extend_schema(request=InitiativeReasonSerializer, responses={200: InitiativeSerializer}),
    return_=extend_schema(request=InitiativeReasonSerializer, responses={200: InitiativeSerializer}),
    recommend=extend_schema(request=RecommendSerializer, responses={200: InitiativeSerializer}),
    decide=extend_schema(request=DecideSerializer, responses={200: InitiativeSerializer}),
)
class InitiativeViewSet(
    StaleVersionAs409,
    CreateThroughService,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceViewSet,
):
    """Initiatives (measures) with their passports, identification and decisions (Rules p.21–26)."""

    model = Initiative
    list_selector = initiative_list
    serializer_class = InitiativeSerializer
    create_serializer_class = InitiativeCreateSerializer
    filter_backends = ()
    http_method_names = ("get", "post", "patch", "head", "options")
    object_actions = {"save_step": authorization.CONTRIBUTE, "return_": authorization.CHANGE,
                      "recommend": authorization.CHANGE, "similar": authorization.CHANGE}  # fmt: skip

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Initiative.objects.none()
        if self.action != "list":
            return initiative_list(self.request.user)
        query = QuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        values = dict(query.validated_data)
        values["open_only"] = values.pop("open", False)
        return initiative_list(self.request.user, **values)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "request": self.request}

    def create_object(self, data: dict):
        program: Program | None = data.pop("program", None)
        portfolio: Portfolio | None = data.pop("portfolio", None)
        return services.initiative_create(
            actor=self.request.user, program=program, portfolio=portfolio, **data
        )

    def _input(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    @action(detail=True, methods=["patch"], url_path=r"passport/(?P<step>[1-6])", url_name="passport-step")
    def save_step(self, request, pk=None, step=None):
        """Save one of the six steps of the passport (Rules p.21)."""
        initiative = self.get_object()
        data = self._input(StepSerializer)
        services.initiative_save_step(
            actor=request.user,
            initiative=initiative,
            step=int(step),
            data=data["data"],
            version=data["version"],
        )
        return self.answer(initiative)

    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit the passport (all six steps complete): a new frozen version."""
        initiative = self.get_object()
        services.initiative_submit(
            actor=request.user, initiative=initiative, **self._input(InitiativeNoteSerializer)
        )
        return self.answer(initiative)

    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        """The proposer withdraws the initiative before a decision."""
        initiative = self.get_object()
        services.initiative_withdraw(
            actor=request.user, initiative=initiative, **self._input(InitiativeReasonSerializer)
        )
        return self.answer(initiative)

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        """The project office returns the passport for revision, with the reason."""
        initiative = self.get_object()
        services.initiative_return(
            actor=request.user, initiative=initiative, **self._input(InitiativeReasonSerializer)
        )
        return self.answer(initiative)

    @action(detail=True, methods=["post"])
    def recommend(self, request, pk=None):
        """The project office recommends one of the five statuses with its target node (Rules p.24)."""
        initiative = self.get_object()
        services.initiative_recommend(
            actor=request.user, initiative=initiative, **self._input(RecommendSerializer)
        )
        return self.answer(initiative)

    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """The governing body approves (the initiative becomes the object) or rejects it (Rules p.25–26)."""
        initiative = self.get_object()
        data = self._input(DecideSerializer)
        meeting_id = data.pop("meeting", None)
        meeting = (
            Meeting.objects.select_related("schedule").filter(pk=meeting_id).first() if meeting_id else None
        )
        if meeting_id and meeting is None:
            raise serializers.ValidationError({"meeting": [_("There is no such meeting.")]})
        services.initiative_decide(actor=request.user, initiative=initiative, meeting=meeting, **data)
        return self.answer(initiative)

    @action(detail=True, methods=["get"])
    def similar(self, request, pk=None):
        """Initiatives and projects like this one that the person may see, best first."""
        initiative = self.get_object()
        return Response(similar_to(request.user, initiative))

    @action(detail=True, methods=["get"])
    def versions(self, request, pk=None):
        """The submitted versions of the passport, oldest first."""
        initiative = self.get_object()
        return Response(VersionSerializer(version_list(request.user, initiative), many=True).data)


router = SimpleRouter()
router.register("initiatives", InitiativeViewSet, basename="api-initiative")
urlpatterns = router.urls
