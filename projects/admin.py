from django.contrib import admin

from pmis.core.admin import NodeAdmin
from pmis.core.hierarchy import check_portfolio_deadline

from .models import Project
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
