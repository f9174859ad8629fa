"""Models of the weekly scrum: sprints, schedules, meetings, decisions, escalations, information boards."""

from .boards import InformationBoard
from .decisions import Decision
from .escalations import DisagreementPosition, Escalation, EscalationStep
from .meetings import AgendaItem, Attendance, Meeting
from .schedules import Schedule
from .sprints import Sprint, SprintItem

__all__ = [
    "AgendaItem",
    "Attendance",
    "Decision",
    "DisagreementPosition",
    "Escalation",
    "EscalationStep",
    "InformationBoard",
    "Meeting",
    "Schedule",
    "Sprint",
    "SprintItem",
]
