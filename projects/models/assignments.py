"""Project assignments to other units and state bodies (Rules p.81)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import AssignmentStatus, AssignmentWay


class ProjectAssignment(models.Model):
    """A project task that goes beyond the team's powers and needs executors from another structural unit or
    state body (Rules p.81).

    The project manager drafts it; the head of the basic direction sends it; the head of the receiving
    organisation or unit (`addressee_head`) must appoint the executors within one working day of receiving it
    (`appoint_by`, by Kazakhstan's working-day calendar) and so inform the project manager; the executors carry it
    out within the current activity (results to the project office) or by project activity, by `due_on`.
    `escalated_at` records when the overdue assignment was raised to the basic direction implementation group.
    """

    SCOPE_LOOKUP = "project__path"

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="assignments"
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    title = models.CharField(_("task"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    addressee_body = models.ForeignKey(
        "org.StateBody", verbose_name=_("state body"), on_delete=models.PROTECT, related_name="+"
    )
    addressee_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("structural unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    addressee_head = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("head who appoints"),
        on_delete=models.PROTECT,
        related_name="received_project_assignments",
    )
    way = models.CharField(
        _("way of execution"),
        max_length=20,
        choices=AssignmentWay.choices,
        default=AssignmentWay.CURRENT_ACTIVITY,
    )
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=AssignmentStatus.choices, default=AssignmentStatus.DRAFT
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    appoint_by = models.DateField(_("appoint executors by"), null=True, blank=True)
    executors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("executors"), blank=True, related_name="project_assignments"
    )
    appointed_at = models.DateTimeField(_("executors appointed at"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project assignment")
        verbose_name_plural = _("project assignments")
        ordering = ["project", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="projects_projectassignment_unique_number"
            ),
        ]
        indexes = [models.Index(fields=["status", "appoint_by"], name="projects_assignment_appoint_by")]

    def __str__(self) -> str:
        return f"PA-{self.number} {self.title}"
