"""Choices of the control of instructions (Rules p.92–94)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Source(models.TextChoices):
    """Whose instruction it is (Rules p.92)."""

    GOVERNMENT = "government", _("Government management")
    GOVERNMENT_OFFICE_HEAD = "government_office_head", _("Head of the Government Office")
    NP_CURATOR = "np_curator", _("Curator of the national priority")
    PROGRAM_MANAGER = "program_manager", _("Program manager")
    BD_HEAD = "bd_head", _("Head of the basic direction")


class Form(models.TextChoices):
    """Written or oral (Rules p.94: standard checklists exist for both)."""

    WRITTEN = "written", _("Written")
    ORAL = "oral", _("Oral")


class InstructionStatus(models.TextChoices):
    """Put on control → executed (the executor reports) → removed from control by the one who put it; a report
    that does not suffice sends it back on control."""

    ON_CONTROL = "on_control", _("On control")
    EXECUTED = "executed", pgettext_lazy("instruction", "Executed, awaiting removal")
    REMOVED = "removed", _("Removed from control")


class Escalation(models.IntegerChoices):
    """How far an overdue instruction has climbed: the executor and the controller are told on the first day,
    the head of the project office (or of the Office's implementation group) after three working days."""

    NONE = 0, _("Not escalated")
    CONTROLLER = 1, _("Overdue: executor and controller notified")
    HEAD = 2, _("Escalated to the head of the project office")
