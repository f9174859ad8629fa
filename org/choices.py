"""Choices of the organisation app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyKind(models.TextChoices):
    """Kinds of state body that take part in project management (Rules p.2, p.30, p.47)."""

    CENTRAL = "central", _("Central state body")
    LOCAL = "local", _("Local executive body")
    OFFICE = "office", _("National project Office")


class UnitKind(models.TextChoices):
    STRUCTURAL = "structural", _("Structural unit")
    SUBORDINATE = "subordinate", _("Subordinate organisation")


class Region(models.TextChoices):
    """Regions and cities of republican significance of the Republic of Kazakhstan (2022 division)."""

    ASTANA = "astana", _("Astana")
    ALMATY_CITY = "almaty_city", _("Almaty")
    SHYMKENT = "shymkent", _("Shymkent")
    ABAI = "abai", _("Abai region")
    AKMOLA = "akmola", _("Akmola region")
    AKTOBE = "aktobe", _("Aktobe region")
    ALMATY = "almaty", _("Almaty region")
    ATYRAU = "atyrau", _("Atyrau region")
    EAST_KAZAKHSTAN = "east_kazakhstan", _("East Kazakhstan region")
    ZHAMBYL = "zhambyl", _("Zhambyl region")
    ZHETISU = "zhetisu", _("Zhetisu region")
    WEST_KAZAKHSTAN = "west_kazakhstan", _("West Kazakhstan region")
    KARAGANDA = "karaganda", _("Karaganda region")
    KOSTANAY = "kostanay", _("Kostanay region")
    KYZYLORDA = "kyzylorda", _("Kyzylorda region")
    MANGYSTAU = "mangystau", _("Mangystau region")
    PAVLODAR = "pavlodar", _("Pavlodar region")
    NORTH_KAZAKHSTAN = "north_kazakhstan", _("North Kazakhstan region")
    TURKISTAN = "turkistan", _("Turkistan region")
    ULYTAU = "ulytau", _("Ulytau region")


class RoleLevel(models.TextChoices):
    """The level of the hierarchy a project role belongs to (roles.csv, column `level`)."""

    OFFICE = "office", _("Office")
    PORTFOLIO = "portfolio", _("Portfolio")
    PROGRAM = "program", _("Program")
    DIRECTION = "direction", _("Basic direction")
    GROUP = "group", _("Group of projects")
    PROJECT = "project", _("Project")
