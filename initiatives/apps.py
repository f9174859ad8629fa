from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    """Initiatives (measures): proposal, passport, identification by the project office and decision on their
    status (Rules p.21–26)."""

    name = "initiatives"
    verbose_name = _("Initiatives")

    def ready(self):
        # Notification kinds and export makers register themselves on import.
        from . import (
            exports,  # noqa: F401
            notices,  # noqa: F401
        )
