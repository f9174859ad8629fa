"""An initiative (measure) and the frozen versions of its passport (Rules p.21–26)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import MultilingualNameMixin

from ..choices import DecidingBody, DecisionForm, InitiativeStatus, Outcome, ProposerKind

NODE_KINDS = [(kind, kind) for kind in ("portfolio", "program", "direction", "group", "project")]


class Initiative(MultilingualNameMixin):
    """An initiative (measure) proposed to improve a program or to start a new one (Rules p.21–26).

    Anyone with access takes part (p.22): staff, project personnel, experts, business, NGOs, citizens, a public
    monitoring group. The proposer works through the six steps of p.21 — priority list, newsletter, decision
    tree, key problems and solutions, impact assessment, proposed status — whose content (`passport`, a dict per
    step, schema in `initiatives.passport`) is the initiative passport of p.24; each submission freezes a
    `PassportVersion`. The project office of the addressed state body (`body`) identifies it — similar
    initiatives and projects, decomposition to a rational level — and, in agreement with the Office, recommends
    one of the five outcomes of p.24 with the node it lands in (`target_*`). The program governing committee
    decides; the governing council decides a new program or national project (p.25). On approval the initiative
    becomes that object (`result_*`, p.26), which carries its passport.

    `scope_path` is the path at which powers over it are decided (pmis.core.authorization): the target node once
    one is named, else the program it improves, else the portfolio, else the addressed body (``body:<id>/``) —
    so the program manager and the head of the basic direction see it (p.23). Its proposer always sees it.
    """

    SCOPE_LOOKUP = "scope_path"
    #: The proposer sees their initiative wherever it is addressed and works on its passport ("contribute");
    #: identifying and recommending it is "change" at its scope: the project office (pmis.core.people_access).
    PEOPLE = {"view": ("proposer",), "contribute": ("proposer",)}

    code = models.CharField(_("number"), max_length=32, unique=True, editable=False)
    proposer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposer"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    proposer_kind = models.CharField(
        _("proposed on behalf of"),
        max_length=20,
        choices=ProposerKind.choices,
        default=ProposerKind.PROJECT_PERSONNEL,
    )
    proposer_organisation = models.CharField(_("organisation"), max_length=300, blank=True)
    body = models.ForeignKey(
        "org.StateBody",
        verbose_name=_("state body (project office)"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The state body whose project office identifies the initiative (Rules p.24)."),
    )
    portfolio = models.ForeignKey(
        "portfolios.Portfolio",
        verbose_name=_("portfolio of the national priority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    program = models.ForeignKey(
        "programs.Program",
        verbose_name=_("program it improves"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="initiatives",
    )
    scope_path = models.CharField(_("path"), max_length=255, editable=False)
    summary = models.TextField(_("summary"), blank=True)
    passport = models.JSONField(_("passport"), default=dict, blank=True)
    steps_done = models.PositiveSmallIntegerField(
        _("steps completed"), default=0, help_text=_("How many of the six steps of Rules p.21 are filled in.")
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    estimated_cost = models.DecimalField(
        _("estimated cost, KZT"),
        max_digits=18,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    proposed_outcome = models.CharField(
        _("proposed status"), max_length=12, choices=Outcome.choices, blank=True
    )
    status = models.CharField(
        _("status"), max_length=12, choices=InitiativeStatus.choices, default=InitiativeStatus.DRAFT
    )
    passport_version = models.PositiveIntegerField(
        _("passport version"), default=0, help_text=_("The number of the last submitted passport; 0: never.")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)

    # The project office's identification and recommendation (Rules p.24).
    target_kind = models.CharField(_("target level"), max_length=12, choices=NODE_KINDS, blank=True)
    target_id = models.PositiveBigIntegerField(_("target node"), null=True, blank=True)
    recommended_outcome = models.CharField(
        _("recommended status"), max_length=12, choices=Outcome.choices, blank=True
    )
    identification = models.TextField(
        _("identification and decomposition"),
        blank=True,
        help_text=_(
            "Duplicates found, the decomposition to a rational level, relevance, scale and complexity."
        ),
    )
    similar = models.JSONField(
        _("similar initiatives and projects"),
        default=list,
        blank=True,
        help_text=_("What the project office checked for duplication: references with its conclusion."),
    )
    office_agreed_on = models.DateField(
        _("agreed with the Office on"),
        null=True,
        blank=True,
        help_text=_("Rules p.24: in agreement with the Office."),
    )
    recommended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recommended by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    recommended_at = models.DateTimeField(_("recommended at"), null=True, blank=True)

    # The decision (Rules p.25) and what the initiative became (p.26).
    decided_outcome = models.CharField(
        _("status assigned"), max_length=12, choices=Outcome.choices, blank=True
    )
    deciding_body = models.CharField(_("decided by"), max_length=12, choices=DecidingBody.choices, blank=True)
    decision_form = models.CharField(
        _("form of the decision"), max_length=10, choices=DecisionForm.choices, blank=True
    )
    meeting = models.ForeignKey(
        "scrum.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_document = models.CharField(_("protocol or decision number"), max_length=100, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_reasons = models.TextField(_("reasons"), blank=True)
    result_kind = models.CharField(_("became a"), max_length=12, blank=True)
    result_id = models.PositiveBigIntegerField(_("became object"), null=True, blank=True)

    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["scope_path"], name="initiative_scope", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["status"], name="initiative_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="initiative_planned_dates_order",
                violation_error_message=_("The planned end must not be earlier than the planned start."),
            ),
            models.CheckConstraint(
                condition=~Q(status=InitiativeStatus.REJECTED) | ~Q(decision_reasons=""),
                name="initiative_rejection_has_reasons",
                violation_error_message=_("A rejection carries its reasons."),
            ),
            models.CheckConstraint(
                condition=~Q(status=InitiativeStatus.APPROVED) | ~Q(decided_outcome=""),
                name="initiative_approval_has_outcome",
                violation_error_message=_("An approval assigns one of the five statuses."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("initiative-detail", args=[self.pk])

    @property
    def target_ref(self) -> str:
        return f"{self.target_kind}:{self.target_id}" if self.target_kind and self.target_id else ""

    @property
    def result_ref(self) -> str:
        return f"{self.result_kind}:{self.result_id}" if self.result_kind and self.result_id else ""


class PassportVersion(models.Model):
    """One submitted initiative passport (Rules p.24), frozen: every resubmission after a return is a new
    version, so the committee decides on what it read and any two versions compare."""

    SCOPE_LOOKUP = "initiative__scope_path"
    PEOPLE = {"view": ("initiative__proposer",)}

    initiative = models.ForeignKey(
        Initiative, verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    name_kk = models.CharField(_("name (Kazakh)"), max_length=500, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=500, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    passport = models.JSONField(_("passport"), default=dict)
    note = models.TextField(_("what changed"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("passport version")
        verbose_name_plural = _("passport versions")
        ordering = ["initiative", "number"]
        constraints = [
            models.UniqueConstraint(fields=["initiative", "number"], name="initiative_passport_version_once"),
        ]

    def __str__(self) -> str:
        return f"{self.initiative.code} · v{self.number}"
