"""What a meeting decided: information, decisions, assignments and tasks."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import DecisionStatus, OutcomeKind
from .meetings import AgendaItem, Meeting


class Decision(models.Model):
    """An outcome recorded at a meeting: information, a decision, an assignment (owner, deadline) or a task
    created on the project's board (Rules p.45, DESIGN.md §2 "Scrum").

    Decisions, assignments and tasks bind their owner (p.45: mandatory for the project personnel and participants
    of the program): they stay on the owner's work list and come back on the agenda of the schedule's next
    meetings until they are done. Those of a program governing committee are registered as its protocols (p.45),
    marked `binding`. `number` is the outcome's number within its meeting's protocol. The owner reports the result
    (`report`) and marks it done; the chair may cancel it with a reason.
    """

    SCOPE_LOOKUP = "meeting__schedule__node_path"

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="decisions"
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outcomes",
    )
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("outcome"), max_length=12, choices=OutcomeKind.choices)
    text = models.TextField(_("text"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="scrum_decisions",
    )
    due_on = models.DateField(_("deadline"), null=True, blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    task = models.ForeignKey(
        "projects.Task",
        verbose_name=_("task on the board"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    binding = models.BooleanField(
        _("protocol decision of the governing committee"),
        default=False,
        help_text=_("Mandatory for the project personnel and participants of the program (Rules p.45)."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=DecisionStatus.choices, default=DecisionStatus.OPEN
    )
    report = models.TextField(_("report on execution"), blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    reminded_on = models.DateField(_("last reminded on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["version", "reminded_on"])

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "number"]
        indexes = [models.Index(fields=["owner", "status"], name="scrum_decision_owner_status")]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="scrum_decision_number_once"),
            models.CheckConstraint(
                condition=Q(kind=OutcomeKind.INFORMATION)
                | (Q(owner__isnull=False) & Q(due_on__isnull=False)),
                name="scrum_decision_binding_has_owner_and_deadline",
                violation_error_message=_(
                    "A decision, an assignment or a task needs an owner and a deadline."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind=OutcomeKind.TASK) | Q(project__isnull=False),
                name="scrum_decision_task_has_project",
                violation_error_message=_("A task is created on a project's board: choose the project."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("scrum-decision-detail", args=[self.pk])
