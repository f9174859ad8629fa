"""Plans and actual values of an indicator, per period (a year, or a quarter of it)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class PeriodMixin(models.Model):
    """A period: a year and a quarter, where quarter 0 is the whole year."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), default=0, help_text=_("0 for the whole year."))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_label}: {self.value}"

    @property
    def period(self) -> tuple[int, int]:
        return (self.year, self.quarter)

    @property
    def period_label(self) -> str:
        return period_label(self.year, self.quarter)


def period_label(year: int, quarter: int) -> str:
    """«2026» or «2026 Q2» in the reader's language."""
    if not quarter:
        return str(year)
    return gettext("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter}


def _period_constraints(prefix: str) -> list:
    return [
        models.CheckConstraint(
            condition=Q(quarter__gte=0, quarter__lte=4),
            name=f"{prefix}_quarter_range",
            violation_error_message=_("The quarter is 1 to 4, or 0 for the whole year."),
        ),
        models.CheckConstraint(
            condition=Q(year__gte=1990, year__lte=2100),
            name=f"{prefix}_year_range",
            violation_error_message=_("The year must lie between 1990 and 2100."),
        ),
    ]


class Target(PeriodMixin):
    """The plan of an indicator for a period (Methodology p.35, p.52: intermediate and final values).

    `approved_value` is the plan as first approved and never changes; `value` is the plan as adjusted since (a
    revision of key national indicators goes through the governing council, Rules p.66(5), p.70(7)). For an
    indicator kept within a range the plan is the range [`value`, `value_high`].
    """

    SCOPE_LOOKUP = "indicator__node_path"
    SCOPE_CONTEXT = True

    indicator = models.ForeignKey(
        "kpi_maps.Indicator", verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="targets"
    )
    value = models.DecimalField(_("plan"), max_digits=20, decimal_places=4)
    value_high = models.DecimalField(
        _("upper bound of the plan"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    approved_value = models.DecimalField(_("plan as approved"), max_digits=20, decimal_places=4)
    approved_value_high = models.DecimalField(
        _("upper bound as approved"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    basis = models.CharField(
        _("basis"), max_length=300, blank=True, help_text=_("The document that sets the plan.")
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["indicator", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter"],
                name="kpi_target_one_per_period",
                violation_error_message=_("This indicator already has a plan for this period."),
            ),
            *_period_constraints("kpi_target"),
            models.CheckConstraint(
                condition=Q(value_high__isnull=True) | Q(value_high__gte=models.F("value")),
                name="kpi_target_range_order",
                violation_error_message=_("The upper bound of the plan must not be below its lower bound."),
            ),
        ]

    @property
    def is_adjusted(self) -> bool:
        return self.value != self.approved_value or self.value_high != self.approved_value_high


def evidence_path(instance, filename: str) -> str:
    return f"kpi/evidence/{instance.indicator_id}/{instance.year}-{instance.quarter}/{filename}"


class Value(PeriodMixin):
    """The actual value of an indicator for a period, with its source, evidence and who entered it.

    A correction rewrites `value` with a reason; the history keeps every earlier figure and who entered it.
    A quarterly value is the indicator's value at the quarter's end; an annual one, the year's.
    """

    SCOPE_LOOKUP = "indicator__node_path"
    SCOPE_CONTEXT = True

    indicator = models.ForeignKey(
        "kpi_maps.Indicator", verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="values"
    )
    value = models.DecimalField(_("fact"), max_digits=20, decimal_places=4)
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Where the figure comes from.")
    )
    evidence = models.FileField(_("evidence"), upload_to=evidence_path, max_length=300, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    history = HistoricalRecords(excluded_fields=["version"])

    class Meta:
        verbose_name = _("actual value")
        verbose_name_plural = _("actual values")
        ordering = ["indicator", "year", "quarter"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year", "quarter"],
                name="kpi_value_one_per_period",
                violation_error_message=_("This indicator already has an actual value for this period."),
            ),
            *_period_constraints("kpi_value"),
        ]
