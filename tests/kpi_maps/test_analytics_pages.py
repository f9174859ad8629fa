"""The goal map, gap and rating pages and the ratings API: who may open them, what they show, query counts."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import PersonFactory, StateBodyFactory, assign, make_group, make_program, make_project
from tests.factories_kpi import fact, link, make_indicator, plan


def _pages(gm):
    pk = gm.portfolio.pk
    return [
        reverse("kpi-goal-map", args=[pk]),
        reverse("kpi-goal-map", args=[pk]) + "?view=form",
        reverse("kpi-goal-map-xlsx", args=[pk]),
        reverse("kpi-gaps", args=[pk]),
        reverse("kpi-ratings") + f"?portfolio={pk}",
    ]


@pytest.mark.parametrize("who", ["outsider", "pm", "gp_head", "program_manager"])
def test_every_page_is_404_for_those_who_do_not_read_the_whole_portfolio(gm, client, outsider, who):
    client.force_login(outsider if who == "outsider" else getattr(gm, who))
    for url in _pages(gm):
        assert client.get(url).status_code == 404, url


def test_every_page_asks_to_sign_in(gm, client):
    for url in _pages(gm):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


@pytest.mark.parametrize("who", ["office", "curator", "viewer"])
def test_those_who_read_the_whole_portfolio_open_every_page(gm, client, viewer, who):
    client.force_login(viewer if who == "viewer" else getattr(gm, who))
    for url in _pages(gm):
        assert client.get(url).status_code == 200, url


def test_missing_portfolio_and_ratings_without_portfolio(gm, client):
    client.force_login(gm.office)
    assert client.get(reverse("kpi-goal-map", args=[999999])).status_code == 404
    assert client.get(reverse("kpi-ratings")).status_code == 404
    assert client.get(reverse("kpi-ratings") + "?portfolio=abc").status_code == 404


def test_the_tree_page(gm, client):
    client.force_login(gm.office)
    response = client.get(reverse("kpi-goal-map", args=[gm.portfolio.pk]), {"year": 2025})
    html = response.content.decode()
    assert 'data-testid="indicator-KNI-1"' in html and 'data-colour="amber"' in html
    assert gm.curator.short_name in html and gm.gp_head.short_name in html
    assert "misses the target" in html and "<details" in html
    assert response.context["map"].year == 2025 and response.context["view"] == "tree"


def test_the_form_page(gm, client):
    client.force_login(gm.office)
    response = client.get(reverse("kpi-goal-map", args=[gm.portfolio.pk]), {"view": "form", "year": 2025})
    html = response.content.decode()
    assert 'data-testid="appendix2"' in html and 'rowspan="6"' in html and 'colspan="4"' in html
    assert f"1. {gm.tree['direction'].name}:" in html
    assert len(response.context["rows"]) == 6


def test_a_bad_period_is_400_with_the_reason_and_the_default_period(gm, client):
    client.force_login(gm.office)
    response = client.get(reverse("kpi-goal-map", args=[gm.portfolio.pk]), {"year": 2025, "quarter": 7})
    assert response.status_code == 400
    assert "The quarter is 1 to 4" in response.content.decode() and response.context["year"] == 2025


def test_the_xlsx_download(gm, client):
    client.force_login(gm.office)
    response = client.get(reverse("kpi-goal-map-xlsx", args=[gm.portfolio.pk]), {"year": 2025})
    assert response["Content-Disposition"] == f'attachment; filename="{gm.portfolio.code}-goal-map-2025.xlsx"'
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet.max_row == 11 and sheet["A6"].value == "Доля цифровых госуслуг, %"
    quarter = client.get(reverse("kpi-goal-map-xlsx", args=[gm.portfolio.pk]), {"year": 2025, "quarter": 2})
    assert quarter["Content-Disposition"].endswith('-goal-map-2025-Q2.xlsx"')


def test_the_gaps_page(gm, client):
    client.force_login(gm.office)
    html = client.get(reverse("kpi-gaps", args=[gm.portfolio.pk]), {"year": 2025}).content.decode()
    assert html.index('data-testid="gap-B-1"') < html.index('data-testid="gap-KNI-1"')
    assert 'data-testid="uncovered-KNI-1">20 %' in html
    assert "forecast misses the target" in html


def test_the_ratings_page(gm, client):
    client.force_login(gm.office)
    response = client.get(reverse("kpi-ratings"), {"portfolio": gm.portfolio.pk, "year": 2025})
    html = response.content.decode()
    assert [row.person_id for row in response.context["persons"]] == [gm.pm.pk, gm.gp_head.pk, gm.pm_b.pk]
    assert html.count("Method") == 2 and "fact ÷ plan" in html


def _bigger(gm):
    body = StateBodyFactory(code="akimat-x", kind="local", region="abai")
    regional = make_program(portfolio=gm.portfolio, name="План", kind="regional_plan", region="akmola")
    for n in range(4):
        group = make_group(direction=gm.tree["direction"], name=f"Г{n}", owner_body=body)
        assign(PersonFactory(username=f"g{n}"), "gp_head", group)
        project = make_project(group=group, name=f"П{n}")
        assign(PersonFactory(username=f"p{n}"), "project_manager", project)
        ind = make_indicator(project, f"Z-{n}")
        link(gm.indicators["bd"], ind, 5)
        plan(ind, 2025, 10)
        fact(ind, 2025, n + 5)
        make_indicator(regional, f"R-{n}")


def test_pages_use_a_fixed_number_of_queries(gm, client, django_assert_num_queries):
    client.force_login(gm.office)
    urls = [url + ("&" if "?" in url else "?") + "year=2025" for url in _pages(gm)]
    # sign-in, the portfolio and the access check, the years with plans, then the selectors' own fixed reads
    # (tests/kpi_maps/test_analytics_goal_map.py, test_analytics_gaps.py, test_analytics_ratings.py)
    counts = [17, 17, 17, 10, 9]
    for url, count in zip(urls, counts, strict=True):
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200
    _bigger(gm)
    for url, count in zip(urls, counts, strict=True):
        with django_assert_num_queries(count):
            assert client.get(url).status_code == 200


# --- ratings API ------------------------------------------------------------------------------------------


def test_api_ratings_persons_and_regions(gm, api_as):
    client = api_as(gm.office)
    url = reverse("api-kpi-ratings")
    data = client.get(url, {"portfolio": gm.portfolio.pk, "year": 2025}).json()
    assert data["kind"] == "persons" and "fact ÷ plan" in data["method"]
    assert [(r["rank"], r["person_id"], r["score"]) for r in data["results"]] == [
        (1, gm.pm.pk, "1.0000"),
        (2, gm.gp_head.pk, "0.9500"),
        (3, gm.pm_b.pk, "0.8000"),
    ]
    assert data["results"][1]["nodes"] == [
        {"ref": f"group:{gm.tree['subgroup'].pk}", "name": gm.tree["subgroup"].name}
    ]
    regional = make_program(portfolio=gm.portfolio, name="План", kind="regional_plan", region="akmola")
    ind = make_indicator(regional, "R-1")
    plan(ind, 2025, 4)
    fact(ind, 2025, 3)
    data = client.get(url, {"portfolio": gm.portfolio.pk, "kind": "regions", "year": 2025}).json()
    assert data["results"] == [
        {
            "rank": 1,
            "region": "akmola",
            "region_name": "Akmola region",
            "indicators": 1,
            "score": "0.7500",
            "colour": "red",
            "red": 1,
        }
    ]


def test_api_ratings_refusals(gm, api_as, outsider):
    url = reverse("api-kpi-ratings")
    client = api_as(gm.office)
    assert client.get(url).status_code == 400
    assert client.get(url, {"portfolio": gm.portfolio.pk, "kind": "teams"}).status_code == 400
    assert client.get(url, {"portfolio": gm.portfolio.pk, "quarter": 9, "year": 2025}).status_code == 400
    assert client.get(url, {"portfolio": 999999}).status_code == 404
    for user in (outsider, gm.pm, gm.gp_head):
        assert api_as(user).get(url, {"portfolio": gm.portfolio.pk}).status_code == 404


def test_api_queries_do_not_grow(gm, api_as, django_assert_num_queries):
    client = api_as(gm.office)
    urls = [
        (reverse("api-kpi-goal-map", args=[gm.portfolio.pk]), {"year": 2025}),
        (reverse("api-kpi-ratings"), {"portfolio": gm.portfolio.pk, "year": 2025}),
        (reverse("api-kpi-ratings"), {"portfolio": gm.portfolio.pk, "year": 2025, "kind": "regions"}),
    ]
    # the portfolio and the access check, then the selectors' own fixed reads
    counts = [14, 4, 3]
    for (url, params), count in zip(urls, counts, strict=True):
        with django_assert_num_queries(count):
            assert client.get(url, params).status_code == 200
    _bigger(gm)
    for (url, params), count in zip(urls, counts, strict=True):
        with django_assert_num_queries(count):
            assert client.get(url, params).status_code == 200
