"""The escalation ladder: what a level could not solve, raised one level up at a time."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import EscalationStatus, Level, StepKind, SubjectKind


class Escalation(models.Model):
    """A problem a level could not solve, raised to the next level of the ladder (Rules p.72(2), p.84(5), p.98):
    project team → head of the projects group → implementation group of the basic direction → project office →
    program governing committee → governing council of the national priority.

    The subject is a task, a risk, a project assignment, a decision or a disagreement between positions. At each
    level it lands on the agenda of that level's next meeting; the level resolves it or raises it further. When
    positions differ, a protocol of disagreements is signed and considered by the governing committee (p.98(2)),
    and disagreements at the committee go to the governing council (p.98(3)). The resolution returns to the
    origin: whoever raised it is told, and the subject's place shows it. `steps` are its whole path.

    `origin_path` is the path of the node it was raised at: everyone who sees that node — its level and every
    level above it — sees the escalation (pmis.core.authorization); `node_path` is the node of its current level.
    """

    SCOPE_LOOKUP = "origin_path"

    subject_kind = models.CharField(_("what is escalated"), max_length=20, choices=SubjectKind.choices)
    task = models.ForeignKey(
        "projects.Task",
        verbose_name=_("task"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    risk = models.ForeignKey(
        "projects.Risk",
        verbose_name=_("risk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assignment = models.ForeignKey(
        "projects.ProjectAssignment",
        verbose_name=_("project assignment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision = models.ForeignKey(
        "scrum.Decision",
        verbose_name=_("decision"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
    )
    title = models.CharField(_("problem"), max_length=500)
    description = models.TextField(_("description and proposed solutions"), blank=True)
    origin_level = models.CharField(_("raised at level"), max_length=20, choices=Level.choices)
    origin_path = models.CharField(_("raised at"), max_length=255, editable=False)
    level = models.CharField(_("current level"), max_length=20, choices=Level.choices)
    node_path = models.CharField(_("current node"), max_length=255, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=EscalationStatus.choices, default=EscalationStatus.OPEN
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    disagreement_number = models.CharField(_("protocol of disagreements No."), max_length=50, blank=True)
    disagreement_signed_at = models.DateTimeField(
        _("protocol of disagreements signed at"), null=True, blank=True
    )
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["-raised_at"]
        indexes = [
            models.Index(fields=["origin_path"], name="scrum_esc_origin", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["level", "node_path", "status"], name="scrum_esc_level_node"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("scrum-escalation-detail", args=[self.pk])


class EscalationStep(models.Model):
    """One entry of an escalation's path: raised, moved up, put on a meeting's agenda, a protocol of
    disagreements, resolved, returned to the origin."""

    SCOPE_LOOKUP = "escalation__origin_path"

    escalation = models.ForeignKey(
        Escalation, verbose_name=_("escalation"), on_delete=models.CASCADE, related_name="steps"
    )
    kind = models.CharField(_("step"), max_length=20, choices=StepKind.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    node_path = models.CharField(_("node"), max_length=255)
    meeting = models.ForeignKey(
        "scrum.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("escalation step")
        verbose_name_plural = _("escalation steps")
        ordering = ["escalation", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.escalation} · {self.get_kind_display()}"


class DisagreementPosition(models.Model):
    """One party's position in a disagreement (Rules p.98): the state body, the project team, the implementation
    group …; the positions are the body of the protocol of disagreements (p.98(2))."""

    SCOPE_LOOKUP = "escalation__origin_path"

    escalation = models.ForeignKey(
        Escalation, verbose_name=_("escalation"), on_delete=models.CASCADE, related_name="positions"
    )
    party = models.CharField(_("party"), max_length=300)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("stated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.TextField(_("position"))
    created_at = models.DateTimeField(_("stated at"), auto_now_add=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["escalation", "created_at", "id"]

    def __str__(self) -> str:
        return self.party
