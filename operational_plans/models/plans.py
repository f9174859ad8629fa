"""The operational plan of a state body for a year and its approved versions (OP Rules p.2–7, p.18)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import APPROVAL_DAYS, PlanStatus


class OperationalPlan(models.Model):
    """A state body's operational plan for one financial year (OP Rules p.2–7, Appendix 1).

    The specific actions of the body in the year, linked by resources, responsible executors and terms, to reach
    the strategic directions, macro-indicators, goals and target indicators of its development plan (section I)
    and its other tasks under its regulation (section II) (p.3–4). Drafted on the proposals of the structural
    units and subordinate organisations (p.5) by the `developer_unit`, approved by the first head or chief of
    staff (`approver`) within ten calendar days of the development plan's signing (p.6), monitored quarterly by
    the `monitoring_unit` (p.11, p.15) and adjusted after monitoring (p.18): each approval freezes a
    `PlanVersion`, and `version` is the number of the one in force (0 before the first approval).

    Powers over a plan are decided by `pmis.core.plan_access` through the authorization module.
    """

    #: The lookup from this model to its plan, for the authorization module ("" is the plan itself).
    PLAN_LOOKUP = ""

    body = models.ForeignKey(
        "org.StateBody",
        verbose_name=_("state body"),
        on_delete=models.PROTECT,
        related_name="operational_plans",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    version = models.PositiveIntegerField(
        _("version in force"),
        default=0,
        help_text=_("The number of the approved version in force; 0: never approved."),
    )
    development_plan_signed_on = models.DateField(
        _("development plan signed on"),
        null=True,
        blank=True,
        help_text=_("The plan is approved within ten calendar days of this day (OP Rules p.6)."),
    )
    developer_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit responsible for the development"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    monitoring_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit responsible for the monitoring"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by (first head or chief of staff)"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("operational plan")
        verbose_name_plural = _("operational plans")
        ordering = ["-year", "body"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year"],
                name="op_plan_one_per_body_year",
                violation_error_message=_("This state body already has an operational plan for this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100),
                name="op_plan_year_range",
                violation_error_message=_("The year must lie between 2000 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.body} · {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("op-plan-detail", args=[self.pk])

    @property
    def body_path(self) -> str:
        """The path powers over the plan are read at: its state body."""
        return f"body:{self.body_id}/"

    @property
    def approval_deadline(self) -> dt.date | None:
        """The last day to approve the plan: ten calendar days from the development plan's signing (p.6)."""
        if self.development_plan_signed_on is None:
            return None
        return self.development_plan_signed_on + dt.timedelta(days=APPROVAL_DAYS)


class PlanVersion(models.Model):
    """An approved version of a plan, frozen as it was approved (OP Rules p.6, p.18).

    Version 1 is the plan as first approved; each adjustment after monitoring or a change of the development plan
    adds the next. `snapshot` holds the headings and activities as they stood ({"headings": […], "activities":
    […]}, each with its id), so that two versions compare activity by activity, as a comparative table of
    amendments does (Methodology App.6), whatever was changed since.
    """

    PLAN_LOOKUP = "plan"

    plan = models.ForeignKey(
        OperationalPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("number"))
    approved_on = models.DateField(_("approved on"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, related_name="+"
    )
    basis = models.TextField(
        _("basis of the adjustment"), blank=True, help_text=_("Why the plan was adjusted (OP Rules p.18).")
    )
    snapshot = models.JSONField(_("snapshot"), default=dict)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("version of the operational plan")
        verbose_name_plural = _("versions of the operational plan")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "number"],
                name="op_version_unique_number",
                violation_error_message=_("The plan already has a version with this number."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} · v{self.number}"
