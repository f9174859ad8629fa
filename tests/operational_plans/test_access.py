"""Who may do what with an operational plan (pmis.core.plan_access through the authorization module): `can` and
`restrict` agree on every person of the cast and every model."""

from __future__ import annotations

import pytest

from operational_plans.models import (
    Activity,
    Heading,
    OperationalPlan,
    PlanVersion,
    Recommendation,
    Report,
    ReportDecision,
    Submission,
    SubmissionRow,
)
from pmis.core import authorization
from pmis.core.authorization import ADD, APPROVE, CHANGE, CONTRIBUTE, VIEW
from tests.factories import PersonFactory, assign

WHOLE_PLAN = ("approver", "dev_head", "dev", "mon_head", "mon", "reader")


def _objects(op):
    sub_a = Submission.objects.create(plan=op.plan, unit=op.unit_a, quarter=3)
    row_a = SubmissionRow.objects.create(submission=sub_a, activity=op.a1)
    sub_b = Submission.objects.create(plan=op.plan, unit=op.unit_b, quarter=3)
    report = Report.objects.create(plan=op.plan, quarter=3)
    recommendation = Recommendation.objects.create(
        report=report, activity=op.a1, text="Ускорить", author=op.mon
    )
    decision = ReportDecision.objects.create(
        report=report, kind="problems", text="Решить", decided_by=op.approver, decided_on="2026-10-20"
    )
    return {
        "sub_a": sub_a,
        "row_a": row_a,
        "sub_b": sub_b,
        "report": report,
        "recommendation": recommendation,
        "decision": decision,
    }


def _agrees(person, action, obj) -> bool:
    """`can` on the object, checked against `restrict` on its model."""
    allowed = authorization.can(person, action, obj)
    listed = authorization.restrict(type(obj).objects.all(), person, action).filter(pk=obj.pk).exists()
    assert allowed == listed, (person.username, action, obj)
    return allowed


@pytest.mark.parametrize("who", WHOLE_PLAN)
def test_the_plans_own_people_and_the_bodys_readers_read_everything(op, who):
    person = getattr(op, who)
    objects = _objects(op)
    for obj in (
        op.plan,
        op.direction,
        op.a1,
        op.a3,
        objects["sub_a"],
        objects["row_a"],
        objects["sub_b"],
        objects["report"],
        objects["recommendation"],
        objects["decision"],
    ):
        assert _agrees(person, VIEW, obj)


def test_a_unit_reads_the_plan_and_only_its_own_activities_and_information(op):
    objects = _objects(op)
    for person in (op.staff_a, op.staff_a1, op.head_a):
        assert _agrees(person, VIEW, op.plan) and _agrees(person, VIEW, op.goal)
        assert _agrees(person, VIEW, op.a1) and _agrees(person, VIEW, op.a2)
        assert not _agrees(person, VIEW, op.a3) and not _agrees(person, VIEW, op.a4)
        assert _agrees(person, VIEW, objects["sub_a"]) and _agrees(person, VIEW, objects["row_a"])
        assert not _agrees(person, VIEW, objects["sub_b"])
        assert not _agrees(person, VIEW, objects["report"]) and not _agrees(person, VIEW, objects["decision"])
        assert _agrees(person, CONTRIBUTE, objects["sub_a"]) and not _agrees(
            person, CONTRIBUTE, objects["sub_b"]
        )
        assert not _agrees(person, CHANGE, op.a1) and not _agrees(person, CHANGE, op.plan)


def test_only_the_head_of_the_unit_submits_its_information(op):
    objects = _objects(op)
    assert _agrees(op.head_a, APPROVE, objects["sub_a"]) and _agrees(op.head_a, APPROVE, objects["row_a"])
    for person in (op.staff_a, op.staff_a1, op.mon_head, op.approver, op.head_b, op.dev_head):
        assert not _agrees(person, APPROVE, objects["sub_a"]), person.username


def test_the_developer_unit_edits_the_plan_and_the_approver_approves_it(op):
    for person in (op.dev, op.dev_head):
        assert all(_agrees(person, CHANGE, obj) for obj in (op.plan, op.direction, op.a1, op.a4))
        assert not _agrees(person, APPROVE, op.plan)
    assert _agrees(op.approver, APPROVE, op.plan) and not _agrees(op.approver, CHANGE, op.plan)
    for person in (op.mon, op.reader, op.head_a):
        assert not _agrees(person, CHANGE, op.plan) and not _agrees(person, APPROVE, op.plan)
    version = PlanVersion.objects.get(plan=op.plan)
    assert _agrees(op.dev, VIEW, version) and _agrees(op.staff_b, VIEW, version)


def test_the_monitoring_unit_returns_information_and_makes_the_report_the_approver_decides(op):
    objects = _objects(op)
    for person in (op.mon, op.mon_head):
        assert _agrees(person, CHANGE, objects["sub_a"]) and _agrees(person, CHANGE, objects["report"])
        assert _agrees(person, CHANGE, objects["recommendation"])
        assert not _agrees(person, CHANGE, objects["decision"]) and not _agrees(
            person, APPROVE, objects["report"]
        )
        assert not _agrees(person, CONTRIBUTE, objects["sub_a"])
    assert _agrees(op.approver, APPROVE, objects["report"]) and _agrees(
        op.approver, CHANGE, objects["decision"]
    )
    assert not _agrees(op.approver, CHANGE, objects["report"])
    assert not _agrees(op.head_a, CHANGE, objects["sub_a"])


@pytest.mark.parametrize("who", ["outsider", "stranger"])
def test_an_outsider_or_another_bodys_person_sees_nothing(op, who):
    person = getattr(op, who)
    objects = _objects(op)
    for obj in (
        op.plan,
        op.direction,
        op.a1,
        objects["sub_a"],
        objects["row_a"],
        objects["report"],
        objects["decision"],
    ):
        assert not _agrees(person, VIEW, obj)
    for model in (
        OperationalPlan,
        Heading,
        Activity,
        Submission,
        SubmissionRow,
        Report,
        Recommendation,
        ReportDecision,
        PlanVersion,
    ):
        assert not authorization.restrict(model.objects.all(), person).exists()


def test_a_role_on_the_body_reads_and_edits_its_plans_a_role_below_it_does_not(op):
    editor, below = PersonFactory(username="body_editor"), PersonFactory(username="below")
    assign(editor, "po_head", op.body)
    assign(below, "po_head", op.tree["program"])
    assert _agrees(editor, VIEW, op.a3) and _agrees(editor, CHANGE, op.plan)
    assert not _agrees(below, VIEW, op.plan) and not _agrees(below, VIEW, op.a3)


def test_drafting_a_plan_needs_the_developer_unit_or_a_power_on_the_body(op):
    mine = OperationalPlan(body=op.body, year=2027, developer_unit=op.dev_unit)
    theirs = OperationalPlan(body=op.body, year=2027, developer_unit=op.mon_unit)
    assert authorization.can(op.dev, ADD, mine) and not authorization.can(op.dev, ADD, theirs)
    assert not authorization.can(op.stranger, ADD, mine)
    assert authorization.can(op.dev, ADD, OperationalPlan) and not authorization.can(
        op.outsider, ADD, OperationalPlan
    )
