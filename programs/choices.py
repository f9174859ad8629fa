from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgramKind(models.TextChoices):
    """What a program is (Rules p.39): the status of program applies to all four."""

    NATIONAL_PROJECT = "national_project", _("National project")
    PROGRAM = "program", _("Program")
    REGIONAL_PLAN = "regional_plan", _("Regional development plan")
    OTHER = "other", _("Other program document")


class StandardGroup(models.TextChoices):
    """The six groups of projects of every state body's standard basic direction (Rules p.56)."""

    MODERNIZATION = "modernization", _("Modernization of public administration")
    PROFESSIONALISM = (
        "professionalism",
        _("Increasing the professionalism and qualifications of the state apparatus"),
    )
    APPEALS = "appeals", _("Work with appeals of individuals and legal entities")
    ANTI_CORRUPTION = "anti_corruption", _("Prevention and counteraction to corruption")
    PUBLIC_CONSCIOUSNESS = "public_consciousness", _("Modernization of public consciousness")
    DIGITALIZATION = (
        "digitalization",
        _("Digitalization of public services and the sphere/sector/region of activity of the state body"),
    )


class ProblemStatus(models.TextChoices):
    """The dynamics of a problem of the register of Appendix 3, updated as the program is implemented (p.62(1))."""

    OPEN = "open", pgettext_lazy("problem", "Open")
    EASING = "easing", _("Easing")
    SOLVED = "solved", pgettext_lazy("problem", "Solved")
    WORSENING = "worsening", _("Worsening")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("report", "Draft")
    ISSUED = "issued", pgettext_lazy("report", "Issued")
