"""Decomposition links of the goal map."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Contribution(models.Model):
    """A child indicator's contribution to a parent indicator above it, as a share in percent.

    The decomposition of goals and indicators down the goal map (Rules p.71(1), Methodology p.60–62, App.1-1
    item 5). The child's node lies strictly below the parent's, so the links never form a cycle. The shares of
    a parent's children add up to at most 100 %; what is left is the part no project is yet seen to move (the
    gap of Rules p.74). An indicator may contribute to several parents.
    """

    SCOPE_LOOKUP = "child__node_path"
    SCOPE_CONTEXT = True

    parent = models.ForeignKey(
        "kpi_maps.Indicator",
        verbose_name=_("parent indicator"),
        on_delete=models.CASCADE,
        related_name="inputs",
    )
    child = models.ForeignKey(
        "kpi_maps.Indicator",
        verbose_name=_("contributing indicator"),
        on_delete=models.CASCADE,
        related_name="outputs",
    )
    share = models.DecimalField(
        _("share, %"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
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
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["parent", "child"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "child"],
                name="kpi_contribution_once",
                violation_error_message=_("This indicator already contributes to that parent."),
            ),
            models.CheckConstraint(
                condition=~Q(parent=F("child")),
                name="kpi_contribution_not_self",
                violation_error_message=_("An indicator cannot contribute to itself."),
            ),
            models.CheckConstraint(
                condition=Q(share__gt=0, share__lte=100),
                name="kpi_contribution_share_range",
                violation_error_message=_("The share is more than 0 and at most 100 %."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child.code} → {self.parent.code} ({self.share} %)"
