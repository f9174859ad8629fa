"""Change requests of a project and its change log (Rules p.78(6))."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import ChangeStatus


class ChangeRequest(models.Model):
    """A request to change a project's content, schedule or budget, decided by those who approve on the project
    (sponsor, customer, curator and above); the Office may require them for a project (Rules p.78(6)).

    The impact fields say what the change does to the schedule (days) and the budget (KZT, signed).
    """

    SCOPE_LOOKUP = "project__path"

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="change_requests",
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    title = models.CharField(_("change"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    justification = models.TextField(_("justification"), blank=True)
    impact_scope = models.TextField(_("impact on content"), blank=True)
    impact_days = models.IntegerField(_("impact on schedule, days"), null=True, blank=True)
    impact_budget = models.DecimalField(
        _("impact on budget, KZT"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ChangeStatus.choices, default=ChangeStatus.DRAFT
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision"), blank=True)
    implemented_at = models.DateTimeField(_("implemented at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["project", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"], name="projects_changerequest_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"CR-{self.number} {self.title}"


class ChangeLogEntry(models.Model):
    """One line of the project's change log (Rules p.78(6)): what changed, when, by whom, under which request.

    Append-only: services write it when a request is submitted, decided or implemented and when the charter's
    dates, budget or content change.
    """

    SCOPE_LOOKUP = "project__path"

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="change_log"
    )
    change_request = models.ForeignKey(
        ChangeRequest,
        verbose_name=_("change request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="log_entries",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    event = models.CharField(_("event"), max_length=30)
    summary = models.TextField(_("summary"))

    class Meta:
        verbose_name = _("change log entry")
        verbose_name_plural = _("change log")
        ordering = ["project", "-at", "-id"]

    def __str__(self) -> str:
        return self.summary
