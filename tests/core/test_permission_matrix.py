"""The permission matrix of issue 3: the fixed cast × every hierarchy resource × view, change, delete and list.

The expected answers are written out below as a table, derived from the powers of roles.csv and the policy of
pmis/core/authorization.py: a role's powers reach its node and everything below it; whoever may view a node may
also view its ancestors as context, but not their other branches; nothing of the other branch (portfolio B) is
reachable by anyone but the Office. Every cell is checked three ways — through the API, through
`authorization.can`, and through Django's ``user.has_perm(perm, obj)`` (the PermissionBackend) — and every list
is compared as a set, so nothing outside a person's reach leaks.

The data is built once for the module inside a transaction that is rolled back at the end; each test runs in a
savepoint of it, so a successful DELETE or PATCH in one cell does not change the next.
"""

from __future__ import annotations

import pytest
from django.db import transaction
from rest_framework.test import APIClient

from org.models import Person
from pmis.core import authorization
from pmis.core.nodes import node_model
from tests.factories import (
    PersonFactory,
    assign,
    ensure_catalogue,
    make_direction,
    make_group,
    make_portfolio,
    make_program,
    make_project,
    make_tree,
    office,
)

pytestmark = pytest.mark.django_db

# Legend: "-" not visible: 404 everywhere, never in a list; "v" visible only: GET 200, PATCH and DELETE 403;
# "c" visible and changeable: PATCH 200, DELETE 403; "d" everything: DELETE 204 on an empty node and the
# service's 400 ("nested items") on a node with something below it.
#
# Branch A: portfolio pf → program pg (and its empty sibling pg2) → direction dir → group grp → subgroup sub →
# projects p1, p2. Branch B, another portfolio: pfB → pgB → dirB → grpB → subB → pB.
# pg2 has no program manager: the curator of the national priority acts for the vacancy (Appendix 4), with all
# of the program manager's powers there — and only there.
MATRIX = """
who               pf  pg  pg2 dir grp sub p1  p2  pfB pgB dirB grpB subB pB
outsider          -   -   -   -   -   -   -   -   -   -   -    -    -    -
team_member       v   v   -   v   v   v   v   -   -   -   -    -    -    -
project_manager   v   v   -   v   v   v   c   -   -   -   -    -    -    -
gp_head           v   v   -   v   d   d   d   d   -   -   -    -    -    -
bd_head           v   v   -   d   d   d   d   d   -   -   -    -    -    -
program_manager   v   d   -   d   d   d   d   d   -   -   -    -    -    -
curator           v   v   d   v   v   v   v   v   -   -   -    -    -    -
public_monitor    v   v   -   v   v   v   v   v   -   -   -    -    -    -
office_staff      d   d   d   d   d   d   d   d   d   d   d    d    d    d
"""

# Who holds which role where (the cast of the issue).
CAST = {
    "outsider": None,
    "team_member": ("team_member", "p1"),
    "project_manager": ("project_manager", "p1"),
    "gp_head": ("gp_head", "grp"),
    "bd_head": ("bd_head", "dir"),
    "program_manager": ("program_manager", "pg"),
    "curator": ("np_curator", "pf"),
    "public_monitor": ("public_monitor", "pg"),
    "office_staff": ("office_staff", "office"),
}

#: The project office of branch A's body is staffed, so the matrix shows the cast's own roles (a vacancy there
#: would be acted for by its Appendix 4 substitutes, tested in tests/org/test_substitution.py).
STAFF = ("po_head", "acceleration_head", "acceleration_manager")

RESOURCES = {
    "portfolios": ("portfolio", ["pf", "pfB"]),
    "programs": ("program", ["pg", "pg2", "pgB"]),
    "directions": ("direction", ["dir", "dirB"]),
    "project-groups": ("group", ["grp", "sub", "grpB", "subB"]),
    "projects": ("project", ["p1", "p2", "pB"]),
}
RESOURCE_OF = {node: name for name, (_kind, nodes) in RESOURCES.items() for node in nodes}
#: Nodes with nothing below them: the only ones a DELETE removes.
EMPTY = {"pg2", "p1", "p2", "pB"}


def _parse(table: str) -> dict[str, dict[str, str]]:
    header, *rows = [line.split() for line in table.strip().splitlines()]
    return {row[0]: dict(zip(header[1:], row[1:], strict=True)) for row in rows}


EXPECTED = _parse(MATRIX)
assert set(EXPECTED) == set(CAST)
assert set(EXPECTED["outsider"]) == set(RESOURCE_OF)

OPERATIONS = ("view", "change", "delete")
CELLS = [(who, node, op) for who in EXPECTED for node in RESOURCE_OF for op in OPERATIONS]


def _build() -> dict:
    ensure_catalogue()
    a = make_tree(projects=2)
    b_portfolio = make_portfolio(name="Портфель Б")
    b_program = make_program(portfolio=b_portfolio, name="Программа Б")
    b_direction = make_direction(program=b_program, name="Направление Б")
    b_group = make_group(direction=b_direction, name="Группа Б")
    b_subgroup = make_group(parent=b_group, name="Подгруппа Б")
    b_project = make_project(group=b_subgroup, name="Проект Б")
    nodes = {
        "pf": a["portfolio"],
        "pg": a["program"],
        "pg2": make_program(portfolio=a["portfolio"], name="Программа 2"),
        "dir": a["direction"],
        "grp": a["group"],
        "sub": a["subgroup"],
        "p1": a["projects"][0],
        "p2": a["projects"][1],
        "pfB": b_portfolio,
        "pgB": b_program,
        "dirB": b_direction,
        "grpB": b_group,
        "subB": b_subgroup,
        "pB": b_project,
        "office": office(),
    }
    # The project office of branch A's state body is staffed, so that nobody of the cast acts for a vacancy there
    # (a program manager for a vacant head of the project office, a head of basic direction for a vacant head of
    # the acceleration group, over every program of the body): substitution has its own tests.
    body = nodes["pg"].owner_body
    for role in STAFF:
        assign(PersonFactory(username=f"matrix-staff-{role}"), role, body)
    people = {}
    for who, held in CAST.items():
        person = PersonFactory(username=f"matrix-{who}")
        if held is not None:
            role, where = held
            assign(person, role, nodes[where])
        people[who] = person.pk
    return {"nodes": {key: (type(node), node.pk) for key, node in nodes.items()}, "people": people}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The two branches and the cast, made once; rolled back when the module is done."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _build()
        transaction.set_rollback(True)


def _person(world, who) -> Person:
    """A fresh object each time: grants are kept on the user object."""
    return Person.objects.get(pk=world["people"][who])


def _node(world, key):
    model, pk = world["nodes"][key]
    return model.objects.get(pk=pk)


_CLIENT = APIClient()


def _client(user) -> APIClient:
    """One client for the module: its request handler (and the static-files middleware it builds, which scans
    the finders) is made once."""
    _CLIENT.force_authenticate(user)
    return _CLIENT


def _url(node_key: str, pk: int | None = None) -> str:
    base = f"/api/v1/{RESOURCE_OF[node_key]}/"
    return base if pk is None else f"{base}{pk}/"


def _expected_status(cell: str, op: str, node_key: str) -> int:
    if cell == "-":
        return 404
    if op == "view":
        return 200
    if op == "change":
        return 200 if cell in "cd" else 403
    if cell != "d":
        return 403
    return 204 if node_key in EMPTY else 400


@pytest.mark.parametrize(("who", "node_key", "op"), CELLS, ids=[f"{w}-{n}-{o}" for w, n, o in CELLS])
def test_cell(world, who, node_key, op):
    cell = EXPECTED[who][node_key]
    node = _node(world, node_key)
    # The one module and Django's permission API answer first (a fresh user each: nothing cached), the API after.
    allowed = {"view": cell != "-", "change": cell in "cd", "delete": cell == "d"}[op]
    assert authorization.can(_person(world, who), op, node) is allowed
    meta = node._meta
    assert _person(world, who).has_perm(f"{meta.app_label}.{op}_{meta.model_name}", node) is allowed

    client = _client(_person(world, who))
    url = _url(node_key, node.pk)
    if op == "view":
        response = client.get(url)
    elif op == "change":
        response = client.patch(url, {"goal": "Цель уточнена"}, format="json")
    else:
        response = client.delete(url)
    expected = _expected_status(cell, op, node_key)
    assert response.status_code == expected, response.content
    if expected == 400:
        assert "nested items" in response.content.decode()
    if op == "change":
        changed = type(node).objects.get(pk=node.pk).goal == "Цель уточнена"
        assert changed is (expected == 200)
    if op == "delete":
        assert type(node).objects.filter(pk=node.pk).exists() is (expected != 204)


LISTS = [(who, resource) for who in EXPECTED for resource in RESOURCES]


@pytest.mark.parametrize(("who", "resource"), LISTS, ids=[f"{w}-{r}-list" for w, r in LISTS])
def test_list(world, who, resource):
    kind, keys = RESOURCES[resource]
    expected = {world["nodes"][key][1] for key in keys if EXPECTED[who][key] != "-"}
    user = _person(world, who)
    response = _client(user).get(f"/api/v1/{resource}/", {"page_size": 500})
    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == expected
    # restrict() gives the same rows, and every row it gives is one can() allows.
    visible = authorization.restrict(node_model(kind).objects.all(), _person(world, who))
    assert set(visible.values_list("pk", flat=True)) == expected
    for action in ("change", "delete"):
        allowed = {
            world["nodes"][key][1]
            for key in keys
            if EXPECTED[who][key] in ("cd" if action == "change" else "d")
        }
        rows = authorization.restrict(node_model(kind).objects.all(), _person(world, who), action)
        assert set(rows.values_list("pk", flat=True)) == allowed
