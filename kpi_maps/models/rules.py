"""The configurable rule set that turns plan and fact into an achievement and a colour."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import MultilingualNameMixin

from ..choices import Formula


class RuleSet(MultilingualNameMixin):
    """How achievement is scored: a documented, configurable rule set, never presented as official.

    The sources define no scoring formula (Methodology summary §4; Rules p.64 leaves the methodology of ratios to
    the Office, p.66(7) the rating methodology to the program manager). The default: fact / plan for
    higher-is-better, plan / fact for lower-is-better, 100 % inside the range for range indicators, capped at
    `cap`; green from `green`, amber from `amber`, red below. The rule set without a portfolio is the default;
    a portfolio may have its own. `kpi_maps.scoring` computes it, in Python and in SQL, the same way.
    """

    portfolio = models.OneToOneField(
        "portfolios.Portfolio",
        verbose_name=_("portfolio"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="rule_set",
    )
    higher_formula = models.CharField(
        _("higher is better"), max_length=10, choices=Formula.choices, default=Formula.RATIO
    )
    lower_formula = models.CharField(
        _("lower is better"), max_length=10, choices=Formula.choices, default=Formula.RATIO
    )
    cap = models.DecimalField(
        _("cap"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("1.00"),
        help_text=_("The highest achievement counted, as a fraction: 1.00 is 100 %."),
    )
    green = models.DecimalField(
        _("green from"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.95"),
        help_text=_("An achievement at or above this fraction is on track."),
    )
    amber = models.DecimalField(
        _("amber from"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0.80"),
        help_text=_(
            "An achievement at or above this fraction, but below green, is at risk; below it, off track."
        ),
    )
    basis = models.TextField(
        _("basis"), blank=True, help_text=_("The document or decision that adopted this rule set, if any.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("achievement rule set")
        verbose_name_plural = _("achievement rule sets")
        ordering = ["portfolio"]
        constraints = [
            models.UniqueConstraint(
                fields=["portfolio"],
                condition=Q(portfolio__isnull=True),
                name="kpi_ruleset_one_default",
                violation_error_message=_("There is already a default rule set."),
            ),
            models.CheckConstraint(
                condition=Q(amber__gt=0, green__gte=F("amber"), cap__gte=F("green")),
                name="kpi_ruleset_thresholds_order",
                violation_error_message=_("The thresholds must satisfy 0 < amber ≤ green ≤ cap."),
            ),
        ]
