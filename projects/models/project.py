"""Projects."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.models import HierarchyNode


class Project(HierarchyNode):
    """A project: a set of interrelated actions to achieve a unique result within a limited time and budget
    (Rules p.2(25)), always inside a group of projects (p.27, p.42).

    Its deadline may not exceed its national-priority portfolio's (p.9); its team, charter and board arrive with
    the project-workspace issue.
    """

    KIND = "project"
    CODE_PREFIX = "PRJ"
    DATES_REQUIRED = True

    group = models.ForeignKey(
        "programs.ProjectGroup",
        verbose_name=_("group of projects"),
        on_delete=models.PROTECT,
        related_name="projects",
    )
    history = HistoricalRecords()

    class Meta(HierarchyNode.Meta):
        verbose_name = _("project")
        verbose_name_plural = _("projects")
