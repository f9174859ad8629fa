"""The dashboard's API and page: who may open them, the period, the embedded JSON and pinned query counts."""

import json

import pytest
from django.urls import reverse

from tests.kpi_maps.test_dashboard_selector import grow


def api_url(gm, **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"/api/v1/kpi/dashboards/{gm.portfolio.pk}/" + (f"?{query}" if query else "")


def page_url(gm):
    return reverse("kpi-dashboard", args=[gm.portfolio.pk])


@pytest.mark.parametrize("who", ["curator", "office"])
def test_the_api_answers_those_who_read_the_whole_portfolio(gm, api_as, who):
    response = api_as(getattr(gm, who)).get(api_url(gm, year=2025))
    assert response.status_code == 200
    data = response.json()
    kni = data["knis"][0]
    assert (kni["code"], kni["plan"], kni["fact"], kni["achievement"], kni["colour"]) == (
        "KNI-1",
        "70.0000",
        "63.0000",
        "0.9000",
        "amber",
    )
    assert data["period"] == {"year": 2025, "quarter": 0, "label": "2025"}
    assert data["portfolio"]["ref"] == gm.portfolio.ref


def test_a_read_only_observer_of_the_office_reads_it(gm, api_as, viewer):
    assert api_as(viewer).get(api_url(gm)).status_code == 200


@pytest.mark.parametrize("who", ["pm", "gp_head", "program_manager"])
def test_context_only_readers_get_404(gm, api_as, client, who):
    """They see the portfolio as the context of their own work below it, not the whole portfolio."""
    person = getattr(gm, who)
    assert api_as(person).get(api_url(gm)).status_code == 404
    client.force_login(person)
    assert client.get(page_url(gm)).status_code == 404


def test_an_outsider_and_a_missing_portfolio_get_404(gm, api_as, client, outsider):
    assert api_as(outsider).get(api_url(gm)).status_code == 404
    assert api_as(gm.curator).get("/api/v1/kpi/dashboards/999999/").status_code == 404
    client.force_login(outsider)
    assert client.get(page_url(gm)).status_code == 404
    client.force_login(gm.curator)
    assert client.get(reverse("kpi-dashboard", args=[999999])).status_code == 404


def test_anonymous_is_refused(gm, api, client):
    assert api.get(api_url(gm)).status_code in (401, 403)
    response = client.get(page_url(gm))
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("params", [{"year": "abc"}, {"year": 2025, "quarter": 7}, {"quarter": 1}])
def test_a_wrong_period_is_a_400_with_a_message(gm, api_as, params):
    response = api_as(gm.curator).get(api_url(gm, **params))
    assert response.status_code == 400
    assert any(response.json().values())


def test_the_page_embeds_the_api_json_and_shows_the_figures(gm, client, api_as):
    client.force_login(gm.curator)
    response = client.get(page_url(gm) + "?period=2025-0")
    assert response.status_code == 200
    html = response.content.decode()
    embedded = json.loads(
        html.split('<script id="kpi-dashboard-data" type="application/json">')[1].split("</script>")[0]
    )
    assert embedded == api_as(gm.curator).get(api_url(gm, year=2025, quarter=0)).json()
    assert f'data-ws-path="/ws/kpi/dashboards/{gm.portfolio.pk}/"' in html
    assert f'data-kpi-id="{gm.indicators["kni"].pk}" data-colour="amber"' in html
    assert "90 %" in html and "92 %" in html  # KNI-1's achievement and its roll-up
    assert "Доля цифровых госуслуг" in html and "not an official methodology" in html


def test_the_page_says_what_is_wrong_with_the_period(gm, client):
    client.force_login(gm.curator)
    response = client.get(page_url(gm) + "?year=1800")
    assert response.status_code == 400
    assert "1990" in response.content.decode()


def test_fixed_queries_for_the_api_and_the_page(gm, api_as, client, django_assert_num_queries):
    """The reader's grants (2 statements), the portfolio, then the dashboard's 12; the page adds the session and
    user; neither grows with the size of the map."""
    api = api_as(gm.office)
    client.force_login(gm.office)
    api.get(api_url(gm, year=2025))  # warm the per-process caches (role catalogue)
    for size in ("small", "bigger"):
        with django_assert_num_queries(API_QUERIES):
            assert api.get(api_url(gm, year=2025)).status_code == 200
        with django_assert_num_queries(PAGE_QUERIES):
            assert client.get(page_url(gm)).status_code == 200
        if size == "small":
            grow(gm)


API_QUERIES = 13
PAGE_QUERIES = 17
