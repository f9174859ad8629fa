"""The policy of pmis/core/authorization.py (its module docstring), rule by rule.

The full cast × resource matrix is tests/core/test_permission_matrix.py; substitution is tests/org/.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied

from org.models import Absence, Person, Role, RoleAssignment, Substitution
from org.services import access_grant, access_revoke
from pmis.core import authorization
from pmis.core.authorization import ADD, APPROVE, CHANGE, DELETE, MANAGE_TEAM, VIEW
from portfolios.models import Portfolio
from programs.models import BasicDirection, Program, ProjectGroup
from projects.models import Project
from tests.factories import PersonFactory, StateBodyFactory, assign, away, make_tree, office

pytestmark = pytest.mark.django_db


def fresh(person: Person) -> Person:
    """The person as a new request sees them: grants are kept on the user object."""
    return Person.objects.get(pk=person.pk)


def ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def with_role(username: str, role: str, where) -> Person:
    person = PersonFactory(username=username)
    assign(person, role, where)
    return fresh(person)


# --- who may do anything at all --------------------------------------------------------------------------------


def test_anonymous_and_inactive_people_may_do_nothing(tree):
    project = tree["projects"][0]
    inactive = with_role("gone", "office_staff", office())
    inactive.is_active = False
    inactive.save()
    for user in (AnonymousUser(), fresh(inactive), None):
        for action in authorization.ACTIONS:
            assert not authorization.can(user, action, project)
            assert not authorization.restrict(Project.objects.all(), user, action).exists()
        assert not authorization.can(user, VIEW, Role)
        assert not authorization.restrict(RoleAssignment.objects.all(), user).exists()


def test_a_superuser_may_do_everything(tree, admin_user, django_assert_num_queries):
    with django_assert_num_queries(0):
        for action in authorization.ACTIONS:
            assert authorization.can(admin_user, action, tree["projects"][0])
            assert authorization.can(admin_user, action, tree["portfolio"])
        assert authorization.can(admin_user, ADD, Portfolio)
        assert authorization.can(admin_user, CHANGE, Role)
    assert ids(authorization.restrict(Project.objects.all(), admin_user, DELETE)) == {
        p.pk for p in tree["projects"]
    }


def test_unknown_action_is_a_programming_error(tree, viewer):
    with pytest.raises(ValueError):
        authorization.can(viewer, "approve-everything", tree["projects"][0])
    with pytest.raises(ValueError):
        authorization.restrict(Project.objects.all(), viewer, "own")


def test_require_raises_permission_denied(tree):
    member = with_role("member", "team_member", tree["projects"][0])
    authorization.require(member, VIEW, tree["projects"][0])
    with pytest.raises(PermissionDenied):
        authorization.require(member, CHANGE, tree["projects"][0])


# --- roles down the hierarchy, ancestors as context -------------------------------------------------------------


def test_a_role_reaches_its_node_and_everything_below(tree):
    head = with_role("head", "bd_head", tree["direction"])
    below = [tree["direction"], tree["group"], tree["subgroup"], *tree["projects"]]
    for node in below:
        for action in (VIEW, ADD, CHANGE, DELETE, MANAGE_TEAM, APPROVE):
            assert authorization.can(head, action, node), (action, node)
    assert ids(authorization.restrict(ProjectGroup.objects.all(), head, CHANGE)) == {
        tree["group"].pk,
        tree["subgroup"].pk,
    }


def test_ancestors_are_visible_as_context_only(tree):
    """A team member of one project sees the nodes above it (breadcrumbs, the tree), changes none of them, and
    sees nothing of their other branches."""
    first, second = tree["projects"]
    member = with_role("member", "team_member", first)
    for node in (tree["portfolio"], tree["program"], tree["direction"], tree["group"], tree["subgroup"]):
        assert authorization.can(member, VIEW, node)
        for action in (ADD, CHANGE, DELETE, MANAGE_TEAM, APPROVE):
            assert not authorization.can(member, action, node)
    assert not authorization.can(member, VIEW, second)
    assert ids(authorization.restrict(Project.objects.all(), member)) == {first.pk}
    assert ids(authorization.restrict(ProjectGroup.objects.all(), member)) == {
        tree["group"].pk,
        tree["subgroup"].pk,
    }
    assert not authorization.restrict(ProjectGroup.objects.all(), member, CHANGE).exists()
    other = make_tree(projects=1)
    for node in (other["portfolio"], other["program"], other["projects"][0]):
        assert not authorization.can(member, VIEW, node)


def test_a_role_ends_with_its_period(tree):
    project = tree["projects"][0]
    person = PersonFactory(username="former")
    assign(person, "project_manager", project, starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2025, 12, 31))
    assert authorization.can(fresh(person), CHANGE, project, on=dt.date(2025, 12, 31))
    assert not authorization.can(fresh(person), VIEW, project, on=dt.date(2026, 1, 1))


# --- explicit grants (django-guardian) ------------------------------------------------------------------------


def test_an_expert_with_view_on_one_project_sees_only_that_project(tree):
    first, second = tree["projects"]
    expert = PersonFactory(username="expert")
    access_grant(actor=None, node=first, action="view", person=expert)
    expert = fresh(expert)
    assert authorization.can(expert, VIEW, first)
    assert not authorization.can(expert, VIEW, second)
    assert authorization.can(expert, VIEW, tree["subgroup"])  # context
    for action in (ADD, CHANGE, DELETE, MANAGE_TEAM, APPROVE):
        assert not authorization.can(expert, action, first)
    assert ids(authorization.restrict(Project.objects.all(), expert)) == {first.pk}
    assert expert.has_perm("projects.view_project", first)
    assert not expert.has_perm("projects.change_project", first)

    access_revoke(actor=None, node=first, action="view", person=expert)
    assert not authorization.can(fresh(expert), VIEW, first)


def test_a_monitoring_group_with_view_on_a_program_sees_its_subtree_read_only(tree):
    group = Group.objects.create(name="Public monitoring")
    monitor = PersonFactory(username="monitor")
    monitor.groups.add(group)
    access_grant(actor=None, node=tree["program"], action="view", group=group)
    monitor = fresh(monitor)
    assert ids(authorization.restrict(Project.objects.all(), monitor)) == {p.pk for p in tree["projects"]}
    assert ids(authorization.restrict(BasicDirection.objects.all(), monitor)) == {tree["direction"].pk}
    assert ids(authorization.restrict(Portfolio.objects.all(), monitor)) == {tree["portfolio"].pk}
    for node in (tree["program"], tree["direction"], tree["projects"][0]):
        assert authorization.can(monitor, VIEW, node)
        assert not authorization.can(monitor, CHANGE, node)
    assert not authorization.restrict(Program.objects.all(), monitor, CHANGE).exists()
    other = make_tree(projects=1)
    assert not authorization.can(monitor, VIEW, other["program"])
    # Someone outside the group sees nothing.
    assert not authorization.can(fresh(PersonFactory(username="citizen")), VIEW, tree["program"])


def test_an_explicit_change_grant_lets_the_person_see_and_change(tree, api_as):
    project = tree["projects"][0]
    expert = PersonFactory(username="editor-expert")
    access_grant(actor=None, node=project, action="change", person=expert)
    expert = fresh(expert)
    assert authorization.can(expert, VIEW, project)
    assert authorization.can(expert, CHANGE, project)
    assert not authorization.can(expert, DELETE, project)
    response = api_as(expert).patch(
        f"/api/v1/projects/{project.pk}/", {"goal": "Уточнённая цель"}, format="json"
    )
    assert response.status_code == 200


# --- "add" anywhere: the "New" buttons ------------------------------------------------------------------------


def test_adding_a_kind_of_node(tree, editor):
    gp_head = with_role("gp-head", "gp_head", tree["group"])
    member = with_role("member", "team_member", tree["projects"][0])
    manager = with_role("manager", "program_manager", tree["program"])
    assert authorization.can(gp_head, ADD, Project)
    assert authorization.can(gp_head, ADD, ProjectGroup)
    assert not authorization.can(gp_head, ADD, BasicDirection)
    assert not authorization.can(member, ADD, Project)
    assert authorization.can(manager, ADD, BasicDirection)
    assert not authorization.can(manager, ADD, Program)
    for person in (gp_head, member, manager):
        assert not authorization.can(person, ADD, Portfolio)
    assert authorization.can(editor, ADD, Portfolio)  # the Office's staff
    for model in (Portfolio, Program, BasicDirection, ProjectGroup, Project):
        assert authorization.can(member, VIEW, model)


# --- the catalogue of roles and the substitution scheme ---------------------------------------------------------


def test_only_the_office_changes_the_catalogue(tree, editor, admin_user):
    role = Role.objects.get(code="team_member")
    cell = Substitution.objects.first()
    gp_head = with_role("gp-head", "gp_head", tree["group"])
    body_head = with_role("po-head", "po_head", tree["program"].owner_body)
    for person in (gp_head, body_head, fresh(PersonFactory(username="nobody"))):
        assert authorization.can(person, VIEW, role)
        assert authorization.can(person, VIEW, cell)
        for obj in (Role, Substitution, role, cell):
            for action in (ADD, CHANGE, DELETE):
                assert not authorization.can(person, action, obj)
        assert authorization.restrict(Role.objects.all(), person).count() == Role.objects.count()
        assert not authorization.restrict(Role.objects.all(), person, CHANGE).exists()
    for person in (editor, admin_user):
        for obj in (Role, Substitution, role, cell):
            assert authorization.can(person, CHANGE, obj)
        assert (
            authorization.restrict(Substitution.objects.all(), person, DELETE).count()
            == Substitution.objects.count()
        )


def test_a_django_model_permission_also_changes_the_catalogue(tree):
    person = PersonFactory(username="catalogue-keeper")
    person.user_permissions.add(Permission.objects.get(codename="change_role", content_type__app_label="org"))
    person = fresh(person)
    assert authorization.can(person, CHANGE, Role.objects.get(code="team_member"))
    assert not authorization.can(person, DELETE, Role)
    assert not authorization.can(person, CHANGE, tree["projects"][0])


# --- role assignments: seen where the node is, managed with "manage team" ---------------------------------------


def test_assignments_are_managed_with_manage_team_on_their_node(tree, editor):
    first, second = tree["projects"]
    member = with_role("member", "team_member", first)
    manager = with_role("manager", "project_manager", first)
    monitor = with_role("monitor", "public_monitor", tree["program"])
    curator = with_role("curator", "np_curator", tree["portfolio"])
    on_first = RoleAssignment.objects.get(person=member)
    on_second = assign(PersonFactory(username="other-member"), "team_member", second)
    on_program = RoleAssignment.objects.get(person=monitor)
    head = PersonFactory(username="office-head")
    on_body = assign(head, "po_head", tree["program"].owner_body)

    for action in (ADD, CHANGE, DELETE):
        assert authorization.can(manager, action, on_first)  # project manager: manage_team on the project
        assert not authorization.can(manager, action, on_second)
        assert authorization.can(curator, action, on_second)  # curator: manage_team on the whole portfolio
        assert not authorization.can(member, action, on_first)
        assert not authorization.can(monitor, action, on_first)
        assert authorization.can(editor, action, on_body)
        assert not authorization.can(curator, action, on_body)
    assert ids(authorization.restrict(RoleAssignment.objects.all(), manager, CHANGE)) == {
        on_first.pk,
        RoleAssignment.objects.get(person=manager).pk,
    }

    # Seen where the node is seen: the member sees the team of their project and of the nodes above it, not of
    # the sibling project; assignments on state bodies and the Office are the organisation, open to everyone.
    assert authorization.can(member, VIEW, on_first)
    assert authorization.can(member, VIEW, on_program)
    assert not authorization.can(member, VIEW, on_second)
    assert authorization.can(member, VIEW, on_body)
    visible = ids(authorization.restrict(RoleAssignment.objects.all(), member))
    assert on_second.pk not in visible
    assert {on_first.pk, on_program.pk, on_body.pk} <= visible
    editor_assignment = RoleAssignment.objects.get(person=editor)
    assert editor_assignment.pk in visible
    assert visible == {a.pk for a in RoleAssignment.objects.all() if authorization.can(member, VIEW, a)}


def test_the_team_of_a_state_body_is_managed_from_its_project_office(tree):
    body = tree["program"].owner_body
    head = with_role("po-head", "po_head", body)
    chief = assign(PersonFactory(username="chief"), "po_chief_manager", body)
    assert authorization.can(head, MANAGE_TEAM, body)
    assert authorization.can(head, CHANGE, chief)
    other = StateBodyFactory()
    assert not authorization.can(head, MANAGE_TEAM, other)
    assert authorization.can(head, VIEW, other)  # the organisation is open to everyone
    assert not authorization.can(head, CHANGE, other)


# --- absences: the absent person and those who manage one of their teams ---------------------------------------


def test_absences_are_visible_to_the_person_and_their_managers_only(tree):
    first, second = tree["projects"]
    member = with_role("member", "team_member", first)
    manager = with_role("manager", "project_manager", first)
    other_manager = with_role("other-manager", "project_manager", second)
    colleague = with_role("colleague", "team_member", first)
    leave = away(member, dt.date(2026, 7, 1), dt.date(2026, 7, 14))
    own_leave = away(manager, dt.date(2026, 8, 1), dt.date(2026, 8, 14))

    for action in (VIEW, CHANGE, DELETE):
        assert authorization.can(member, action, leave)  # their own
        assert authorization.can(manager, action, leave)  # manage_team over the member's project
        assert not authorization.can(colleague, action, leave)
        assert not authorization.can(other_manager, action, leave)
    assert ids(authorization.restrict(Absence.objects.all(), member)) == {leave.pk}
    assert ids(authorization.restrict(Absence.objects.all(), manager)) == {leave.pk, own_leave.pk}
    assert not authorization.restrict(Absence.objects.all(), colleague).exists()
    assert not authorization.restrict(Absence.objects.all(), other_manager).exists()
