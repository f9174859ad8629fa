"""Public monitoring groups and their results (Rules p.18)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import Compliance, ResultStatus


class MonitoringGroup(models.Model):
    """A public monitoring group (Rules p.18): members of the public who check that projects of programs and
    portfolios of national priorities proceed as planned — terms, quality, cost and socially significant results.

    The project office of the state body (`body`) gives the group access to the PMIS: each granted project is a
    read-only object permission of the group's Django group (`auth_group`, django-guardian), so its members see
    exactly those projects and nothing else. Their results go to that project office (`MonitoringResult`).
    """

    name = models.CharField(_("name"), max_length=300)
    body = models.ForeignKey(
        "org.StateBody",
        verbose_name=_("state body (project office)"),
        on_delete=models.PROTECT,
        related_name="monitoring_groups",
    )
    auth_group = models.OneToOneField(
        "auth.Group",
        verbose_name=_("access group"),
        on_delete=models.PROTECT,
        related_name="monitoring_group",
    )
    basis = models.CharField(_("basis (order, agreement)"), max_length=300, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public monitoring group")
        verbose_name_plural = _("public monitoring groups")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("monitoring-group-detail", args=[self.pk])


class MonitoringResult(models.Model):
    """The results of a group's public monitoring of one project for a period, filed to the project office
    (Rules p.18): whether the progress and the socially significant results actually achieved comply with the
    planned parameters — terms, quality, cost."""

    SCOPE_LOOKUP = "project__path"

    group = models.ForeignKey(
        MonitoringGroup, verbose_name=_("monitoring group"), on_delete=models.PROTECT, related_name="results"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="monitoring_results",
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    terms = models.CharField(
        _("terms"), max_length=15, choices=Compliance.choices, default=Compliance.NOT_ASSESSED
    )
    quality = models.CharField(
        _("quality"), max_length=15, choices=Compliance.choices, default=Compliance.NOT_ASSESSED
    )
    cost = models.CharField(
        _("cost"), max_length=15, choices=Compliance.choices, default=Compliance.NOT_ASSESSED
    )
    social_results = models.TextField(_("socially significant results actually achieved"), blank=True)
    findings = models.TextField(_("findings and proposals"))
    status = models.CharField(
        _("status"), max_length=10, choices=ResultStatus.choices, default=ResultStatus.SUBMITTED
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("submitted by"), on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    response = models.TextField(_("project office's response"), blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("considered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    received_at = models.DateTimeField(_("considered at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("public monitoring result")
        verbose_name_plural = _("public monitoring results")
        ordering = ["-submitted_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="monitoring_result_period_order",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.project}"

    def get_absolute_url(self) -> str:
        return reverse("monitoring-result-detail", args=[self.pk])
