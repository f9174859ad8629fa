"""A read-only admin of the goal map: every write goes through the pages and the API, whose services keep the rules
(plans as approved, reasons for corrections, shares up to 100 %, versions); rows are those the person may see."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from pmis.core import authorization
from projects.admin import WorkspaceAdmin

from .models import Contribution, Indicator, RuleSet, Target, Value
from .services import rules as services

GOAL_MAP_ADMIN = {
    Indicator: ("code", "name", "kind", "node_kind", "node_path", "periodicity", "is_active"),
    Target: ("indicator", "year", "quarter", "value", "approved_value"),
    Value: ("indicator", "year", "quarter", "value", "entered_by", "entered_at"),
    Contribution: ("parent", "child", "share"),
}

for _model, _columns in GOAL_MAP_ADMIN.items():
    admin.site.register(
        _model, type(f"{_model.__name__}Admin", (WorkspaceAdmin,), {"list_display": _columns})
    )


@admin.register(RuleSet)
class RuleSetAdmin(SimpleHistoryAdmin):
    """The Office configures the rule sets here: the default and a portfolio's own (a small table of settings, no
    page of its own). Saves go through the service, which checks the power and keeps the history."""

    list_display = ("__str__", "portfolio", "higher_formula", "lower_formula", "cap", "green", "amber")
    fields = services.FIELDS

    def get_queryset(self, request):
        return RuleSet.objects.select_related("portfolio")

    def _office(self, request) -> bool:
        return authorization.can(request.user, authorization.CHANGE, RuleSet)

    def has_view_permission(self, request, obj=None):
        return request.user.is_staff

    def has_add_permission(self, request):
        return request.user.is_staff and self._office(request)

    def has_change_permission(self, request, obj=None):
        return request.user.is_staff and self._office(request)

    def has_delete_permission(self, request, obj=None):
        return (
            request.user.is_staff and self._office(request) and (obj is None or obj.portfolio_id is not None)
        )

    def save_model(self, request, obj, form, change):
        services.rule_set_save(obj, actor=request.user)

    def delete_model(self, request, obj):
        services.rule_set_delete(obj, actor=request.user)
