"""An activity of an operational plan (OP Rules p.3, p.7, Appendix 1)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import in_reader_language


class Activity(models.Model):
    """An activity of the plan: one row of Appendix 1 (OP Rules p.3, p.7).

    Its name (in Kazakh and Russian), the code of the budget program that funds it, its responsible executor (a
    structural unit or subordinate organisation, `unit`, which reports on it every quarter, p.11), its term of
    execution (`deadline`, with `term_*` when the form words it otherwise: "ежеквартально") and its form of
    completion. Under an indicator heading it serves a goal or target indicator (section I); without one it serves
    the body's other tasks (section II).

    `projects` and `tasks` are the project work that carries the activity out: their state pre-fills the unit's
    quarterly information (`operational_plans.prefill`). An activity dropped in an adjustment stays (`is_active`
    False) so that the quarters already reported keep it.
    """

    PLAN_LOOKUP = "plan"
    #: The lookup to the unit whose people see and report on this row.
    UNIT_LOOKUP = "unit"

    plan = models.ForeignKey(
        "operational_plans.OperationalPlan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="activities",
    )
    heading = models.ForeignKey(
        "operational_plans.Heading",
        verbose_name=_("heading"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="activities",
        help_text=_(
            "The macro-indicator or target indicator it serves; empty: the body's other tasks (section II)."
        ),
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    name_kk = models.TextField(_("name (Kazakh)"), blank=True)
    name_ru = models.TextField(_("name (Russian)"), blank=True)
    budget_program = models.CharField(_("budget program code"), max_length=20, blank=True)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("responsible executor"),
        on_delete=models.PROTECT,
        related_name="op_activities",
    )
    deadline = models.DateField(_("term of execution"))
    term_kk = models.CharField(
        _("term as worded (Kazakh)"),
        max_length=200,
        blank=True,
        help_text=_("When the form words the term otherwise."),
    )
    term_ru = models.CharField(_("term as worded (Russian)"), max_length=200, blank=True)
    completion_form_kk = models.CharField(_("form of completion (Kazakh)"), max_length=500, blank=True)
    completion_form_ru = models.CharField(_("form of completion (Russian)"), max_length=500, blank=True)
    projects = models.ManyToManyField(
        "projects.Project", verbose_name=_("projects"), blank=True, related_name="op_activities"
    )
    tasks = models.ManyToManyField(
        "projects.Task", verbose_name=_("tasks"), blank=True, related_name="op_activities"
    )
    is_active = models.BooleanField(_("in the plan"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["plan", "position", "id"]
        indexes = [models.Index(fields=["plan", "unit"], name="op_activity_plan_unit")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name_kk="") | ~Q(name_ru=""),
                name="op_activity_named",
                violation_error_message=_("Give the activity's name in Kazakh or Russian."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("op-activity-detail", args=[self.plan_id, self.pk])

    @property
    def name(self) -> str:
        return in_reader_language({"kk": self.name_kk, "ru": self.name_ru})

    @property
    def term(self) -> str:
        return in_reader_language({"kk": self.term_kk, "ru": self.term_ru})

    @property
    def completion_form(self) -> str:
        return in_reader_language({"kk": self.completion_form_kk, "ru": self.completion_form_ru})
