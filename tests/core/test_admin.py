"""The admin covers every model and writes hierarchy nodes through the services."""

import datetime as dt

import pytest
from django.contrib import admin

from projects.models import Project

pytestmark = pytest.mark.django_db


def test_every_model_of_the_project_apps_is_in_the_admin():
    from django.apps import apps

    ours = {"org", "portfolios", "programs", "projects"}
    missing = [
        model.__name__
        for model in apps.get_models()
        if model._meta.app_label in ours
        and not model.__name__.startswith("Historical")
        and model not in admin.site._registry
    ]
    assert missing == []


@pytest.mark.parametrize("url", ["org/statebody", "org/unit", "org/person", "org/role", "portfolios/portfolio",
                                 "programs/program", "programs/basicdirection", "programs/projectgroup",
                                 "projects/project"])  # fmt: skip
def test_changelists_open(client, admin_user, tree, url):
    client.force_login(admin_user)
    assert client.get(f"/admin/{url}/").status_code == 200


def _project_form(tree, **fields):
    return {
        "group": tree["subgroup"].pk,
        "name_ru": "Через админку",
        "owner_body": tree["portfolio"].owner_body_id,
        "planned_start": "2026-01-01",
        "planned_end": "2027-01-01",
        "budget": "0",
        "stage": "initiation",
        "status": "active",
        **fields,
    }


def test_admin_creates_a_project_through_the_service(client, admin_user, tree):
    client.force_login(admin_user)
    response = client.post("/admin/projects/project/add/", _project_form(tree))
    assert response.status_code == 302
    project = Project.objects.get(name_ru="Через админку")
    assert project.code.startswith("PRJ-")
    assert project.path == f"{tree['subgroup'].path}project:{project.pk}/"
    assert project.history.get().history_user == admin_user


def test_admin_shows_the_rules_p9_refusal_on_the_form(client, admin_user, tree):
    client.force_login(admin_user)
    response = client.post("/admin/projects/project/add/", _project_form(tree, planned_end="2035-01-01"))
    assert response.status_code == 200
    assert "Rules p.9" in response.content.decode()
    assert not Project.objects.filter(name_ru="Через админку").exists()
    assert tree["portfolio"].planned_end < dt.date(2035, 1, 1)


def test_a_staff_member_sees_and_changes_only_the_nodes_their_roles_reach(client, tree):
    from django.contrib.auth.models import Permission

    from tests.factories import PersonFactory, assign

    mine, other = tree["projects"]
    manager = PersonFactory(username="staff_manager", is_staff=True)
    manager.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="projects", codename__in=["view_project", "change_project"]
        )
    )
    assign(manager, "project_manager", mine)
    client.force_login(manager)
    listing = client.get("/admin/projects/project/")
    assert listing.status_code == 200
    assert [row.pk for row in listing.context["cl"].result_list] == [mine.pk]
    assert client.get(f"/admin/projects/project/{mine.pk}/change/").status_code == 200
    # Outside their reach the admin answers as for a missing object: back to the index with a message.
    assert client.get(f"/admin/projects/project/{other.pk}/change/").status_code == 302
