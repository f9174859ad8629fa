"""Gap analysis (Rules p.74, p.17(3)) worked by hand on the `gm` fixture."""

from decimal import Decimal as D

import pytest
from django.http import Http404

from kpi_maps.selectors.gaps import gaps
from tests.factories import make_group, make_project
from tests.factories_kpi import fact, link, make_indicator, plan


def test_off_track_indicators_worst_first_with_their_projects(gm):
    report = gaps(gm.office, gm.portfolio, 2025, 0)
    # B-1: 8 / 10 = 0.8 (amber), its facts 10, 10 forecast 10 against the 2026 plan 6 (lower is better): misses.
    # KNI-1: 63 / 70 = 0.9 (amber), the forecast 84.14 misses the 2030 plan 100.
    # A-1 (1.0, forecast 80 = plan) and G-1 (0.95, one fact: no forecast) are on track; P-1 and D-1 have no fact.
    assert [(gap.code, gap.reasons) for gap in report.gaps] == [
        ("B-1", ["amber", "forecast"]),
        ("KNI-1", ["amber", "forecast"]),
    ]
    b, kni = report.gaps
    a_project, b_project = gm.tree["projects"]
    # KNI-1 ends at A-1 with 0.8 × 1 × 1 × 0.6 = 0.48 and at B-1 with 0.8 × 0.4 = 0.32; 0.2 is moved by no project
    assert [(c.code, c.share, c.achievement, c.project_id) for c in kni.contributors] == [
        ("A-1", D("0.4800"), D("1.0000"), a_project.pk),
        ("B-1", D("0.3200"), D("0.8000"), b_project.pk),
    ]
    assert kni.uncovered == D("0.2000")
    assert (
        kni.contributors[0].stage == a_project.stage
        and kni.contributors[0].planned_end == a_project.planned_end
    )
    # A project's own indicator is moved by its project alone
    assert [(c.code, c.share) for c in b.contributors] == [("B-1", D("1.0000"))] and b.uncovered == 0


def test_red_and_a_second_path(gm):
    g2 = make_group(direction=gm.tree["direction"], name="Вторая группа")
    other = make_project(group=g2, name="Второй проект")
    x = make_indicator(other, "X-1")
    link(gm.indicators["bd"], x, 50)  # D-1 ← X-1 directly, 50 %
    link(gm.indicators["grp"], x, 10)  # and through G-1, 10 %
    plan(x, 2025, 100)
    fact(x, 2025, 40)  # 0.4 → red
    report = gaps(gm.office, gm.portfolio, 2025, 0)
    assert report.gaps[0].code == "X-1" and report.gaps[0].reasons == ["red"]
    kni = next(gap for gap in report.gaps if gap.code == "KNI-1")
    shares = {c.code: c.share for c in kni.contributors}
    # 0.8 × (0.5 + 1 × 0.1) = 0.48
    assert shares == {"A-1": D("0.4800"), "B-1": D("0.3200"), "X-1": D("0.4800")}


def test_a_period_without_facts_keeps_the_forecast_misses(gm):
    report = gaps(gm.office, gm.portfolio, 2026, 0)
    assert [(gap.code, gap.reasons) for gap in report.gaps] == [
        ("B-1", ["forecast"]),
        ("KNI-1", ["forecast"]),
    ]


def test_a_subtree(gm):
    report = gaps(gm.office, gm.tree["subgroup"], 2025, 0)
    assert [gap.code for gap in report.gaps] == ["B-1"]


@pytest.mark.parametrize("who", ["pm", "gp_head"])
def test_hidden_from_those_below(gm, who):
    with pytest.raises(Http404):
        gaps(getattr(gm, who), gm.portfolio, 2025, 0)


def test_a_fixed_number_of_queries(gm, django_assert_num_queries, django_user_model):
    office = django_user_model.objects.get(pk=gm.office.pk)
    with django_assert_num_queries(6):
        gaps(office, gm.portfolio, 2025, 0)
    for n in range(4):
        project = make_project(group=gm.tree["subgroup"], name=f"Ещё {n}")
        ind = make_indicator(project, f"M-{n}")
        link(gm.indicators["grp"], ind, 1)
        plan(ind, 2025, 10)
        fact(ind, 2025, 1)
    office = django_user_model.objects.get(pk=gm.office.pk)
    with django_assert_num_queries(6):
        assert len(gaps(office, gm.portfolio, 2025, 0).gaps) == 6
