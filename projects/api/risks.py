"""API of the risk register (Rules p.2(39)): ``risks/``.

Reads go through ``projects.selectors.risks`` (only the projects the person may see); writes through
``projects.services.risks``, which decide the powers ("contribute" to add and change, "delete" to remove). An
edit carries the `version` it was made on; a stale one is answered 409 with the current risk.
"""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.routers import SimpleRouter

from org.models import Person
from pmis.core import authorization
from pmis.core.api.viewsets import (
    CreateThroughService,
    DestroyThroughService,
    ServiceViewSet,
    StaleVersionAs409,
    UpdateThroughService,
)

from ..choices import RiskStatus
from ..models import Risk
from ..selectors.risks import risk_level, risk_list, risk_review_overdue
from ..services import risks as services
from .fields import project_field


class RiskSerializer(serializers.ModelSerializer):
    owner_name = serializers.SerializerMethodField()
    level = serializers.SerializerMethodField(help_text=_("high (score ≥ 15), medium (8–14) or low."))
    review_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Risk
        fields = (
            "id",
            "project",
            "number",
            "title",
            "description",
            "is_opportunity",
            "probability",
            "impact",
            "score",
            "level",
            "owner",
            "owner_name",
            "response",
            "response_plan",
            "status",
            "identified_on",
            "review_on",
            "review_overdue",
            "closed_on",
            "version",
            "created_by",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_owner_name(self, risk) -> str:
        return risk.owner.full_name if risk.owner else ""

    def get_level(self, risk) -> str:
        return risk_level(risk.score)

    def get_review_overdue(self, risk) -> bool:
        return risk_review_overdue(risk, timezone.localdate())


class RiskUpdateSerializer(serializers.ModelSerializer):
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.filter(is_active=True), allow_null=True, required=False
    )
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("The version the edit was made on; a stale one is refused (409)."),
    )

    class Meta:
        model = Risk
        fields = (
            "title",
            "description",
            "is_opportunity",
            "probability",
            "impact",
            "owner",
            "response",
            "response_plan",
            "status",
            "identified_on",
            "review_on",
            "version",
        )
        extra_kwargs = {"identified_on": {"required": False}}


class RiskCreateSerializer(RiskUpdateSerializer):
    project = project_field()
    version = None

    class Meta(RiskUpdateSerializer.Meta):
        fields = ("project", *(name for name in RiskUpdateSerializer.Meta.fields if name != "version"))


class RiskFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(help_text=_("Id of the project."))
    status = django_filters.MultipleChoiceFilter(choices=RiskStatus.choices)
    owner = django_filters.NumberFilter(help_text=_("Id of the owner."))
    min_score = django_filters.NumberFilter(
        field_name="score", lookup_expr="gte", help_text=_("Only risks scoring at least this (1–25).")
    )
    is_opportunity = django_filters.BooleanFilter()

    class Meta:
        model = Risk
        fields = ("project", "status", "owner", "min_score", "is_opportunity")


@extend_schema_view(
    create=extend_schema(request=RiskCreateSerializer, responses={201: RiskSerializer}),
    update=extend_schema(request=RiskUpdateSerializer, responses={200: RiskSerializer}),
    partial_update=extend_schema(request=RiskUpdateSerializer, responses={200: RiskSerializer}),
)
class RiskViewSet(
    StaleVersionAs409,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateThroughService,
    UpdateThroughService,
    DestroyThroughService,
    ServiceViewSet,
):
    """The projects' risk registers: probability and impact on 1–5, their product `score` ranks the register."""

    model = Risk
    list_selector = risk_list
    serializer_class = RiskSerializer
    create_serializer_class = RiskCreateSerializer
    update_serializer_class = RiskUpdateSerializer
    filterset_class = RiskFilter
    search_fields = ("title", "description")
    ordering_fields = ("score", "number", "review_on", "identified_on")
    ordering = ("-score", "number")
    object_actions = {
        "update": authorization.CONTRIBUTE,
        "partial_update": authorization.CONTRIBUTE,
        "destroy": authorization.DELETE,
    }

    def create_object(self, data):
        return services.risk_create(actor=self.request.user, **data)

    def update_object(self, risk, data):
        return services.risk_update(actor=self.request.user, risk=risk, **data)

    def remove_object(self, risk):
        services.risk_delete(actor=self.request.user, risk=risk)


router = SimpleRouter()
router.register("risks", RiskViewSet, basename="api-risk")
urlpatterns = router.urls
