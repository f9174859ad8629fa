"""Pages of the organisation: state bodies and people."""

import pytest
from django.urls import reverse

from org.choices import BodyKind, Region
from programs.services import standard_direction_create
from tests.factories import PersonFactory, StateBodyFactory, UnitFactory, make_portfolio, make_program
from tests.node_pages import assert_login_redirect, page_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_viewer(client, viewer):
    client.force_login(viewer)
    return client


def test_body_list_shows_and_filters_bodies(as_viewer, django_assert_num_queries):
    ministry = StateBodyFactory(name_en="Ministry of Digital Development", short_name="MDDIAI")
    akimat = StateBodyFactory(name_en="Akimat of Almaty region", kind=BodyKind.LOCAL, region=Region.ALMATY)
    UnitFactory(body=ministry)
    # session, user, count, page of rows
    with django_assert_num_queries(4):
        response = as_viewer.get(reverse("body-list"))
    text = page_text(response)
    assert "Ministry of Digital Development" in text and "Akimat of Almaty region" in text
    text = page_text(as_viewer.get(reverse("body-list"), {"kind": "local"}))
    assert akimat.name in text and ministry.name not in text
    text = page_text(as_viewer.get(reverse("body-list"), {"q": "mddiai"}))
    assert ministry.name in text and akimat.name not in text
    for _number in range(30):
        StateBodyFactory()
    with django_assert_num_queries(4):
        response = as_viewer.get(reverse("body-list"))
    assert len(response.context["page_obj"].object_list) == 25


def test_body_detail_shows_units_people_standard_direction_and_programs(as_viewer, django_assert_num_queries):
    body = StateBodyFactory(name_en="Ministry of Justice", short_name="MoJ")
    department = UnitFactory(body=body, name_ru="Департамент права", code="law")
    division = UnitFactory(body=body, parent=department, name_ru="Отдел договоров", code="contracts")
    person = PersonFactory(
        username="lawyer", last_name="Касымова", first_name="Дана", unit=division, position="Эксперт"
    )
    standard = standard_direction_create(actor=None, body=body)
    program = make_program(portfolio=make_portfolio(body=body), owner_body=body, name="Правовая программа")
    # session, user, body, units, people, grants, standard direction, its groups, programs; the organisational
    # chart (Appendix 1): roles, assignments on the body and on its programs, directions and groups (4), the
    # body's programs (what its vacant roles reach), the substitutes with the substitution scheme
    expected = 16
    with django_assert_num_queries(expected):
        response = as_viewer.get(reverse("body-detail", args=[body.pk]))
    assert response.status_code == 200
    text = page_text(response)
    assert "Департамент права" in text and "Отдел договоров" in text
    [root] = response.context["units"]
    assert root == department and root.tree_children == [division]
    assert reverse("person-detail", args=[person.pk]) in text and "Эксперт" in text
    assert standard.get_absolute_url() in text
    assert len(response.context["standard_groups"]) == 6
    for row in response.context["standard_groups"]:
        assert row.node.get_absolute_url() in text
    assert program.code in text
    for number in range(5):
        UnitFactory(body=body, parent=department, code=f"extra-{number}")
        PersonFactory(username=f"person-{number}", unit=division)
        make_program(portfolio=make_portfolio(body=body), owner_body=body, name=f"Программа {number}")
    with django_assert_num_queries(expected):
        as_viewer.get(reverse("body-detail", args=[body.pk]))


def test_body_without_standard_direction_says_so(as_viewer):
    body = StateBodyFactory()
    text = page_text(as_viewer.get(reverse("body-detail", args=[body.pk])))
    assert "no standard basic direction yet" in text


def test_person_detail_shows_position_unit_and_body(as_viewer):
    body = StateBodyFactory(name_en="Ministry of Finance")
    unit = UnitFactory(body=body, name_ru="Бюджетный департамент", name_en="Budget department")
    person = PersonFactory(
        username="finance", last_name="Жумабаев", first_name="Ерлан", position="Director", unit=unit
    )
    response = as_viewer.get(reverse("person-detail", args=[person.pk]))
    assert response.status_code == 200
    text = page_text(response)
    assert "Жумабаев Ерлан" in text and "Director" in text and "Budget department" in text
    assert reverse("body-detail", args=[body.pk]) in text
    assert "No project role in force today." in text  # roles: tests/org/test_absence_pages.py


def test_unknown_body_and_person_are_404(as_viewer):
    assert as_viewer.get(reverse("body-detail", args=[999999])).status_code == 404
    assert as_viewer.get(reverse("person-detail", args=[999999])).status_code == 404


def test_inactive_person_is_404(as_viewer):
    person = PersonFactory(username="gone", is_active=False)
    assert as_viewer.get(reverse("person-detail", args=[person.pk])).status_code == 404


def test_anonymous_is_sent_to_login(client):
    body = StateBodyFactory()
    person = PersonFactory()
    for url in (
        reverse("body-list"),
        reverse("body-detail", args=[body.pk]),
        reverse("person-detail", args=[person.pk]),
    ):
        assert_login_redirect(client.get(url))
