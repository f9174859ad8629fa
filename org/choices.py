"""Choices of the organisation app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class ScopeKind(models.TextChoices):
    """Where a role is assigned: the Office, a state body, or a node of the hierarchy (DESIGN.md §2)."""

    OFFICE = "office", _("Office")
    BODY = "body", _("State body")
    PORTFOLIO = "portfolio", _("Portfolio")
    PROGRAM = "program", _("Program")
    DIRECTION = "direction", _("Basic direction")
    GROUP = "group", _("Group of projects")
    PROJECT = "project", _("Project")


class Power(models.TextChoices):
    """What holding a role allows on its node and everything below it; the catalogue gives each role its powers.

    "add" is adding children under a node; "manage team" is assigning people to roles there and recording
    their absences; "approve" is deciding (initiatives, schedules, charters) where later parts of the PMIS ask;
    "contribute" is the daily work of a project team inside a project's workspace (tasks on the board, risks,
    lessons, documents) without changing the project itself (Rules p.2(57), p.84).
    """

    VIEW = "view", _("View")
    ADD = "add", _("Add")
    CHANGE = "change", _("Change")
    DELETE = "delete", _("Delete")
    MANAGE_TEAM = "manage_team", _("Manage the team")
    APPROVE = "approve", _("Approve")
    CONTRIBUTE = "contribute", _("Work on tasks")


class BasisKind(models.TextChoices):
    """The document a role is assigned by (Rules Appendix 1, column 5)."""

    # A context keeps "Order" (a document: приказ, бұйрық) apart from "order" (sorting) in the translations.
    ORDER = "order", pgettext_lazy("basis document", "Order")
    REGULATION = "regulation", pgettext_lazy("basis document", "Regulation")
    PROTOCOL = "protocol", pgettext_lazy("basis document", "Protocol")
    INSTRUCTION = "instruction", pgettext_lazy("basis document", "Instruction")


class Employment(models.TextChoices):
    """How a role is performed (Rules Appendix 1, column 4)."""

    FULL_TIME = "full_time", _("Full-time")
    COMBINED = "combined", _("Combined with the main activity")


class AbsenceKind(models.TextChoices):
    """Why a person is away; while away, the substitutes of their roles act for them (Rules p.99)."""

    LEAVE = "leave", _("Leave")
    BUSINESS_TRIP = "business_trip", _("Business trip")
    ILLNESS = "illness", _("Illness")
    OTHER = "other", _("Other")


class CertificateKind(models.TextChoices):
    """A proven level of qualification in project management (Rules p.64)."""

    IPMA_A = "ipma_a", _("IPMA level A")
    IPMA_B = "ipma_b", _("IPMA level B")
    IPMA_C = "ipma_c", _("IPMA level C")
    IPMA_D = "ipma_d", _("IPMA level D")
    PMP = "pmp", _("PMI PMP")
    PRINCE2 = "prince2", _("PRINCE2")
    NATIONAL = "national", _("National certification in project management")
    OTHER = "other", _("Other certificate")
