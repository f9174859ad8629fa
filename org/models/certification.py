"""A person's certificate in project management."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import CertificateKind


class Certification(models.Model):
    """A certificate proving a person's level of qualification in project management: the last performance
    ratio of Rules p.64 counts the share of a program's project personnel holding a valid one on the day."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="certifications",
    )
    kind = models.CharField(_("certificate"), max_length=12, choices=CertificateKind.choices)
    number = models.CharField(_("number"), max_length=100, blank=True)
    issued_on = models.DateField(_("issued on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("certificate in project management")
        verbose_name_plural = _("certificates in project management")
        ordering = ["person", "-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("issued_on")),
                name="org_certification_validity",
                violation_error_message=_("A certificate cannot expire before it is issued."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()}"
