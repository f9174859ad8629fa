"""Choices of the operational plan and its quarterly monitoring (OP Rules; Methodology summary §4)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PlanStatus(models.TextChoices):
    """Where a plan stands: drafted by the body, approved by the first head or chief of staff (OP Rules p.6), or
    being adjusted after monitoring or a change of the development plan (p.18) until its next version is approved."""

    DRAFT = "draft", pgettext_lazy("operational plan", "Draft")
    APPROVED = "approved", pgettext_lazy("operational plan", "Approved")
    ADJUSTING = "adjusting", _("Being adjusted")


class HeadingKind(models.TextChoices):
    """The headings of section I of Appendix 1: a strategic direction holds its macro-indicators and goals, a goal
    holds its target indicators; activities sit under a macro-indicator or a target indicator."""

    DIRECTION = "direction", _("Strategic direction")
    MACRO = "macro", _("Macro-indicator")
    GOAL = "goal", _("Goal")
    TARGET = "target", _("Target indicator")


#: Which heading kind may sit under which (None: at the top of section I).
HEADING_PARENT = {
    HeadingKind.DIRECTION: None,
    HeadingKind.MACRO: HeadingKind.DIRECTION,
    HeadingKind.GOAL: HeadingKind.DIRECTION,
    HeadingKind.TARGET: HeadingKind.GOAL,
}
#: Headings that are indicators of the goal map (no second copy of the indicator) and carry activities.
INDICATOR_HEADINGS = (HeadingKind.MACRO, HeadingKind.TARGET)


class ExecutionStatus(models.TextChoices):
    """The status of an activity in a quarter (Methodology summary §4: App.12, App.14 note 4.13)."""

    EXECUTED = "executed", _("Executed")
    PARTIAL = "partial", _("Partially executed")
    NOT_EXECUTED = "not_executed", _("Not executed")


class SubmissionStatus(models.TextChoices):
    """A unit's quarterly information: filled in by the unit, submitted by its head who confirms its accuracy
    (OP Rules p.14), or returned by the monitoring unit for correction."""

    DRAFT = "draft", pgettext_lazy("submission", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("submission", "Submitted")
    RETURNED = "returned", _("Returned for correction")


class ReportStatus(models.TextChoices):
    """The monitoring unit's quarterly report: consolidated as the units submit, then issued (OP Rules p.15)."""

    DRAFT = "draft", pgettext_lazy("report", "Being consolidated")
    ISSUED = "issued", pgettext_lazy("report", "Issued")


class DecisionKind(models.TextChoices):
    """The two aims of the officials' decisions on the results of monitoring (OP Rules p.17)."""

    EFFECTIVENESS = "effectiveness", _("Improve the effectiveness of the planned activities")
    PROBLEMS = "problems", _("Measures on the problems identified")


QUARTERS = (1, 2, 3, 4)
#: The day of the month after the quarter by which the units submit (p.13) and the report is issued (p.15).
SUBMISSION_DAY = 10
REPORT_DAY = 15
#: Calendar days after the development plan's signing within which the plan is approved (p.6).
APPROVAL_DAYS = 10
