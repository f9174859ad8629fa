"""The authorization module's policy of this version (roles arrive with the roles issue)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from pmis.core import authorization
from projects.models import Project
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_anonymous_and_inactive_people_may_do_nothing(tree):
    project = tree["projects"][0]
    inactive = PersonFactory(username="gone", is_active=False)
    for user in (AnonymousUser(), inactive, None):
        assert not authorization.can(user, "view", project)
        assert not authorization.restrict(Project.objects.all(), user).exists()


def test_a_person_views_but_does_not_change(tree, viewer):
    project = tree["projects"][0]
    assert authorization.can(viewer, "view", project)
    assert not authorization.can(viewer, "change", project)
    assert not authorization.can(viewer, "add", Project)
    assert authorization.restrict(Project.objects.all(), viewer).count() == 2
    assert not authorization.restrict(Project.objects.all(), viewer, "delete").exists()


def test_an_editor_changes_through_model_permissions(tree, editor):
    project = tree["projects"][0]
    assert authorization.can(editor, "change", project)
    assert authorization.can(editor, "add", Project)
    assert authorization.restrict(Project.objects.all(), editor, "delete").count() == 2


def test_unknown_action_is_a_programming_error(tree, viewer):
    with pytest.raises(ValueError):
        authorization.can(viewer, "approve-everything", tree["projects"][0])


def test_can_costs_no_query_per_node(tree, editor, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):  # the permission cache is filled once per person
        for project in tree["projects"]:
            authorization.can(editor, "change", project)
