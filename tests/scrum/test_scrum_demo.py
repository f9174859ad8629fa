"""The demo's weekly scrum: approved schedules, last week's closed meeting with its protocol and decisions, this
week's opened meeting, an escalated task and last week's information board (pmis.demo.scrum)."""

import pytest

from org.models import Person
from scrum.choices import DecisionStatus, Level, MeetingStatus, OutcomeKind, ScheduleStatus
from scrum.models import Decision, Escalation, InformationBoard, Meeting, Schedule
from scrum.selectors.decisions import my_decisions
from tests.test_demo_data import demo  # noqa: F401  (the fixture that builds the demo data)

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_weekly_scrum(demo):  # noqa: F811
    levels = set(Schedule.objects.filter(status=ScheduleStatus.APPROVED).values_list("level", flat=True))
    assert {Level.OFFICE, Level.COMMITTEE, Level.DIRECTION, Level.TEAM} <= levels
    closed = Meeting.objects.filter(status=MeetingStatus.CLOSED).first()
    assert closed is not None and closed.protocol_pdf and closed.protocol_docx
    assert Meeting.objects.filter(status=MeetingStatus.OPEN, agenda__isnull=False).exists()
    pm = Person.objects.get(username="project_manager")
    open_ones = list(my_decisions(pm))
    assert [d.kind for d in open_ones] == [OutcomeKind.DECISION]
    assert Decision.objects.filter(status=DecisionStatus.DONE).exists()
    assert Escalation.objects.filter(level=Level.GROUP).exists()
    assert InformationBoard.objects.exists()
