"""A project's charter: its content, results, budget by funding source and schedule of milestones."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import FundingSource


class Charter(models.Model):
    """The project charter: the governing document characterising the project — content, budget, timeframe,
    schedule and whatever else its implementation needs (Rules p.2(30)).

    Goal, dates and the total budget live on the project itself (they are the hierarchy node's); the charter adds
    what the project will do and deliver, the Office's additional requirements of Rules p.78 that the stage
    transitions check, and its approval. Its roles are the project's role assignments (p.77).
    """

    SCOPE_LOOKUP = "project__path"

    project = models.OneToOneField(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="charter"
    )
    content = models.TextField(
        _("content"), blank=True, help_text=_("What the project does: its scope of work.")
    )
    results = models.TextField(
        _("results"), blank=True, help_text=_("What the project delivers, one per line.")
    )
    stakeholders = models.TextField(_("stakeholders"), blank=True)
    requires_kickoff_protocol = models.BooleanField(
        _("kick-off protocol required"),
        default=False,
        help_text=_(
            "The Office requires the protocol of the kick-off meeting in the archive (Rules p.78(5))."
        ),
    )
    requires_change_control = models.BooleanField(
        _("change requests required"),
        default=False,
        help_text=_("The Office requires change requests and a change log (Rules p.78(6))."),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("project charter")
        verbose_name_plural = _("project charters")

    def __str__(self) -> str:
        return str(self.project)


class FundingLine(models.Model):
    """One line of a project's budget: an amount from one funding source in one year (Rules p.2(30), p.78)."""

    SCOPE_LOOKUP = "project__path"

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="funding_lines"
    )
    source = models.CharField(_("funding source"), max_length=20, choices=FundingSource.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    amount = models.DecimalField(
        _("amount, KZT"), max_digits=18, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding line")
        verbose_name_plural = _("funding lines")
        ordering = ["year", "source", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "source", "year"],
                name="projects_fundingline_one_per_source_year",
                violation_error_message=_("This source already has a line for that year."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="projects_fundingline_amount_not_negative",
                violation_error_message=_("The amount cannot be negative."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.year}: {self.amount}"


class Milestone(models.Model):
    """A control point of the project schedule (Rules p.2(30)): what must be reached by when."""

    SCOPE_LOOKUP = "project__path"

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="milestones"
    )
    title = models.CharField(_("title"), max_length=300)
    due_on = models.DateField(_("due date"))
    done_on = models.DateField(_("reached on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.title
