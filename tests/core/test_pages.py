"""The pages of the core: sign-in, the home page, search and the language switch."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from org.models import Person
from tests.factories import PersonFactory, make_group, make_program, make_project, make_tree

pytestmark = pytest.mark.django_db

PAGES = ["home", "tree", "search"]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_tree_children_is_sent_to_login(client, tree):
    response = client.get(reverse("tree-children", args=["portfolio", tree["portfolio"].pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_login_page_renders_without_navbar(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="username"' in html
    assert "app-navbar" not in html


def test_login_sets_the_person_language_cookie(client):
    PersonFactory(username="aidos", language="kk")
    response = client.post(reverse("login"), {"username": "aidos", "password": "pass"})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    page = client.get(reverse("home"))
    assert '<html lang="kk">' in page.content.decode()


def test_failed_login_shows_error(client):
    PersonFactory(username="aidos")
    response = client.post(reverse("login"), {"username": "aidos", "password": "wrong"})
    assert response.status_code == 200
    assert "alert-danger" in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_logout_is_a_post(client, viewer):
    client.force_login(viewer)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


# --- home ----------------------------------------------------------------------------------------------------


def test_home_greets_and_counts(client, viewer, tree):
    make_project(group=tree["subgroup"], name="Завершённый", status="completed")
    client.force_login(viewer)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.context["summary"] == {
        "portfolios": 1,
        "programs": 1,
        "projects": 3,
        "active_projects": 2,
    }
    html = response.content.decode()
    assert "Даурен" in html  # the greeting uses the first name
    assert "app-navbar" in html


def test_home_lists_deadlines_overdue_and_changes(client, viewer, tree):
    today = timezone.localdate()
    soon = make_project(group=tree["subgroup"], name="Скоро срок", end=today + dt.timedelta(days=30))
    later = make_project(group=tree["subgroup"], name="Не скоро", end=today + dt.timedelta(days=200))
    late = make_project(group=tree["subgroup"], name="Просрочен", end=today - dt.timedelta(days=3))
    done_late = make_project(
        group=tree["subgroup"], name="Сдан", end=today - dt.timedelta(days=3), status="completed"
    )
    cancelled_soon = make_project(
        group=tree["subgroup"], name="Отменён", end=today + dt.timedelta(days=5), status="cancelled"
    )
    client.force_login(viewer)
    response = client.get(reverse("home"))
    due, overdue = response.context["due"], response.context["overdue"]
    assert soon in due and later not in due and cancelled_soon not in due
    assert late in overdue and done_late not in overdue and soon not in overdue
    changes = response.context["changes"]
    assert len(changes) == 8  # the program and the seven projects, each created once
    assert changes[0].instance.name == "Отменён"
    assert changes[0].history_date >= changes[-1].history_date
    html = response.content.decode()
    assert "Скоро срок" in html and "Просрочен" in html
    assert "3 days overdue" in html
    assert "in 30 days" in html


def test_home_omits_sections_of_later_issues(client, viewer):
    client.force_login(viewer)
    html = client.get(reverse("home")).content.decode()
    assert "My decisions" not in html  # scrum decisions arrive with the scrum issue
    assert reverse("my-tasks") in html  # the board's issue brought "My tasks"


def _home_queries(client, django_assert_num_queries, expected):
    with django_assert_num_queries(expected):
        assert client.get(reverse("home")).status_code == 200


def test_home_query_count_does_not_grow(client, viewer, django_assert_num_queries):
    # session, user, grants, 2 summary counts + 1 project aggregate, due ×2, overdue ×2, changes ×2; what the user
    # acts for (Rules p.99): their absence, their roles, the scheme for those roles (nothing to substitute: stop)
    expected = 16  # … and the project assignments awaiting the person (Rules p.81)
    today = timezone.localdate()
    tree = make_tree(projects=1)
    client.force_login(viewer)
    _home_queries(client, django_assert_num_queries, expected)
    for n in range(8):
        program = make_program(
            portfolio=tree["portfolio"], name=f"Программа {n}", end=today + dt.timedelta(days=20)
        )
        make_project(group=tree["subgroup"], name=f"Проект {n}", end=today - dt.timedelta(days=n + 1))
        make_project(group=make_group(), name=f"Ещё {n}", end=today + dt.timedelta(days=n + 1))
        assert program.pk
    _home_queries(client, django_assert_num_queries, expected)


# --- search --------------------------------------------------------------------------------------------------


def test_search_exact_code_redirects_to_the_node(client, viewer, tree):
    project = tree["projects"][0]
    client.force_login(viewer)
    response = client.get(reverse("search"), {"q": project.code.lower()})
    assert response.status_code == 302
    assert response.url == project.get_absolute_url()


def test_search_lists_results_grouped_by_kind(client, viewer, tree):
    client.force_login(viewer)
    response = client.get(reverse("search"), {"q": "Проект"})
    assert response.status_code == 200
    groups = response.context["groups"]
    assert [group["kind"] for group in groups] == ["group", "project"]  # "Группа проектов", "Проект 0/1"
    assert {node.pk for node in groups[1]["nodes"]} == {p.pk for p in tree["projects"]}
    assert tree["projects"][0].code in response.content.decode()


def test_search_empty_query_is_friendly(client, viewer):
    client.force_login(viewer)
    response = client.get(reverse("search"), {"q": "  "})
    assert response.status_code == 200
    assert "Type a code or a part of a name" in response.content.decode()


def test_search_nothing_found(client, viewer, tree):
    client.force_login(viewer)
    response = client.get(reverse("search"), {"q": "нет-такого"})
    assert "Nothing matches" in response.content.decode()


# --- language ------------------------------------------------------------------------------------------------


def test_language_switch_sets_cookie_stores_person_language_and_keeps_the_page(client, viewer):
    client.force_login(viewer)
    assert '<html lang="en">' in client.get(reverse("tree")).content.decode()
    response = client.post(reverse("set_language"), {"language": "kk", "next": "/tree/"})
    assert response.status_code == 302
    assert response.url == "/tree/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    assert Person.objects.get(pk=viewer.pk).language == "kk"
    assert '<html lang="kk">' in client.get(reverse("tree")).content.decode()


def test_language_switch_ignores_unknown_language(client, viewer):
    client.force_login(viewer)
    client.post(reverse("set_language"), {"language": "xx", "next": "/"})
    assert Person.objects.get(pk=viewer.pk).language == "ru"


def test_language_switch_works_before_login(client):
    response = client.post(reverse("set_language"), {"language": "ru", "next": "/accounts/login/"})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert '<html lang="ru">' in client.get(reverse("login")).content.decode()


def test_navbar_shows_admin_link_only_to_staff(client, viewer, admin_user):
    client.force_login(viewer)
    assert reverse("admin:index") not in client.get(reverse("home")).content.decode()
    client.force_login(admin_user)
    html = client.get(reverse("home")).content.decode()
    assert reverse("admin:index") in html
    assert "/api/docs/" in html
