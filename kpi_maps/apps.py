from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KpiMapsConfig(AppConfig):
    """Key national indicators, goal maps and their plan/fact monitoring (Rules p.17, Appendix 2)."""

    name = "kpi_maps"
    verbose_name = _("Goal maps")
