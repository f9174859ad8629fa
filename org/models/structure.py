"""State bodies and their structural units (Rules Appendix 1; OP Rules p.7)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import MultilingualNameMixin

from ..choices import BodyKind, Region, UnitKind


class StateBody(MultilingualNameMixin):
    """A central state body, a local executive body (akimat) of a region, or the national project Office.

    Each state body forms one project office (Rules p.47), owns one standard basic direction (p.56) and has one
    operational plan a year (OP Rules p.2). A local executive body belongs to a region (p.34 rates regions).
    """

    code = models.SlugField(_("code"), max_length=40, unique=True)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)
    region = models.CharField(_("region"), max_length=30, choices=Region.choices, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("state body")
        verbose_name_plural = _("state bodies")
        ordering = ["kind", "code"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=BodyKind.LOCAL) | ~Q(region=""),
                name="org_statebody_local_has_region",
                violation_error_message=_("A local executive body must have its region."),
            ),
        ]

    @property
    def ref(self) -> str:
        return f"office:{self.pk}" if self.kind == BodyKind.OFFICE else f"body:{self.pk}"


class Unit(MultilingualNameMixin):
    """A structural unit or a subordinate organisation of a state body.

    Units are the "responsible executors" of operational-plan activities (OP Rules p.7) and the places people
    work in; a unit may sit inside another (department → division). Its `head` answers for the unit's quarterly
    information on the operational plan (OP Rules p.14).
    """

    body = models.ForeignKey(
        StateBody, verbose_name=_("state body"), on_delete=models.PROTECT, related_name="units"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, default=UnitKind.STRUCTURAL)
    code = models.SlugField(_("code"), max_length=40)
    head = models.ForeignKey(
        "org.Person",
        verbose_name=_("head"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="headed_units",
        help_text=_(
            "Confirms the accuracy, completeness and timeliness of the unit's information on the operational plan "
            "(OP Rules p.14)."
        ),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["body", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["body", "code"],
                name="org_unit_code_unique_in_body",
                violation_error_message=_("This state body already has a unit with this code."),
            ),
        ]
