"""The rules the assignment and project services enforce: each refusal is a ValidationError with a clear message,
and nothing is saved (Rules p.77, p.79, Appendix 1)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from org.models import Role, RoleAssignment
from org.services import assignment_update, role_update
from pmis.core.choices import Stage, Status
from projects.models import Project
from projects.services import project_update
from projects.services.charter import charter_update
from tests.factories import PersonFactory, assign, make_project, make_tree

pytestmark = pytest.mark.django_db

CHARTER = ("project_initiator", "project_sponsor", "project_customer", "project_manager")


@pytest.fixture
def manager(db):
    return PersonFactory(username="manager", last_name="Нурланов", first_name="Ерлан", patronymic="")


def refused(call, *args, **kwargs) -> ValidationError:
    """Run a service that must refuse; return its error, having checked no assignment was added or removed."""
    before = RoleAssignment.objects.count()
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    assert RoleAssignment.objects.count() == before
    return error.value


def text(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- Rules p.79: one active project per project manager -----------------------------------------------------


def test_a_second_active_project_is_refused_naming_the_first(tree, manager):
    first, second = tree["projects"]
    assign(manager, "project_manager", first)
    error = refused(assign, manager, "project_manager", second)
    assert first.code in text(error)
    assert first.name in text(error)
    assert "Rules p.79" in text(error)
    assert not RoleAssignment.objects.filter(project=second).exists()


def test_a_second_project_is_allowed_once_the_first_is_completed(tree, manager):
    first, second = tree["projects"]
    assign(manager, "project_manager", first)
    project_update(actor=None, project=first, status=Status.COMPLETED)
    assign(manager, "project_manager", second)
    assert RoleAssignment.objects.filter(person=manager).count() == 2


def test_a_second_project_is_allowed_when_the_periods_do_not_overlap(tree, manager):
    first, second = tree["projects"]
    assign(manager, "project_manager", first, starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31))
    assign(manager, "project_manager", second, starts_on=dt.date(2026, 1, 1))
    # Stretching the first period over the second is the same conflict, refused.
    first_assignment = RoleAssignment.objects.get(person=manager, project=first)
    error = refused(assignment_update, actor=None, assignment=first_assignment, ends_on=None)
    assert second.code in text(error)
    assert RoleAssignment.objects.get(pk=first_assignment.pk).ends_on == dt.date(2025, 12, 31)


def test_a_suspended_project_is_not_reactivated_while_its_manager_manages_another(tree, manager):
    first, second = tree["projects"]
    project_update(actor=None, project=first, status=Status.SUSPENDED)
    assign(manager, "project_manager", first)  # a suspended project does not count
    assign(manager, "project_manager", second)
    error = refused(
        project_update, actor=None, project=Project.objects.get(pk=first.pk), status=Status.ACTIVE
    )
    assert "status" in error.message_dict
    assert second.code in text(error)
    assert Project.objects.get(pk=first.pk).status == Status.SUSPENDED
    # Once the other project is completed, the first may resume.
    project_update(actor=None, project=second, status=Status.COMPLETED)
    project_update(actor=None, project=Project.objects.get(pk=first.pk), status=Status.ACTIVE)
    assert Project.objects.get(pk=first.pk).status == Status.ACTIVE


def test_a_project_manager_of_a_non_active_project_may_take_an_active_one(manager):
    tree = make_tree(projects=1)
    cancelled = make_project(group=tree["subgroup"], name="Отменённый", status=Status.CANCELLED)
    assign(manager, "project_manager", cancelled)
    assign(manager, "project_manager", tree["projects"][0])


# --- Rules p.77: the charter names initiator, sponsor, customer and manager ---------------------------------


def test_leaving_initiation_needs_the_charter_roles(tree):
    project = tree["projects"][0]
    assign(PersonFactory(username="sponsor"), "project_sponsor", project)
    with pytest.raises(ValidationError) as error:
        project_update(actor=None, project=project, stage=Stage.PLANNING)
    message = " ".join(error.value.message_dict["stage"])
    for code in ("project_initiator", "project_customer", "project_manager"):
        assert Role.objects.get(code=code).name in message
    assert Role.objects.get(code="project_sponsor").name not in message
    assert "Rules p.77" in message
    assert Project.objects.get(pk=project.pk).stage == Stage.INITIATION


def test_leaving_initiation_is_allowed_with_the_charter_roles(tree):
    project = tree["projects"][0]
    for number, code in enumerate(CHARTER):
        assign(PersonFactory(username=f"charter-{number}"), code, project)
    # The other checks of leaving initiation (projects.services.lifecycle): a goal and the charter's text.
    project_update(actor=None, project=project, goal="Цель проекта")
    charter_update(actor=None, project=project, content="Объём работ", results="Результат")
    project_update(actor=None, project=project, stage=Stage.PLANNING)
    assert Project.objects.get(pk=project.pk).stage == Stage.PLANNING


def test_an_ended_charter_role_does_not_count(tree):
    project = tree["projects"][0]
    for number, code in enumerate(CHARTER):
        ends_on = dt.date(2025, 6, 30) if code == "project_customer" else None
        assign(PersonFactory(username=f"charter-{number}"), code, project, ends_on=ends_on)
    with pytest.raises(ValidationError) as error:
        project_update(actor=None, project=project, stage=Stage.PLANNING)
    assert Role.objects.get(code="project_customer").name in " ".join(error.value.message_dict["stage"])


# --- the assignment itself --------------------------------------------------------------------------------


def test_the_end_before_the_start_is_refused(tree, manager):
    error = refused(
        assign,
        manager,
        "team_member",
        tree["projects"][0],
        starts_on=dt.date(2026, 5, 1),
        ends_on=dt.date(2026, 4, 1),
    )
    assert error.message_dict["ends_on"] == ["The end of the assignment must not be earlier than its start."]


def test_an_overlapping_duplicate_is_refused(tree, manager):
    project = tree["projects"][0]
    assign(manager, "team_member", project, starts_on=dt.date(2026, 1, 1), ends_on=dt.date(2026, 6, 30))
    error = refused(assign, manager, "team_member", project, starts_on=dt.date(2026, 6, 1))
    assert "already holds the role" in text(error)
    assert Role.objects.get(code="team_member").name in text(error)
    # The next period after the first one ends is a new assignment, allowed.
    assign(manager, "team_member", project, starts_on=dt.date(2026, 7, 1))
    # Another person, or the same person on another project, is no duplicate.
    assign(PersonFactory(username="colleague"), "team_member", project)
    assign(manager, "team_member", tree["projects"][1], starts_on=dt.date(2026, 1, 1))


def test_a_role_is_assigned_only_on_its_kind_of_node(tree, manager):
    error = refused(assign, manager, "project_manager", tree["program"])
    assert "role" in error.message_dict
    message = " ".join(error.message_dict["role"])
    assert Role.objects.get(code="project_manager").name in message
    assert "program" in message
    # A project office role goes on a state body or a program, not a project.
    refused(assign, manager, "po_head", tree["projects"][0])
    assign(manager, "po_head", tree["program"].owner_body)


def test_no_more_holders_than_appendix_1_allows(tree, manager):
    program = tree["program"]
    assign(manager, "program_manager", program, ends_on=dt.date(2026, 12, 31))
    other = PersonFactory(username="other-manager", last_name="Касымова", first_name="Алия")
    error = refused(assign, other, "program_manager", program, starts_on=dt.date(2026, 6, 1))
    assert "at most 1 holder" in text(error)
    assert manager.short_name in text(error)
    # After the first one's period, the next program manager is assigned.
    assign(other, "program_manager", program, starts_on=dt.date(2027, 1, 1))
    # Roles without a limit take any number of holders.
    for number in range(3):
        assign(PersonFactory(username=f"member-{number}"), "committee_member", program)


def test_an_inactive_role_is_not_assigned(tree, manager):
    role = Role.objects.get(code="team_member")
    role_update(actor=None, role=role, is_active=False)
    error = refused(assign, manager, "team_member", tree["projects"][0])
    assert "no longer in use" in text(error)


def test_the_person_role_and_node_of_an_assignment_do_not_change(tree, manager):
    assignment = assign(manager, "team_member", tree["projects"][0])
    error = refused(
        assignment_update, actor=None, assignment=assignment, role=Role.objects.get(code="gp_head")
    )
    assert "role" in text(error)
