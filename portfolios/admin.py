import copy

from django.contrib import admin

from pmis.core.admin import NodeAdmin
from pmis.core.hierarchy import check_children_deadline

from .models import Portfolio
from .services import portfolio_create, portfolio_update


@admin.register(Portfolio)
class PortfolioAdmin(NodeAdmin):
    create_service = staticmethod(portfolio_create)
    update_service = staticmethod(portfolio_update)

    def check_rules(self, obj, cleaned):
        if obj is not None:
            proposed = copy.copy(obj)
            proposed.planned_end = cleaned.get("planned_end")
            check_children_deadline(proposed)
