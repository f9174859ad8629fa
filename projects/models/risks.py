"""The project's risk register (Rules p.2(39))."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import RiskLevel, RiskResponse, RiskStatus


class Risk(models.Model):
    """A project risk: an uncertain event or condition that, if it occurs, affects a project goal, positively or
    negatively (Rules p.2(39)).

    Probability and impact are on a five-point scale; `score` (their product, kept by the database) ranks the
    register. `owner` answers for the response; `version` refuses a stale edit.
    """

    SCOPE_LOOKUP = "project__path"

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="risks"
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    title = models.CharField(_("risk"), max_length=300)
    description = models.TextField(_("description"), blank=True, help_text=_("Cause, event and consequence."))
    is_opportunity = models.BooleanField(
        _("opportunity"), default=False, help_text=_("A positive risk: an opportunity for the project.")
    )
    probability = models.PositiveSmallIntegerField(_("probability"), choices=RiskLevel.choices)
    impact = models.PositiveSmallIntegerField(_("impact"), choices=RiskLevel.choices)
    score = models.GeneratedField(
        expression=models.F("probability") * models.F("impact"),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
        verbose_name=_("score"),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_risks",
    )
    response = models.CharField(_("response"), max_length=20, choices=RiskResponse.choices, blank=True)
    response_plan = models.TextField(_("response plan"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RiskStatus.choices, default=RiskStatus.IDENTIFIED
    )
    identified_on = models.DateField(_("identified on"))
    review_on = models.DateField(_("next review"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords(excluded_fields=["score"])

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["project", "-score", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="projects_risk_unique_number"),
        ]

    def __str__(self) -> str:
        return f"R-{self.number} {self.title}"
