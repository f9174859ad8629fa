from django.contrib import admin

from pmis.core.admin import NodeAdmin
from pmis.core.hierarchy import check_portfolio_deadline
from projects.admin import WorkspaceAdmin

from .models import (
    BasicDirection,
    CompletionReport,
    PriorityProject,
    ProblemEntry,
    Program,
    ProgramLesson,
    ProjectGroup,
)
from .services import (
    direction_create,
    direction_update,
    group_create,
    group_update,
    program_create,
    program_update,
)


@admin.register(Program)
class ProgramAdmin(NodeAdmin):
    create_service = staticmethod(program_create)
    update_service = staticmethod(program_update)
    parent_fields = ("portfolio", "kind", "region")
    list_display = ("code", "name", "kind", "portfolio", "stage", "status", "planned_end")
    list_filter = ("kind", "stage", "status", "region")
    list_select_related = ("owner_body", "portfolio")

    def check_rules(self, obj, cleaned):
        if cleaned.get("portfolio"):
            check_portfolio_deadline(
                planned_end=cleaned.get("planned_end"), parent_path=cleaned["portfolio"].path
            )


@admin.register(BasicDirection)
class BasicDirectionAdmin(NodeAdmin):
    create_service = staticmethod(direction_create)
    update_service = staticmethod(direction_update)
    parent_fields = ("program",)
    list_display = ("code", "name", "program", "is_standard", "stage", "status")
    list_filter = ("is_standard", "stage", "status")
    readonly_fields = (*NodeAdmin.readonly_fields, "is_standard")
    list_select_related = ("owner_body", "program")

    def update(self, actor, obj, parents, fields):
        if obj.is_standard:  # the standard direction stays with its state body
            parents = {}
        return direction_update(actor=actor, direction=obj, **parents, **fields)


@admin.register(ProjectGroup)
class ProjectGroupAdmin(NodeAdmin):
    create_service = staticmethod(group_create)
    update_service = staticmethod(group_update)
    parent_fields = ("direction", "parent")
    list_display = ("code", "name", "direction", "parent", "standard_kind", "stage", "status")
    list_filter = ("standard_kind", "stage", "status")
    readonly_fields = (*NodeAdmin.readonly_fields, "standard_kind")
    list_select_related = ("owner_body", "direction", "parent")

    def update(self, actor, obj, parents, fields):
        return group_update(actor=actor, group=obj, **parents, **fields)


# The program's management documents: read in the admin, written through the pages and the API.
for _model, _columns in {
    ProblemEntry: ("number", "program", "direction", "status"),
    PriorityProject: ("rank", "program", "project", "financing_need"),
    CompletionReport: ("program", "status", "issued_at"),
    ProgramLesson: ("title", "program", "stage", "went_well"),
}.items():
    admin.site.register(
        _model, type(f"{_model.__name__}Admin", (WorkspaceAdmin,), {"list_display": _columns})
    )
