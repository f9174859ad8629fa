"""Ratings of heads of project groups, project managers and regions, worked by hand on the `gm` fixture."""

from decimal import Decimal as D

from kpi_maps.scoring import DEFAULT_RULES
from kpi_maps.selectors.ratings import person_ratings, rating_method, region_ratings
from org.choices import BodyKind
from tests.factories import PersonFactory, StateBodyFactory, assign, make_group, make_program, make_project
from tests.factories_kpi import fact, make_indicator, plan


def _by_person(rows):
    return {row.person_id: row for row in rows}


def test_persons_by_the_indicators_of_the_nodes_they_hold(gm):
    rows = person_ratings(gm.portfolio, 2025, 0, DEFAULT_RULES)
    # project A: A-1 1.0; subgroup: G-1 66.5/70 = 0.95; project B: B-1 8/10 = 0.8 (amber, not red)
    assert [(r.rank, r.person_id, r.role_code, r.score, r.colour, r.red) for r in rows] == [
        (1, gm.pm.pk, "project_manager", D("1.0000"), "green", 0),
        (2, gm.gp_head.pk, "gp_head", D("0.9500"), "green", 0),
        (3, gm.pm_b.pk, "project_manager", D("0.8000"), "amber", 0),
    ]
    head = rows[1]
    assert head.nodes == [(f"group:{gm.tree['subgroup'].pk}", gm.tree["subgroup"].name)]
    assert head.indicators == 1 and head.person_name == gm.gp_head.full_name


def test_ties_share_a_rank_and_the_unscored_come_last(gm):
    group = gm.tree["subgroup"]
    twin = make_project(group=group, name="Проект близнец")
    twin_pm = PersonFactory(username="twin_pm", last_name="Бекова", first_name="Дана")
    assign(twin_pm, "project_manager", twin)
    ind = make_indicator(twin, "T-1")
    plan(ind, 2025, 10)
    fact(ind, 2025, 12)  # 1.2, capped at 1.0 → ties with project A
    idle = make_project(group=group, name="Проект без фактов")
    idle_pm = PersonFactory(username="idle_pm", last_name="Алиев", first_name="Ерик")
    assign(idle_pm, "project_manager", idle)
    other = make_indicator(idle, "I-1")
    plan(other, 2025, 10)  # a plan with no fact: not scored
    rows = person_ratings(gm.portfolio, 2025, 0, DEFAULT_RULES)
    ranks = {row.person_id: (row.rank, row.score, row.indicators) for row in rows}
    assert ranks[gm.pm.pk] == (1, D("1.0000"), 1)
    assert ranks[twin_pm.pk] == (1, D("1.0000"), 1)
    assert ranks[gm.gp_head.pk][0] == 3
    assert rows[-1].person_id == idle_pm.pk and rows[-1].score is None and rows[-1].colour == "grey"
    assert rows[-1].rank == 5


def test_a_period_without_facts_scores_nobody(gm):
    rows = person_ratings(gm.portfolio, 2026, 0, DEFAULT_RULES)
    assert {row.score for row in rows} == {None} and {row.rank for row in rows} == {1}


def test_a_person_with_two_groups_is_rated_on_both(gm):
    outer = gm.tree["group"]
    assign(gm.gp_head, "gp_head", outer)
    ind = make_indicator(outer, "GO-1")
    plan(ind, 2025, 10)
    fact(ind, 2025, "8.5")  # 0.85
    rows = _by_person(person_ratings(gm.portfolio, 2025, 0, DEFAULT_RULES))
    # (0.95 + 0.85) / 2 = 0.9
    assert rows[gm.gp_head.pk].score == D("0.9000") and rows[gm.gp_head.pk].indicators == 2
    assert {ref for ref, _name in rows[gm.gp_head.pk].nodes} == {
        f"group:{outer.pk}",
        f"group:{gm.tree['subgroup'].pk}",
    }
    assert rows[gm.gp_head.pk].rank == 2


def test_red_counts_indicators_below_amber(gm):
    b = gm.indicators["b"]
    b.values.filter(year=2025).update(value=D("20"))  # 8 / 20 = 0.4 → red
    rows = _by_person(person_ratings(gm.portfolio, 2025, 0, DEFAULT_RULES))
    assert rows[gm.pm_b.pk].red == 1 and rows[gm.pm_b.pk].colour == "red"


def _regional(gm):
    """A regional plan of Abai with one indicator, and a project owned by the akimat of Turkistan."""
    plan_abai = make_program(portfolio=gm.portfolio, name="План Абай", kind="regional_plan", region="abai")
    abai_ind = make_indicator(plan_abai, "R-ABAI")
    plan(abai_ind, 2025, 100)
    fact(abai_ind, 2025, 90)  # 0.9
    akimat = StateBodyFactory(code="akimat-t", kind=BodyKind.LOCAL, region="turkistan")
    local = make_project(group=gm.tree["subgroup"], name="Местный проект", owner_body=akimat)
    first, second = make_indicator(local, "L-1"), make_indicator(local, "L-2")
    plan(first, 2025, 10)
    fact(first, 2025, 5)  # 0.5 → red
    plan(second, 2025, 10)
    fact(second, 2025, 10)  # 1.0
    group = make_group(direction=gm.tree["direction"], name="Без региона")
    make_indicator(group, "N-1")  # a central body's node: no region
    return plan_abai


def test_regions_by_the_indicators_of_their_nodes(gm):
    _regional(gm)
    rows = region_ratings(gm.portfolio, 2025, 0, DEFAULT_RULES)
    assert [(r.rank, r.region, r.indicators, r.score, r.colour, r.red) for r in rows] == [
        (1, "abai", 1, D("0.9000"), "amber", 0),
        (2, "turkistan", 2, D("0.7500"), "red", 1),
    ]
    assert rows[0].region_name == "Abai region"


def test_regions_of_a_program_root_and_of_a_period_without_facts(gm):
    plan_abai = _regional(gm)
    assert [r.region for r in region_ratings(plan_abai, 2025, 0, DEFAULT_RULES)] == ["abai"]
    rows = region_ratings(gm.portfolio, 2026, 0, DEFAULT_RULES)
    assert [(r.rank, r.score, r.indicators) for r in rows] == [(1, None, 0), (1, None, 0)]


def test_ratings_read_a_fixed_number_of_queries(gm, django_assert_num_queries):
    with django_assert_num_queries(2):
        person_ratings(gm.portfolio, 2025, 0, DEFAULT_RULES)
    with django_assert_num_queries(1):
        region_ratings(gm.portfolio, 2025, 0, DEFAULT_RULES)
    _regional(gm)
    for n in range(3):
        project = make_project(group=gm.tree["subgroup"], name=f"Ещё {n}")
        assign(PersonFactory(username=f"more{n}"), "project_manager", project)
        make_indicator(project, f"M-{n}")
    with django_assert_num_queries(2):
        assert len(person_ratings(gm.portfolio, 2025, 0, DEFAULT_RULES)) == 6
    with django_assert_num_queries(1):
        region_ratings(gm.portfolio, 2025, 0, DEFAULT_RULES)


def test_the_method_names_the_rules():
    text = rating_method(DEFAULT_RULES)
    assert "fact ÷ plan" in text and "80 %" in text and "substitutes" in text and "not an official" in text
