"""The shared scrum fixture and the authorization rules of a schedule's own people (pmis.core.authorization)."""

import datetime as dt

import pytest

from pmis.core import authorization
from scrum.choices import OutcomeKind
from scrum.models import Decision, Meeting, Schedule
from tests.factories_scrum import make_meeting

pytestmark = pytest.mark.django_db


def test_the_cast_and_schedules(sc):
    assert sc.schedules["office"].node_path == sc.program.path
    assert sc.schedules["team"].node_path == sc.project.path
    assert Schedule.objects.count() == 5


def test_a_participant_without_a_role_sees_the_schedule_and_its_meetings_but_cannot_run_them(sc):
    meeting = make_meeting(sc.schedules["office"], dt.date(2026, 11, 25))
    assert authorization.can(sc.guest, "view", sc.schedules["office"])
    assert authorization.can(sc.guest, "view", meeting)
    assert authorization.can(sc.guest, "contribute", meeting)
    assert not authorization.can(sc.guest, "change", meeting)
    assert not authorization.can(sc.guest, "view", sc.schedules["committee"])
    assert list(authorization.restrict(Meeting.objects.all(), sc.guest)) == [meeting]
    assert list(authorization.restrict(Meeting.objects.all(), sc.guest, "change")) == []


def test_the_chair_without_change_on_the_node_runs_the_committee(sc):
    meeting = make_meeting(sc.schedules["committee"], dt.date(2026, 11, 27))
    assert not authorization.can(sc.committee_chair, "change", sc.program)
    assert authorization.can(sc.committee_chair, "change", meeting)
    assert list(authorization.restrict(Meeting.objects.all(), sc.committee_chair, "change")) == [meeting]
    # …but keeping the schedule itself is for whoever may change the program.
    assert not authorization.can(sc.committee_chair, "change", sc.schedules["committee"])
    assert authorization.can(sc.po_head, "change", sc.schedules["committee"])


def test_a_decision_is_its_owners_to_see_and_report_on(sc, outsider):
    meeting = make_meeting(sc.schedules["committee"], dt.date(2026, 11, 27))
    decision = Decision.objects.create(
        meeting=meeting,
        number=1,
        kind=OutcomeKind.DECISION,
        text="Сдать отчёт",
        owner=outsider,
        due_on=dt.date(2026, 12, 1),
    )
    assert authorization.can(outsider, "view", decision)
    assert authorization.can(outsider, "change", decision)
    assert not authorization.can(outsider, "view", meeting)
    assert list(authorization.restrict(Decision.objects.all(), outsider, "change")) == [decision]
    assert list(authorization.restrict(Decision.objects.all(), sc.guest)) == []


def test_an_outsider_sees_nothing(sc, outsider):
    make_meeting(sc.schedules["office"], dt.date(2026, 11, 25))
    assert not authorization.restrict(Schedule.objects.all(), outsider).exists()
    assert not authorization.restrict(Meeting.objects.all(), outsider).exists()
