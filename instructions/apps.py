from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstructionsConfig(AppConfig):
    """Instructions put on control, executed and removed from control, with standard checklists (Rules p.92–94)."""

    name = "instructions"
    verbose_name = _("Instructions on control")

    def ready(self):
        from . import notices  # noqa: F401  (notification kinds register themselves on import)
