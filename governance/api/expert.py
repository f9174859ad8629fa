"""API of the expert councils (Rules p.50–54, p.75): ``/api/v1/governance/discussions/`` and
``/api/v1/governance/recommendations/``.

- ``GET discussions/?council=<id>``: the discussions the person sees (of one council); ``GET discussions/<id>/``;
- ``POST discussions/`` ``{"council", "held_on", "topic", "directions": [ids], "participants": [ids],
  "conclusions"}``: the council's secretary or the project office;
- ``PATCH discussions/<id>/``: change a draft;
- ``GET discussions/<id>/recommendations/``; ``POST`` ``{"text", "direction"?}``: add one to a draft;
- ``POST discussions/<id>/send/``: send it to the governing committee (at least one recommendation);
- ``GET recommendations/<id>/``; ``PATCH`` ``{"text", "direction"}`` / ``DELETE`` while the discussion is a
  draft;
- ``POST recommendations/<id>/respond/`` ``{"status": "accepted"|"noted", "response", "decision"?}``: the
  committee (chair, deputy chair, program manager) answers (p.54), optionally naming a decision of a committee
  meeting at the program.

Not visible: 404; visible but not allowed: 403; a broken rule: 400 with the reason.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from org.models import Person
from pmis.core import authorization
from pmis.core.api.serializers import validated
from pmis.core.api.viewsets import (
    CreateThroughService,
    DestroyThroughService,
    ServiceViewSet,
    UpdateThroughService,
)
from programs.models import BasicDirection
from scrum.models import Decision

from ..choices import RecommendationStatus
from ..models import ExpertDiscussion, ExpertRecommendation
from ..selectors.bodies import body_get
from ..selectors.expert import discussion_get, discussion_list, recommendation_get
from ..services import expert as services


class ExpertRecommendationSerializer(serializers.ModelSerializer):
    class Meta:
        model = ExpertRecommendation
        fields = (
            "id",
            "discussion",
            "number",
            "text",
            "direction",
            "status",
            "response",
            "decision",
            "responded_by",
            "responded_at",
        )
        read_only_fields = fields


class ExpertDiscussionSerializer(serializers.ModelSerializer):
    recommendation_count = serializers.SerializerMethodField()

    class Meta:
        model = ExpertDiscussion
        fields = (
            "id",
            "council",
            "held_on",
            "topic",
            "conclusions",
            "status",
            "sent_at",
            "sent_by",
            "recommendation_count",
            "created_at",
        )
        read_only_fields = fields

    def get_recommendation_count(self, discussion) -> int:
        count = getattr(discussion, "recommendation_count", None)
        return count if count is not None else discussion.recommendations.count()


class ExpertDiscussionWriteSerializer(serializers.Serializer):
    council = serializers.IntegerField(help_text=_("Id of the expert council."))
    held_on = serializers.DateField()
    topic = serializers.CharField(max_length=500)
    directions = serializers.PrimaryKeyRelatedField(
        queryset=BasicDirection.objects.all(), many=True, required=False
    )
    participants = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), many=True, required=False
    )
    conclusions = serializers.CharField(required=False, allow_blank=True)


class ExpertDiscussionUpdateSerializer(ExpertDiscussionWriteSerializer):
    council = None
    held_on = serializers.DateField(required=False)
    topic = serializers.CharField(max_length=500, required=False)


class ExpertRecommendationWriteSerializer(serializers.Serializer):
    text = serializers.CharField()
    direction = serializers.PrimaryKeyRelatedField(
        queryset=BasicDirection.objects.all(), required=False, allow_null=True
    )


class ExpertRecommendationUpdateSerializer(ExpertRecommendationWriteSerializer):
    text = serializers.CharField(required=False)


class ExpertRecommendationRespondSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=[RecommendationStatus.ACCEPTED, RecommendationStatus.NOTED])
    response = serializers.CharField(required=False, allow_blank=True)
    decision = serializers.PrimaryKeyRelatedField(
        queryset=Decision.objects.all(), required=False, allow_null=True
    )


class ExpertDiscussionQuerySerializer(serializers.Serializer):
    council = serializers.IntegerField(required=False)


@extend_schema_view(
    list=extend_schema(parameters=[ExpertDiscussionQuerySerializer]),
    recommendations=extend_schema(
        request=ExpertRecommendationWriteSerializer,
        responses={200: ExpertRecommendationSerializer(many=True)},
    ),
    send=extend_schema(request=None, responses={200: ExpertDiscussionSerializer}),
)
class ExpertDiscussionViewSet(
    CreateThroughService,
    UpdateThroughService,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceViewSet,
):
    """The expert council's discussions of its program and their recommendations (Rules p.50–54)."""

    model = ExpertDiscussion
    list_selector = discussion_list
    serializer_class = ExpertDiscussionSerializer
    create_serializer_class = ExpertDiscussionWriteSerializer
    update_serializer_class = ExpertDiscussionUpdateSerializer
    filter_backends = ()
    http_method_names = ("get", "post", "patch", "head", "options")
    object_actions = {"partial_update": authorization.CHANGE, "send": authorization.CHANGE}

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ExpertDiscussion.objects.none()
        council = None
        if self.action == "list":
            query = validated(ExpertDiscussionQuerySerializer, self.request.query_params)
            if query.get("council"):
                council = body_get(self.request.user, query["council"])
        return discussion_list(self.request.user, council)

    def get_one(self, key, *, action: str = authorization.VIEW):
        return discussion_get(self.request.user, key, action=action)

    def create_object(self, data: dict):
        council = body_get(self.request.user, data.pop("council"))
        return services.discussion_create(actor=self.request.user, council=council, **data)

    def update_object(self, obj, data: dict):
        return services.discussion_update(actor=self.request.user, discussion=obj, **data)

    @action(detail=True, methods=["get", "post"])
    def recommendations(self, request, pk=None):
        """GET the recommendations; POST add one (``text``, ``direction``) to a draft."""
        discussion = self.get_object()
        if request.method == "POST":
            authorization.require(request.user, authorization.CHANGE, discussion)
            data = validated(ExpertRecommendationWriteSerializer, request.data)
            services.recommendation_add(actor=request.user, discussion=discussion, **data)
        rows = discussion.recommendations.select_related("direction").order_by("number")
        return Response(
            ExpertRecommendationSerializer(rows, many=True).data,
            status=status.HTTP_201_CREATED if request.method == "POST" else status.HTTP_200_OK,
        )

    @action(detail=True, methods=["post"])
    def send(self, request, pk=None):
        """Send the discussion to the governing committee (at least one recommendation)."""
        discussion = self.get_object()
        services.discussion_send(actor=request.user, discussion=discussion)
        return self.answer(discussion)


@extend_schema_view(
    respond=extend_schema(
        request=ExpertRecommendationRespondSerializer, responses={200: ExpertRecommendationSerializer}
    )
)
class ExpertRecommendationViewSet(
    UpdateThroughService, DestroyThroughService, mixins.RetrieveModelMixin, ServiceViewSet
):
    """One recommendation of an expert council: changed while a draft, answered by the committee (p.54)."""

    model = ExpertRecommendation
    serializer_class = ExpertRecommendationSerializer
    update_serializer_class = ExpertRecommendationUpdateSerializer
    filter_backends = ()
    http_method_names = ("get", "post", "patch", "delete", "head", "options")
    object_actions = {"partial_update": authorization.CHANGE, "destroy": authorization.CHANGE}

    @staticmethod
    def list_selector(user):
        return authorization.restrict(ExpertRecommendation.objects.all(), user, authorization.VIEW)

    def get_one(self, key, *, action: str = authorization.VIEW):
        return recommendation_get(self.request.user, key, action=action)

    def update_object(self, obj, data: dict):
        return services.recommendation_update(actor=self.request.user, recommendation=obj, **data)

    def remove_object(self, obj) -> None:
        services.recommendation_delete(actor=self.request.user, recommendation=obj)

    @action(detail=True, methods=["post"])
    def respond(self, request, pk=None):
        """The committee accepts the recommendation for information and work, or takes note of it."""
        recommendation = self.get_object()
        data = validated(ExpertRecommendationRespondSerializer, request.data)
        services.recommendation_respond(actor=request.user, recommendation=recommendation, **data)
        return self.answer(recommendation)


router = SimpleRouter()
router.register("governance/discussions", ExpertDiscussionViewSet, basename="api-expert-discussion")
router.register(
    "governance/recommendations", ExpertRecommendationViewSet, basename="api-expert-recommendation"
)
urlpatterns = router.urls
