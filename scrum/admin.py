"""Sprints in the admin: read-only, like the rest of a project's workspace."""

from django.contrib import admin

from projects.admin import WorkspaceAdmin

from .models import Sprint, SprintItem

admin.site.register(
    Sprint, type("SprintAdmin", (WorkspaceAdmin,), {"list_display": ("project", "week_start", "status")})
)
admin.site.register(
    SprintItem, type("SprintItemAdmin", (WorkspaceAdmin,), {"list_display": ("sprint", "title", "outcome")})
)
