"""A small goal map with its cast, for the tests of kpi_maps (Rules p.17, Appendix 2).

portfolio ─ KNI "KNI-1" (level 1, curator), higher is better, base 50 in 2022, plans 2024–2030
  program ─ "P-1" (level 2) contributes 80 % to KNI-1
    direction ─ "D-1" (level 3) contributes 100 % to P-1
      group ─ "G-1" (level 4) contributes 100 % to D-1
        project A ─ "A-1" (the project manager's) contributes 60 % to G-1
        project B ─ "B-1", lower is better, contributes 40 % to G-1

Plans and facts are annual; facts exist for 2024 and 2025 only (so 2026 is a period with plans and no facts).
Rows are written straight to the database: these are the tests' fixtures, not the services under test.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kpi_maps.choices import Direction
from kpi_maps.models import Contribution, Indicator, Target, Value
from org.models import Person
from tests.factories import PersonFactory, assign, grant_hierarchy_editing, make_tree

D = Decimal


def make_indicator(node, code: str, *, name: str | None = None, **fields) -> Indicator:
    return Indicator.objects.create(
        code=code,
        name_ru=name or f"Индикатор {code}",
        name_kk=name or f"{code} индикаторы",
        unit_ru=fields.pop("unit_ru", "%"),
        node_kind=node.KIND,
        node_id=node.pk,
        node_path=node.path,
        **fields,
    )


def plan(indicator: Indicator, year: int, value, quarter: int = 0, high=None) -> Target:
    return Target.objects.create(
        indicator=indicator,
        year=year,
        quarter=quarter,
        value=D(str(value)),
        approved_value=D(str(value)),
        value_high=None if high is None else D(str(high)),
        approved_value_high=None if high is None else D(str(high)),
    )


def fact(indicator: Indicator, year: int, value, quarter: int = 0, by=None) -> Value:
    return Value.objects.create(
        indicator=indicator, year=year, quarter=quarter, value=D(str(value)), entered_by=by
    )


def link(parent: Indicator, child: Indicator, share) -> Contribution:
    return Contribution.objects.create(parent=parent, child=child, share=D(str(share)))


@dataclass
class GoalMap:
    tree: dict
    curator: Person
    program_manager: Person
    bd_head: Person
    gp_head: Person
    pm: Person
    pm_b: Person
    office: Person
    indicators: dict[str, Indicator] = field(default_factory=dict)

    @property
    def portfolio(self):
        return self.tree["portfolio"]


def make_goal_map() -> GoalMap:
    tree = make_tree(projects=2)
    project_a, project_b = tree["projects"]
    cast = {
        "curator": ("np_curator", tree["portfolio"], "Ахметов", "Бауыржан"),
        "program_manager": ("program_manager", tree["program"], "Сапарова", "Гульнар"),
        "bd_head": ("bd_head", tree["direction"], "Омаров", "Нурлан"),
        "gp_head": ("gp_head", tree["subgroup"], "Абенов", "Серик"),
        "pm": ("project_manager", project_a, "Жанибеков", "Ерлан"),
        "pm_b": ("project_manager", project_b, "Касымова", "Алия"),
    }
    people = {}
    for key, (role, node, last, first) in cast.items():
        people[key] = PersonFactory(username=f"kpi_{key}", last_name=last, first_name=first)
        assign(people[key], role, node)
    people["office"] = grant_hierarchy_editing(
        PersonFactory(username="kpi_office", last_name="Омарова", first_name="Айгерим")
    )
    gm = GoalMap(tree=tree, **people)
    kni = make_indicator(
        tree["portfolio"], "KNI-1", name="Доля цифровых госуслуг", base_value=50, base_year=2022
    )
    prog = make_indicator(tree["program"], "P-1")
    bd = make_indicator(tree["direction"], "D-1")
    grp = make_indicator(tree["subgroup"], "G-1")
    a = make_indicator(project_a, "A-1")
    b = make_indicator(project_b, "B-1", direction=Direction.LOWER, unit_ru="дней")
    gm.indicators = {"kni": kni, "prog": prog, "bd": bd, "grp": grp, "a": a, "b": b}
    link(kni, prog, 80)
    link(prog, bd, 100)
    link(bd, grp, 100)
    link(grp, a, 60)
    link(grp, b, 40)
    for year, value in [(2024, 60), (2025, 70), (2026, 80), (2030, 100)]:
        plan(kni, year, value)
    for ind in (prog, bd, grp, a):
        for year, value in [(2024, 60), (2025, 70), (2026, 80)]:
            plan(ind, year, value)
    for year, value in [(2024, 10), (2025, 8), (2026, 6)]:
        plan(b, year, value)
    fact(kni, 2024, 58)
    fact(kni, 2025, 63)  # 0.9 → amber
    fact(a, 2024, 60)
    fact(a, 2025, 70)  # 1.0 → green
    fact(b, 2024, 10)
    fact(b, 2025, 10)  # 8 / 10 = 0.8 → amber
    fact(grp, 2025, 66.5)  # 0.95 → green
    return gm
