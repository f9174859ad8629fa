from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    """Governing councils, program governing committees, expert councils and public monitoring groups
    (Rules p.18, p.29, p.36, p.44–54, p.75)."""

    name = "governance"
    verbose_name = _("Governance")

    def ready(self):
        from . import notices  # noqa: F401  (notification kinds register themselves on import)
