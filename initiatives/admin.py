"""Django admin of the initiatives: read-mostly, for support; writes go through the services and pages."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Initiative, PassportVersion


class PassportVersionInline(admin.TabularInline):
    model = PassportVersion
    extra = 0
    can_delete = False
    fields = ("number", "name_ru", "submitted_by", "submitted_at", "note")
    readonly_fields = fields


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name_ru", "status", "proposer", "body", "program", "created_at")
    list_filter = ("status", "proposed_outcome", "decided_outcome")
    search_fields = ("code", "name_ru", "name_kk", "summary")
    raw_id_fields = ("proposer", "body", "portfolio", "program", "recommended_by", "decided_by", "meeting")
    readonly_fields = ("code", "scope_path", "passport_version", "result_kind", "result_id", "version")
    inlines = [PassportVersionInline]

    def has_add_permission(self, request):
        return False  # proposing goes through the service (code, scope, history)
