"""State bodies, their units, the people who work in the PMIS and the catalogue of project roles."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import MultilingualNameMixin

from .choices import BodyKind, Region, RoleLevel, UnitKind


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
    work in; a unit may sit inside another (department → division).
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


class Person(AbstractUser):
    """A person who works in the PMIS: a civil servant, an expert, a member of a public monitoring group.

    The name is kept as Kazakh documents write it: surname, first name, patronymic. `unit` places the person in
    the line structure; project roles (matrix structure, Rules p.42) come from role assignments.
    """

    last_name = models.CharField(_("surname"), max_length=150, blank=True)
    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=300, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.SET_NULL, null=True, blank=True, related_name="people"
    )
    language = models.CharField(
        _("preferred language"),
        max_length=2,
        choices=[("kk", "Қазақша"), ("ru", "Русский"), ("en", "English")],
        default="ru",
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name", "patronymic"]

    @property
    def full_name(self) -> str:
        return (
            " ".join(part for part in (self.last_name, self.first_name, self.patronymic) if part)
            or self.username
        )

    @property
    def short_name(self) -> str:
        """Surname with initials, as protocols write it: "Ахметов А.Б."."""
        initials = "".join(f"{part[0]}." for part in (self.first_name, self.patronymic) if part)
        return f"{self.last_name} {initials}".strip() or self.username

    def __str__(self) -> str:
        return self.full_name


class Role(models.Model):
    """A project role of the catalogue (Rules p.2, Appendix 1), kept as data because the Rules change.

    Loaded from ``org/data/roles.csv``; `level` says on which kind of node the role is assigned.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=RoleLevel.choices)
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    source = models.CharField(_("source"), max_length=200, blank=True)
    is_active = models.BooleanField(_("in use"), default=True)
    history = HistoricalRecords()

    name = MultilingualNameMixin.name
    FALLBACK_ORDER = MultilingualNameMixin.FALLBACK_ORDER

    class Meta:
        verbose_name = _("project role")
        verbose_name_plural = _("project roles")
        ordering = ["level", "code"]

    def __str__(self) -> str:
        return self.name
