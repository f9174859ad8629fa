"""The role catalogue and substitution scheme pages, the navbar links to them, and the home page's "acting" card."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from org.models import Role, Substitution
from tests.factories import PersonFactory, assign, away
from tests.node_pages import assert_login_redirect, page_text

pytestmark = pytest.mark.django_db


def test_role_catalogue_lists_every_role_with_its_facts(client, outsider, django_assert_num_queries):
    client.force_login(outsider)  # the catalogue is open to everyone who works in the PMIS
    # session, user, roles
    with django_assert_num_queries(3):
        response = client.get(reverse("role-catalogue"))
    assert response.status_code == 200
    roles = response.context["roles"]
    assert len(roles) == Role.objects.count()
    assert [role.level for role in roles[:2]] == ["office", "office"]  # the Office first, projects last
    assert roles[-1].level == "project"
    text = page_text(response)
    assert (
        "Project manager" in text and "project_manager" in text and "Rules p.2(27) p.77 p.79 p.83-84" in text
    )
    assert "Manage the team" in text and "as required" in text
    manager = next(role for role in roles if role.code == "project_manager")
    assert manager.scope_labels == ["Project"]
    assert "edited in the administration and the API" in text


def test_role_names_follow_the_user_s_language(client, outsider):
    client.force_login(outsider)
    with translation.override("ru"):
        text = page_text(client.get(reverse("role-catalogue"), HTTP_ACCEPT_LANGUAGE="ru"))
    assert "Менеджер проекта" in text


def test_substitution_scheme_is_the_appendix_4_grid(client, outsider, django_assert_num_queries):
    client.force_login(outsider)
    # session, user, roles, cells
    with django_assert_num_queries(4):
        response = client.get(reverse("substitution-scheme"))
    matrix = response.context["matrix"]
    text = page_text(response)
    assert text.count('class="is-marked"') == Substitution.objects.count() == len(matrix.cells)
    po_head = Role.objects.get(code="po_head")
    chief = Role.objects.get(code="po_chief_manager")
    assert matrix.marked(chief, po_head) and not matrix.marked(
        po_head, Role.objects.get(code="project_manager")
    )
    assert 'data-testid="substitution-matrix"' in text and "Read-only" in text
    # The '-' cells are empty, not marked: the number of cells drawn is rows × columns.
    assert text.count("<td") == len(matrix.rows) * len(matrix.columns)


def test_navbar_links_to_the_catalogue_and_the_scheme(client, outsider):
    client.force_login(outsider)
    text = page_text(client.get(reverse("home")))
    assert reverse("role-catalogue") in text and reverse("substitution-scheme") in text


def test_catalogue_pages_need_a_login(client, db):
    for url in (reverse("role-catalogue"), reverse("substitution-scheme")):
        assert_login_redirect(client.get(url))


# --- home: "You are acting for" ---------------------------------------------------------------------------------


def test_home_shows_what_the_user_acts_for_today(client, tree, django_assert_num_queries):
    body = tree["program"].owner_body
    head = PersonFactory(username="head", last_name="Бекова", first_name="Алия")
    chief = PersonFactory(username="chief", last_name="Нуров", first_name="Ержан")
    assign(head, "po_head", body)
    assign(chief, "po_chief_manager", body)
    client.force_login(chief)
    response = client.get(reverse("home"))
    # With the head in, the chief may act only for vacancies (Appendix 4 roles nobody holds where he works);
    # not for the head.
    acting = response.context["acting"]
    assert acting["absent"] == []
    assert "acting for Head of the project office" not in page_text(response)
    today = timezone.localdate()
    away(head, today, today + dt.timedelta(days=7))
    response = client.get(reverse("home"))
    text = page_text(response)
    assert 'data-testid="home-acting"' in text and "You are acting for" in text
    assert (
        "acting for Head of the project office of the state body" in text and f"for {head.short_name}" in text
    )
    # session, user, grants, 2 summary counts + 1 project aggregate, due ×2, overdue ×2, changes ×2; what the
    # chief acts for (org.substitution.acting_for): his absence, own roles, scheme, holders of the substituted
    # roles, bodies' programs, absences, the nodes below his role where a vacancy may be (groups, programs), the
    # places named (groups, the body)
    with django_assert_num_queries(23):
        client.get(reverse("home"))
    away(head, today + dt.timedelta(days=20), today + dt.timedelta(days=21))
    with django_assert_num_queries(23):
        client.get(reverse("home"))
