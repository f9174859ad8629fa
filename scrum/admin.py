"""Sprints in the admin: read-only, like the rest of a project's workspace."""

from django.contrib import admin

from projects.admin import WorkspaceAdmin

from .models import Meeting, Schedule, Sprint, SprintItem

admin.site.register(
    Sprint, type("SprintAdmin", (WorkspaceAdmin,), {"list_display": ("project", "week_start", "status")})
)
admin.site.register(
    SprintItem, type("SprintItemAdmin", (WorkspaceAdmin,), {"list_display": ("sprint", "title", "outcome")})
)
admin.site.register(
    Meeting,
    type(
        "MeetingAdmin",
        (WorkspaceAdmin,),
        {"list_display": ("schedule", "date", "status", "protocol_number"), "list_filter": ("status",)},
    ),
)
admin.site.register(
    Schedule,
    type(
        "ScheduleAdmin",
        (WorkspaceAdmin,),
        {
            "list_display": ("__str__", "level", "node_ref", "weekday", "starts_at", "status"),
            "list_filter": ("level", "status", "mode"),
        },
    ),
)
