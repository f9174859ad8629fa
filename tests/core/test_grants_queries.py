"""What deciding and restricting cost: one query for a person's grants, then none for `can` and no extra one for
`restrict`, whatever the depth of the hierarchy and however many roles the person holds (with absences and
substitution in play)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from org.models import Absence, Person, RoleAssignment
from pmis.core import authorization
from portfolios.models import Portfolio
from programs.models import ProjectGroup
from projects.models import Project
from tests.factories import PersonFactory, assign, away, make_direction, make_group, make_project

pytestmark = pytest.mark.django_db


def _world(depth: int, roles: int) -> dict:
    """Groups nested `depth` deep with a project at the bottom; the person is curator of the top group and of
    `roles - 1` sibling groups, each of which has a head — every other one away today, so the person acts for
    them (Appendix 4: the curator of a group of projects substitutes its head)."""
    today = timezone.localdate()
    direction = make_direction()
    top = group = make_group(direction=direction, name="Уровень 1")
    for level in range(2, depth + 1):
        group = make_group(parent=group, name=f"Уровень {level}")
    project = make_project(group=group)
    sibling = make_project(group=group, name="Соседний проект")
    # The head of the direction and of the top group are in place: the curator acts for neither of them.
    assign(PersonFactory(username="direction-head"), "bd_head", direction)
    assign(PersonFactory(username="top-head"), "gp_head", top)
    person = PersonFactory(username="curator")
    assign(person, "gp_curator", top)
    assign(PersonFactory(username="member"), "team_member", project)
    for number in range(1, roles):
        other = make_group(direction=direction, name=f"Группа {number}")
        assign(person, "gp_curator", other)
        head = PersonFactory(username=f"head-{number}")
        assign(head, "gp_head", other)
        if number % 2:
            away(head, today - dt.timedelta(days=3), today + dt.timedelta(days=3))
    assert RoleAssignment.objects.filter(person=person).count() == roles
    return {
        "depth": depth,
        "roles": roles,
        "person": person.pk,
        "project": project,
        "sibling": sibling,
        "top": top,
        "deepest": group,
    }


SHAPES = [(1, 1), (6, 1), (1, 30), (6, 30)]


@pytest.fixture(params=SHAPES, ids=[f"depth{d}-roles{r}" for d, r in SHAPES])
def world(request):
    return _world(*request.param)


def _cold(world) -> Person:
    """A person object fresh from the database: no grants kept on it yet."""
    return Person.objects.get(pk=world["person"])


def test_can_reads_the_grants_once(world, django_assert_num_queries):
    user = _cold(world)
    with django_assert_num_queries(1):
        assert authorization.can(user, "change", world["project"])
    with django_assert_num_queries(0):
        assert authorization.can(user, "view", world["deepest"])
        assert authorization.can(user, "approve", world["sibling"])
        assert not authorization.can(
            user, "delete", world["project"]
        )  # a curator's powers: view change approve
        assert authorization.can(user, "view", world["top"].direction)
        assert not authorization.can(user, "delete", world["top"].direction)
        assert not authorization.can(user, "add", Portfolio)
    user = _cold(world)
    with django_assert_num_queries(1):
        assert user.has_perm("projects.change_project", world["project"])
        assert not user.has_perm("projects.delete_project", world["project"])


def test_restrict_adds_no_query_to_the_list(world, django_assert_num_queries):
    user = _cold(world)
    with django_assert_num_queries(2):  # the grants, then the list
        projects = list(authorization.restrict(Project.objects.all(), user))
    assert {p.pk for p in projects} == {world["project"].pk, world["sibling"].pk}
    with django_assert_num_queries(1):
        groups = list(authorization.restrict(ProjectGroup.objects.all(), user, "change"))
    assert (
        len(groups) == world["depth"] + world["roles"] - 1
    )  # the curated groups and the groups nested in them
    with django_assert_num_queries(1):
        list(authorization.restrict(RoleAssignment.objects.all(), user))
    with django_assert_num_queries(1):
        list(authorization.restrict(Absence.objects.all(), user))


def test_the_api_list_costs_the_same_whatever_the_shape(world, django_assert_num_queries, api_as):
    client = api_as(_cold(world))
    with django_assert_num_queries(
        3
    ):  # forced authentication: the grants, the count, the page; nothing per row
        response = client.get("/api/v1/projects/")
    assert response.status_code == 200
    assert response.json()["count"] == 2
