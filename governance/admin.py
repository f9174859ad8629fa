"""Governance in the admin: read-only, like the rest of a node's workspace (the pages and services write)."""

from django.contrib import admin

from projects.admin import WorkspaceAdmin

from .models import ExpertDiscussion, ExpertRecommendation, GoverningBody, MonitoringGroup, MonitoringResult

admin.site.register(
    GoverningBody,
    type(
        "GoverningBodyAdmin",
        (WorkspaceAdmin,),
        {
            "list_display": (
                "__str__",
                "kind",
                "node_kind",
                "node_id",
                "is_active",
                "composition_approved_on",
            ),
            "list_filter": ("kind", "is_active"),
        },
    ),
)
admin.site.register(
    ExpertDiscussion,
    type(
        "ExpertDiscussionAdmin",
        (WorkspaceAdmin,),
        {"list_display": ("__str__", "council", "held_on", "status"), "list_filter": ("status",)},
    ),
)
admin.site.register(
    ExpertRecommendation,
    type(
        "ExpertRecommendationAdmin",
        (WorkspaceAdmin,),
        {"list_display": ("__str__", "status", "responded_at"), "list_filter": ("status",)},
    ),
)


class _MonitoringAdmin(WorkspaceAdmin):
    """Public monitoring (Rules p.18): the rows the monitoring selectors let the person see."""

    def get_queryset(self, request):
        from .selectors import monitoring

        model = self.model
        rows = monitoring.group_list if model is MonitoringGroup else monitoring.result_list
        return model._default_manager.filter(pk__in=rows(request.user).values("pk"))

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and (
            obj is None or self.get_queryset(request).filter(pk=obj.pk).exists()
        )


admin.site.register(
    MonitoringGroup,
    type(
        "MonitoringGroupAdmin",
        (_MonitoringAdmin,),
        {"list_display": ("__str__", "body", "is_active", "created_at"), "list_filter": ("is_active",)},
    ),
)
admin.site.register(
    MonitoringResult,
    type(
        "MonitoringResultAdmin",
        (_MonitoringAdmin,),
        {
            "list_display": ("__str__", "period_start", "period_end", "status", "submitted_at"),
            "list_filter": ("status",),
        },
    ),
)
