"""Governing bodies: who creates which body, members as role assignments, composition approval and checks, the
body's decisions in the register (Rules p.29, p.44–46, p.50, p.66(2))."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from governance.choices import BodyKind, Position
from governance.models import GoverningBody
from governance.selectors.bodies import body_list, body_members, composition_warnings
from governance.services.bodies import (
    body_create,
    body_dissolve,
    body_update,
    composition_approve,
    member_add,
    member_end,
)
from org.models import Notification, RoleAssignment
from pmis.core import authorization
from scrum.choices import Level, OutcomeKind
from scrum.models import Decision
from scrum.selectors.decisions import decision_list
from tests.factories_scrum import make_meeting, make_schedule

# Read when a test runs, not when the module is imported: a run may cross midnight.
TODAY = timezone.localdate


def make_decision(meeting, number: int, *, text: str, **fields) -> Decision:
    return Decision.objects.create(
        meeting=meeting, number=number, kind=OutcomeKind.INFORMATION, text=text, **fields
    )


def _dissolve_all(gov):
    GoverningBody.objects.all().update(is_active=False)


@pytest.mark.parametrize(
    ("who", "kind", "node", "allowed"),
    [
        ("curator", BodyKind.COUNCIL, "portfolio", True),
        ("office_staff", BodyKind.COUNCIL, "portfolio", True),
        ("manager", BodyKind.COUNCIL, "portfolio", False),
        ("council_member", BodyKind.COUNCIL, "portfolio", False),
        ("manager", BodyKind.COMMITTEE, "program", True),
        ("deputy", BodyKind.EXPERT_COUNCIL, "program", True),
        ("chair", BodyKind.COMMITTEE, "program", False),
        ("stranger", BodyKind.COMMITTEE, "program", False),
        ("secretary", BodyKind.EXPERT_COUNCIL, "program", False),
    ],
)
def test_who_may_create_which_body(gov, who, kind, node, allowed):
    _dissolve_all(gov)
    target = getattr(gov, node)
    if allowed:
        body = body_create(actor=getattr(gov, who), kind=kind, node=target, name_ru="Орган")
        assert body.node_path == target.path and body.is_active
    else:
        with pytest.raises(PermissionDenied):
            body_create(actor=getattr(gov, who), kind=kind, node=target, name_ru="Орган")
        assert not GoverningBody.objects.filter(is_active=True).exists()


def test_body_rules_kind_node_and_one_active(gov):
    with pytest.raises(ValidationError, match="portfolio"):
        body_create(actor=gov.office_staff, kind=BodyKind.COUNCIL, node=gov.program, name_ru="Совет")
    with pytest.raises(ValidationError, match="already has an active body"):
        body_create(actor=gov.manager, kind=BodyKind.COMMITTEE, node=gov.program, name_ru="Второй")
    assert GoverningBody.objects.filter(kind=BodyKind.COMMITTEE).count() == 1
    body_dissolve(actor=gov.manager, body=gov.committee)
    again = body_create(actor=gov.manager, kind=BodyKind.COMMITTEE, node=gov.program, name_ru="Новый")
    assert again.is_active and GoverningBody.objects.filter(kind=BodyKind.COMMITTEE).count() == 2


def test_update_and_dissolve_need_manage_team(gov):
    with pytest.raises(PermissionDenied):
        body_update(actor=gov.chair, body=gov.committee, basis="Приказ")
    body_update(actor=gov.manager, body=gov.committee, basis="Приказ № 5", sphere="ignored")
    gov.committee.refresh_from_db()
    assert gov.committee.basis == "Приказ № 5" and gov.committee.sphere == ""
    with pytest.raises(ValidationError, match="Unknown fields"):
        body_update(actor=gov.manager, body=gov.committee, kind=BodyKind.COUNCIL)
    with pytest.raises(PermissionDenied):
        body_dissolve(actor=gov.committee_member, body=gov.committee)


def test_members_are_role_assignments_with_their_powers(gov):
    newcomer = gov.citizen
    assert not authorization.can(newcomer, authorization.VIEW, gov.program)
    with pytest.raises(PermissionDenied):
        member_add(actor=gov.chair, body=gov.committee, person=newcomer, position=Position.MEMBER)
    assignment = member_add(
        actor=gov.manager, body=gov.committee, person=newcomer, position=Position.MEMBER, basis="Приказ 7"
    )
    assert assignment.role.code == "committee_member" and assignment.scope_path == gov.program.path
    assert authorization.can(newcomer, authorization.VIEW, gov.program)
    assert Notification.objects.filter(recipient=newcomer, kind="governance.member_added").exists()
    members = body_members(gov.committee)
    assert [m.position for m in members][:2] == [Position.CHAIR, Position.DEPUTY_CHAIR]
    assert newcomer in [m.person for m in members]
    # The catalogue's rules hold: one chair.
    with pytest.raises(ValidationError, match="at most"):
        member_add(actor=gov.manager, body=gov.committee, person=gov.outsider, position=Position.CHAIR)
    # A committee has no secretary position.
    with pytest.raises(ValidationError):
        member_add(actor=gov.manager, body=gov.committee, person=gov.outsider, position=Position.SECRETARY)
    with pytest.raises(ValidationError, match="earlier than its start"):
        member_end(
            actor=gov.manager, body=gov.committee, assignment=assignment, ends_on=TODAY() - dt.timedelta(1)
        )
    member_end(actor=gov.manager, body=gov.committee, assignment=assignment, ends_on=TODAY())
    tomorrow = TODAY() + dt.timedelta(days=1)
    assert newcomer not in [m.person for m in body_members(gov.committee, on=tomorrow)]
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()  # the record stays


def test_member_end_refuses_other_assignments(gov):
    pm_assignment = RoleAssignment.objects.get(person=gov.pm, role__code="project_manager")
    with pytest.raises(ValidationError, match="not a member"):
        member_end(actor=gov.manager, body=gov.committee, assignment=pm_assignment)
    pm_assignment.refresh_from_db()
    assert pm_assignment.ends_on is None


def test_composition_approval_by_the_program_manager_only(gov):
    for person in (gov.chair, gov.committee_member, gov.expert, gov.stranger):
        with pytest.raises(PermissionDenied):
            composition_approve(actor=person, body=gov.committee)
    body = composition_approve(actor=gov.manager, body=gov.committee)
    assert body.composition_approved_by == gov.manager and body.composition_approved_on == TODAY()
    assert Notification.objects.filter(recipient=gov.chair, kind="governance.composition_approved").exists()
    # A change of the members withdraws the approval.
    member_add(actor=gov.manager, body=gov.committee, person=gov.citizen, position=Position.MEMBER)
    gov.committee.refresh_from_db()
    assert gov.committee.composition_approved_on is None
    # The council: its curator approves; a council member does not.
    with pytest.raises(PermissionDenied):
        composition_approve(actor=gov.council_member, body=gov.council)
    assert composition_approve(actor=gov.curator, body=gov.council).composition_approved_by == gov.curator


def test_composition_approval_needs_a_secretary_for_an_expert_council(gov):
    assignment = RoleAssignment.objects.get(person=gov.secretary, role__code="expert_council_secretary")
    member_end(
        actor=gov.manager, body=gov.expert_council, assignment=assignment, ends_on=TODAY() - dt.timedelta(1)
    )
    with pytest.raises(ValidationError, match="secretary"):
        composition_approve(actor=gov.manager, body=gov.expert_council)
    gov.expert_council.refresh_from_db()
    assert gov.expert_council.composition_approved_on is None


def test_deputy_chair_must_head_the_project_office(gov, django_assert_max_num_queries):
    members = body_members(gov.committee)
    assert composition_warnings(gov.committee, members) == []
    deputy = RoleAssignment.objects.get(person=gov.deputy, role__code="committee_deputy_chair")
    member_end(actor=gov.manager, body=gov.committee, assignment=deputy, ends_on=TODAY() - dt.timedelta(1))
    member_add(actor=gov.manager, body=gov.committee, person=gov.bd_head, position=Position.DEPUTY_CHAIR)
    body = GoverningBody.objects.get(pk=gov.committee.pk)
    members = body_members(body)
    warnings = composition_warnings(body, members)
    assert len(warnings) == 1 and "project office" in warnings[0] and "p.44" in warnings[0]
    secretary = RoleAssignment.objects.get(person=gov.secretary, role__code="expert_council_secretary")
    member_end(
        actor=gov.manager, body=gov.expert_council, assignment=secretary, ends_on=TODAY() - dt.timedelta(1)
    )
    assert any(
        "secretary" in w for w in composition_warnings(gov.expert_council, body_members(gov.expert_council))
    )


def test_body_members_is_one_query(gov, django_assert_num_queries):
    with django_assert_num_queries(1):
        rows = body_members(gov.committee)
        assert [row.person.pk for row in rows]


def test_body_list_follows_the_node(gov):
    assert set(body_list(gov.manager)) == {gov.committee, gov.expert_council}
    assert set(body_list(gov.curator)) == {gov.council, gov.committee, gov.expert_council}
    assert list(body_list(gov.outsider)) == []
    assert list(body_list(gov.stranger)) == []
    assert set(body_list(gov.office_staff, kind=BodyKind.COUNCIL)) == {gov.council}


def test_decisions_of_the_body(gov):
    committee = make_schedule(Level.COMMITTEE, gov.program, chair=gov.chair)
    office = make_schedule(Level.OFFICE, gov.program)
    council = make_schedule(Level.COUNCIL, gov.portfolio, chair=gov.curator)
    other = make_schedule(Level.COMMITTEE, gov.other_program)
    day = dt.date(2026, 2, 5)
    ours = make_decision(make_meeting(committee, day), 1, text="Комитет решил")
    make_decision(make_meeting(office, day), 1, text="Офис решил")
    make_decision(make_meeting(council, day), 1, text="Совет решил")
    make_decision(make_meeting(other, day), 1, text="Чужой комитет")
    rows = list(decision_list(gov.office_staff, body=gov.committee.pk))
    assert rows == [ours]
    assert [d.text for d in decision_list(gov.office_staff, body=gov.council.pk)] == ["Совет решил"]
    assert list(decision_list(gov.office_staff, body=gov.expert_council.pk)) == []
    assert len(decision_list(gov.office_staff)) == 4
