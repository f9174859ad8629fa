from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScrumConfig(AppConfig):
    """Weekly scrum schedules, meetings, decisions and escalations (Rules p.2(58-60), p.46, p.98)."""

    name = "scrum"
    verbose_name = _("Scrum")
