"""Choices of the management of initiatives (measures), Rules p.21–26."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InitiativeStatus(models.TextChoices):
    """Where an initiative stands.

    A proposer drafts it and submits its passport (p.24) — each submission freezes a version; the project office
    may return it for revision, then identifies it (duplicates, decomposition) and recommends one of the five
    outcomes of p.24 in agreement with the Office; the program governing committee (the governing council for a
    new program or national project, p.25) approves or rejects it. On approval it becomes that object (p.26).
    """

    DRAFT = "draft", pgettext_lazy("initiative", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("initiative", "Submitted")
    RETURNED = "returned", pgettext_lazy("initiative", "Returned for revision")
    RECOMMENDED = "recommended", pgettext_lazy("initiative", "Recommended for decision")
    APPROVED = "approved", pgettext_lazy("initiative", "Approved")
    REJECTED = "rejected", pgettext_lazy("initiative", "Rejected")
    WITHDRAWN = "withdrawn", pgettext_lazy("initiative", "Withdrawn")


#: The statuses in which the proposer (or the project office) may still edit the passport.
EDITABLE_STATUSES = (InitiativeStatus.DRAFT, InitiativeStatus.RETURNED)
#: The statuses after which nothing changes any more.
FINAL_STATUSES = (InitiativeStatus.APPROVED, InitiativeStatus.REJECTED, InitiativeStatus.WITHDRAWN)


class Outcome(models.TextChoices):
    """The five statuses an initiative may be given (Rules p.24): what it becomes, and where."""

    TASK = "task", _("New task of a project being implemented")
    PROJECT = "project", _("New project in an existing group of projects")
    GROUP = "group", _("New group of projects in an existing basic direction")
    DIRECTION = "direction", _("New basic direction in an existing program")
    PROGRAM = "program", _("New program in the portfolio of the national priority")


#: The kind of node an outcome lands in (the "target"): a task goes into a project, a project into a group …
OUTCOME_TARGET_KIND: dict[str, str] = {
    Outcome.TASK: "project",
    Outcome.PROJECT: "group",
    Outcome.GROUP: "direction",
    Outcome.DIRECTION: "program",
    Outcome.PROGRAM: "portfolio",
}


class ProposerKind(models.TextChoices):
    """Who takes part in the management of initiatives (Rules p.22)."""

    OFFICE = "office", _("The Office")
    PROJECT_OFFICE = "project_office", _("Project office of a state body")
    PROJECT_PERSONNEL = "project_personnel", _("Project personnel")
    STATE_BODY = "state_body", _("Authorized state body")
    BUSINESS = "business", _("Business community")
    EXPERT = "expert", _("Expert community")
    NGO = "ngo", _("Non-governmental organization")
    CITIZEN = "citizen", _("Citizen of the Republic of Kazakhstan")
    PUBLIC_MONITORING = "public_monitoring", _("Public monitoring group")


class DecidingBody(models.TextChoices):
    """Who decides on the status (Rules p.25): the governing council for a new program or national project, the
    program governing committee for the rest."""

    COMMITTEE = "committee", _("Program governing committee")
    COUNCIL = "council", _("Governing council of the national priority")


class DecisionForm(models.TextChoices):
    """How the decision was taken."""

    MEETING = "meeting", _("At a meeting")
    WRITTEN = "written", _("By written decision")
