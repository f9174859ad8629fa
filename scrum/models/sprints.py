"""Weekly sprints of projects (Rules p.2(58), p.84(3))."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from projects.choices import SprintStatus


class Sprint(models.Model):
    """The week's sprint of a project: the tasks the team plans for the week (Monday to Sunday) and its goal.

    Scrum manages a project's tasks within recurring fixed intervals (Rules p.2(58)); the project manager
    monitors the week's work and adjusts the tasks for the next week (p.84(3)). On close the unfinished tasks
    carry over to the next week's sprint and the figures below are frozen, so later reports show what was true
    that week; `burndown` keeps the remaining hours at the end of each day of the week.
    """

    SCOPE_LOOKUP = "project__path"

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="sprints"
    )
    week_start = models.DateField(_("week of"), help_text=_("The Monday the sprint's week starts on."))
    goal = models.TextField(_("sprint goal"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=SprintStatus.choices, default=SprintStatus.OPEN
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    planned_count = models.PositiveIntegerField(_("tasks planned"), null=True, blank=True)
    done_count = models.PositiveIntegerField(_("tasks done"), null=True, blank=True)
    carried_count = models.PositiveIntegerField(_("tasks carried over"), null=True, blank=True)
    planned_hours = models.DecimalField(
        _("hours planned"), max_digits=8, decimal_places=1, null=True, blank=True
    )
    done_hours = models.DecimalField(_("hours done"), max_digits=8, decimal_places=1, null=True, blank=True)
    burndown = models.JSONField(_("burndown"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sprint")
        verbose_name_plural = _("sprints")
        ordering = ["project", "-week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "week_start"],
                name="scrum_sprint_one_per_week",
                violation_error_message=_("The project already has a sprint for this week."),
            ),
            models.CheckConstraint(
                condition=models.Q(week_start__iso_week_day=1),
                name="scrum_sprint_starts_on_monday",
                violation_error_message=_("A sprint's week starts on a Monday."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.week_start:%Y-%m-%d}"


class SprintItem(models.Model):
    """A task as it stood in one week's sprint, frozen when the sprint closes: planned at the start or added
    during the week, and whether it was done or carried over. The title and estimate are copied so a later
    rename or deletion of the task does not rewrite the week's report.
    """

    SCOPE_LOOKUP = "sprint__project__path"

    class Outcome(models.TextChoices):
        OPEN = "open", _("In the sprint")
        DONE = "done", _("Done")
        CARRIED = "carried", _("Carried over")
        REMOVED = "removed", _("Removed from the sprint")

    sprint = models.ForeignKey(
        Sprint, verbose_name=_("sprint"), on_delete=models.CASCADE, related_name="items"
    )
    task = models.ForeignKey(
        "projects.Task",
        verbose_name=_("task"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=300)
    estimate_hours = models.DecimalField(
        _("estimate, hours"), max_digits=6, decimal_places=1, default=Decimal("0")
    )
    planned = models.BooleanField(_("planned at the start"), default=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.OPEN)
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)

    class Meta:
        verbose_name = _("sprint task")
        verbose_name_plural = _("sprint tasks")
        ordering = ["sprint", "id"]
        constraints = [
            models.UniqueConstraint(fields=["sprint", "task"], name="scrum_sprintitem_once_per_sprint"),
        ]

    def __str__(self) -> str:
        return self.title
