"""Choices shared by every level of the hierarchy."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.TextChoices):
    """Stages every portfolio, program, basic direction, group and project passes through (Rules p.9, p.91)."""

    INITIATION = "initiation", _("Initiation")
    PLANNING = "planning", _("Planning")
    IMPLEMENTATION = "implementation", _("Implementation")
    MONITORING = "monitoring", _("Monitoring and adjustment")
    CLOSURE = "closure", _("Closure")


class Status(models.TextChoices):
    """Whether the work on a node goes on; an *active* project counts for the one-project rule of Rules p.79."""

    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


class ExportStatus(models.TextChoices):
    """Where a file made in the background stands."""

    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
