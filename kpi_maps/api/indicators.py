"""API: ``kpi/indicators``, ``kpi/targets``, ``kpi/values`` (with ``bulk/``, ``import/`` and evidence) and
``kpi/contributions`` (DESIGN.md §4).

Reads go through ``kpi_maps.selectors.indicators`` (what the person may see); writes through the services, which
decide the powers: "change" on the node for passports, plans and links, "contribute" for facts, "delete" to remove
an indicator. An edit carries the `version` it was made on; a stale one is answered 409 with the current row.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from pmis.core import authorization
from pmis.core.api.viewsets import (
    CreateThroughService,
    DestroyThroughService,
    ServiceViewSet,
    StaleVersionAs409,
    UpdateThroughService,
)
from pmis.core.downloads import file_response

from ..choices import IndicatorKind
from ..models import Contribution, Indicator, Target, Value
from ..selectors.indicators import contribution_list, indicator_list, target_list, text_match, value_list
from ..services import contributions, indicators, targets, values
from ..services.entry import values_enter
from ..services.imports import values_import
from .serializers import (
    BulkSerializer,
    ContributionCreateSerializer,
    ContributionSerializer,
    ContributionUpdateSerializer,
    ImportSerializer,
    IndicatorCreateSerializer,
    IndicatorSerializer,
    IndicatorUpdateSerializer,
    NodeRefField,
    TargetCreateSerializer,
    TargetSerializer,
    TargetUpdateSerializer,
    ValueCreateSerializer,
    ValueSerializer,
    ValueUpdateSerializer,
)

REASON = OpenApiParameter("reason", str, description=_("Why the row is removed (kept in its history)."))


def _created_or_changed(row) -> int:
    """201 for a period's first plan or fact, 200 for an adjustment or a correction: the service counts every
    write of the row in its `version`, so a new row is the one at version 1."""
    return status.HTTP_201_CREATED if row.version == 1 else status.HTTP_200_OK


def _reason(request) -> str:
    return str(request.data.get("reason") or request.query_params.get("reason") or "")


class IndicatorFilter(django_filters.FilterSet):
    node = django_filters.CharFilter(
        method="in_subtree", help_text=_("A node “program:3”: its whole subtree.")
    )
    kind = django_filters.ChoiceFilter(choices=IndicatorKind.choices)
    q = django_filters.CharFilter(method="matching", help_text=_("Part of the code or the name."))

    class Meta:
        model = Indicator
        fields = ("node", "kind", "q", "direction", "periodicity", "is_active")

    def in_subtree(self, queryset, name, value):
        field = NodeRefField()
        field.bind("node", serializers.Serializer(context={"request": self.request}))
        try:
            node = field.to_internal_value(value)
        except serializers.ValidationError:
            return queryset.none()
        return queryset.filter(node_path__startswith=node.path)

    def matching(self, queryset, name, value):
        return queryset.filter(text_match(value))


@extend_schema_view(
    create=extend_schema(request=IndicatorCreateSerializer, responses={201: IndicatorSerializer}),
    update=extend_schema(request=IndicatorUpdateSerializer, responses={200: IndicatorSerializer}),
    partial_update=extend_schema(request=IndicatorUpdateSerializer, responses={200: IndicatorSerializer}),
    destroy=extend_schema(parameters=[REASON]),
)
class IndicatorViewSet(
    StaleVersionAs409,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateThroughService,
    UpdateThroughService,
    DestroyThroughService,
    ServiceViewSet,
):
    """Indicators of the goal map with their passports; `node=program:3` lists a subtree."""

    model = Indicator
    list_selector = staticmethod(indicator_list)
    serializer_class = IndicatorSerializer
    create_serializer_class = IndicatorCreateSerializer
    update_serializer_class = IndicatorUpdateSerializer
    filterset_class = IndicatorFilter
    search_fields = ("code", "name_kk", "name_ru", "name_en")
    ordering_fields = ("code", "node_path", "kind")
    ordering = ("code",)
    object_actions = {
        "update": authorization.CHANGE,
        "partial_update": authorization.CHANGE,
        "destroy": authorization.DELETE,
    }

    def create_object(self, data):
        return indicators.indicator_create(actor=self.request.user, **data)

    def update_object(self, indicator, data):
        return indicators.indicator_update(indicator, actor=self.request.user, **data)

    def remove_object(self, indicator):
        indicators.indicator_delete(indicator, actor=self.request.user, reason=_reason(self.request))


class TargetFilter(django_filters.FilterSet):
    indicator = django_filters.NumberFilter()
    year = django_filters.NumberFilter()
    quarter = django_filters.NumberFilter()

    class Meta:
        model = Target
        fields = ("indicator", "year", "quarter")


@extend_schema_view(
    create=extend_schema(
        request=TargetCreateSerializer, responses={201: TargetSerializer, 200: TargetSerializer}
    ),
    update=extend_schema(request=TargetUpdateSerializer, responses={200: TargetSerializer}),
    partial_update=extend_schema(request=TargetUpdateSerializer, responses={200: TargetSerializer}),
    destroy=extend_schema(parameters=[REASON]),
)
class TargetViewSet(
    StaleVersionAs409,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    UpdateThroughService,
    DestroyThroughService,
    ServiceViewSet,
):
    """Plans per period: the first one approves (201), a later one for the same period adjusts (200, reason)."""

    model = Target
    list_selector = staticmethod(target_list)
    serializer_class = TargetSerializer
    create_serializer_class = TargetCreateSerializer
    update_serializer_class = TargetUpdateSerializer
    filterset_class = TargetFilter
    ordering_fields = ("year", "quarter")
    object_actions = {
        "update": authorization.CHANGE,
        "partial_update": authorization.CHANGE,
        "destroy": authorization.CHANGE,
    }

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        target = targets.target_set(actor=request.user, **dict(serializer.validated_data))
        return self.answer(target, _created_or_changed(target))

    def update_object(self, target, data):
        data.setdefault("value", target.value)
        return targets.target_set(
            actor=self.request.user,
            indicator=target.indicator,
            year=target.year,
            quarter=target.quarter,
            **data,
        )

    def remove_object(self, target):
        targets.target_delete(target, actor=self.request.user, reason=_reason(self.request))


class ValueFilter(TargetFilter):
    class Meta:
        model = Value
        fields = ("indicator", "year", "quarter")


@extend_schema_view(
    create=extend_schema(
        request=ValueCreateSerializer, responses={201: ValueSerializer, 200: ValueSerializer}
    ),
    update=extend_schema(request=ValueUpdateSerializer, responses={200: ValueSerializer}),
    partial_update=extend_schema(request=ValueUpdateSerializer, responses={200: ValueSerializer}),
    destroy=extend_schema(parameters=[REASON]),
)
class ValueViewSet(
    StaleVersionAs409,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    UpdateThroughService,
    DestroyThroughService,
    ServiceViewSet,
):
    """Facts per period with source and evidence (multipart); a correction needs a reason and the version."""

    model = Value
    list_selector = staticmethod(value_list)
    serializer_class = ValueSerializer
    create_serializer_class = ValueCreateSerializer
    update_serializer_class = ValueUpdateSerializer
    filterset_class = ValueFilter
    ordering_fields = ("year", "quarter", "entered_at")
    parser_classes = (JSONParser, MultiPartParser, FormParser)
    object_actions = {
        "update": authorization.CONTRIBUTE,
        "partial_update": authorization.CONTRIBUTE,
        "destroy": authorization.CONTRIBUTE,
    }

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        value = values.value_record(actor=request.user, **dict(serializer.validated_data))
        return self.answer(value, _created_or_changed(value))

    def update_object(self, value, data):
        data.setdefault("value", value.value)
        return values.value_record(
            actor=self.request.user, indicator=value.indicator, year=value.year, quarter=value.quarter, **data
        )

    def remove_object(self, value):
        values.value_delete(value, actor=self.request.user, reason=_reason(self.request))

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def evidence(self, request, pk=None):
        """The evidence file of a fact, for whoever may see the fact."""
        value = self.get_one(pk)
        if not value.evidence:
            return Response(
                {"detail": _("This fact has no evidence file.")}, status=status.HTTP_404_NOT_FOUND
            )
        return file_response(value.evidence, value.evidence.name.rsplit("/", 1)[-1])

    @extend_schema(request=BulkSerializer, responses={200: ValueSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def bulk(self, request):
        """Enter many facts at once: all rows or none; a 400 lists every wrong row as "Row N (code): …"."""
        serializer = BulkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        written = values_enter(
            actor=request.user, rows=[dict(row) for row in serializer.validated_data["rows"]]
        )
        fresh = self.get_queryset().filter(pk__in=[value.pk for value in written])
        return Response(ValueSerializer(fresh, many=True).data)

    @extend_schema(request={"multipart/form-data": ImportSerializer}, responses={200: None, 400: None})
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser, FormParser])
    def import_values(self, request):
        """Import facts from an XLSX workbook: all rows or none; a 400 carries the per-row report."""
        serializer = ImportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = values_import(actor=request.user, file=serializer.validated_data["file"])
        if not result.ok:
            return Response(
                {
                    "detail": _("Nothing was imported: %(count)s rows are wrong.")
                    % {"count": len(result.errors)},
                    "errors": [{"row": e.row, "code": e.code, "message": e.message} for e in result.errors],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response({"written": len(result.values)})


class ContributionFilter(django_filters.FilterSet):
    parent = django_filters.NumberFilter()
    child = django_filters.NumberFilter()

    class Meta:
        model = Contribution
        fields = ("parent", "child")


@extend_schema_view(
    create=extend_schema(request=ContributionCreateSerializer, responses={201: ContributionSerializer}),
    update=extend_schema(request=ContributionUpdateSerializer, responses={200: ContributionSerializer}),
    partial_update=extend_schema(
        request=ContributionUpdateSerializer, responses={200: ContributionSerializer}
    ),
)
class ContributionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateThroughService,
    UpdateThroughService,
    DestroyThroughService,
    ServiceViewSet,
):
    """Decomposition links: a child indicator's share in percent of a parent above it."""

    model = Contribution
    list_selector = staticmethod(contribution_list)
    serializer_class = ContributionSerializer
    create_serializer_class = ContributionCreateSerializer
    update_serializer_class = ContributionUpdateSerializer
    filterset_class = ContributionFilter
    ordering_fields = ("share",)
    # The services ask "change" on the parent indicator's node.
    object_actions = {}

    def create_object(self, data):
        return contributions.contribution_create(actor=self.request.user, **data)

    def update_object(self, contribution, data):
        data.setdefault("share", contribution.share)
        return contributions.contribution_update(contribution, actor=self.request.user, **data)

    def remove_object(self, contribution):
        contributions.contribution_delete(contribution, actor=self.request.user)


router = SimpleRouter()
router.register("indicators", IndicatorViewSet, basename="api-kpi-indicator")
router.register("targets", TargetViewSet, basename="api-kpi-target")
router.register("values", ValueViewSet, basename="api-kpi-value")
router.register("contributions", ContributionViewSet, basename="api-kpi-contribution")
urlpatterns = router.urls
