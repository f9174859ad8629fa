"""What the program's performance ratios read about a project (Rules p.64)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import Expectations


class ProjectPerformance(models.Model):
    """The facts about one project that the performance and efficiency ratios of its program count (Rules p.64):
    whether it met its stakeholders' expectations (assessed by the project office, typically at closure), what it
    actually cost against its budget, and whether professional project management consultants were involved
    (p.101). Whether it kept its terms is read from its dates; certified personnel from `org.Certification`."""

    SCOPE_LOOKUP = "project__path"

    project = models.OneToOneField(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="performance"
    )
    expectations = models.CharField(
        _("stakeholders' expectations"),
        max_length=15,
        choices=Expectations.choices,
        default=Expectations.NOT_ASSESSED,
    )
    expectations_note = models.TextField(_("how they were assessed"), blank=True)
    actual_cost = models.DecimalField(
        _("actual cost, KZT"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    consultants_involved = models.BooleanField(
        _("professional project management consultants involved"), default=False
    )
    consultant = models.CharField(_("consultant (project organization)"), max_length=300, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("project performance")
        verbose_name_plural = _("project performance")

    def __str__(self) -> str:
        return str(self.project)
