"""API of change requests and the change log (Rules p.78(6)): ``change-requests/`` (with the actions
``submit``, ``decide`` and ``implement``) and ``change-log/`` (read only).

Reads go through ``projects.selectors.changes``; writes through ``projects.services.changes``, which decide the
powers: the team drafts and submits ("contribute"), those who approve on the project decide ("approve" — not
the project manager), the project manager marks an approved request implemented ("change").
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.routers import SimpleRouter

from pmis.core import authorization
from pmis.core.api.viewsets import (
    CreateThroughService,
    DestroyThroughService,
    SelectorReadOnlyViewSet,
    ServiceViewSet,
    StaleVersionAs409,
    UpdateThroughService,
)

from ..choices import ChangeStatus
from ..models import ChangeLogEntry, ChangeRequest
from ..selectors.changes import change_log_list, change_request_list
from ..services import changes as services
from .fields import project_field


def _name(person) -> str:
    return person.full_name if person else ""


class ChangeRequestSerializer(serializers.ModelSerializer):
    requested_by_name = serializers.SerializerMethodField()
    decided_by_name = serializers.SerializerMethodField()

    class Meta:
        model = ChangeRequest
        fields = (
            "id",
            "project",
            "number",
            "title",
            "description",
            "justification",
            "impact_scope",
            "impact_days",
            "impact_budget",
            "status",
            "requested_by",
            "requested_by_name",
            "submitted_at",
            "decided_by",
            "decided_by_name",
            "decided_at",
            "decision_note",
            "implemented_at",
            "version",
            "created_at",
        )
        read_only_fields = fields

    def get_requested_by_name(self, change) -> str:
        return _name(change.requested_by)

    def get_decided_by_name(self, change) -> str:
        return _name(change.decided_by)


class ChangeRequestUpdateSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("The version the edit was made on; a stale one is refused (409)."),
    )

    class Meta:
        model = ChangeRequest
        fields = (
            "title",
            "description",
            "justification",
            "impact_scope",
            "impact_days",
            "impact_budget",
            "version",
        )


class ChangeRequestCreateSerializer(ChangeRequestUpdateSerializer):
    project = project_field()
    version = None

    class Meta(ChangeRequestUpdateSerializer.Meta):
        fields = (
            "project",
            *(name for name in ChangeRequestUpdateSerializer.Meta.fields if name != "version"),
        )


class DecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField(help_text=_("true to approve, false to reject."))
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("The decision; required for a rejection.")
    )


class ImplementSerializer(serializers.Serializer):
    note = serializers.CharField(
        required=False, allow_blank=True, default="", help_text=_("What was changed, for the change log.")
    )


class ChangeRequestFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(help_text=_("Id of the project."))
    status = django_filters.MultipleChoiceFilter(choices=ChangeStatus.choices)

    class Meta:
        model = ChangeRequest
        fields = ("project", "status")


@extend_schema_view(
    create=extend_schema(request=ChangeRequestCreateSerializer, responses={201: ChangeRequestSerializer}),
    update=extend_schema(request=ChangeRequestUpdateSerializer, responses={200: ChangeRequestSerializer}),
    partial_update=extend_schema(
        request=ChangeRequestUpdateSerializer, responses={200: ChangeRequestSerializer}
    ),
)
class ChangeRequestViewSet(
    StaleVersionAs409,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateThroughService,
    UpdateThroughService,
    DestroyThroughService,
    ServiceViewSet,
):
    """Change requests of projects: drafted, submitted, approved or rejected, implemented. A draft is edited
    and deleted; the rest is done through the actions."""

    model = ChangeRequest
    list_selector = change_request_list
    serializer_class = ChangeRequestSerializer
    create_serializer_class = ChangeRequestCreateSerializer
    update_serializer_class = ChangeRequestUpdateSerializer
    filterset_class = ChangeRequestFilter
    search_fields = ("title", "description")
    ordering_fields = ("number", "created_at", "submitted_at")
    ordering = ("project", "-number")
    object_actions = {
        "update": authorization.CONTRIBUTE,
        "partial_update": authorization.CONTRIBUTE,
        "submit": authorization.CONTRIBUTE,
        "decide": authorization.APPROVE,
        "implement": authorization.CHANGE,
    }

    def create_object(self, data):
        return services.change_request_create(actor=self.request.user, **data)

    def update_object(self, change, data):
        return services.change_request_update(actor=self.request.user, change_request=change, **data)

    def remove_object(self, change):
        services.change_request_delete(actor=self.request.user, change_request=change)

    @extend_schema(request=None, responses={200: ChangeRequestSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Submit a draft for decision; the people who approve on the project are notified."""
        change = services.change_request_submit(actor=request.user, change_request=self.get_object())
        return self.answer(change)

    @extend_schema(request=DecisionSerializer, responses={200: ChangeRequestSerializer})
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        """Approve or reject a submitted request (a rejection needs a note); the requester is notified."""
        change = self.get_object()
        data = DecisionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        decided = services.change_request_decide(
            actor=request.user, change_request=change, **data.validated_data
        )
        return self.answer(decided)

    @extend_schema(request=ImplementSerializer, responses={200: ChangeRequestSerializer})
    @action(detail=True, methods=["post"])
    def implement(self, request, pk=None):
        """Record that an approved change has been made (the charter is changed by the project manager)."""
        change = self.get_object()
        data = ImplementSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = services.change_request_implement(
            actor=request.user, change_request=change, **data.validated_data
        )
        return self.answer(done)


class ChangeLogSerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField()

    class Meta:
        model = ChangeLogEntry
        fields = ("id", "project", "change_request", "at", "actor", "actor_name", "event", "summary")
        read_only_fields = fields

    def get_actor_name(self, entry) -> str:
        return _name(entry.actor)


class ChangeLogFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(help_text=_("Id of the project."))
    change_request = django_filters.NumberFilter(help_text=_("Id of the change request."))

    class Meta:
        model = ChangeLogEntry
        fields = ("project", "change_request", "event")


class ChangeLogViewSet(SelectorReadOnlyViewSet):
    """The projects' change logs, newest first: append-only lines written by the services."""

    model = ChangeLogEntry
    list_selector = change_log_list
    serializer_class = ChangeLogSerializer
    filterset_class = ChangeLogFilter
    search_fields = ("summary",)
    ordering_fields = ("at",)
    ordering = ("-at", "-id")


router = SimpleRouter()
router.register("change-requests", ChangeRequestViewSet, basename="api-change-request")
router.register("change-log", ChangeLogViewSet, basename="api-change-log")
urlpatterns = router.urls
