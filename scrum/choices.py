"""Choices of the weekly scrum: the levels of the escalation ladder, meetings, agenda items, outcomes, escalations.

The ladder (Rules p.72(2), p.73, p.98) runs bottom to top: project team → head of the projects group →
implementation group of the basic direction → project office of the state body → program governing committee →
governing council of the national priority. Each level meets weekly on its scrum schedule (p.2(60), p.46,
p.66(2), p.68(1)) at one node of the hierarchy, and each level's problems it cannot solve go one level up.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Level(models.TextChoices):
    """Who meets: one level of the ladder, bottom to top. The order of the members is the ladder's order."""

    TEAM = "team", _("Project team")
    GROUP = "group", _("Projects group")
    DIRECTION = "direction", _("Implementation group of the basic direction")
    OFFICE = "office", _("Project office")
    COMMITTEE = "committee", _("Program governing committee")
    COUNCIL = "council", _("Governing council of the national priority")


#: The ladder bottom to top (Rules p.72(2), p.98): an escalation moves one step along it.
LADDER: tuple[str, ...] = tuple(Level.values)

#: The kind of hierarchy node each level meets at: the project office and the governing committee both sit at
#: the program (Rules p.44, p.68), the governing council at the portfolio of the national priority (p.36).
LEVEL_NODE_KIND: dict[str, str] = {
    Level.TEAM: "project",
    Level.GROUP: "group",
    Level.DIRECTION: "direction",
    Level.OFFICE: "program",
    Level.COMMITTEE: "program",
    Level.COUNCIL: "portfolio",
}

#: Who chairs each level's meetings and who stands in (role codes of the catalogue): the head of the project
#: office is the deputy chair of the governing committee with the right to hold its operational meetings (p.44),
#: and chairs in the chairman's absence (p.46). An empty code: the level has no standing deputy role.
CHAIR_ROLES: dict[str, tuple[str, str]] = {
    Level.TEAM: ("project_manager", ""),
    Level.GROUP: ("gp_head", "project_coordinator"),
    Level.DIRECTION: ("gibd_head", "gibd_chief_manager"),
    Level.OFFICE: ("po_head", "po_chief_manager"),
    Level.COMMITTEE: ("committee_chair", "committee_deputy_chair"),
    Level.COUNCIL: ("np_curator", ""),
}


def level_label(level: str | None) -> str:
    """The level's name in the active language; the code itself when it names no level (an old notification)."""
    return str(dict(Level.choices).get(level, level or "…"))


def level_above(level: str) -> str | None:
    """The next level up the ladder, or None at the governing council (the top)."""
    index = LADDER.index(level)
    return LADDER[index + 1] if index + 1 < len(LADDER) else None


class Mode(models.TextChoices):
    """How people meet (Rules p.2(48–49))."""

    ONLINE = "online", _("Online (video communication)")
    OFFLINE = "offline", _("Offline (in person)")


class ScheduleStatus(models.TextChoices):
    """A scrum schedule is drafted by the level and approved by the program manager (Rules p.46, p.66(2));
    meetings are generated only from an approved schedule, and a change of its terms needs approval again."""

    DRAFT = "draft", pgettext_lazy("schedule", "Draft")
    APPROVED = "approved", pgettext_lazy("schedule", "Approved")
    ARCHIVED = "archived", pgettext_lazy("schedule", "Archived")


class MeetingStatus(models.TextChoices):
    """A meeting's way: generated as a draft, opened (its agenda published), held, closed with its protocol."""

    DRAFT = "draft", pgettext_lazy("meeting", "Draft")
    OPEN = "open", pgettext_lazy("meeting", "Open")
    IN_PROGRESS = "in_progress", pgettext_lazy("meeting", "In progress")
    CLOSED = "closed", pgettext_lazy("meeting", "Closed")
    CANCELLED = "cancelled", pgettext_lazy("meeting", "Cancelled")


class AgendaSource(models.TextChoices):
    """Why an item is on the agenda: the week's signals the builder finds (Rules p.68(3), p.72(3), p.84(3)),
    the open binding decisions of earlier meetings (p.45), or a person's own item."""

    ESCALATION = "escalation", _("Escalated item")
    DECISION = "decision", _("Open decision")
    OVERDUE_TASK = "overdue_task", _("Overdue task")
    BLOCKED_TASK = "blocked_task", _("Blocked task")
    UNASSIGNED = "unassigned", _("Project assignment without an executor")
    KNI_OFF_TRACK = "kni_off_track", _("Indicator off track")
    RISK_ISSUE = "risk_issue", _("Risk that became an issue")
    MANUAL = "manual", _("Added by hand")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", pgettext_lazy("attendance", "Present")
    ABSENT = "absent", pgettext_lazy("attendance", "Absent")
    EXCUSED = "excused", pgettext_lazy("attendance", "Absent for a good reason")


class OutcomeKind(models.TextChoices):
    """What a meeting records for an item: information only, a decision, an assignment (owner and deadline) or
    a task put on the project's board (Rules p.45)."""

    INFORMATION = "information", _("Information")
    DECISION = "decision", _("Decision")
    ASSIGNMENT = "assignment", _("Assignment")
    TASK = "task", _("Task")


#: The outcomes that bind someone to act (Rules p.45): they carry an owner and a deadline and stay on the owner's
#: work list and on the next meetings' agendas until done.
BINDING_KINDS = (OutcomeKind.DECISION, OutcomeKind.ASSIGNMENT, OutcomeKind.TASK)


class DecisionStatus(models.TextChoices):
    NOTED = "noted", _("Noted")
    OPEN = "open", pgettext_lazy("decision", "Open")
    DONE = "done", pgettext_lazy("decision", "Done")
    CANCELLED = "cancelled", pgettext_lazy("decision", "Cancelled")


class SubjectKind(models.TextChoices):
    """What is escalated (Rules p.72(2), p.98): a task, a risk, a project assignment, a decision, or a
    disagreement between positions."""

    TASK = "task", _("Task")
    RISK = "risk", _("Risk")
    ASSIGNMENT = "assignment", _("Project assignment")
    DECISION = "decision", _("Decision")
    DISAGREEMENT = "disagreement", _("Disagreement")


class EscalationStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("escalation", "Open")
    RESOLVED = "resolved", pgettext_lazy("escalation", "Resolved")
    WITHDRAWN = "withdrawn", pgettext_lazy("escalation", "Withdrawn")


class StepKind(models.TextChoices):
    """One entry of an escalation's path."""

    RAISED = "raised", _("Raised")
    ESCALATED = "escalated", _("Escalated one level up")
    ON_AGENDA = "on_agenda", _("Put on a meeting's agenda")
    DISAGREEMENT = "disagreement", _("Protocol of disagreements signed")
    RESOLVED = "resolved", pgettext_lazy("escalation step", "Resolved")
    RETURNED = "returned", _("Resolution returned to the origin")
    WITHDRAWN = "withdrawn", pgettext_lazy("escalation step", "Withdrawn")
