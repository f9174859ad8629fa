"""The curators' dashboard, worked by hand on the shared goal map (tests.factories_kpi).

KNI-1: plan 70, fact 63 in 2025 → 0.9 (amber); its contributors end at A-1 (1.0) and B-1 (8 / 10 = 0.8) with
effective shares 0.48 and 0.32 → rolled 0.92; forecast 84.1429 against 100 in 2030 → misses.
"""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kpi_maps.models import RuleSet
from kpi_maps.selectors.dashboard import dashboard, dashboard_json
from kpi_maps.selectors.periods import period_asked as period_from
from projects.models import FundingLine, Project
from tests.factories import make_direction, make_group, make_program, make_project
from tests.factories_kpi import fact, link, make_indicator, plan


def test_indicators_of_levels_one_and_two_by_hand(gm):
    data = dashboard(gm.portfolio, 2025, 0)
    assert data["period"] == {"year": 2025, "quarter": 0, "label": "2025"}
    assert [row["code"] for row in data["knis"]] == ["KNI-1", "P-1"]
    kni, prog = data["knis"]
    assert (kni["plan"], kni["fact"], kni["achievement"], kni["colour"]) == (
        D("70"),
        D("63"),
        D("0.9"),
        "amber",
    )
    assert (kni["rolled"], kni["rolled_colour"], kni["deviation"]) == (D("0.92"), "amber", D("-7"))
    assert kni["forecast"] == D("84.1429") and kni["misses"] and kni["final_plan"] == D("100")
    assert kni["final_period"] == "2030" and kni["level"] == 1 and kni["node"] == gm.portfolio.ref
    # The trend: every annual period with a plan or a fact, in order.
    assert kni["trend"]["labels"] == ["2024", "2025", "2026", "2030"]
    assert kni["trend"]["plan"] == [D("60"), D("70"), D("80"), D("100")]
    assert kni["trend"]["fact"] == [D("58"), D("63"), None, None]
    # P-1 has no fact of its own: grey, but 0.92 from its contributions.
    assert (prog["achievement"], prog["colour"], prog["rolled"], prog["level"]) == (
        None,
        "grey",
        D("0.92"),
        2,
    )
    assert prog["program_name"] == gm.tree["program"].name
    assert data["cards"] | {} == {
        **data["cards"],
        "indicators": 2,
        "green": 0,
        "amber": 1,
        "red": 0,
        "grey": 1,
        "misses": 1,
        "programs": 1,
        "projects": 2,
    }


def test_the_worst_deviations_come_first(gm):
    data = dashboard(gm.portfolio, 2025, 0)
    # B-1 at 0.8 before KNI-1 at 0.9; A-1 (1.0) and G-1 (0.95) are on track, P-1 and D-1 have no data.
    assert [row["code"] for row in data["deviations"]] == ["B-1", "KNI-1"]
    b = data["deviations"][0]
    assert (
        b["achievement"] == D("0.8") and b["deviation"] == D("2") and b["misses"]
    )  # forecast 10 > final plan 6
    assert b["level"] is None and b["node"] == gm.tree["projects"][1].ref


def test_heat_map_of_programs_by_level(gm):
    data = dashboard(gm.portfolio, 2025, 0)
    assert [level["kind"] for level in data["heat"]["levels"]] == ["program", "direction", "group", "project"]
    (row,) = data["heat"]["rows"]
    cells = [(c["mean"], c["colour"], c["scored"], c["indicators"]) for c in row["cells"]]
    # P-1, D-1 without facts; G-1 0.95; projects (1.0 + 0.8) / 2 = 0.9.
    assert cells == [
        (None, "grey", 0, 1),
        (None, "grey", 0, 1),
        (D("0.95"), "green", 1, 1),
        (D("0.9"), "amber", 2, 2),
    ]


def test_programs_timeframe_budget_and_status_mix(gm):
    today = timezone.localdate()
    project_a, project_b = gm.tree["projects"]
    Project.objects.filter(pk=project_a.pk).update(planned_end=today - dt.timedelta(days=10), budget=1000)
    Project.objects.filter(pk=project_b.pk).update(stage="planning", status="completed", budget=500)
    FundingLine.objects.create(project=project_a, source="republican", year=2026, amount=D("700"))
    data = dashboard(gm.portfolio, 2025, 0)
    (program,) = data["programs"]
    assert program["nodes"] == 5  # the direction, the group, its subgroup and two projects
    assert program["projects"] == 2 and program["overdue_projects"] == 1
    assert program["status_mix"] == {"active": 4, "suspended": 0, "completed": 1, "cancelled": 0}
    assert program["stage_mix"]["initiation"] == 4 and program["stage_mix"]["planning"] == 1
    assert program["projects_budget"] == D("1500") and program["funding"] == D("700")
    assert [p["code"] for p in data["overdue_projects"]] == [project_a.code]
    assert data["overdue_projects"][0]["days_overdue"] == 10
    assert data["cards"]["overdue_projects"] == 1 and data["cards"]["budget"] == D("1500")


def test_an_expected_end_after_the_program_end_is_late(gm):
    today = timezone.localdate()
    program = gm.tree["program"]
    type(program).objects.filter(pk=program.pk).update(planned_end=today - dt.timedelta(days=1))
    Project.objects.filter(pk=gm.tree["projects"][0].pk).update(planned_end=today - dt.timedelta(days=30))
    (row,) = dashboard(gm.portfolio, 2025, 0)["programs"]
    assert row["overdue"] and row["late"]
    # The unfinished overdue project cannot end before today; the other one ends on its planned end.
    assert row["expected_end"] == max(today, gm.tree["projects"][1].planned_end)


def test_the_portfolio_rule_set_colours_and_is_named(gm):
    RuleSet.objects.create(
        portfolio=gm.portfolio, name_ru="Правила портфеля", green=D("0.90"), amber=D("0.70")
    )
    data = dashboard(gm.portfolio, 2025, 0)
    assert data["knis"][0]["colour"] == "green"  # 0.9 is green from 0.90
    assert data["rules"]["name"] == "Правила портфеля"
    assert "90 %" in data["rules"]["method"] and "70 %" in data["rules"]["method"]
    assert "not an official methodology" in data["rules"]["method"]


def test_a_period_without_facts_and_the_default_period(gm):
    data = dashboard(gm.portfolio, 2026, 0)
    assert data["knis"][0]["fact"] is None and data["cards"]["grey"] == 2
    # No achievement in 2026: no deviation of fact from plan (the forecasts that miss are in the KNI table and
    # the gap analysis).
    assert data["deviations"] == []
    assert data["knis"][0]["misses"] is True
    assert dashboard(gm.portfolio)["period"]["year"] == 2025
    assert [p["label"] for p in data["periods"]] == ["2024", "2025", "2026", "2030"]


def test_quarterly_indicators_trend_by_quarter(gm):
    q = make_indicator(gm.tree["program"], "P-Q", periodicity="quarterly")
    plan(q, 2025, 10, quarter=1)
    plan(q, 2025, 20, quarter=2)
    plan(q, 2025, 40)  # the annual plan is not a point of a quarterly series
    fact(q, 2025, 9, quarter=1)
    data = dashboard(gm.portfolio, 2025, 1)
    row = next(r for r in data["knis"] if r["code"] == "P-Q")
    assert row["trend"]["periods"] == [[2025, 1], [2025, 2]] and row["trend"]["fact"] == [D("9"), None]
    assert row["achievement"] == D("0.9") and data["period"]["label"] == "2025 Q1"


def test_ratings_are_on_the_dashboard(gm):
    data = dashboard(gm.portfolio, 2025, 0)
    persons = {r["person_id"]: r for r in data["ratings"]["persons"]}
    assert persons[gm.pm.pk]["score"] == D("1") and persons[gm.pm.pk]["rank"] == 1
    assert persons[gm.pm_b.pk]["score"] == D("0.8")
    assert data["ratings"]["method"]


def test_the_json_has_decimals_as_strings(gm):
    text = dashboard_json(dashboard(gm.portfolio, 2025, 0))
    assert '"achievement": "0.9000"' in text and '"colour": "amber"' in text


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, (None, None)),
        ({"year": "2025"}, (2025, None)),
        ({"year": "2025", "quarter": "3"}, (2025, 3)),
        ({"period": "2026-2"}, (2026, 2)),
    ],
)
def test_period_from_a_query_string(params, expected):
    assert period_from(params) == expected


@pytest.mark.parametrize(
    "params", [{"year": "abc"}, {"year": "1800"}, {"year": "2025", "quarter": "5"}, {"quarter": "2"}]
)
def test_a_wrong_period_is_refused_with_a_message(params):
    with pytest.raises(ValidationError) as error:
        period_from(params)
    assert error.value.messages


def grow(gm, programs: int = 3):
    """More programs, directions, groups, projects and indicators with plans, facts and links."""
    for n in range(programs):
        program = make_program(portfolio=gm.portfolio, name=f"Программа {n}")
        direction = make_direction(program=program)
        group = make_group(direction=direction)
        top = make_indicator(program, f"X-{n}")
        plan(top, 2025, 50)
        fact(top, 2025, 40 + n)
        link(gm.indicators["kni"], top, 5)
        for m in range(3):
            project = make_project(group=group, name=f"Проект {n}-{m}")
            child = make_indicator(project, f"X-{n}-{m}")
            plan(child, 2024, 10)
            plan(child, 2025, 10)
            fact(child, 2024, 9)
            fact(child, 2025, 8 + m)
            link(top, child, 30)
            FundingLine.objects.create(project=project, source="republican", year=2025, amount=D("100"))


def test_a_fixed_number_of_queries_whatever_the_size(gm, django_assert_num_queries):
    with django_assert_num_queries(12):
        dashboard(gm.portfolio, 2025, 0)
    grow(gm)
    with django_assert_num_queries(12):
        data = dashboard(gm.portfolio, 2025, 0)
    assert len(data["programs"]) == 4 and len(data["knis"]) == 5
    assert len(data["heat"]["rows"]) == 4 and data["cards"]["projects"] == 11


def test_the_dashboard_rates_from_the_achievements_it_has_read(gm):
    """Passing the dashboard's own achievements to the ratings gives the ratings module's own answer."""
    from kpi_maps.models import Indicator
    from kpi_maps.scoring import DEFAULT_RULES
    from kpi_maps.selectors.dashboard import _per_node
    from kpi_maps.selectors.ratings import person_ratings
    from kpi_maps.selectors.scores import achievements

    placed = Indicator.objects.values_list("id", "node_kind", "node_path")
    per_node = _per_node(placed, achievements(gm.portfolio.path, 2025, 0, DEFAULT_RULES), DEFAULT_RULES)
    assert person_ratings(gm.portfolio, 2025, 0, DEFAULT_RULES, per_node=per_node) == person_ratings(
        gm.portfolio, 2025, 0, DEFAULT_RULES
    )
    data = dashboard(gm.portfolio, 2025, 0)
    assert data["ratings"]["persons_total"] == len(data["ratings"]["persons"]) == 3  # the group head, two PMs
