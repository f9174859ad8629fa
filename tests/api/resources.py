"""The hierarchy resources of the API, described once so every CRUD and permission test runs on all five."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from tests.factories import make_direction, make_group, make_portfolio, make_program


@dataclass(frozen=True)
class Resource:
    url: str
    #: The node of the `tree` fixture the retrieve / update tests use.
    node: Callable[[dict], object]
    #: A valid creation payload under the `tree`.
    payload: Callable[[dict], dict]
    #: A node with nothing below it, for the delete test.
    leaf: Callable[[dict], object]
    #: The parent-id filter: (query parameter, the tree node whose id selects `node`), or None for roots.
    parent_filter: tuple[str, str] | None

    def detail(self, pk) -> str:
        return f"{self.url}{pk}/"


RESOURCES = {
    "portfolios": Resource(
        url="/api/v1/portfolios/",
        node=lambda t: t["portfolio"],
        payload=lambda t: {
            "name_ru": "Новый портфель",
            "owner_body": t["portfolio"].owner_body_id,
            "planned_start": "2025-01-01",
            "planned_end": "2030-12-31",
        },
        leaf=lambda t: make_portfolio(),
        parent_filter=None,
    ),
    "programs": Resource(
        url="/api/v1/programs/",
        node=lambda t: t["program"],
        payload=lambda t: {
            "name_ru": "Новая программа",
            "portfolio": t["portfolio"].pk,
            "planned_start": "2025-01-01",
            "planned_end": "2029-12-31",
        },
        leaf=lambda t: make_program(portfolio=t["portfolio"]),
        parent_filter=("portfolio", "portfolio"),
    ),
    "directions": Resource(
        url="/api/v1/directions/",
        node=lambda t: t["direction"],
        payload=lambda t: {"name_ru": "Новое направление", "program": t["program"].pk},
        leaf=lambda t: make_direction(program=t["program"]),
        parent_filter=("program", "program"),
    ),
    "project-groups": Resource(
        url="/api/v1/project-groups/",
        node=lambda t: t["subgroup"],
        payload=lambda t: {"name_ru": "Новая группа", "direction": t["direction"].pk},
        leaf=lambda t: make_group(direction=t["direction"]),
        parent_filter=("parent", "group"),
    ),
    "projects": Resource(
        url="/api/v1/projects/",
        node=lambda t: t["projects"][0],
        payload=lambda t: {
            "name_ru": "Новый проект",
            "group": t["subgroup"].pk,
            "planned_start": "2025-01-01",
            "planned_end": "2028-12-31",
        },
        leaf=lambda t: t["projects"][0],
        parent_filter=("group", "subgroup"),
    ),
}
NAMES = list(RESOURCES)
