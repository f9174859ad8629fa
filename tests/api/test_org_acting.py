"""``GET /api/v1/org/acting/``: who acts for a role on a node on a day (Rules p.99, Appendix 4) — the holder when
present; the substitute roles' holders, with the absence, while the holder is away; the substitutes, marked as
standing in for a vacancy, when nobody holds the role; clear 400s for bad parameters, 404 for a node the person
may not see, and a query count that does not grow with the team."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from pmis.core import grants
from tests.factories import PersonFactory, assign, away

pytestmark = pytest.mark.django_db

URL = "/api/v1/org/acting/"


@pytest.fixture
def po(tree):
    """The project office of the state body that owns the tree's program: its head and its chief manager."""
    program = tree["program"]
    body = program.owner_body
    head = PersonFactory(username="po-head", last_name="Абенов", first_name="Марат", patronymic="")
    chief = PersonFactory(username="po-chief", last_name="Бекова", first_name="Алия", patronymic="")
    return SimpleNamespace(
        tree=tree,
        program=program,
        body=body,
        body_ref=f"body:{body.pk}",
        head=head,
        chief=chief,
        head_on_body=assign(head, "po_head", body),
        chief_on_body=assign(chief, "po_chief_manager", body),
    )


def _brief(person) -> dict:
    return {"id": person.pk, "full_name": person.full_name, "short_name": person.short_name}


def _acting(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.json()
    return response.json()


def test_the_holder_acts_when_present(po, viewer, api_as):
    data = _acting(api_as(viewer), role="po_head", node=po.body_ref, date="2026-03-02")
    assert data["role"]["code"] == "po_head"
    assert (data["node"], data["node_name"], data["date"], data["vacant"]) == (
        po.body_ref,
        po.body.name,
        "2026-03-02",
        False,
    )
    assert data["holders"] == [
        {
            "person": _brief(po.head),
            "kind": "assignee",
            "assignment": po.head_on_body.pk,
            "role": "po_head",
            "node": po.body_ref,
            "vacancy": False,
            "acting_for": None,
        }
    ]
    assert data["absent"] == []


def test_a_role_on_the_state_body_reaches_the_programs_it_owns(po, viewer, api_as):
    data = _acting(api_as(viewer), role="po_head", node=po.program.ref, date="2026-03-02")
    assert data["node"] == po.program.ref
    assert [(h["person"]["id"], h["kind"], h["node"]) for h in data["holders"]] == [
        (po.head.pk, "assignee", po.body_ref)
    ]


def test_while_the_holder_is_away_the_substitute_acts_for_the_absence(po, viewer, api_as):
    leave = away(po.head, dt.date(2026, 7, 1), dt.date(2026, 7, 14))
    client = api_as(viewer)
    data = _acting(client, role="po_head", node=po.body_ref, date="2026-07-14")  # the last day of the leave
    absence = {"id": leave.pk, "kind": "leave", "starts_on": "2026-07-01", "ends_on": "2026-07-14"}
    assert data["vacant"] is False
    assert data["holders"] == [
        {
            "person": _brief(po.chief),
            "kind": "substitute",
            "assignment": po.chief_on_body.pk,
            "role": "po_chief_manager",
            "node": po.body_ref,
            "vacancy": False,
            "acting_for": {"assignment": po.head_on_body.pk, "person": _brief(po.head), "absence": absence},
        }
    ]
    assert data["absent"] == [
        {"assignment": po.head_on_body.pk, "person": _brief(po.head), "absence": absence}
    ]
    # The absence ends at midnight: the next day the head acts again.
    after = _acting(client, role="po_head", node=po.body_ref, date="2026-07-15")
    assert [(h["person"]["id"], h["kind"]) for h in after["holders"]] == [(po.head.pk, "assignee")]
    assert after["absent"] == []


def test_a_vacancy_is_filled_by_the_substitutes(po, viewer, api_as):
    # Nobody is the administrator of the project office; the head and the chief manager stand in (Appendix 4).
    data = _acting(api_as(viewer), role="po_admin", node=po.body_ref, date="2026-03-02")
    assert data["vacant"] is True
    assert data["absent"] == []
    assert {
        (h["person"]["id"], h["kind"], h["role"], h["vacancy"], h["acting_for"]) for h in data["holders"]
    } == {
        (po.head.pk, "substitute", "po_head", True, None),
        (po.chief.pk, "substitute", "po_chief_manager", True, None),
    }


def test_a_minus_cell_does_not_substitute(po, viewer, api_as):
    # The program has no manager: the project office head substitutes (Appendix 4 "+"), its chief manager not ("-").
    data = _acting(api_as(viewer), role="program_manager", node=po.program.ref, date="2026-03-02")
    assert data["vacant"] is True
    assert [(h["person"]["id"], h["vacancy"]) for h in data["holders"]] == [(po.head.pk, True)]


def test_the_date_defaults_to_today(po, viewer, api_as):
    data = _acting(api_as(viewer), role="po_head", node=po.body_ref)
    assert data["date"] == timezone.localdate().isoformat()


@pytest.mark.parametrize(
    ("params", "field", "text"),
    [
        ({"node": "body:1"}, "role", "required"),
        ({"role": "po_head"}, "node", "required"),
        ({"role": "po_head", "node": "body:1", "date": "2026-13-01"}, "date", "Date has wrong format"),
        ({"role": "po_head", "node": "body-1"}, "node", "is not a node reference"),
        ({"role": "no_such_role", "node": "body:1"}, "role", "There is no role with the code “no_such_role”"),
    ],
)
def test_bad_parameters_are_400_naming_them(po, viewer, api_as, params, field, text):
    response = api_as(viewer).get(URL, params)
    assert response.status_code == 400
    assert text in " ".join(response.json()[field])


def test_a_role_not_assigned_on_that_kind_of_node_is_400(po, viewer, api_as):
    response = api_as(viewer).get(URL, {"role": "project_manager", "node": po.program.ref})
    assert response.status_code == 400
    assert "is not assigned on a program" in response.json()["role"][0]


def test_a_node_the_person_may_not_see_is_404(po, outsider, api_as):
    client = api_as(outsider)
    assert client.get(URL, {"role": "po_head", "node": po.program.ref}).status_code == 404
    assert client.get(URL, {"role": "po_head", "node": "program:999999"}).status_code == 404
    # The organisation of the state bodies is open to everyone who works in the PMIS.
    assert client.get(URL, {"role": "po_head", "node": po.body_ref}).status_code == 200


@pytest.mark.parametrize("team_size", [1, 12], ids=["small", "large"])
def test_query_count_does_not_grow_with_the_team(po, viewer, api_as, django_assert_num_queries, team_size):
    # More substitutes on the body and more holders of the role elsewhere, some of them away.
    for i in range(team_size):
        deputy = PersonFactory(username=f"qc-acceleration-{i}")
        assign(deputy, "acceleration_head", po.body)
        if i % 2:
            away(deputy, dt.date(2026, 7, 1), dt.date(2026, 7, 31))
    away(po.head, dt.date(2026, 7, 1), dt.date(2026, 7, 14))
    client = api_as(viewer)
    grants.changed()  # a request reads the grants afresh, as every real request does
    # The role, the node, the grants to see it, and the five reads of who acts.
    with django_assert_num_queries(7):
        data = _acting(client, role="po_head", node=po.program.ref, date="2026-07-10")
    assert len(data["holders"]) == 1 + team_size // 2 + team_size % 2
