"""Pages of portfolios: list, detail, create, edit, delete; permissions; pinned query counts."""

import datetime as dt

import pytest
from django.urls import reverse

from pmis.core.choices import Stage
from portfolios.models import Portfolio
from portfolios.services import portfolio_update
from tests.factories import StateBodyFactory, make_portfolio, make_program
from tests.node_pages import assert_login_redirect, new_node_data, node_form_data, page_text

pytestmark = pytest.mark.django_db

# session, user, grants (one query: roles, substitution, explicit grants), bodies of the filter, count, rows
LIST_QUERIES = 6
# session, user, grants, the node, its programs, history, team card (the assignments; nobody there to be away)
DETAIL_QUERIES = (
    11  # … the goal-map card (one query when no indicator is attached), the scrum schedules (one), the
    # initiatives addressed to it (one) and its governing bodies (one)
)


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def as_viewer(client, viewer):
    client.force_login(viewer)
    return client


def test_list_shows_portfolios_with_counts(as_editor, tree):
    response = as_editor.get(reverse("portfolio-list"))
    assert response.status_code == 200
    assert tree["portfolio"].code in page_text(response)
    row = response.context["rows"][0]
    assert row.counts == [(1, None), (2, 2)]  # one program; two projects, both active


def test_list_filters_by_stage_and_text(as_editor, tree):
    other = make_portfolio(name="Цифровизация")
    portfolio_update(actor=None, portfolio=other, stage=Stage.PLANNING)
    text = page_text(as_editor.get(reverse("portfolio-list"), {"stage": "planning"}))
    assert other.code in text and tree["portfolio"].code not in text
    text = page_text(as_editor.get(reverse("portfolio-list"), {"q": "цифров"}))
    assert other.code in text and tree["portfolio"].code not in text


def test_list_query_count_does_not_grow_with_rows(as_editor, django_assert_num_queries):
    body = StateBodyFactory()
    for number in range(3):
        make_portfolio(body=body, name=f"Портфель {number}")
    with django_assert_num_queries(LIST_QUERIES):
        as_editor.get(reverse("portfolio-list"))
    for number in range(27):
        make_portfolio(body=body, name=f"Ещё {number}")
    with django_assert_num_queries(LIST_QUERIES):
        response = as_editor.get(reverse("portfolio-list"))
    assert len(response.context["rows"]) == 25


def test_detail_lists_programs_and_history(as_editor, editor, tree):
    portfolio = tree["portfolio"]
    portfolio_update(actor=editor, portfolio=portfolio, goal="Рост благосостояния")
    response = as_editor.get(portfolio.get_absolute_url())
    assert response.status_code == 200
    text = page_text(response)
    assert portfolio.code in text
    assert tree["program"].code in text
    assert f"{reverse('program-create')}?portfolio={portfolio.pk}" in text
    assert "Рост благосостояния" in text
    entry = response.context["history"][0]
    assert entry.actor == editor.full_name and entry.changes[0][0] == "Goal"


def test_detail_query_count_does_not_grow(as_editor, editor, django_assert_num_queries):
    portfolio = make_portfolio()
    make_program(portfolio=portfolio)
    with django_assert_num_queries(DETAIL_QUERIES):
        as_editor.get(portfolio.get_absolute_url())
    for number in range(12):
        make_program(portfolio=portfolio, name=f"Программа {number}")
        portfolio_update(actor=editor, portfolio=portfolio, budget=str(number))
    with django_assert_num_queries(DETAIL_QUERIES):
        response = as_editor.get(portfolio.get_absolute_url())
    assert len(response.context["sections"][0]["rows"]) == 13


def test_editor_creates_a_portfolio(as_editor):
    body = StateBodyFactory()
    response = as_editor.post(
        reverse("portfolio-create"), new_node_data(owner_body=body.pk, name_ru="Новый портфель")
    )
    portfolio = Portfolio.objects.get(name_ru="Новый портфель")
    assert response.status_code == 302 and response.url == portfolio.get_absolute_url()
    assert portfolio.code.startswith("NP-") and portfolio.path == f"portfolio:{portfolio.pk}/"


def test_end_before_a_program_end_shows_rules_p9_and_saves_nothing(as_editor, tree):
    portfolio = tree["portfolio"]
    data = node_form_data(portfolio, planned_end="2027-01-01")
    response = as_editor.post(reverse("portfolio-edit", args=[portfolio.pk]), data)
    assert response.status_code == 200
    assert "Rules p.9" in response.context["form"].errors["planned_end"][0]
    portfolio.refresh_from_db()
    assert portfolio.planned_end == dt.date(2030, 12, 31)


def test_edit_changes_the_names(as_editor, tree):
    portfolio = tree["portfolio"]
    data = node_form_data(portfolio, name_kk="Портфель (kk)", name_en="Portfolio")
    response = as_editor.post(reverse("portfolio-edit", args=[portfolio.pk]), data)
    assert response.status_code == 302
    portfolio.refresh_from_db()
    assert (portfolio.name_kk, portfolio.name_en) == ("Портфель (kk)", "Portfolio")


def test_delete_of_a_portfolio_with_programs_shows_the_message(as_editor, tree):
    portfolio = tree["portfolio"]
    response = as_editor.post(reverse("portfolio-delete", args=[portfolio.pk]))
    assert response.status_code == 409
    assert "cannot be deleted" in " ".join(response.context["errors"])
    assert Portfolio.objects.filter(pk=portfolio.pk).exists()


def test_delete_of_an_empty_portfolio(as_editor):
    portfolio = make_portfolio()
    response = as_editor.post(reverse("portfolio-delete", args=[portfolio.pk]))
    assert response.status_code == 302 and response.url == reverse("portfolio-list")
    assert not Portfolio.objects.filter(pk=portfolio.pk).exists()


def test_viewer_gets_403_on_create_edit_and_delete(as_viewer, tree):
    portfolio = tree["portfolio"]
    assert as_viewer.get(reverse("portfolio-create")).status_code == 403
    assert as_viewer.get(reverse("portfolio-edit", args=[portfolio.pk])).status_code == 403
    assert as_viewer.post(reverse("portfolio-delete", args=[portfolio.pk])).status_code == 403


def test_anonymous_is_sent_to_login(client, tree):
    assert_login_redirect(client.get(reverse("portfolio-list")))
    assert_login_redirect(client.get(tree["portfolio"].get_absolute_url()))
    assert_login_redirect(client.get(reverse("portfolio-create")))


def test_unknown_portfolio_is_404(as_editor):
    for name in ("portfolio-detail", "portfolio-edit", "portfolio-delete"):
        assert as_editor.get(reverse(name, args=[999999])).status_code == 404
