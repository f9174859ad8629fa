from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScrumConfig(AppConfig):
    """Weekly scrum schedules, meetings, decisions and escalations (Rules p.2(58-60), p.46, p.98)."""

    name = "scrum"
    verbose_name = _("Scrum")

    def ready(self):
        # Register how the scrum's notifications read (org.notification_kinds).
        from .notices import boards, decisions, escalations, meetings, schedules  # noqa: F401
