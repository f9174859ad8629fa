"""The headings of section I of an operational plan (OP Rules p.4, Appendix 1)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import in_reader_language

from ..choices import HeadingKind


class Heading(models.Model):
    """A heading of section I of the plan: "Actions to achieve the goals and target indicators of the strategic
    plan" (Appendix 1).

    A strategic direction holds its macro-indicators and its goals; a goal holds its target indicators. A
    macro-indicator or target indicator heading *is* an indicator of the goal map (`indicator`, never a second
    copy): its name, unit and figures are the goal map's. Activities sit under indicator headings; those of
    section II (the body's other tasks, p.4) sit under none. `number` is the form's numbering ("1", "1.1").
    """

    PLAN_LOOKUP = "plan"

    plan = models.ForeignKey(
        "operational_plans.OperationalPlan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="headings",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=HeadingKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("under"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    name_kk = models.TextField(_("name (Kazakh)"), blank=True)
    name_ru = models.TextField(_("name (Russian)"), blank=True)
    indicator = models.ForeignKey(
        "kpi_maps.Indicator",
        verbose_name=_("indicator of the goal map"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operational_plan_headings",
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("heading of the operational plan")
        verbose_name_plural = _("headings of the operational plan")
        ordering = ["plan", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["macro", "target"], indicator__isnull=False)
                | Q(kind__in=["direction", "goal"], indicator__isnull=True),
                name="op_heading_indicator_iff_indicator_kind",
                violation_error_message=_(
                    "A macro-indicator or target indicator is an indicator of the goal map; a strategic direction "
                    "or a goal is not."
                ),
            ),
            models.CheckConstraint(
                condition=Q(kind="direction", parent__isnull=True)
                | Q(~Q(kind="direction"), parent__isnull=False),
                name="op_heading_parent_by_kind",
                violation_error_message=_(
                    "A strategic direction stands at the top; every other heading sits under one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}".strip()

    @property
    def name(self) -> str:
        if self.indicator_id is not None:
            return self.indicator.name
        return in_reader_language({"kk": self.name_kk, "ru": self.name_ru})
