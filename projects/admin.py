"""Admin of projects (written through their services) and a read-only view of their workspaces."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pmis.core import authorization
from pmis.core.admin import NodeAdmin
from pmis.core.hierarchy import check_portfolio_deadline

from .models import (
    BoardColumn,
    ChangeLogEntry,
    ChangeRequest,
    Charter,
    Comment,
    Document,
    DocumentVersion,
    FundingLine,
    Lesson,
    Milestone,
    Project,
    ProjectAssignment,
    ProjectPerformance,
    Risk,
    Task,
    TaskAttachment,
)
from .services import project_create, project_update


@admin.register(Project)
class ProjectAdmin(NodeAdmin):
    create_service = staticmethod(project_create)
    update_service = staticmethod(project_update)
    parent_fields = ("group",)
    list_display = ("code", "name", "group", "stage", "status", "planned_end")
    list_select_related = ("owner_body", "group")

    def check_rules(self, obj, cleaned):
        if cleaned.get("group"):
            check_portfolio_deadline(
                planned_end=cleaned.get("planned_end"), parent_path=cleaned["group"].path
            )


class WorkspaceAdmin(SimpleHistoryAdmin):
    """The workspace in the admin is for reading and its history: every write goes through the pages and the API,
    whose services keep the rules (WIP limits, versions, numbering, the change log …) that a bare form would
    skip. Rows are those the authorization module lets the person see."""

    def get_queryset(self, request):
        return authorization.restrict(super().get_queryset(request), request.user, authorization.VIEW)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff and (
            obj is None or authorization.can(request.user, authorization.VIEW, obj)
        )


WORKSPACE_ADMIN = {
    BoardColumn: ("name", "project", "kind", "position", "wip_limit"),
    Task: ("number", "title", "project", "column", "assignee", "due_on", "blocked"),
    TaskAttachment: ("name", "task", "size", "uploaded_at"),
    Charter: ("project", "approved_on"),
    FundingLine: ("project", "source", "year", "amount"),
    Milestone: ("title", "project", "due_on", "done_on"),
    Risk: ("number", "title", "project", "probability", "impact", "status"),
    ChangeRequest: ("number", "title", "project", "status"),
    ChangeLogEntry: ("at", "project", "event", "summary"),
    Lesson: ("title", "project", "stage"),
    Document: ("title", "project", "stage", "kind"),
    DocumentVersion: ("document", "number", "name", "uploaded_at"),
    ProjectAssignment: ("number", "title", "project", "status", "appoint_by", "due_on"),
    Comment: ("project", "author", "created_at"),
    ProjectPerformance: ("project", "expectations", "actual_cost", "consultants_involved", "assessed_on"),
}

for _model, _columns in WORKSPACE_ADMIN.items():
    admin.site.register(
        _model, type(f"{_model.__name__}Admin", (WorkspaceAdmin,), {"list_display": _columns})
    )
