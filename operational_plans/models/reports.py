"""The monitoring unit's quarterly report on the plan and the officials' decisions on it (OP Rules p.15–17)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import DecisionKind, ReportStatus


class Report(models.Model):
    """The report on the implementation of the operational plan for a quarter (OP Rules p.15–16, Appendix 2).

    The monitoring unit consolidates the units' information into it, adds recommendations (`Recommendation`,
    including amendments to the plan) and issues it by the 15th of the month after the quarter to the first
    head or chief of staff (p.15), who records decisions on it (`ReportDecision`, p.17). Issuing freezes the
    Appendix 2 rows into `rows` (the report as issued, whatever is adjusted later) and locks the quarter's
    information. `summary` is the progress of the plan in words (p.16).
    """

    PLAN_LOOKUP = "plan"

    plan = models.ForeignKey(
        "operational_plans.OperationalPlan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    summary = models.TextField(_("progress of the plan"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False)
    rows = models.JSONField(_("rows as issued"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["rows"])

    class Meta:
        verbose_name = _("report on the operational plan")
        verbose_name_plural = _("reports on the operational plan")
        ordering = ["plan", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "quarter"],
                name="op_report_one_per_quarter",
                violation_error_message=_("The plan already has a report for this quarter."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="op_report_quarter_range",
                violation_error_message=_("The quarter is 1 to 4."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · Q{self.quarter}"

    def get_absolute_url(self) -> str:
        return reverse("op-report", args=[self.plan_id, self.plan.year, self.quarter])


class Recommendation(models.Model):
    """A recommendation of the monitoring unit (OP Rules p.16, Appendix 2 column 8): to the officials, to ensure
    an activity is carried out in time, or an amendment or addition to the plan (`amendment`). Without an
    activity it concerns the plan as a whole."""

    PLAN_LOOKUP = "report__plan"

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="recommendations"
    )
    activity = models.ForeignKey(
        "operational_plans.Activity",
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="recommendations",
    )
    text = models.TextField(_("recommendation"))
    amendment = models.BooleanField(_("amendment to the plan"), default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        ordering = ["report", "activity_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "activity"],
                condition=Q(activity__isnull=False),
                name="op_recommendation_one_per_activity",
                violation_error_message=_("The report already has a recommendation on this activity."),
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class ReportDecision(models.Model):
    """A decision of the first head or chief of staff on the results of monitoring (OP Rules p.17): to improve
    the effectiveness of the planned activities (or set other ones), or to take measures on a problem found."""

    PLAN_LOOKUP = "report__plan"

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="decisions"
    )
    kind = models.CharField(_("aim"), max_length=20, choices=DecisionKind.choices)
    text = models.TextField(_("decision"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("decided by"), on_delete=models.PROTECT, related_name="+"
    )
    decided_on = models.DateField(_("decided on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("decision on the report")
        verbose_name_plural = _("decisions on the report")
        ordering = ["report", "decided_on", "id"]

    def __str__(self) -> str:
        return self.text[:80]
