"""The API of roles on nodes: assignments, absences, the role catalogue, the substitution scheme and explicit
grants, with who may do what (not visible → 404 or a 400 that says nothing more, visible but not allowed → 403),
refusals that change nothing, lists that never leak, and their pinned query counts. The admin's writes of the
same objects go through the same services."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from guardian.shortcuts import get_perms

from org.models import Absence, Role, RoleAssignment, Substitution
from pmis.core import grants
from tests.factories import PersonFactory, assign, away, make_tree, office

pytestmark = pytest.mark.django_db

ASSIGNMENTS = "/api/v1/org/assignments/"
ABSENCES = "/api/v1/org/absences/"
ROLES = "/api/v1/org/roles/"
SUBSTITUTIONS = "/api/v1/org/substitutions/"
ACCESS = "/api/v1/org/access/"
GRANTS_QUERY = 1  # the person's grants: roles, substitution and explicit grants in one query
LIST_QUERIES = 2  # the paginator's COUNT and the page


@pytest.fixture
def team(tree):
    """A project with its manager and a member, a sibling project with its own member, and another portfolio."""
    project, sibling = tree["projects"]
    elsewhere = make_tree(projects=1)
    people = SimpleNamespace(
        pm=PersonFactory(username="pm", last_name="Жумабаев", first_name="Ерлан", patronymic=""),
        member=PersonFactory(username="member", last_name="Касымова", first_name="Дана", patronymic=""),
        neighbour=PersonFactory(username="neighbour"),
        far=PersonFactory(username="far"),
        newcomer=PersonFactory(username="newcomer", last_name="Нурланов", first_name="Асет", patronymic=""),
    )
    return SimpleNamespace(
        **vars(people),
        tree=tree,
        project=project,
        sibling=sibling,
        elsewhere=elsewhere,
        pm_on_project=assign(people.pm, "project_manager", project),
        member_on_project=assign(people.member, "team_member", project),
        neighbour_on_sibling=assign(people.neighbour, "team_member", sibling),
        far_on_elsewhere=assign(people.far, "project_manager", elsewhere["projects"][0]),
    )


def _new_assignment(team, **fields):
    return {
        "node": team.project.ref,
        "person": team.newcomer.pk,
        "role": "team_member",
        "starts_on": "2026-01-01",
        "basis_kind": "order",
        "basis_number": "12-п",
        "basis_date": "2025-12-20",
        **fields,
    }


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


# --- assignments: create ------------------------------------------------------------------------------------


def test_a_project_manager_assigns_a_team_member(team, api_as):
    response = api_as(team.pm).post(ASSIGNMENTS, _new_assignment(team, note="Аналитик"), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    created = RoleAssignment.objects.get(pk=data["id"])
    assert (created.person, created.role.code, created.project) == (
        team.newcomer,
        "team_member",
        team.project,
    )
    assert data["person"] == {
        "id": team.newcomer.pk,
        "full_name": "Нурланов Асет",
        "short_name": "Нурланов А.",
    }
    assert data["role"] == {"code": "team_member", "name": created.role.name}
    assert (data["node"], data["node_name"], data["scope_kind"]) == (
        team.project.ref,
        team.project.name,
        "project",
    )
    assert (data["starts_on"], data["ends_on"], data["basis_number"], data["note"]) == (
        "2026-01-01",
        None,
        "12-п",
        "Аналитик",
    )
    assert data["employment"] == "combined"  # the role's usual employment
    assert data["in_force"] is True
    assert created.history.get().history_user == team.pm  # written by the service, who did it recorded


@pytest.mark.parametrize("place", ["body", "office"])
def test_assignments_on_a_state_body_and_the_office(place, team, editor, api_as):
    if place == "body":
        body = team.tree["program"].owner_body
        payload = _new_assignment(team, node=f"body:{body.pk}", role="po_admin", employment="full_time")
    else:
        payload = _new_assignment(team, node=f"office:{office().pk}", role="office_staff")
    response = api_as(editor).post(ASSIGNMENTS, payload, format="json")
    assert response.status_code == 201, response.json()
    assert (response.json()["node"], response.json()["scope_kind"]) == (payload["node"], place)


def test_a_node_the_user_cannot_see_is_a_400_that_says_no_more_than_for_a_missing_one(team, api_as):
    before = RoleAssignment.objects.count()
    client = api_as(team.pm)
    hidden = client.post(ASSIGNMENTS, _new_assignment(team, node=team.sibling.ref), format="json")
    missing = client.post(ASSIGNMENTS, _new_assignment(team, node="project:999999"), format="json")
    assert hidden.status_code == missing.status_code == 400
    assert hidden.json()["node"] == [f"{team.sibling.ref} does not exist."]
    assert missing.json()["node"] == ["project:999999 does not exist."]
    assert RoleAssignment.objects.count() == before


def test_a_visible_node_without_manage_team_is_403(team, viewer, api_as):
    before = RoleAssignment.objects.count()
    # The manager sees the group above the project (context) but may not manage its team.
    response = api_as(team.pm).post(
        ASSIGNMENTS, _new_assignment(team, node=team.tree["subgroup"].ref, role="gp_curator"), format="json"
    )
    assert response.status_code == 403
    # 403 before anything else is said, even about a missing person.
    response = api_as(viewer).post(ASSIGNMENTS, _new_assignment(team, person=None), format="json")
    assert response.status_code == 403
    assert RoleAssignment.objects.count() == before


@pytest.mark.parametrize(
    ("fields", "field", "text"),
    [
        ({"ends_on": "2025-06-01"}, "ends_on", "must not be earlier than its start"),
        ({"role": "gp_head"}, "role", "is not assigned on a project"),
        ({"role": "no_such_role"}, "role", "There is no role with the code “no_such_role”"),
        ({"node": "project-5"}, "node", "is not a node reference"),
        ({"person": 999999}, "person", "There is no active person with the id 999999"),
        ({"basis_kind": "rumour"}, "basis_kind", "not a valid choice"),
        ({"starts_on": "01.01.2026"}, "starts_on", "Date has wrong format"),
    ],
)
def test_bad_assignments_are_refused_with_a_message_and_change_nothing(team, api_as, fields, field, text):
    before = RoleAssignment.objects.count()
    response = api_as(team.pm).post(ASSIGNMENTS, _new_assignment(team, **fields), format="json")
    assert response.status_code == 400
    assert text in " ".join(response.json()[field])
    assert RoleAssignment.objects.count() == before


def test_missing_fields_are_named(team, api_as):
    response = api_as(team.pm).post(ASSIGNMENTS, {}, format="json")
    assert response.status_code == 400
    assert {"node", "person", "role", "basis_kind"} <= set(response.json())


def test_rules_p79_one_active_project_per_manager(team, editor, api_as):
    payload = _new_assignment(team, node=team.sibling.ref, person=team.pm.pk, role="project_manager")
    response = api_as(editor).post(ASSIGNMENTS, payload, format="json")
    assert response.status_code == 400
    assert "Rules p.79" in response.json()["non_field_errors"][0]
    assert not RoleAssignment.objects.filter(person=team.pm, project=team.sibling).exists()


def test_a_duplicate_assignment_is_refused(team, api_as):
    payload = _new_assignment(team, person=team.member.pk, starts_on="2026-03-01")
    response = api_as(team.pm).post(ASSIGNMENTS, payload, format="json")
    assert response.status_code == 400
    assert "already holds the role" in response.json()["non_field_errors"][0]


# --- assignments: change and remove -------------------------------------------------------------------------


def test_patch_changes_the_period_and_basis(team, api_as):
    url = f"{ASSIGNMENTS}{team.member_on_project.pk}/"
    response = api_as(team.pm).patch(url, {"ends_on": "2025-12-31", "basis_number": "7"}, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["ends_on"], response.json()["in_force"]) == ("2025-12-31", False)
    team.member_on_project.refresh_from_db()
    assert (team.member_on_project.ends_on, team.member_on_project.basis_number) == (
        dt.date(2025, 12, 31),
        "7",
    )


def test_put_replaces_the_editable_fields(team, api_as):
    url = f"{ASSIGNMENTS}{team.member_on_project.pk}/"
    payload = {"starts_on": "2025-02-01", "basis_kind": "protocol", "employment": "full_time"}
    response = api_as(team.pm).put(url, payload, format="json")
    assert response.status_code == 200, response.json()
    assert (response.json()["starts_on"], response.json()["basis_kind"]) == ("2025-02-01", "protocol")


@pytest.mark.parametrize("field", ["person", "role", "node", "scope_kind"])
def test_the_person_role_and_node_cannot_be_changed(team, api_as, field):
    url = f"{ASSIGNMENTS}{team.member_on_project.pk}/"
    response = api_as(team.pm).patch(url, {field: "x", "note": "changed"}, format="json")
    assert response.status_code == 400
    assert "end it and make a new one" in response.json()[field][0]
    team.member_on_project.refresh_from_db()
    assert team.member_on_project.note == ""


def test_a_bad_change_is_refused_and_changes_nothing(team, api_as):
    url = f"{ASSIGNMENTS}{team.member_on_project.pk}/"
    response = api_as(team.pm).patch(url, {"ends_on": "2024-01-01"}, format="json")
    assert response.status_code == 400
    assert "ends_on" in response.json()
    team.member_on_project.refresh_from_db()
    assert team.member_on_project.ends_on is None


def test_change_and_delete_need_manage_team_on_the_node(team, viewer, outsider, api_as):
    url = f"{ASSIGNMENTS}{team.member_on_project.pk}/"
    assert api_as(outsider).get(url).status_code == 404  # not visible
    assert api_as(outsider).patch(url, {"note": "x"}, format="json").status_code == 404
    assert api_as(viewer).get(url).status_code == 200
    assert api_as(viewer).patch(url, {"note": "x"}, format="json").status_code == 403
    assert api_as(viewer).delete(url).status_code == 403
    # The member sees their own project's team but does not manage it.
    assert api_as(team.member).delete(url).status_code == 403
    assert RoleAssignment.objects.filter(pk=team.member_on_project.pk).exists()


def test_a_project_manager_removes_a_team_member(team, api_as):
    url = f"{ASSIGNMENTS}{team.member_on_project.pk}/"
    assert api_as(team.pm).delete(url).status_code == 204
    assert not RoleAssignment.objects.filter(pk=team.member_on_project.pk).exists()


# --- assignments: lists ------------------------------------------------------------------------------------


def test_an_outsider_sees_no_node_assignments(team, editor, outsider, api_as):
    rows = api_as(outsider).get(ASSIGNMENTS, {"page_size": 500}).json()["results"]
    assert rows  # the Office's people are open to everyone (editor's office_staff)
    assert {row["scope_kind"] for row in rows} <= {"office", "body"}


def test_a_project_manager_sees_his_team_but_not_another_branch(team, api_as):
    ids = _ids(api_as(team.pm).get(ASSIGNMENTS, {"page_size": 500}))
    assert {team.pm_on_project.pk, team.member_on_project.pk} <= ids
    assert team.neighbour_on_sibling.pk not in ids
    assert team.far_on_elsewhere.pk not in ids


def test_assignment_filters(team, viewer, api_as):
    client = api_as(viewer)
    assert _ids(client.get(ASSIGNMENTS, {"node": team.project.ref})) == {
        team.pm_on_project.pk,
        team.member_on_project.pk,
    }
    within = _ids(client.get(ASSIGNMENTS, {"within": team.tree["subgroup"].ref}))
    assert within == {team.pm_on_project.pk, team.member_on_project.pk, team.neighbour_on_sibling.pk}
    assert _ids(client.get(ASSIGNMENTS, {"person": team.member.pk})) == {team.member_on_project.pk}
    assert _ids(
        client.get(ASSIGNMENTS, {"role": "project_manager", "within": team.tree["portfolio"].ref})
    ) == {team.pm_on_project.pk}
    assert team.far_on_elsewhere.pk in _ids(client.get(ASSIGNMENTS, {"scope_kind": "project"}))
    assert _ids(client.get(ASSIGNMENTS, {"node": team.project.ref, "active_on": "2024-12-31"})) == set()
    office_rows = _ids(client.get(ASSIGNMENTS, {"node": f"office:{office().pk}"}))
    assert viewer.role_assignments.get().pk in office_rows


@pytest.mark.parametrize(
    ("parameter", "value"), [("node", "project"), ("within", "galaxy:1"), ("active_on", "tomorrow")]
)
def test_malformed_assignment_filters_are_400(team, viewer, api_as, parameter, value):
    response = api_as(viewer).get(ASSIGNMENTS, {parameter: value})
    assert response.status_code == 400
    assert parameter in response.json()


def _assignments(n: int) -> None:
    project = make_tree(projects=1)["projects"][0]
    for i in range(n):
        assign(PersonFactory(username=f"qc-member-{i}"), "team_member", project)


@pytest.mark.parametrize("rows", [2, 25], ids=["few", "many"])
def test_assignment_list_query_count_does_not_grow(rows, viewer, api_as, django_assert_num_queries):
    _assignments(rows)
    client = api_as(viewer)
    grants.changed()  # a request reads the grants afresh, as every real request does
    with django_assert_num_queries(GRANTS_QUERY + LIST_QUERIES):
        response = client.get(ASSIGNMENTS, {"page_size": 100, "scope_kind": "project"})
    assert response.json()["count"] == rows


# --- absences -----------------------------------------------------------------------------------------------


def test_a_person_records_their_own_absence(team, api_as):
    payload = {"kind": "leave", "starts_on": "2026-07-01", "ends_on": "2026-07-14", "note": "Отпуск"}
    response = api_as(team.member).post(ABSENCES, payload, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["person"]["id"] == team.member.pk
    assert (data["kind"], data["starts_on"], data["ends_on"]) == ("leave", "2026-07-01", "2026-07-14")
    assert Absence.objects.get(pk=data["id"]).history.get().history_user == team.member


def test_a_manager_records_a_team_members_absence_but_not_a_strangers(team, outsider, api_as):
    client = api_as(team.pm)
    payload = {
        "person": team.member.pk,
        "kind": "illness",
        "starts_on": "2026-02-02",
        "ends_on": "2026-02-05",
    }
    assert client.post(ABSENCES, payload, format="json").status_code == 201
    for stranger in (outsider, team.neighbour):
        # 403 before the bad dates are mentioned.
        bad = {**payload, "person": stranger.pk, "ends_on": "2026-01-01"}
        assert client.post(ABSENCES, bad, format="json").status_code == 403
        assert not Absence.objects.filter(person=stranger).exists()


def test_a_bad_absence_period_is_400_in_the_request_language(team, api_as):
    payload = {"kind": "leave", "starts_on": "2026-07-14", "ends_on": "2026-07-01"}
    response = api_as(team.member).post(ABSENCES, payload, format="json", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 400
    # The message is translated once the catalogue has it; the model's own check answers it above the fields.
    assert response.json().get("ends_on") or response.json().get("non_field_errors")
    assert response.headers["Content-Language"] == "ru"
    assert not Absence.objects.filter(person=team.member).exists()


def test_overlapping_absences_are_refused(team, api_as):
    away(team.member, dt.date(2026, 7, 1), dt.date(2026, 7, 14))
    payload = {"kind": "business_trip", "starts_on": "2026-07-10", "ends_on": "2026-07-20"}
    response = api_as(team.member).post(ABSENCES, payload, format="json")
    assert response.status_code == 400
    assert "already away" in response.json()["non_field_errors"][0]
    assert Absence.objects.filter(person=team.member).count() == 1


def test_absences_list_change_and_delete(team, outsider, api_as):
    own = away(team.member, dt.date(2026, 7, 1), dt.date(2026, 7, 14))
    other = away(team.neighbour, dt.date(2026, 7, 1), dt.date(2026, 7, 3))
    assert _ids(api_as(team.pm).get(ABSENCES)) == {own.pk}  # his team's, not the sibling project's
    assert _ids(api_as(team.member).get(ABSENCES, {"on": "2026-07-14"})) == {own.pk}
    assert _ids(api_as(team.member).get(ABSENCES, {"on": "2026-07-15"})) == set()
    assert _ids(api_as(outsider).get(ABSENCES)) == set()
    url = f"{ABSENCES}{own.pk}/"
    assert api_as(outsider).patch(url, {"note": "x"}, format="json").status_code == 404
    response = api_as(team.pm).patch(url, {"ends_on": "2026-07-10"}, format="json")
    assert (response.status_code, response.json()["ends_on"]) == (200, "2026-07-10")
    response = api_as(team.pm).patch(url, {"person": team.pm.pk}, format="json")
    assert response.status_code == 400 and "person" in response.json()
    assert api_as(team.pm).delete(f"{ABSENCES}{other.pk}/").status_code == 404
    assert api_as(team.member).delete(url).status_code == 204
    assert not Absence.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize("rows", [2, 25], ids=["few", "many"])
def test_absence_list_query_count_does_not_grow(rows, team, api_as, django_assert_num_queries):
    for i in range(rows):
        person = PersonFactory(username=f"qc-away-{i}")
        assign(person, "team_member", team.project)
        away(person, dt.date(2026, 7, 1), dt.date(2026, 7, 14))
    client = api_as(team.pm)
    grants.changed()
    with django_assert_num_queries(GRANTS_QUERY + LIST_QUERIES):
        response = client.get(ABSENCES, {"page_size": 100})
    assert response.json()["count"] == rows


# --- the role catalogue -------------------------------------------------------------------------------------

NEW_ROLE = {
    "code": "risk_officer",
    "level": "project",
    "name_en": "Risk officer",
    "name_ru": "Риск-менеджер",
    "name_kk": "Тәуекел менеджері",
    "scopes": ["project"],
    "powers": ["view", "change"],
    "max_holders": 1,
    "employment": "combined",
}


def test_the_office_adds_and_changes_a_role(editor, api_as):
    client = api_as(editor)
    response = client.post(ROLES, NEW_ROLE, format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    assert (data["code"], data["scopes"], data["powers"], data["max_holders"]) == (
        "risk_officer",
        ["project"],
        ["view", "change"],
        1,
    )
    assert (data["one_active_project"], data["charter_required"]) == (False, False)
    response = client.patch(
        f"{ROLES}risk_officer/", {"powers": ["view"], "scopes": ["group", "project"]}, format="json"
    )
    assert response.status_code == 200, response.json()
    role = Role.objects.get(code="risk_officer")
    assert (role.powers, role.scopes) == (["view"], ["group", "project"])


def test_roles_show_their_rules(viewer, api_as):
    data = api_as(viewer).get(f"{ROLES}project_manager/").json()
    assert (data["scopes"], data["max_holders"], data["one_active_project"], data["charter_required"]) == (
        ["project"],
        1,
        True,
        True,
    )
    assert set(data["powers"]) == {"view", "change", "manage_team", "contribute"}


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({**NEW_ROLE, "scopes": []}, "scopes"),
        ({**NEW_ROLE, "scopes": ["galaxy"]}, "scopes"),
        ({**NEW_ROLE, "code": "project_manager"}, "code"),
        ({**NEW_ROLE, "level": "universe"}, "level"),
    ],
)
def test_bad_roles_are_refused(editor, api_as, payload, field):
    before = Role.objects.count()
    response = api_as(editor).post(ROLES, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert Role.objects.count() == before


def test_the_code_of_a_role_does_not_change(editor, api_as):
    response = api_as(editor).patch(f"{ROLES}team_member/", {"code": "member"}, format="json")
    assert response.status_code == 400
    assert "cannot be changed" in response.json()["code"][0]
    assert Role.objects.filter(code="team_member").exists()


def test_only_the_office_changes_the_catalogue(team, viewer, api_as):
    for person in (viewer, team.pm):
        client = api_as(person)
        assert client.post(ROLES, NEW_ROLE, format="json").status_code == 403
        assert client.patch(f"{ROLES}team_member/", {"powers": []}, format="json").status_code == 403
    assert not Role.objects.filter(code="risk_officer").exists()
    assert api_as(viewer).patch(f"{ROLES}no-such-role/", {"powers": []}, format="json").status_code == 404


# --- the substitution scheme --------------------------------------------------------------------------------


def test_the_scheme_is_listed_and_filtered(viewer, api_as):
    rows = api_as(viewer).get(SUBSTITUTIONS, {"substituted": "po_head", "page_size": 100}).json()["results"]
    substitutes = {row["substitute"]["code"] for row in rows}
    assert {"program_manager", "po_chief_manager", "po_admin", "sac_head"} <= substitutes
    assert {row["substituted"]["code"] for row in rows} == {"po_head"}
    rows = api_as(viewer).get(SUBSTITUTIONS, {"substitute": "cc_head"}).json()["results"]
    assert [row["substituted"]["code"] for row in rows] == ["cc_manager"]


def test_the_office_adds_and_removes_a_cell(editor, viewer, api_as):
    payload = {"substitute": "team_member", "substituted": "task_executor"}
    assert api_as(viewer).post(SUBSTITUTIONS, payload, format="json").status_code == 403
    response = api_as(editor).post(SUBSTITUTIONS, payload, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["substitute"]["code"] == "team_member"
    again = api_as(editor).post(SUBSTITUTIONS, payload, format="json")
    assert again.status_code == 400
    assert "already in the scheme" in again.json()["non_field_errors"][0]
    unknown = api_as(editor).post(SUBSTITUTIONS, {**payload, "substitute": "nobody"}, format="json")
    assert unknown.status_code == 400 and "nobody" in unknown.json()["substitute"][0]
    url = f"{SUBSTITUTIONS}{response.json()['id']}/"
    assert api_as(viewer).delete(url).status_code == 403
    assert api_as(editor).delete(url).status_code == 204
    assert not Substitution.objects.filter(substitute__code="team_member").exists()


@pytest.mark.parametrize("url", [ROLES, SUBSTITUTIONS])
def test_catalogue_list_query_count(url, viewer, api_as, django_assert_num_queries):
    client = api_as(viewer)
    grants.changed()
    with django_assert_num_queries(LIST_QUERIES):  # the catalogue is open to all: no grants needed
        response = client.get(url, {"page_size": 500})
    assert response.json()["count"] > 30


# --- explicit grants on a node ------------------------------------------------------------------------------


def test_an_explicit_grant_lets_an_expert_see_one_project(team, outsider, viewer, api_as):
    project_url = f"/api/v1/projects/{team.project.pk}/"
    assert api_as(outsider).get(project_url).status_code == 404
    response = api_as(team.pm).post(
        ACCESS, {"node": team.project.ref, "person": outsider.pk, "action": "view"}, format="json"
    )
    assert response.status_code == 201, response.json()
    grant = response.json()
    assert (grant["holder_type"], grant["person"]["id"], grant["action"], grant["node"]) == (
        "person",
        outsider.pk,
        "view",
        team.project.ref,
    )
    assert get_perms(outsider, team.project) == ["view_project"]
    assert api_as(outsider).get(project_url).status_code == 200
    assert api_as(outsider).get(f"/api/v1/projects/{team.sibling.pk}/").status_code == 404
    listed = api_as(viewer).get(ACCESS, {"node": team.project.ref}).json()
    assert [(row["id"], row["holder_type"]) for row in listed] == [(grant["id"], "person")]
    assert api_as(viewer).delete(f"{ACCESS}{grant['id']}/?type=person").status_code == 403
    assert api_as(team.pm).delete(f"{ACCESS}{grant['id']}/?type=person").status_code == 204
    assert api_as(outsider).get(project_url).status_code == 404


def test_a_group_grant(team, editor, viewer, api_as):
    monitors = Group.objects.create(name="Общественный мониторинг")
    program = team.tree["program"]
    response = api_as(editor).post(ACCESS, {"node": program.ref, "group": monitors.pk}, format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["group"] == {"id": monitors.pk, "name": monitors.name}
    listed = api_as(viewer).get(ACCESS, {"node": program.ref}).json()
    assert [(row["holder_type"], row["action"]) for row in listed] == [("group", "view")]
    assert api_as(editor).delete(f"{ACCESS}{response.json()['id']}/?type=group").status_code == 204
    assert api_as(viewer).get(ACCESS, {"node": program.ref}).json() == []


def test_grants_need_view_to_list_and_manage_team_to_give(team, outsider, api_as):
    body = team.tree["program"].owner_body
    client = api_as(team.pm)
    assert client.get(ACCESS, {"node": team.sibling.ref}).status_code == 404
    assert client.get(ACCESS, {"node": team.tree["subgroup"].ref}).status_code == 200
    subgroup = {"node": team.tree["subgroup"].ref, "person": outsider.pk}
    assert client.post(ACCESS, subgroup, format="json").status_code == 403
    hidden = client.post(ACCESS, {**subgroup, "node": team.sibling.ref}, format="json")
    assert (hidden.status_code, list(hidden.json())) == (400, ["node"])
    on_body = client.post(ACCESS, {**subgroup, "node": f"body:{body.pk}"}, format="json")
    assert on_body.status_code == 400 and "nodes of the hierarchy" in on_body.json()["node"][0]
    both = client.post(ACCESS, {"node": team.project.ref}, format="json")
    assert both.status_code == 400 and "one person or to one group" in both.json()["non_field_errors"][0]
    assert client.get(ACCESS).status_code == 400
    assert client.delete(f"{ACCESS}1/?type=robot").status_code == 400
    assert client.delete(f"{ACCESS}999999/?type=person").status_code == 404
    assert get_perms(outsider, team.tree["subgroup"]) == []


# --- the admin writes through the services ------------------------------------------------------------------


def test_admin_assigns_through_the_service(team, admin_user, client):
    client.force_login(admin_user)
    form = {
        "person": team.newcomer.pk,
        "role": Role.objects.get(code="team_member").pk,
        "project": team.project.pk,
        "starts_on": "2026-01-01",
        "basis_kind": "order",
        "employment": "combined",
    }
    response = client.post("/admin/org/roleassignment/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = RoleAssignment.objects.get(person=team.newcomer)
    assert (created.scope_kind, created.scope_path) == ("project", team.project.path)
    assert created.history.get().history_user == admin_user
    # Two places, or a role on the wrong kind of node: a clear message on the form, nothing written.
    twice = client.post("/admin/org/roleassignment/add/", {**form, "group": team.tree["subgroup"].pk})
    assert "Choose exactly one place" in twice.content.decode()
    wrong = client.post(
        "/admin/org/roleassignment/add/",
        {**form, "role": Role.objects.get(code="gp_head").pk, "person": team.pm.pk},
    )
    assert wrong.status_code == 200 and "is not assigned on a project" in wrong.content.decode()
    assert RoleAssignment.objects.filter(person=team.newcomer).count() == 1
    # A change keeps the person, role and node and goes through the service's rules.
    url = f"/admin/org/roleassignment/{created.pk}/change/"
    bad = client.post(url, {**form, "ends_on": "2025-01-01"})
    assert bad.status_code == 200 and "must not be earlier than its start" in bad.content.decode()
    assert client.post(url, {**form, "ends_on": "2026-12-31"}).status_code == 302
    created.refresh_from_db()
    assert created.ends_on == dt.date(2026, 12, 31)
    assert client.post(f"/admin/org/roleassignment/{created.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not RoleAssignment.objects.filter(pk=created.pk).exists()


def test_admin_shows_rules_p79_on_the_form(team, admin_user, client):
    client.force_login(admin_user)
    form = {
        "person": team.pm.pk,
        "role": Role.objects.get(code="project_manager").pk,
        "project": team.sibling.pk,
        "starts_on": "2026-01-01",
        "basis_kind": "order",
        "employment": "combined",
    }
    response = client.post("/admin/org/roleassignment/add/", form)
    assert response.status_code == 200 and "Rules p.79" in response.content.decode()
    assert not RoleAssignment.objects.filter(person=team.pm, project=team.sibling).exists()


def test_admin_edits_the_catalogue_and_the_scheme(admin_user, client):
    client.force_login(admin_user)
    form = {**NEW_ROLE, "source": "", "max_holders": "1", "is_active": "on"}
    assert client.post("/admin/org/role/add/", form).status_code == 302
    role = Role.objects.get(code="risk_officer")
    assert role.history.get().history_user == admin_user
    response = client.post(f"/admin/org/role/{role.pk}/change/", {**form, "powers": ["view"]})
    assert response.status_code == 302
    role.refresh_from_db()
    assert role.powers == ["view"]
    assert client.post(f"/admin/org/role/{role.pk}/delete/", {"post": "yes"}).status_code == 403
    pair = {"substitute": role.pk, "substituted": Role.objects.get(code="team_member").pk}
    assert client.post("/admin/org/substitution/add/", pair).status_code == 302
    cell = Substitution.objects.get(substitute=role)
    assert client.post("/admin/org/substitution/add/", pair).status_code == 200  # already in the scheme
    assert client.post(f"/admin/org/substitution/{cell.pk}/delete/", {"post": "yes"}).status_code == 302
    assert not Substitution.objects.filter(substitute=role).exists()


def test_admin_records_absences_through_the_service(team, admin_user, client):
    client.force_login(admin_user)
    form = {"person": team.member.pk, "kind": "leave", "starts_on": "2026-07-01", "ends_on": "2026-07-14"}
    assert client.post("/admin/org/absence/add/", form).status_code == 302
    absence = Absence.objects.get(person=team.member)
    assert absence.history.get().history_user == admin_user
    overlap = client.post(
        "/admin/org/absence/add/", {**form, "starts_on": "2026-07-10", "ends_on": "2026-07-20"}
    )
    assert overlap.status_code == 200 and "already away" in overlap.content.decode()
    response = client.post(f"/admin/org/absence/{absence.pk}/change/", {**form, "ends_on": "2026-07-05"})
    assert response.status_code == 302
    absence.refresh_from_db()
    assert absence.ends_on == dt.date(2026, 7, 5)


@pytest.mark.parametrize("model", ["role", "substitution", "roleassignment", "absence"])
def test_org_changelists_open(model, team, admin_user, client):
    away(team.member, dt.date(2026, 7, 1), dt.date(2026, 7, 14))
    client.force_login(admin_user)
    assert client.get(f"/admin/org/{model}/").status_code == 200
    assert client.get(f"/admin/org/{model}/add/").status_code == 200


@pytest.mark.parametrize(
    "url", [ASSIGNMENTS, ABSENCES, SUBSTITUTIONS, f"{ACCESS}?node=project:1", "/api/v1/org/acting/"]
)
def test_anonymous_requests_are_refused(url, anonymous):
    assert anonymous.get(url).status_code in (401, 403)
