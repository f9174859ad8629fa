"""The organisation resources: state bodies, units and people (read-only) and the role catalogue."""

from __future__ import annotations

import pytest

from org.choices import BodyKind, Region
from org.services import roles_load_catalogue
from tests.factories import PersonFactory, StateBodyFactory, UnitFactory

pytestmark = pytest.mark.django_db

# The role catalogue (org/data/roles.csv) is loaded by the services, as in production.
ROLE = {"code": "np_curator", "level": "portfolio", "name_kk": "Ұлттық басымдықтың кураторы"}


@pytest.fixture
def org():
    ministry = StateBodyFactory(code="minfin")
    akimat = StateBodyFactory(code="akimat-abai", kind=BodyKind.LOCAL, region=Region.ABAI)
    department = UnitFactory(body=ministry, code="budget")
    division = UnitFactory(body=ministry, code="budget-planning", parent=department)
    other = UnitFactory(body=akimat, code="economy")
    people = {
        "budget": PersonFactory(username="budget-1", unit=department),
        "planning": PersonFactory(username="planning-1", unit=division),
        "economy": PersonFactory(username="economy-1", unit=other),
    }
    roles_load_catalogue()
    return {"ministry": ministry, "akimat": akimat, "department": department, "division": division, **people}


def _ids(response):
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


def test_bodies_filter_by_kind_and_region(org, as_viewer):
    assert _ids(as_viewer.get("/api/v1/org/bodies/", {"kind": "local"})) == {org["akimat"].pk}
    assert _ids(as_viewer.get("/api/v1/org/bodies/", {"region": "abai"})) == {org["akimat"].pk}
    data = as_viewer.get(f"/api/v1/org/bodies/{org['ministry'].pk}/").json()
    assert (data["ref"], data["unit_count"]) == (f"body:{org['ministry'].pk}", 2)


def test_units_filter_by_body_and_parent(org, as_viewer):
    assert _ids(as_viewer.get("/api/v1/org/units/", {"body": org["ministry"].pk})) == {
        org["department"].pk,
        org["division"].pk,
    }
    assert _ids(as_viewer.get("/api/v1/org/units/", {"parent": org["department"].pk})) == {org["division"].pk}
    data = as_viewer.get(f"/api/v1/org/units/{org['division'].pk}/").json()
    assert (data["body"], data["parent"]) == (org["ministry"].pk, org["department"].pk)


def test_people_filter_by_unit_and_body(org, as_viewer):
    assert _ids(as_viewer.get("/api/v1/org/people/", {"unit": org["department"].pk})) == {org["budget"].pk}
    assert _ids(as_viewer.get("/api/v1/org/people/", {"body": org["ministry"].pk})) == {
        org["budget"].pk,
        org["planning"].pk,
    }
    data = as_viewer.get(f"/api/v1/org/people/{org['planning'].pk}/").json()
    assert (data["unit"], data["body"]) == (org["division"].pk, org["ministry"].pk)
    assert "password" not in data
    assert _ids(as_viewer.get("/api/v1/org/people/", {"search": "economy-1"})) == {org["economy"].pk}


def test_roles_are_addressed_by_code(org, as_viewer):
    rows = as_viewer.get("/api/v1/org/roles/", {"level": "project", "page_size": 500}).json()["results"]
    assert rows and {row["level"] for row in rows} == {"project"}
    data = as_viewer.get(f"/api/v1/org/roles/{ROLE['code']}/", HTTP_ACCEPT_LANGUAGE="kk").json()
    assert (data["code"], data["level"], data["name"]) == (ROLE["code"], ROLE["level"], ROLE["name_kk"])
    assert as_viewer.get("/api/v1/org/roles/no-such-role/").status_code == 404


@pytest.mark.parametrize("resource", ["bodies", "units", "people"])  # roles: writable, see test_org_roles.py
def test_org_resources_are_read_only(org, as_editor, anonymous, resource):
    url = f"/api/v1/org/{resource}/"
    assert as_editor.post(url, {"code": "x"}, format="json").status_code == 405
    assert anonymous.get(url).status_code in (401, 403)


@pytest.mark.parametrize("resource", ["bodies", "units", "people"])
def test_unknown_org_id_is_404(org, as_viewer, resource):
    assert as_viewer.get(f"/api/v1/org/{resource}/999999/").status_code == 404
