"""API of a person's own notifications: ``/api/v1/org/notifications/`` (newest first; ``?unread=true``),
``POST …/{id}/read/`` and ``POST …/read-all/``.

Each notification comes with its message rendered in the request's language (org.notification_kinds); another
person's notification is a 404 (the authorization module restricts the list to the recipient).
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, inline_serializer
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from pmis.core.api.viewsets import ServiceViewSet

from .. import notification_kinds
from ..models import Notification
from ..selectors_notifications import notification_get, notification_list
from ..services.notifications import notification_read, notification_read_all


class NotificationSerializer(serializers.ModelSerializer):
    """A notification: what happened (`message`, in the request's language, from `kind` and `params`), who did it,
    where it leads, and whether it was read."""

    message = serializers.SerializerMethodField()
    icon = serializers.SerializerMethodField()
    actor = serializers.SerializerMethodField()
    unread = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = (
            "id",
            "kind",
            "message",
            "icon",
            "params",
            "url",
            "actor",
            "created_at",
            "read_at",
            "unread",
        )
        read_only_fields = fields

    def get_message(self, row) -> str:
        return notification_kinds.render(row)

    def get_icon(self, row) -> str:
        return notification_kinds.icon(row)

    @extend_schema_field(
        inline_serializer(
            "NotificationActor",
            {
                "id": serializers.IntegerField(),
                "full_name": serializers.CharField(),
                "short_name": serializers.CharField(),
            },
            allow_null=True,
        )
    )
    def get_actor(self, row) -> dict | None:
        if row.actor is None:
            return None
        return {"id": row.actor.pk, "full_name": row.actor.full_name, "short_name": row.actor.short_name}

    def get_unread(self, row) -> bool:
        return row.read_at is None


class NotificationFilter(django_filters.FilterSet):
    unread = django_filters.BooleanFilter(
        method="filter_unread", help_text=_("true: only unread; false: only read.")
    )
    kind = django_filters.CharFilter(help_text=_("A kind such as comment.mention."))

    class Meta:
        model = Notification
        fields = ("unread", "kind")

    def filter_unread(self, queryset, name, value):
        return queryset.filter(read_at__isnull=value)


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet):
    """The signed-in person's notifications, newest first."""

    model = Notification
    list_selector = notification_list
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilter
    ordering_fields = ("created_at",)
    ordering = ("-created_at", "-id")

    def get_one(self, key, *, action: str = "view"):
        return notification_get(self.request.user, key)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        """Mark this notification read."""
        notification = notification_read(actor=request.user, notification=self.get_one(pk))
        return self.answer(notification)

    @extend_schema(
        request=None,
        responses=inline_serializer("NotificationsReadAll", {"marked": serializers.IntegerField()}),
    )
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        """Mark every unread notification read; answers how many were marked."""
        return Response({"marked": notification_read_all(actor=request.user)})
