"""The plan's services: drafting, people, approval with versions, adjustment, headings and activities (OP Rules
p.2–7, p.18). Each rule is refused with its message and nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kpi_maps.choices import IndicatorKind
from operational_plans.choices import HeadingKind, PlanStatus
from operational_plans.models import (
    Activity,
    Heading,
    OperationalPlan,
    PlanVersion,
    Submission,
    SubmissionRow,
)
from operational_plans.selectors.plans import adjustment_warning, approval_state
from operational_plans.selectors.versions import version_compare
from operational_plans.services import plans as plan_services
from operational_plans.services import structure
from operational_plans.services.versions import snapshot
from org.models import Notification
from org.notification_kinds import KINDS
from tests.factories import grant_everything_read_only
from tests.factories_kpi import make_indicator

pytestmark = pytest.mark.django_db


def messages_of(error) -> str:
    return " ".join(error.value.messages)


def adjusting(op):
    return plan_services.plan_adjust(actor=op.dev, plan=op.plan, basis="Мониторинг за 1 квартал")


# --- the plan --------------------------------------------------------------------------------------------


def test_create_a_draft_for_the_next_year(op):
    plan = plan_services.plan_create(
        actor=op.dev,
        body=op.body,
        year=2027,
        developer_unit=op.dev_unit,
        monitoring_unit=op.mon_unit,
        approver=op.approver,
        development_plan_signed_on=dt.date(2027, 1, 4),
    )
    assert plan.status == PlanStatus.DRAFT and plan.version == 0 and plan.created_by == op.dev
    assert plan.approval_deadline == dt.date(2027, 1, 14)
    assert plan.history.first().history_user == op.dev


def test_one_plan_per_body_and_year(op):
    with pytest.raises(ValidationError) as error:
        plan_services.plan_create(
            actor=op.dev,
            body=op.body,
            year=2026,
            developer_unit=op.dev_unit,
            monitoring_unit=op.mon_unit,
            approver=op.approver,
        )
    assert "already has an operational plan for 2026" in messages_of(error)
    assert OperationalPlan.objects.count() == 1


def test_units_belong_to_the_body(op):
    foreign = op.stranger.unit
    with pytest.raises(ValidationError) as error:
        plan_services.plan_create(
            actor=op.dev,
            body=op.body,
            year=2027,
            developer_unit=op.dev_unit,
            monitoring_unit=foreign,
            approver=op.approver,
        )
    assert "is not a unit of" in messages_of(error)
    assert OperationalPlan.objects.count() == 1


def test_only_the_developer_drafts(op):
    for person in (op.staff_a, op.stranger, op.outsider, op.approver):
        with pytest.raises(PermissionDenied):
            plan_services.plan_create(
                actor=person,
                body=op.body,
                year=2027,
                developer_unit=op.dev_unit,
                monitoring_unit=op.mon_unit,
                approver=op.approver,
            )
    assert OperationalPlan.objects.count() == 1


def test_update_and_the_year_of_an_approved_plan(op):
    plan_services.plan_update(actor=op.dev, plan=op.plan, development_plan_signed_on=dt.date(2026, 1, 8))
    op.plan.refresh_from_db()
    assert op.plan.development_plan_signed_on == dt.date(2026, 1, 8)
    with pytest.raises(ValidationError) as error:
        plan_services.plan_update(actor=op.dev, plan=op.plan, year=2027)
    assert "does not change" in messages_of(error)
    with pytest.raises(ValidationError):
        plan_services.plan_update(actor=op.dev, plan=op.plan, body=op.body)
    with pytest.raises(PermissionDenied):
        plan_services.plan_update(actor=op.staff_a, plan=op.plan, approver=op.staff_a)
    op.plan.refresh_from_db()
    assert op.plan.year == 2026 and op.plan.approver == op.approver


def test_delete_only_a_draft_never_approved(op):
    with pytest.raises(ValidationError) as error:
        plan_services.plan_delete(actor=op.dev, plan=op.plan)
    assert "Only a draft that was never approved" in messages_of(error)
    assert OperationalPlan.objects.filter(pk=op.plan.pk).exists()
    draft = plan_services.plan_create(
        actor=op.dev,
        body=op.body,
        year=2027,
        developer_unit=op.dev_unit,
        monitoring_unit=op.mon_unit,
        approver=op.approver,
    )
    direction = structure.heading_create(actor=op.dev, plan=draft, kind=HeadingKind.DIRECTION, name_ru="Н")
    structure.activity_create(
        actor=op.dev, plan=draft, unit=op.unit_b, deadline=dt.date(2027, 5, 1), name_ru="Работа"
    )
    with pytest.raises(PermissionDenied):
        plan_services.plan_delete(actor=op.staff_a, plan=draft)
    plan_services.plan_delete(actor=op.dev, plan=draft)
    assert not OperationalPlan.objects.filter(pk=draft.pk).exists()
    assert not Heading.objects.filter(pk=direction.pk).exists()


# --- approval, versions, adjustment ----------------------------------------------------------------------


def test_the_approved_plan_is_locked_until_an_adjustment(op):
    with pytest.raises(ValidationError) as error:
        structure.heading_create(actor=op.dev, plan=op.plan, kind=HeadingKind.DIRECTION, name_ru="Новое")
    assert messages_of(error) == "Start an adjustment of the approved plan first (OP Rules p.18)."
    with pytest.raises(ValidationError) as error:
        structure.activity_update(actor=op.dev, activity=op.a1, name_ru="Другое")
    assert "OP Rules p.18" in messages_of(error)
    with pytest.raises(ValidationError):
        structure.activity_delete(actor=op.dev, activity=op.a3)
    with pytest.raises(ValidationError):
        structure.activity_move(actor=op.dev, activity=op.a1, heading=None, position=1)
    op.a1.refresh_from_db()
    assert op.a1.name_ru == "Запуск портала" and Activity.objects.filter(pk=op.a3.pk).exists()


def test_links_change_whatever_the_status(op):
    grant_everything_read_only(op.dev)
    structure.activity_link(actor=op.dev, activity=op.a2, projects=[op.other_project], tasks=[])
    assert list(op.a2.projects.all()) == [op.other_project]


def test_adjust_needs_the_basis_and_the_developer(op):
    with pytest.raises(ValidationError) as error:
        plan_services.plan_adjust(actor=op.dev, plan=op.plan, basis="  ")
    assert "Give the basis of the adjustment" in messages_of(error)
    with pytest.raises(PermissionDenied):
        plan_services.plan_adjust(actor=op.staff_a, plan=op.plan, basis="x")
    op.plan.refresh_from_db()
    assert op.plan.status == PlanStatus.APPROVED
    adjusting(op)
    op.plan.refresh_from_db()
    assert op.plan.status == PlanStatus.ADJUSTING
    with pytest.raises(ValidationError) as error:
        adjusting(op)
    assert "Only an approved plan is adjusted" in messages_of(error)


def test_adjust_and_approve_the_next_version_with_its_basis_and_comparison(op):
    adjusting(op)
    structure.activity_update(actor=op.dev, activity=op.a1, name_ru="Запуск портала госуслуг")
    added = structure.activity_create(
        actor=op.dev, plan=op.plan, unit=op.unit_b, deadline=dt.date(2026, 11, 1), name_ru="Новая работа"
    )
    structure.activity_delete(actor=op.dev, activity=op.a3)
    with pytest.raises(PermissionDenied):
        plan_services.plan_approve(actor=op.dev, plan=op.plan)
    plan = plan_services.plan_approve(actor=op.approver, plan=op.plan)
    assert (
        plan.version == 2 and plan.status == PlanStatus.APPROVED and plan.approved_on == timezone.localdate()
    )
    version = PlanVersion.objects.get(plan=plan, number=2)
    assert version.basis == "Мониторинг за 1 квартал" and version.approved_by == op.approver
    names = {item["name_ru"] for item in version.snapshot["activities"]}
    assert names == {"Запуск портала госуслуг", "Обучение служащих", "Интеграция реестров", "Новая работа"}
    a1 = next(item for item in version.snapshot["activities"] if item["id"] == op.a1.pk)
    assert a1["projects"] == [op.project.code] and a1["unit_name_kk"] == op.unit_a.name_kk
    a4 = next(item for item in version.snapshot["activities"] if item["id"] == op.a4.pk)
    assert a4["tasks"] == [f"{op.other_project.code}#1"]
    heading_codes = {item["indicator_code"] for item in version.snapshot["headings"]}
    assert heading_codes == {"", "MI-1", "TI-1"}

    # Version 1 as frozen by the fixture is empty: freeze it properly to compare.
    PlanVersion.objects.filter(plan=plan, number=1).update(
        snapshot={
            **version.snapshot,
            "activities": [
                {**item, "name_ru": "Запуск портала"} if item["id"] == op.a1.pk else item
                for item in version.snapshot["activities"]
                if item["id"] != added.pk
            ]
            + [{"id": op.a3.pk, "name_ru": "Методическая работа", "name_kk": "Әдістемелік жұмыс"}],
        }
    )
    changes = version_compare(plan, 1, 2)
    kinds = {(change.element, change.id, change.change, change.field) for change in changes}
    assert kinds == {
        ("activity", op.a1.pk, "changed", "name_ru"),
        ("activity", added.pk, "added", ""),
        ("activity", op.a3.pk, "removed", ""),
    }
    renamed = next(change for change in changes if change.change == "changed")
    assert (renamed.old, renamed.new) == ("Запуск портала", "Запуск портала госуслуг")
    assert version_compare(plan, 2, "current") == []
    with pytest.raises(ValidationError):
        version_compare(plan, 7, "current")


def test_approval_rules(op):
    with pytest.raises(ValidationError) as error:
        plan_services.plan_approve(actor=op.approver, plan=op.plan)
    assert "already approved" in messages_of(error)
    adjusting(op)
    with pytest.raises(ValidationError) as error:
        plan_services.plan_approve(
            actor=op.approver, plan=op.plan, approved_on=timezone.localdate() + dt.timedelta(1)
        )
    assert "not in advance" in messages_of(error)
    with pytest.raises(ValidationError) as error:
        plan_services.plan_approve(actor=op.approver, plan=op.plan, approved_on=dt.date(2026, 1, 2))
    assert "cannot be earlier" in messages_of(error)
    op.plan.refresh_from_db()
    assert op.plan.version == 1 and PlanVersion.objects.filter(plan=op.plan).count() == 1


def test_approval_needs_an_activity(op):
    draft = plan_services.plan_create(
        actor=op.dev,
        body=op.body,
        year=2025,
        developer_unit=op.dev_unit,
        monitoring_unit=op.mon_unit,
        approver=op.approver,
    )
    with pytest.raises(ValidationError) as error:
        plan_services.plan_approve(actor=op.approver, plan=draft, approved_on=dt.date(2025, 1, 10))
    assert "has no activities" in messages_of(error)
    draft.refresh_from_db()
    assert draft.status == PlanStatus.DRAFT and not draft.versions.exists()


def test_a_late_first_approval_is_recorded_and_the_heads_are_told(op):
    draft = plan_services.plan_create(
        actor=op.dev,
        body=op.body,
        year=2025,
        developer_unit=op.dev_unit,
        monitoring_unit=op.mon_unit,
        approver=op.approver,
        development_plan_signed_on=dt.date(2025, 1, 5),
    )
    structure.activity_create(
        actor=op.dev, plan=draft, unit=op.unit_a, deadline=dt.date(2025, 6, 1), name_kk="Іс"
    )
    assert approval_state(draft, today=dt.date(2025, 1, 12)).state == "left"
    assert approval_state(draft, today=dt.date(2025, 1, 12)).days == 3
    assert approval_state(draft, today=dt.date(2025, 1, 17)).state == "overdue"
    assert approval_state(draft, today=dt.date(2025, 1, 17)).days == 2
    assert approval_state(draft, today=dt.date(2025, 1, 15)).days == 0
    plan_services.plan_approve(actor=op.approver, plan=draft, approved_on=dt.date(2025, 1, 18))
    draft.refresh_from_db()
    assert draft.version == 1
    assert "late by 3 days" in draft.history.first().history_change_reason
    state = approval_state(draft)
    assert (state.state, state.days) == ("late", 3)
    notices = Notification.objects.filter(kind=plan_services.KIND_APPROVED)
    assert {notice.recipient for notice in notices} == {op.dev_head, op.mon_head}
    notice = notices.first()
    assert notice.params["late_days"] == 3
    text = KINDS["op.plan_approved"].render(notice.params, notice)
    assert "version 1 of the operational plan" in text and "3 days after the deadline" in text


def test_approval_in_time_and_without_a_signing_day(op):
    assert approval_state(op.plan).state == "met"
    # After an adjustment the first approval still decides the deadline of p.6.
    PlanVersion.objects.filter(plan=op.plan, number=1).update(approved_on=dt.date(2026, 1, 20))
    op.plan.version, op.plan.approved_on = 2, dt.date(2026, 7, 1)
    state = approval_state(op.plan)
    assert (state.state, state.days) == ("late", 5)
    op.plan.development_plan_signed_on = None
    assert approval_state(op.plan).state == "none"


def test_adjustment_warning_after_the_third_quarter(op):
    assert adjustment_warning(op.plan, today=dt.date(2026, 9, 30)) == ""
    assert "Methodology p.210" in adjustment_warning(op.plan, today=dt.date(2026, 10, 1))


# --- headings --------------------------------------------------------------------------------------------


def test_headings_numbers_and_places(op):
    adjusting(op)
    second = structure.heading_create(actor=op.dev, plan=op.plan, kind=HeadingKind.DIRECTION, name_ru="Кадры")
    assert second.number == "2" and second.position == 5
    goal = structure.heading_create(
        actor=op.dev, plan=op.plan, kind=HeadingKind.GOAL, parent=op.direction, name_kk="Мақсат"
    )
    assert goal.number == "1.2"
    for kind, parent, message in (
        (HeadingKind.DIRECTION, op.direction, "stands at the top"),
        (HeadingKind.GOAL, None, "sits under a strategic direction"),
        (HeadingKind.TARGET, op.direction, "sits under a goal"),
        (HeadingKind.GOAL, op.goal, "sits under a strategic direction"),
    ):
        with pytest.raises(ValidationError) as error:
            structure.heading_create(actor=op.dev, plan=op.plan, kind=kind, parent=parent, name_ru="x")
        assert message in messages_of(error)
    with pytest.raises(ValidationError) as error:
        structure.heading_create(actor=op.dev, plan=op.plan, kind=HeadingKind.GOAL, parent=op.direction)
    assert "Give the name" in messages_of(error)
    with pytest.raises(PermissionDenied):
        structure.heading_create(actor=op.staff_a, plan=op.plan, kind=HeadingKind.DIRECTION, name_ru="x")
    assert Heading.objects.filter(plan=op.plan).count() == 6


def test_indicator_headings_take_the_goal_map_indicators(op):
    grant_everything_read_only(op.dev)
    adjusting(op)
    mi2 = make_indicator(op.tree["program"], "MI-2", kind=IndicatorKind.MACRO)
    kni = make_indicator(op.tree["direction"], "KNI-1", kind=IndicatorKind.KNI)
    macro = structure.heading_create(
        actor=op.dev, plan=op.plan, kind=HeadingKind.MACRO, parent=op.direction, indicator=mi2
    )
    assert macro.number == "2"
    target = structure.heading_create(
        actor=op.dev, plan=op.plan, kind=HeadingKind.TARGET, parent=op.goal, indicator=kni
    )
    assert target.number == "2"
    cases = (
        (HeadingKind.MACRO, op.direction, None, "Choose the indicator"),
        (HeadingKind.MACRO, op.direction, op.target, "needs a macro-indicator"),
        (HeadingKind.TARGET, op.goal, op.macro, "needs a target indicator"),
        (HeadingKind.MACRO, op.direction, op.macro, "MI-1 is already in this plan"),
    )
    for kind, parent, indicator, message in cases:
        with pytest.raises(ValidationError) as error:
            structure.heading_create(
                actor=op.dev, plan=op.plan, kind=kind, parent=parent, indicator=indicator
            )
        assert message in messages_of(error)
    with pytest.raises(ValidationError) as error:
        structure.heading_create(
            actor=op.dev, plan=op.plan, kind=HeadingKind.GOAL, parent=op.direction, name_ru="x", indicator=mi2
        )
    assert "is named, not an indicator" in messages_of(error)
    assert Heading.objects.filter(plan=op.plan).count() == 6


def test_an_indicator_the_person_does_not_see_is_refused(op):
    adjusting(op)
    mi2 = make_indicator(op.tree["program"], "MI-2", kind=IndicatorKind.MACRO)
    with pytest.raises(ValidationError) as error:
        structure.heading_create(
            actor=op.dev_head, plan=op.plan, kind=HeadingKind.MACRO, parent=op.direction, indicator=mi2
        )
    assert "no such indicator that you may see" in messages_of(error)
    assert not Heading.objects.filter(indicator=mi2).exists()


def test_heading_update_and_delete(op):
    adjusting(op)
    structure.heading_update(actor=op.dev, heading=op.goal, name_ru="Цифровые госуслуги", number="1.5")
    op.goal.refresh_from_db()
    assert (op.goal.number, op.goal.name_ru) == ("1.5", "Цифровые госуслуги")
    with pytest.raises(ValidationError):
        structure.heading_update(actor=op.dev, heading=op.goal, kind=HeadingKind.DIRECTION)
    with pytest.raises(ValidationError) as error:
        structure.heading_delete(actor=op.dev, heading=op.direction)
    assert "3 activities sit under this heading or below" in messages_of(error)
    with pytest.raises(ValidationError) as error:
        structure.heading_delete(actor=op.dev, heading=op.target_heading)
    assert "2 activities" in messages_of(error)
    assert Heading.objects.filter(plan=op.plan).count() == 4
    structure.activity_move(actor=op.dev, activity=op.a2, heading=op.target_heading, position=1)
    structure.heading_delete(actor=op.dev, heading=op.macro_heading)
    assert not Heading.objects.filter(pk=op.macro_heading.pk).exists()


# --- activities ------------------------------------------------------------------------------------------


def test_activity_rules(op):
    adjusting(op)
    base = {
        "actor": op.dev,
        "plan": op.plan,
        "unit": op.unit_a,
        "deadline": dt.date(2026, 5, 5),
        "name_ru": "Р",
    }
    cases = (
        ({"heading": op.goal}, "sits under a macro-indicator or a target indicator"),
        ({"unit": op.stranger.unit}, "The responsible executor is a unit"),
        ({"deadline": dt.date(2027, 1, 10)}, "The term lies within 2026"),
        ({"name_ru": " ", "name_kk": ""}, "Give the activity's name"),
        ({"projects": [op.tree["projects"][0]]}, "no such items that you may see"),
    )
    for change, message in cases:
        with pytest.raises(ValidationError) as error:
            structure.activity_create(**{**base, **change})
        assert message in messages_of(error)
    with pytest.raises(PermissionDenied):
        structure.activity_create(**{**base, "actor": op.staff_a})
    assert Activity.objects.filter(plan=op.plan).count() == 4


def test_a_new_activity_goes_last_and_moves(op):
    adjusting(op)
    new = structure.activity_create(
        actor=op.dev,
        plan=op.plan,
        heading=op.target_heading,
        unit=op.unit_a,
        deadline=dt.date(2026, 5, 5),
        name_ru="Новая",
    )
    assert new.position == 5
    structure.activity_move(actor=op.dev, activity=new, heading=op.target_heading, position=1)
    order = list(
        Activity.objects.filter(heading=op.target_heading).order_by("position").values_list("pk", flat=True)
    )
    assert order == [new.pk, op.a1.pk, op.a4.pk]
    structure.activity_move(actor=op.dev, activity=new, heading=None, position=9)
    new.refresh_from_db()
    assert new.heading is None
    assert list(Activity.objects.filter(heading=None).order_by("position").values_list("pk", flat=True)) == [
        op.a3.pk,
        new.pk,
    ]
    with pytest.raises(ValidationError):
        structure.activity_move(actor=op.dev, activity=new, heading=op.goal, position=1)
    positions = list(
        Activity.objects.filter(plan=op.plan).order_by("position").values_list("position", flat=True)
    )
    assert positions == [1, 2, 3, 4, 5]


def test_links_need_visible_work(op):
    with pytest.raises(ValidationError) as error:
        structure.activity_link(actor=op.dev, activity=op.a1, projects=[op.project], tasks=[])
    assert "no such items that you may see" in messages_of(error)
    assert list(op.a1.projects.all()) == [op.project]
    # What the person may not see stays linked when they save what they see (nothing here).
    structure.activity_link(actor=op.dev, activity=op.a1, projects=[], tasks=[])
    assert list(op.a1.projects.all()) == [op.project]
    grant_everything_read_only(op.dev)
    task = op.a4.tasks.get()
    structure.activity_link(actor=op.dev, activity=op.a1, projects=[op.other_project], tasks=[task])
    assert list(op.a1.projects.all()) == [op.other_project] and list(op.a1.tasks.all()) == [task]
    with pytest.raises(PermissionDenied):
        structure.activity_link(actor=op.staff_a, activity=op.a1, projects=[], tasks=[])


def test_delete_or_drop_an_activity(op):
    adjusting(op)
    submission = Submission.objects.create(plan=op.plan, unit=op.unit_a, quarter=1)
    SubmissionRow.objects.create(submission=submission, activity=op.a1, status="executed")
    kept = structure.activity_delete(actor=op.dev, activity=op.a1)
    assert kept is not None and kept.is_active is False
    assert Activity.objects.filter(pk=op.a1.pk, is_active=False).exists()
    with pytest.raises(ValidationError):
        structure.activity_delete(actor=op.dev, activity=op.a1)
    with pytest.raises(ValidationError):
        structure.activity_update(actor=op.dev, activity=op.a1, name_ru="x")
    assert structure.activity_delete(actor=op.dev, activity=op.a2) is None
    assert not Activity.objects.filter(pk=op.a2.pk).exists()
    assert all(item["id"] != op.a1.pk for item in snapshot(op.plan)["activities"])
    with pytest.raises(PermissionDenied):
        structure.activity_delete(actor=op.staff_b, activity=op.a3)


def test_a_plan_is_not_approved_before_its_development_plan_is_signed(op):
    from operational_plans.services.plans import plan_approve

    plan = OperationalPlan.objects.create(
        body=op.body,
        year=2027,
        development_plan_signed_on=dt.date(2027, 1, 11),
        developer_unit=op.dev_unit,
        monitoring_unit=op.mon_unit,
        approver=op.approver,
    )
    Activity.objects.create(plan=plan, name_ru="Мероприятие", unit=op.unit_a, deadline=dt.date(2027, 6, 30))
    with pytest.raises(ValidationError) as refused:
        plan_approve(actor=op.approver, plan=plan, approved_on=dt.date(2026, 11, 20))
    assert "approved_on" in refused.value.message_dict
    plan.refresh_from_db()
    assert (plan.status, plan.version, plan.versions.count()) == ("draft", 0, 0)
