"""Every list endpoint costs a fixed number of SQL queries, whatever the number of rows (DESIGN.md §5).

Each list is filled with a few rows and with many; the pinned count is the same for both: one query counts the
rows for the paginator, one reads the page with everything the serializer shows.
"""

from __future__ import annotations

import pytest

from org.services import roles_load_catalogue
from tests.factories import (
    PersonFactory,
    StateBodyFactory,
    UnitFactory,
    make_direction,
    make_group,
    make_portfolio,
    make_program,
    make_project,
)

pytestmark = pytest.mark.django_db

FEW, MANY = 2, 25
LIST_QUERIES = 2  # the paginator's COUNT and the page itself
# Hierarchy lists read the person's grants first (roles, substitution, explicit grants: one query, any depth).
NODE_LIST_QUERIES = 1 + LIST_QUERIES


def _portfolios(n):
    body = StateBodyFactory()
    for i in range(n):
        portfolio = make_portfolio(body=body, name=f"Портфель {i}")
        make_program(portfolio=portfolio)


def _programs(n):
    portfolio = make_portfolio()
    for i in range(n):
        make_direction(program=make_program(portfolio=portfolio, name=f"Программа {i}"))


def _directions(n):
    program = make_program()
    for i in range(n):
        make_group(direction=make_direction(program=program, name=f"Направление {i}"))


def _groups(n):
    direction = make_direction()
    top = make_group(direction=direction)
    for i in range(n - 1):
        make_project(group=make_group(parent=top, name=f"Группа {i}"))


def _projects(n):
    group = make_group()
    for i in range(n):
        make_project(group=group, name=f"Проект {i}")


def _bodies(n):
    for i in range(n):
        UnitFactory(body=StateBodyFactory(code=f"qc-body-{i}"))


def _units(n):
    body = StateBodyFactory()
    top = UnitFactory(body=body)
    for _ in range(n - 1):
        UnitFactory(body=body, parent=top)


def _people(n):
    for i in range(n):
        PersonFactory(username=f"qc-person-{i}", unit=UnitFactory())


def _roles(n):
    roles_load_catalogue(
        rows=[
            {
                "code": f"qc-role-{i}",
                "level": "project",
                "name_en": f"Role {i}",
                "name_ru": "Роль",
                "name_kk": "Рөл",
            }
            for i in range(n)
        ]
    )


LISTS = {
    "/api/v1/portfolios/": _portfolios,
    "/api/v1/programs/": _programs,
    "/api/v1/directions/": _directions,
    "/api/v1/project-groups/": _groups,
    "/api/v1/projects/": _projects,
    "/api/v1/org/bodies/": _bodies,
    "/api/v1/org/units/": _units,
    "/api/v1/org/people/": _people,
    "/api/v1/org/roles/": _roles,
}


@pytest.mark.parametrize("rows", [FEW, MANY], ids=["few", "many"])
@pytest.mark.parametrize("url", list(LISTS))
def test_list_query_count_does_not_grow(url, rows, as_viewer, django_assert_num_queries):
    LISTS[url](rows)
    with django_assert_num_queries(LIST_QUERIES if "/org/" in url else NODE_LIST_QUERIES):
        response = as_viewer.get(url, {"page_size": 100})
    assert response.status_code == 200
    assert len(response.json()["results"]) >= rows


@pytest.mark.parametrize("url", ["/api/v1/projects/", "/api/v1/project-groups/", "/api/v1/programs/"])
def test_filtered_list_query_count(url, tree, as_viewer, django_assert_num_queries):
    # Filters by parent id, code, search and ordering are part of the same queries: no parent lookups.
    params = {
        "status": "active",
        "owner_body": tree["portfolio"].owner_body_id,
        "within": tree["portfolio"].ref,
        "search": "р",  # Cyrillic: in every name of the tree
        "ordering": "-planned_end",
    }
    with django_assert_num_queries(NODE_LIST_QUERIES):
        response = as_viewer.get(url, params)
    assert response.json()["count"] >= 1
