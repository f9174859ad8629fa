"""The shared goal map's scores, worked by hand: the fixture other tests build on holds what it says."""

from decimal import Decimal as D

from kpi_maps.scoring import DEFAULT_RULES
from kpi_maps.selectors.scores import scores


def test_scores_of_the_fixture_by_hand(gm):
    result = scores(gm.portfolio.path, 2025, 0, DEFAULT_RULES)
    kni, grp, a, b = (result[gm.indicators[key].pk] for key in ("kni", "grp", "a", "b"))
    assert (kni.achievement, kni.colour) == (D("0.9000"), "amber")
    assert (a.achievement, a.colour) == (D("1.0000"), "green")
    assert (b.achievement, b.colour) == (D("0.8000"), "amber")  # lower is better: plan 8 / fact 10
    assert grp.achievement == D("0.9500") and grp.colour == "green"
    # G-1 from its projects: (0.6 × 1.0 + 0.4 × 0.8) / 1.0 = 0.92
    assert grp.rolled == D("0.9200") and grp.rolled_colour == "amber"
    # KNI-1 ends at the projects with effective shares 0.8 × 0.6 = 0.48 and 0.8 × 0.4 = 0.32: the same mean
    assert kni.rolled == D("0.9200") and kni.covered == D("0.8000") and kni.project_share == D("0.8000")
    # Forecast of KNI-1: points (2022, 50), (2024, 58), (2025, 63): mean (2023⅔, 57), slope 20 / 4⅔ = 30/7, read at 2030 → 57 + 30/7 × 6⅓ = 84.1429
    assert kni.forecast == D("84.1429") and kni.misses  # the 2030 plan is 100
    assert kni.final_year == 2030 and kni.final_plan == D("100.0000")


def test_a_period_without_facts_has_no_achievement(gm):
    result = scores(gm.portfolio.path, 2026, 0, DEFAULT_RULES)
    kni = result[gm.indicators["kni"].pk]
    assert kni.plan == D("80.0000") and kni.fact is None and kni.achievement is None and kni.colour == "grey"
    assert kni.rolled is None and kni.covered == 0


def test_a_subtree_scores_only_its_own_indicators(gm):
    result = scores(gm.tree["projects"][0].path, 2025, 0, DEFAULT_RULES)
    assert set(result) == {gm.indicators["a"].pk}


def test_only_the_asked_indicators_but_their_roll_up_reads_everything(gm):
    kni = gm.indicators["kni"].pk
    result = scores(gm.portfolio.path, 2025, 0, DEFAULT_RULES, ids=[kni])
    assert set(result) == {kni} and result[kni].rolled == D("0.9200")


def test_the_default_period_is_the_latest_year_with_facts(gm):
    from kpi_maps.selectors.scores import default_period

    assert default_period(gm.portfolio.path) == (2025, 0)
