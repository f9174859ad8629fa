"""The rules the services enforce, as the API answers them: dates (Rules p.9), parents, moves, deletes."""

from __future__ import annotations

import pytest

from programs.models import ProjectGroup
from projects.models import Project
from tests.factories import make_group, make_project

pytestmark = pytest.mark.django_db

PROJECTS = "/api/v1/projects/"
PROGRAMS = "/api/v1/programs/"
GROUPS = "/api/v1/project-groups/"


def _project_payload(tree, **fields):
    return {
        "name_ru": "Проект",
        "group": tree["subgroup"].pk,
        "planned_start": "2025-01-01",
        "planned_end": "2028-12-31",
        **fields,
    }


def _program_payload(tree, **fields):
    return {
        "name_ru": "Программа",
        "portfolio": tree["portfolio"].pk,
        "planned_start": "2025-01-01",
        "planned_end": "2029-12-31",
        **fields,
    }


# --- Rules p.9: a program or project ends no later than its portfolio (which ends 2030-12-31) --------------


@pytest.mark.parametrize(
    ("url", "payload"),
    [(PROJECTS, _project_payload), (PROGRAMS, _program_payload)],
    ids=["project", "program"],
)
def test_create_after_the_portfolio_end_is_400(tree, as_editor, url, payload):
    response = as_editor.post(url, payload(tree, planned_end="2031-06-30"), format="json")
    assert response.status_code == 400
    assert "Rules p.9" in response.json()["planned_end"][0]


@pytest.mark.parametrize("kind", ["project", "program"])
def test_update_after_the_portfolio_end_is_400(tree, as_editor, kind):
    node = tree["projects"][0] if kind == "project" else tree["program"]
    url = f"{PROJECTS if kind == 'project' else PROGRAMS}{node.pk}/"
    response = as_editor.patch(url, {"planned_end": "2031-06-30"}, format="json")
    assert response.status_code == 400
    assert "Rules p.9" in response.json()["planned_end"][0]
    node.refresh_from_db()
    assert str(node.planned_end) != "2031-06-30"


def test_date_rule_message_is_translated(tree, as_editor):
    """The Rules p.9 message answers in the request's language (DESIGN.md §4)."""
    payload = _project_payload(tree, planned_end="2031-06-30")
    ru = as_editor.post(PROJECTS, payload, format="json", HTTP_ACCEPT_LANGUAGE="ru")
    kk = as_editor.post(PROJECTS, payload, format="json", HTTP_ACCEPT_LANGUAGE="kk")
    assert ru.status_code == kk.status_code == 400
    assert "п. 9 Правил" in ru.json()["planned_end"][0]
    assert "Қағидалардың 9-тармағы" in kk.json()["planned_end"][0]


def test_planned_end_before_planned_start_is_400(tree, as_editor):
    response = as_editor.post(
        PROJECTS, _project_payload(tree, planned_start="2027-01-01", planned_end="2026-01-01"), format="json"
    )
    assert response.status_code == 400
    assert "planned_end" in response.json()
    project = tree["projects"][0]
    response = as_editor.patch(f"{PROJECTS}{project.pk}/", {"planned_end": "2024-01-01"}, format="json")
    assert response.status_code == 400
    assert "planned_end" in response.json()


def test_required_dates_and_name_are_400_beside_their_field(tree, as_editor):
    response = as_editor.post(PROJECTS, {"group": tree["subgroup"].pk}, format="json")
    assert response.status_code == 400
    assert {"name_ru", "planned_start", "planned_end"} & set(response.json())


# --- parents ------------------------------------------------------------------------------------------------


def test_unknown_parent_is_400_with_a_message(tree, as_editor):
    response = as_editor.post(PROJECTS, _project_payload(tree, group=999999), format="json")
    assert response.status_code == 400
    message = response.json()["group"][0]
    assert "999999" in message
    assert "group of projects" in message


def test_parent_of_the_wrong_type_is_400(tree, as_editor):
    response = as_editor.post(PROJECTS, _project_payload(tree, group="abc"), format="json")
    assert response.status_code == 400
    assert "group" in response.json()


def test_parent_as_a_node_reference(tree, as_editor):
    response = as_editor.post(PROJECTS, _project_payload(tree, group=tree["subgroup"].ref), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["group"] == tree["subgroup"].pk

    wrong_kind = as_editor.post(PROJECTS, _project_payload(tree, group=tree["direction"].ref), format="json")
    assert wrong_kind.status_code == 400
    assert tree["direction"].ref in wrong_kind.json()["group"][0]

    malformed = as_editor.post(PROJECTS, _project_payload(tree, group="group:x"), format="json")
    assert malformed.status_code == 400


def test_group_needs_a_direction_or_a_parent(tree, as_editor):
    response = as_editor.post(GROUPS, {"name_ru": "Группа"}, format="json")
    assert response.status_code == 400
    assert "direction" in response.json()


def test_direction_needs_a_program(tree, as_editor):
    response = as_editor.post(
        "/api/v1/directions/", {"name_ru": "Направление", "program": None}, format="json"
    )
    assert response.status_code == 400
    assert "program" in response.json()


def test_nested_group_by_parent(tree, as_editor):
    response = as_editor.post(GROUPS, {"name_ru": "Вложенная", "parent": tree["group"].pk}, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["direction"] == tree["direction"].pk
    assert data["path"] == f"{tree['group'].path}group:{data['id']}/"


# --- moves --------------------------------------------------------------------------------------------------


def test_moving_a_project_to_another_group_updates_its_path_and_keeps_its_code(tree, as_editor):
    project = tree["projects"][0]
    target = make_group(direction=tree["direction"], name="Другая группа")
    response = as_editor.patch(f"{PROJECTS}{project.pk}/", {"group": target.pk}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["group"] == target.pk
    assert response.json()["code"] == project.code
    assert response.json()["path"] == f"{target.path}project:{project.pk}/"
    project.refresh_from_db()
    assert (project.group_id, project.code, project.path) == (
        target.pk,
        response.json()["code"],
        f"{target.path}project:{project.pk}/",
    )


def test_taking_a_group_out_of_its_parent_moves_its_projects(tree, as_editor):
    subgroup = tree["subgroup"]
    response = as_editor.patch(f"{GROUPS}{subgroup.pk}/", {"parent": None}, format="json")
    assert response.status_code == 200, response.json()
    new_path = f"{tree['direction'].path}group:{subgroup.pk}/"
    assert response.json()["path"] == new_path
    assert response.json()["parent"] is None
    assert all(p.path.startswith(new_path) for p in Project.objects.filter(group=subgroup))


def test_repeating_the_current_place_does_not_move_a_group(tree, as_editor):
    subgroup = tree["subgroup"]
    response = as_editor.patch(
        f"{GROUPS}{subgroup.pk}/", {"direction": tree["direction"].pk, "goal": "Цель"}, format="json"
    )
    assert response.status_code == 200, response.json()
    assert ProjectGroup.objects.get(pk=subgroup.pk).parent_id == tree["group"].pk


def test_a_group_cannot_move_inside_itself(tree, as_editor):
    response = as_editor.patch(f"{GROUPS}{tree['group'].pk}/", {"parent": tree["subgroup"].pk}, format="json")
    assert response.status_code == 400
    assert "parent" in response.json()


# --- deletes ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "node"),
    [
        ("/api/v1/portfolios/", "portfolio"),
        (PROGRAMS, "program"),
        ("/api/v1/directions/", "direction"),
        (GROUPS, "group"),
    ],
)
def test_deleting_a_node_with_children_is_400(tree, as_editor, url, node):
    response = as_editor.delete(f"{url}{tree[node].pk}/")
    assert response.status_code == 400
    assert "cannot be deleted" in response.json()["non_field_errors"][0]
    assert type(tree[node]).objects.filter(pk=tree[node].pk).exists()


def test_counts_of_the_selectors_are_in_the_answer(tree, as_viewer):
    make_project(group=tree["group"], status="cancelled")
    portfolio = as_viewer.get(f"/api/v1/portfolios/{tree['portfolio'].pk}/").json()
    assert (portfolio["program_count"], portfolio["project_count"], portfolio["active_project_count"]) == (
        1,
        3,
        2,
    )
    direction = as_viewer.get(f"/api/v1/directions/{tree['direction'].pk}/").json()
    assert (direction["group_count"], direction["project_count"]) == (2, 3)
    group = as_viewer.get(f"{GROUPS}{tree['subgroup'].pk}/").json()
    assert group["project_count"] == 2
