"""Instructions on control and the standard checklists in the admin: read-only with their history; every write
goes through the pages and the API, whose services keep the rules (who puts on control, the checklist, removal
only by the one who put it, escalation)."""

from django.contrib import admin

from projects.admin import WorkspaceAdmin

from .models import ChecklistTemplate, Instruction

admin.site.register(
    Instruction,
    type(
        "InstructionAdmin",
        (WorkspaceAdmin,),
        {
            "list_display": ("code", "source", "executor", "deadline", "status", "escalation"),
            "list_filter": ("status", "source", "escalation"),
            "search_fields": ("code", "text", "issuer_name", "document_number"),
        },
    ),
)
admin.site.register(
    ChecklistTemplate,
    type(
        "ChecklistTemplateAdmin",
        (WorkspaceAdmin,),
        {"list_display": ("name_ru", "form", "is_active"), "list_filter": ("form", "is_active")},
    ),
)
