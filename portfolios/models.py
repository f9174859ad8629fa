"""Portfolios of national priorities."""

from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import HierarchyNode


class Portfolio(HierarchyNode):
    """The portfolio of a national priority: the top of the hierarchy (Rules p.2(19), p.27).

    Managed at the level of the Administration of the President and the Government (p.8) by the curator of the
    national priority (p.29) with its governing council (p.36). Its deadline bounds every program and project
    inside it (p.9).
    """

    KIND = "portfolio"
    CODE_PREFIX = "NP"
    DATES_REQUIRED = True

    history = HistoricalRecords()

    class Meta(HierarchyNode.Meta):
        verbose_name = _("portfolio of a national priority")
        verbose_name_plural = _("portfolios of national priorities")
