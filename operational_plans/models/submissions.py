"""A unit's quarterly information on the activities it carries out (OP Rules p.11–14)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import ExecutionStatus, SubmissionStatus


class Submission(models.Model):
    """The information of one structural unit or subordinate organisation on its activities for one quarter
    (OP Rules p.11–13): completed and unfulfilled activities with the reasons, in the context of goals and target
    indicators (p.12), due by the 10th of the month after the quarter (p.13, `operational_plans.deadlines`).

    The unit's people fill it in (pre-filled from the linked project work); its head submits it and so confirms
    its accuracy, completeness and timeliness (p.14). The monitoring unit may return it for correction until the
    quarter's report is issued. `late` records that it was submitted after its deadline.
    """

    PLAN_LOOKUP = "plan"
    UNIT_LOOKUP = "unit"

    plan = models.ForeignKey(
        "operational_plans.OperationalPlan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="op_submissions"
    )
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    status = models.CharField(
        _("status"), max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    late = models.BooleanField(_("late"), default=False)
    returned_reason = models.TextField(_("why returned"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("quarterly information")
        verbose_name_plural = _("quarterly information")
        ordering = ["plan", "quarter", "unit"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "unit", "quarter"],
                name="op_submission_one_per_unit_quarter",
                violation_error_message=_("This unit's information for the quarter already exists."),
            ),
            models.CheckConstraint(
                condition=Q(quarter__gte=1, quarter__lte=4),
                name="op_submission_quarter_range",
                violation_error_message=_("The quarter is 1 to 4."),
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(returned_reason=""),
                name="op_submission_returned_has_reason",
                violation_error_message=_("Say why the information is returned."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · Q{self.quarter}"

    def get_absolute_url(self) -> str:
        return reverse("op-submission-detail", args=[self.plan_id, self.pk])


class SubmissionRow(models.Model):
    """What a unit reports on one activity in a quarter: its status (executed / partially executed / not
    executed, Methodology summary §4), the actual execution and the reasons for non-fulfilment (p.12).

    `suggested_status` and `suggestion` keep what the linked project work said when the row was pre-filled
    (`operational_plans.prefill`), so the page shows where a pre-filled value came from and what was changed.
    """

    PLAN_LOOKUP = "submission__plan"
    UNIT_LOOKUP = "submission__unit"

    submission = models.ForeignKey(
        Submission, verbose_name=_("quarterly information"), on_delete=models.CASCADE, related_name="rows"
    )
    activity = models.ForeignKey(
        "operational_plans.Activity",
        verbose_name=_("activity"),
        on_delete=models.PROTECT,
        related_name="rows",
    )
    status = models.CharField(_("status"), max_length=20, choices=ExecutionStatus.choices, blank=True)
    actual_execution = models.TextField(_("actual execution"), blank=True)
    reasons = models.TextField(_("reasons for non-fulfilment"), blank=True)
    suggested_status = models.CharField(
        _("status suggested by the linked work"), max_length=20, choices=ExecutionStatus.choices, blank=True
    )
    suggestion = models.JSONField(_("what the linked work said"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("row of quarterly information")
        verbose_name_plural = _("rows of quarterly information")
        ordering = ["submission", "activity__position", "activity_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "activity"],
                name="op_row_one_per_activity",
                violation_error_message=_("The information already has a row for this activity."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission} · {self.activity_id}"
