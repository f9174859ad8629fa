from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationalPlansConfig(AppConfig):
    """Operational plans of state bodies and their quarterly monitoring (OP Rules)."""

    name = "operational_plans"
    verbose_name = _("Operational plans")

    def ready(self):
        # Notification kinds and export makers register themselves on import.
        from . import exports  # noqa: F401
        from .notices import plans, reports, submissions  # noqa: F401
