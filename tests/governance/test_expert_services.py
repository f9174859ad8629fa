"""Expert councils: the discussion lifecycle with the secretary, the committee's response, quarter coverage and
the quarterly reminder (Rules p.50–54, p.75)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from governance.choices import DiscussionStatus, RecommendationStatus
from governance.models import ExpertDiscussion, ExpertRecommendation
from governance.selectors.expert import discussion_list, pending_recommendations, quarter_coverage
from governance.services.expert import (
    discussion_create,
    discussion_send,
    discussion_update,
    expert_quarter_remind,
    recommendation_add,
    recommendation_delete,
    recommendation_respond,
    recommendation_update,
)
from governance.tasks import expert_quarter_remind as remind_task
from org.models import Notification
from pmis.core import authorization
from scrum.choices import Level
from tests.factories_scrum import make_meeting, make_schedule
from tests.governance.test_bodies_services import make_decision

# Read when a test runs, not when the module is imported: a run may cross midnight.
TODAY = timezone.localdate


def _discussion(gov, actor=None, **fields):
    values = {"held_on": TODAY(), "topic": "Ход реализации программы", **fields}
    return discussion_create(actor=actor or gov.secretary, council=gov.expert_council, **values)


def test_who_records_a_discussion(gov):
    for person in (gov.expert, gov.committee_member, gov.chair, gov.outsider, gov.stranger):
        with pytest.raises(PermissionDenied):
            _discussion(gov, actor=person)
    assert not ExpertDiscussion.objects.exists()
    by_secretary = _discussion(
        gov, directions=[gov.direction], participants=[gov.expert, gov.secretary], conclusions="Выводы"
    )
    assert by_secretary.status == DiscussionStatus.DRAFT and by_secretary.created_by == gov.secretary
    assert list(by_secretary.directions.all()) == [gov.direction]
    by_office = _discussion(gov, actor=gov.po_admin, topic="Второе")
    assert by_office.pk
    # The secretary keeps it without any other power on the program (p.75); an expert member only reads.
    assert authorization.can(gov.secretary, authorization.CHANGE, by_secretary)
    assert not authorization.can(gov.secretary, authorization.CHANGE, gov.program)
    assert authorization.can(gov.expert, authorization.VIEW, by_secretary)
    assert not authorization.can(gov.expert, authorization.CHANGE, by_secretary)
    assert not authorization.can(gov.outsider, authorization.VIEW, by_secretary)
    assert set(discussion_list(gov.expert, gov.expert_council)) == {by_secretary, by_office}
    assert list(discussion_list(gov.outsider, gov.expert_council)) == []


def test_discussion_rules(gov):
    with pytest.raises(ValidationError, match="once it has been held"):
        _discussion(gov, held_on=TODAY() + dt.timedelta(days=3))
    other_direction = type(gov.direction).objects.exclude(program=gov.program).first()
    if other_direction is not None:
        with pytest.raises(ValidationError):
            _discussion(gov, directions=[other_direction])
    with pytest.raises(ValidationError, match="expert council"):
        discussion_create(actor=gov.manager, council=gov.committee, held_on=TODAY(), topic="Не тот орган")
    assert not ExpertDiscussion.objects.exists()


def test_lifecycle_send_and_respond(gov):
    discussion = _discussion(gov)
    with pytest.raises(ValidationError, match="at least one recommendation"):
        discussion_send(actor=gov.secretary, discussion=discussion)
    first = recommendation_add(actor=gov.secretary, discussion=discussion, text="Ускорить закупки")
    second = recommendation_add(
        actor=gov.secretary, discussion=discussion, text="Пересмотреть KPI", direction=gov.direction2
    )
    third = recommendation_add(actor=gov.secretary, discussion=discussion, text="Лишняя")
    assert [first.number, second.number, third.number] == [1, 2, 3]
    with pytest.raises(PermissionDenied):
        recommendation_add(actor=gov.expert, discussion=discussion, text="Нельзя")
    recommendation_update(actor=gov.secretary, recommendation=first, text="Ускорить закупки оборудования")
    recommendation_delete(actor=gov.secretary, recommendation=third)
    discussion_update(actor=gov.secretary, discussion=discussion, conclusions="Отставание по срокам")
    # The committee cannot answer before it is sent.
    with pytest.raises(ValidationError, match="not been sent"):
        recommendation_respond(
            actor=gov.chair, recommendation=first, status=RecommendationStatus.ACCEPTED, response=""
        )
    with pytest.raises(PermissionDenied):
        discussion_send(actor=gov.expert, discussion=discussion)
    discussion_send(actor=gov.secretary, discussion=discussion)
    discussion.refresh_from_db()
    assert discussion.status == DiscussionStatus.SENT and discussion.sent_by == gov.secretary
    told = set(
        Notification.objects.filter(kind="governance.expert_discussion_sent").values_list(
            "recipient", flat=True
        )
    )
    assert told == {gov.chair.pk, gov.deputy.pk, gov.manager.pk}
    # Sent: it no longer changes.
    with pytest.raises(ValidationError, match="no longer changes"):
        recommendation_add(actor=gov.secretary, discussion=discussion, text="Поздно")
    with pytest.raises(ValidationError, match="no longer changes"):
        recommendation_update(actor=gov.secretary, recommendation=first, text="Поздно")
    with pytest.raises(ValidationError, match="no longer changes"):
        discussion_update(actor=gov.secretary, discussion=discussion, topic="Поздно")

    assert set(pending_recommendations(gov.chair, gov.program)) == {first, second}
    assert list(pending_recommendations(gov.outsider, gov.program)) == []
    for person in (gov.committee_member, gov.secretary, gov.expert, gov.stranger):
        with pytest.raises(PermissionDenied):
            recommendation_respond(actor=person, recommendation=first, status=RecommendationStatus.ACCEPTED)
    with pytest.raises(ValidationError):
        recommendation_respond(actor=gov.chair, recommendation=first, status=RecommendationStatus.PENDING)
    # A decision of the project office's meeting is not the committee's.
    office_meeting = make_meeting(make_schedule(Level.OFFICE, gov.program), dt.date(2026, 3, 3))
    with pytest.raises(ValidationError, match="governing committee"):
        recommendation_respond(
            actor=gov.chair,
            recommendation=first,
            status=RecommendationStatus.ACCEPTED,
            decision=make_decision(office_meeting, 1, text="Офис"),
        )
    first.refresh_from_db()
    assert first.status == RecommendationStatus.PENDING
    committee_meeting = make_meeting(make_schedule(Level.COMMITTEE, gov.program), dt.date(2026, 3, 4))
    decision = make_decision(committee_meeting, 1, text="Принять в работу")
    recommendation_respond(
        actor=gov.chair,
        recommendation=first,
        status=RecommendationStatus.ACCEPTED,
        response="Поручено проектному офису",
        decision=decision,
    )
    recommendation_respond(actor=gov.manager, recommendation=second, status=RecommendationStatus.NOTED)
    first.refresh_from_db()
    assert first.status == RecommendationStatus.ACCEPTED and first.decision == decision
    assert first.responded_by == gov.chair and first.responded_at is not None
    assert list(pending_recommendations(gov.chair, gov.program)) == []
    assert (
        Notification.objects.filter(
            recipient=gov.secretary, kind="governance.recommendation_answered"
        ).count()
        == 2
    )
    assert ExpertRecommendation.objects.filter(discussion=discussion).count() == 2


def test_quarter_coverage(gov, django_assert_num_queries):
    for day in (dt.date(2025, 2, 10), dt.date(2025, 3, 20), dt.date(2025, 8, 1)):
        ExpertDiscussion.objects.create(council=gov.expert_council, held_on=day, topic="Обсуждение")
    ExpertDiscussion.objects.create(
        council=gov.expert_council, held_on=dt.date(2024, 12, 30), topic="Прошлый год"
    )
    with django_assert_num_queries(1):
        rows = quarter_coverage(gov.expert_council, 2025, today=dt.date(2025, 8, 15))
    assert [(row["quarter"], row["count"], row["state"], row["missed"]) for row in rows] == [
        (1, 2, "past", False),
        (2, 0, "past", True),
        (3, 1, "current", False),
        (4, 0, "future", False),
    ]


def _reminders():
    return Notification.objects.filter(kind="governance.expert_quarter_due")


def test_quarter_reminder_sent_once_and_not_when_held(gov):
    # Not in the last 15 days of the quarter: nothing.
    assert expert_quarter_remind(day=dt.date(2026, 3, 10)) == 0
    assert not _reminders().exists()
    assert expert_quarter_remind(day=dt.date(2026, 3, 20)) == 1
    assert set(_reminders().values_list("recipient", flat=True)) == {gov.secretary.pk, gov.deputy.pk}
    assert _reminders().first().params["quarter"] == "2026-Q1"
    # Once per quarter: the next days send nothing more.
    assert expert_quarter_remind(day=dt.date(2026, 3, 21)) == 0
    assert remind_task("2026-03-31") == 0
    assert _reminders().count() == 2
    # The next quarter: a discussion held in it — no reminder.
    ExpertDiscussion.objects.create(council=gov.expert_council, held_on=dt.date(2026, 5, 5), topic="Q2")
    assert expert_quarter_remind(day=dt.date(2026, 6, 20)) == 0
    assert _reminders().count() == 2
    # A dissolved council is not reminded.
    gov.expert_council.is_active = False
    gov.expert_council.save()
    assert expert_quarter_remind(day=dt.date(2026, 9, 25)) == 0
