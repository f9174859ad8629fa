"""Governing councils, program governing committees and expert councils."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import MultilingualNameMixin

from ..choices import BodyKind

NODE_KINDS = [("portfolio", "portfolio"), ("program", "program")]


class GoverningBody(MultilingualNameMixin):
    """A collegial body of the Rules at one node of the hierarchy:

    - a *governing council of a national priority* (p.29, p.36) at its portfolio, created by the curator when
      needed, supported by the Office: implements the priority, reaches its goal map, decides what program
      managers could not;
    - a *program governing committee* (p.44–46, p.49, p.67) at its program: a chair, deputy chairs — the head of
      the project office is one, with the right to hold its operational meetings (p.44) — and members whose
      personal composition the program manager approves (p.66(2)); its decisions bind (p.45), the project office
      is its working body (p.49), its operational meetings follow the weekly scrum schedule (p.46);
    - an *expert council* (p.50–54, p.75) within a program: members and a secretary; it discusses the program at
      least once a quarter (`ExpertDiscussion`) and sends its recommendations to the committee, which accepts
      them for information and work (p.54).

    Its members are the holders of the body's roles on its node (`choices.MEMBER_ROLES`): membership is a role
    assignment, so the powers, the substitution scheme and the history of roles apply to it. Its meetings are the
    meetings of the scrum schedule of its level at its node, and its decisions are theirs, in the one register.
    `node_path` copies the node's path: powers over the body are those over the node.
    """

    SCOPE_LOOKUP = "node_path"

    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    node_kind = models.CharField(_("level of the node"), max_length=20, choices=NODE_KINDS)
    node_id = models.PositiveBigIntegerField(_("node"))
    node_path = models.CharField(_("path"), max_length=255, editable=False)
    sphere = models.CharField(
        _("sphere, industry or region"),
        max_length=300,
        blank=True,
        help_text=_("For an expert council (Rules p.50)."),
    )
    basis = models.CharField(_("basis (order, protocol)"), max_length=300, blank=True)
    established_on = models.DateField(_("established on"), null=True, blank=True)
    composition_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("composition approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    composition_approved_on = models.DateField(_("composition approved on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("governing body")
        verbose_name_plural = _("governing bodies")
        ordering = ["node_path", "kind"]
        indexes = [
            models.Index(fields=["node_path"], name="governing_body_path", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "node_kind", "node_id"],
                condition=Q(is_active=True),
                name="governing_body_one_per_kind_and_node",
                violation_error_message=_("This node already has an active body of this kind."),
            ),
            models.CheckConstraint(
                condition=Q(kind=BodyKind.COUNCIL, node_kind="portfolio")
                | Q(kind__in=[BodyKind.COMMITTEE, BodyKind.EXPERT_COUNCIL], node_kind="program"),
                name="governing_body_kind_matches_node",
                violation_error_message=_(
                    "A governing council sits at a portfolio; a governing committee and an expert council at a program."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.get_kind_display()

    @property
    def name(self) -> str:  # type: ignore[override]
        return super().name or str(self.get_kind_display())

    def get_absolute_url(self) -> str:
        return reverse("governing-body-detail", args=[self.pk])

    @property
    def node_ref(self) -> str:
        return f"{self.node_kind}:{self.node_id}"

    @cached_property
    def node(self):
        from pmis.core.nodes import node_model

        return node_model(self.node_kind).objects.filter(pk=self.node_id).first()
