"""API of the operational plans (OP Rules p.2–7, p.18): ``/api/v1/operational-plans/``.

- ``GET operational-plans/?year=&body=&status=``: the plans the person may see (``body`` as ``body:3`` or 3);
- ``POST operational-plans/`` ``{body, year, developer_unit, monitoring_unit, approver,
  development_plan_signed_on?}``: draft a plan (the developer unit's people, or "change" on the body);
- ``GET / PATCH / DELETE operational-plans/<id>/``: one plan; change its people and dates; delete a draft never
  approved;
- ``POST operational-plans/<id>/approve/`` ``{approved_on?, basis?}``: the approver approves the next version;
- ``POST operational-plans/<id>/adjust/`` ``{basis}``: start an adjustment of the approved plan (the answer's
  ``adjustment_warning`` is said after 30 September);
- ``GET operational-plans/<id>/versions/``: the approved versions; ``GET …/compare/?a=1&b=current``: the
  comparative table of amendments; ``GET …/lines/?language=kk``: the Appendix 1 form's lines the person may see;
- ``operational-plans/<id>/headings/``: the headings of section I (list, create, retrieve, PATCH, DELETE).

Not visible: 404; visible but not allowed: 403; a broken rule: 400 with the reason.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from pmis.core import authorization
from pmis.core.api.serializers import validated
from pmis.core.api.viewsets import (
    CreateThroughService,
    DestroyThroughService,
    ServiceViewSet,
    UpdateThroughService,
)

from ..layout import plan_lines
from ..models import Heading, OperationalPlan
from ..selectors.plans import heading_list, plan_activities, plan_list, reads_whole_plan
from ..selectors.versions import version_compare, version_list
from ..services import plans as services
from ..services import structure
from .scoped import InPlan
from .serializers_plans import (
    AdjustSerializer,
    ApproveSerializer,
    CompareQuerySerializer,
    HeadingCreateSerializer,
    HeadingSerializer,
    HeadingUpdateSerializer,
    PlanChangeSerializer,
    PlanCreateSerializer,
    PlanLineSerializer,
    PlanQuerySerializer,
    PlanSerializer,
    PlanUpdateSerializer,
    PlanVersionSerializer,
)


@extend_schema_view(
    list=extend_schema(parameters=[PlanQuerySerializer]),
    create=extend_schema(request=PlanCreateSerializer, responses={201: PlanSerializer}),
    partial_update=extend_schema(request=PlanUpdateSerializer, responses={200: PlanSerializer}),
    approve=extend_schema(request=ApproveSerializer, responses={200: PlanSerializer}),
    adjust=extend_schema(request=AdjustSerializer, responses={200: PlanSerializer}),
    versions=extend_schema(responses={200: PlanVersionSerializer(many=True)}),
    compare=extend_schema(
        parameters=[CompareQuerySerializer], responses={200: PlanChangeSerializer(many=True)}
    ),
    lines=extend_schema(
        parameters=[OpenApiParameter("language", str, enum=["kk", "ru", "en"])],
        responses={200: PlanLineSerializer(many=True)},
    ),
)
class PlanViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateThroughService,
    UpdateThroughService,
    DestroyThroughService,
    ServiceViewSet,
):
    """The operational plans of the state bodies (OP Rules p.2–7)."""

    model = OperationalPlan
    list_selector = plan_list
    serializer_class = PlanSerializer
    create_serializer_class = PlanCreateSerializer
    update_serializer_class = PlanUpdateSerializer
    filter_backends = ()
    http_method_names = ("get", "post", "patch", "delete", "head", "options")
    object_actions = {
        "partial_update": authorization.CHANGE,
        "destroy": authorization.DELETE,
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return OperationalPlan.objects.none()
        if self.action != "list":
            return plan_list(self.request.user)
        query = PlanQuerySerializer(data=self.request.query_params, context={"request": self.request})
        query.is_valid(raise_exception=True)
        return plan_list(self.request.user, **query.validated_data)

    def check_create(self, request) -> None:
        authorization.require(request.user, authorization.ADD, OperationalPlan)

    def create_object(self, data):
        return services.plan_create(actor=self.request.user, **data)

    def update_object(self, obj, data):
        return services.plan_update(actor=self.request.user, plan=obj, **data)

    def remove_object(self, obj):
        services.plan_delete(actor=self.request.user, plan=obj)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Approve the draft or the adjusted plan (the first head or chief of staff, OP Rules p.6)."""
        plan = self.get_one(pk)
        data = validated(ApproveSerializer, request.data)
        services.plan_approve(actor=request.user, plan=plan, **data)
        return self.answer(plan)

    @action(detail=True, methods=["post"])
    def adjust(self, request, pk=None):
        """Start an adjustment of the approved plan, with its basis (OP Rules p.18)."""
        plan = self.get_one(pk)
        data = validated(AdjustSerializer, request.data)
        services.plan_adjust(actor=request.user, plan=plan, **data)
        return self.answer(plan)

    @action(detail=True, methods=["get"])
    def versions(self, request, pk=None):
        plan = self.get_one(pk)
        rows = version_list(request.user, plan)
        return Response(PlanVersionSerializer(rows, many=True).data)

    @action(detail=True, methods=["get"])
    def compare(self, request, pk=None):
        plan = self.get_one(pk)
        query = validated(CompareQuerySerializer, request.query_params)
        changes = version_compare(plan, query["a"], query["b"])
        return Response([change.as_dict() for change in changes])

    @action(detail=True, methods=["get"])
    def lines(self, request, pk=None):
        plan = self.get_one(pk)
        language = request.query_params.get("language")
        if language not in ("kk", "ru", "en"):
            language = None
        activities = list(plan_activities(request.user, plan))
        lines = plan_lines(
            plan, activities=activities, language=language, prune=not reads_whole_plan(request.user, plan)
        )
        fields = PlanLineSerializer().fields.keys()
        return Response([{name: line.as_dict()[name] for name in fields} for line in lines])


class HeadingViewSet(
    InPlan,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateThroughService,
    UpdateThroughService,
    DestroyThroughService,
    ServiceViewSet,
):
    """The headings of section I of a plan: strategic directions, macro-indicators, goals, target indicators."""

    model = Heading
    serializer_class = HeadingSerializer
    create_serializer_class = HeadingCreateSerializer
    update_serializer_class = HeadingUpdateSerializer
    filter_backends = ()
    pagination_class = None
    http_method_names = ("get", "post", "patch", "delete", "head", "options")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Heading.objects.none()
        return heading_list(self.request.user, self.plan)

    def check_create(self, request) -> None:
        authorization.require(request.user, authorization.ADD, Heading(plan=self.plan))

    def create_object(self, data):
        return structure.heading_create(actor=self.request.user, plan=self.plan, **data)

    def update_object(self, obj, data):
        return structure.heading_update(actor=self.request.user, heading=obj, **data)

    def remove_object(self, obj):
        structure.heading_delete(actor=self.request.user, heading=obj)


router = SimpleRouter()
router.register("operational-plans", PlanViewSet, basename="api-op-plan")
router.register(r"operational-plans/(?P<plan_pk>\d+)/headings", HeadingViewSet, basename="api-op-heading")
urlpatterns = router.urls
