"""The catalogue of project roles and the scheme of their substitution (Rules p.2, p.99, Appendices 1 and 4)."""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import MultilingualNameMixin

from ..choices import Employment, Power, RoleLevel, ScopeKind


class Role(models.Model):
    """A project role of the catalogue (Rules p.2, Appendix 1), kept as data because the Rules change.

    Loaded from ``org/data/roles.csv``. `level` is the level of the hierarchy the role belongs to; `scopes` are
    the kinds of node it may be assigned on (a project office role on a state body or one of its programs);
    `powers` are what it allows on that node and everything below it. `max_holders` is Appendix 1's "number of
    units" where the Rules fix it, `one_active_project` carries p.79 (a project manager manages one active project
    at a time) and `charter_required` p.77 (the roles every project charter names).
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    level = models.CharField(_("level"), max_length=20, choices=RoleLevel.choices)
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300)
    source = models.CharField(_("source"), max_length=200, blank=True)
    scopes = ArrayField(
        models.CharField(max_length=20, choices=ScopeKind.choices),
        verbose_name=_("assigned on"),
        default=list,
        help_text=_("The kinds of node this role may be assigned on."),
    )
    powers = ArrayField(
        models.CharField(max_length=20, choices=Power.choices),
        verbose_name=_("powers"),
        default=list,
        blank=True,
        help_text=_("What the role allows on its node and everything below it."),
    )
    max_holders = models.PositiveSmallIntegerField(
        _("holders at a time"),
        null=True,
        blank=True,
        help_text=_(
            "How many people may hold the role on one node at a time (Appendix 1); empty: any number."
        ),
    )
    employment = models.CharField(
        _("usual employment"), max_length=20, choices=Employment.choices, blank=True
    )
    one_active_project = models.BooleanField(
        _("one active project at a time"),
        default=False,
        help_text=_("A person may hold this role on only one active project at a time (Rules p.79)."),
    )
    charter_required = models.BooleanField(
        _("named in every charter"),
        default=False,
        help_text=_("A project may not leave initiation until this role is assigned (Rules p.77)."),
    )
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


class Substitution(models.Model):
    """One "+" cell of Appendix 4: the holders of `substitute` act for `substituted` (Rules p.99).

    They act when the substituted role has no holder on a node, or its holder is absent, with the substituted
    role's powers for that time. The scheme is data (``org/data/role_substitution.csv``), editable in the admin
    and the API, because the Rules change.
    """

    substitute = models.ForeignKey(
        Role, verbose_name=_("substitute role"), on_delete=models.CASCADE, related_name="substitutes_for"
    )
    substituted = models.ForeignKey(
        Role, verbose_name=_("substituted role"), on_delete=models.CASCADE, related_name="substituted_by"
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role substitution")
        verbose_name_plural = _("role substitution scheme")
        ordering = ["substituted__code", "substitute__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["substitute", "substituted"],
                name="org_substitution_unique",
                violation_error_message=_("This substitution is already in the scheme."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.substitute} → {self.substituted}"
