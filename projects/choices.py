"""Choices of a project's workspace: tasks, risks, change requests, documents and project assignments."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Priority(models.TextChoices):
    """How urgent a task is; the board sorts nothing by it (the order of a column is the team's), it only marks."""

    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class ColumnKind(models.TextChoices):
    """What a board column means for sprints, workload and reports, whatever the team calls it."""

    BACKLOG = "backlog", _("Backlog")
    TO_DO = "todo", _("To do")
    DOING = "doing", _("In progress")
    REVIEW = "review", _("Review")
    DONE = "done", _("Done")


class SprintStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("sprint", "Open")
    CLOSED = "closed", pgettext_lazy("sprint", "Closed")


class FundingSource(models.TextChoices):
    """Where a project's money comes from (Rules p.78: funding sources are a factor of the Office's criteria)."""

    REPUBLICAN = "republican", _("Republican budget")
    LOCAL = "local", _("Local budget")
    NATIONAL_FUND = "national_fund", _("National Fund")
    QUASI_PUBLIC = "quasi_public", _("Quasi-public sector")
    PRIVATE = "private", _("Private investment")
    INTERNATIONAL = "international", _("International financing")
    OTHER = "other", pgettext_lazy("funding source", "Other")


class RiskLevel(models.IntegerChoices):
    """Probability or impact of a risk on a five-point scale; their product ranks the register."""

    VERY_LOW = 1, _("Very low")
    LOW = 2, _("Low")
    MEDIUM = 3, _("Medium")
    HIGH = 4, _("High")
    VERY_HIGH = 5, _("Very high")


class RiskResponse(models.TextChoices):
    """The response strategy for a risk (threats: avoid, mitigate, transfer, accept; opportunities: exploit,
    enhance, share)."""

    AVOID = "avoid", _("Avoid")
    MITIGATE = "mitigate", _("Mitigate")
    TRANSFER = "transfer", _("Transfer")
    ACCEPT = "accept", _("Accept")
    EXPLOIT = "exploit", _("Exploit")
    ENHANCE = "enhance", _("Enhance")
    SHARE = "share", _("Share")


class RiskStatus(models.TextChoices):
    IDENTIFIED = "identified", _("Identified")
    RESPONDING = "responding", _("Response under way")
    OCCURRED = "occurred", _("Occurred")
    CLOSED = "closed", pgettext_lazy("risk", "Closed")


class ChangeStatus(models.TextChoices):
    """A change request's way: drafted by the team, submitted, decided (approved or rejected), implemented."""

    DRAFT = "draft", pgettext_lazy("change request", "Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", pgettext_lazy("change request", "Approved")
    REJECTED = "rejected", pgettext_lazy("change request", "Rejected")
    IMPLEMENTED = "implemented", _("Implemented")


class DocumentKind(models.TextChoices):
    """Governing documents of a project by stage (Rules p.91); some are checked by the stage transitions."""

    CHARTER = "charter", _("Project charter")
    KICKOFF_PROTOCOL = "kickoff_protocol", _("Kick-off meeting protocol")
    SCHEDULE = "schedule", _("Project schedule")
    PROTOCOL = "protocol", _("Meeting protocol")
    REPORT = "report", _("Progress report")
    COMPLETION_REPORT = "completion_report", _("Completion report")
    CONTRACT = "contract", _("Contract")
    OTHER = "other", pgettext_lazy("document", "Other")


class AssignmentWay(models.TextChoices):
    """How a project assignment is carried out (Rules p.81)."""

    CURRENT_ACTIVITY = "current", _("Within current activity")
    PROJECT_ACTIVITY = "project", _("By project activity")


class AssignmentStatus(models.TextChoices):
    """A project assignment's way (Rules p.81): drafted by the project manager, sent by the head of the basic
    direction, an executor appointed by the receiving head within one working day, done; or cancelled."""

    DRAFT = "draft", pgettext_lazy("project assignment", "Draft")
    SENT = "sent", _("Sent")
    APPOINTED = "appointed", _("Executor appointed")
    DONE = "done", pgettext_lazy("project assignment", "Done")
    CANCELLED = "cancelled", pgettext_lazy("project assignment", "Cancelled")


class Expectations(models.TextChoices):
    """Did the project meet its stakeholders' expectations (Rules p.64)?"""

    MET = "met", _("Met")
    PARTLY = "partly", _("Partly met")
    NOT_MET = "not_met", _("Not met")
    NOT_ASSESSED = "not_assessed", _("Not assessed")
