"""The passport of an indicator and where it sits on the goal map."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import MultilingualNameMixin, in_reader_language

from ..choices import RESPONSIBILITY, Direction, IndicatorKind, Periodicity, SourceType

NODE_KINDS = [(kind, kind) for kind in RESPONSIBILITY]


class Indicator(MultilingualNameMixin):
    """An indicator with its passport, attached to one node of the hierarchy (Rules p.17, Appendix 2).

    A key national indicator of a portfolio (level 1, the curator's), decomposed into the indicators of its
    programs (level 2, the program manager's), basic directions (level 3), groups of projects (level 4) and the
    projects' own indicators (Rules p.17, p.37(4–5), p.68(11), p.71(1)). The passport follows the Methodology
    (summary §2, App.1-1): unit, kind, direction, data source, periodicity, calculation methodology, base value
    and year. Plans (`Target`) and actual values (`Value`) are kept per period; decomposition links
    (`Contribution`) carry each child's share in its parent.

    `node_path` copies the path of the node the indicator is attached to: powers over the indicator are those
    over its node (pmis.core.authorization), and a move of the node rewrites it (pmis.core.hierarchy).
    """

    SCOPE_LOOKUP = "node_path"
    #: Whoever sees a node below may read the indicators above it: the goal map their work serves.
    SCOPE_CONTEXT = True

    code = models.CharField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_("The indicator's code in the goal map, e.g. KNI-1.2."),
        error_messages={"unique": _("An indicator with this code already exists.")},
    )
    unit_kk = models.CharField(_("unit (Kazakh)"), max_length=100, blank=True)
    unit_ru = models.CharField(_("unit (Russian)"), max_length=100, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=100, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.KNI
    )
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    source_type = models.CharField(
        _("data source"), max_length=20, choices=SourceType.choices, default=SourceType.OFFICIAL
    )
    source_name = models.CharField(
        _("source of data"), max_length=300, blank=True, help_text=_("Who publishes the figures.")
    )
    periodicity = models.CharField(
        _("periodicity"), max_length=20, choices=Periodicity.choices, default=Periodicity.ANNUAL
    )
    methodology = models.TextField(_("calculation methodology"), blank=True)
    base_value = models.DecimalField(_("base value"), max_digits=20, decimal_places=4, null=True, blank=True)
    base_year = models.PositiveSmallIntegerField(_("base year"), null=True, blank=True)
    node_kind = models.CharField(_("level of the node"), max_length=20, choices=NODE_KINDS)
    node_id = models.PositiveBigIntegerField(_("node"))
    node_path = models.CharField(_("path"), max_length=255, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["version", "updated_at"])

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]
        indexes = [
            models.Index(fields=["node_path"], name="kpi_indicator_path", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["node_kind", "node_id"], name="kpi_indicator_node"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(base_year__isnull=True) | Q(base_year__gte=1990, base_year__lte=2100),
                name="kpi_indicator_base_year_range",
                violation_error_message=_("The base year must lie between 1990 and 2100."),
            ),
        ]

    @property
    def unit(self) -> str:
        return in_reader_language(
            {"kk": self.unit_kk, "ru": self.unit_ru, "en": self.unit_en}, self.FALLBACK_ORDER
        )

    @property
    def level(self) -> int | None:
        """The level of personal responsibility (Rules p.17): 1–4, None for a project's own indicator."""
        return RESPONSIBILITY[self.node_kind][0]

    @property
    def node_ref(self) -> str:
        return f"{self.node_kind}:{self.node_id}"
