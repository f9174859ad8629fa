"""Programs, their basic directions and groups of projects."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from org.choices import Region
from pmis.core.models import HierarchyNode

from ..choices import ProgramKind, StandardGroup


class Program(HierarchyNode):
    """A program of a national-priority portfolio: a national project, a program, a regional development plan or
    another program document (Rules p.2(5), p.39).

    Managed by the program manager with the program governing committee (p.44, p.66); its goals meet the SMART
    requirements of p.40 and its end may not be later than its portfolio's (p.9).
    """

    KIND = "program"
    CODE_PREFIX = "PRG"
    DATES_REQUIRED = True

    portfolio = models.ForeignKey(
        "portfolios.Portfolio", verbose_name=_("portfolio"), on_delete=models.PROTECT, related_name="programs"
    )
    kind = models.CharField(
        _("kind of program"), max_length=20, choices=ProgramKind.choices, default=ProgramKind.PROGRAM
    )
    region = models.CharField(_("region"), max_length=30, choices=Region.choices, blank=True)
    history = HistoricalRecords()

    class Meta(HierarchyNode.Meta):
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        constraints = [
            *HierarchyNode.Meta.constraints,
            models.CheckConstraint(
                condition=~Q(kind=ProgramKind.REGIONAL_PLAN) | ~Q(region=""),
                name="programs_program_regional_plan_has_region",
                violation_error_message=_("A regional development plan must name its region."),
            ),
        ]


class BasicDirection(HierarchyNode):
    """A basic direction of a program: one of the tasks that achieve the program's goals (Rules p.2(12), p.41).

    Every state body also has exactly one *standard* basic direction, outside any program, for the continuous
    improvement of public administration, with the six standard groups of p.56; its root is the state body.
    """

    KIND = "direction"
    CODE_PREFIX = "BD"

    program = models.ForeignKey(
        Program,
        verbose_name=_("program"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="directions",
    )
    is_standard = models.BooleanField(_("standard basic direction"), default=False)
    history = HistoricalRecords()

    class Meta(HierarchyNode.Meta):
        verbose_name = _("basic direction")
        verbose_name_plural = _("basic directions")
        constraints = [
            *HierarchyNode.Meta.constraints,
            models.CheckConstraint(
                condition=Q(is_standard=True, program__isnull=True)
                | Q(is_standard=False, program__isnull=False),
                name="programs_direction_standard_xor_program",
                violation_error_message=_(
                    "A basic direction belongs to a program, unless it is the state body's standard one."
                ),
            ),
            models.UniqueConstraint(
                fields=["owner_body"],
                condition=Q(is_standard=True),
                name="programs_direction_one_standard_per_body",
                violation_error_message=_("This state body already has its standard basic direction."),
            ),
        ]


class ProjectGroup(HierarchyNode):
    """A group of projects: the decomposition of a basic direction into projects and activities coordinated
    together for benefits not available when they are managed separately (Rules p.2(22), p.42).

    A group may contain further groups (p.42); its head answers to the head of the group above (p.58).
    """

    KIND = "group"
    CODE_PREFIX = "GP"

    direction = models.ForeignKey(
        BasicDirection, verbose_name=_("basic direction"), on_delete=models.PROTECT, related_name="groups"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent group"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="subgroups",
    )
    standard_kind = models.CharField(
        _("standard group"), max_length=30, choices=StandardGroup.choices, blank=True
    )
    history = HistoricalRecords()

    class Meta(HierarchyNode.Meta):
        verbose_name = _("group of projects")
        verbose_name_plural = _("groups of projects")
        constraints = [
            *HierarchyNode.Meta.constraints,
            models.UniqueConstraint(
                fields=["direction", "standard_kind"],
                condition=~Q(standard_kind=""),
                name="programs_group_standard_kind_once_per_direction",
                violation_error_message=_("This standard group already exists in the basic direction."),
            ),
        ]
