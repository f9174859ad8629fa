"""API of the weekly information boards: ``/api/v1/scrum/information-boards/`` — list (filter by program and week),
one board with its figures, ``generate``; outsiders and whoever sees the program only as context get 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from org.models import Person
from pmis.core.workdays import monday_of
from scrum.models import InformationBoard
from scrum.services.boards import board_generate
from tests.factories import make_program

pytestmark = pytest.mark.django_db

URL = "/api/v1/scrum/information-boards/"
# the user is forced (no session): grants, the count, the page of boards (with program and generated_by)
LIST_QUERIES = 3


def last_monday() -> dt.date:
    return monday_of(timezone.localdate()) - dt.timedelta(days=7)


@pytest.fixture
def taken(sc):
    return board_generate(program=sc.program, week_start=last_monday(), actor=sc.po_head)


def test_list_and_retrieve(api_as, sc, taken):
    other = make_program(portfolio=sc.portfolio, name="Вторая программа")
    board_generate(program=other, week_start=last_monday())
    api = api_as(sc.curator)
    rows = api.get(URL).json()["results"]
    assert {row["program"] for row in rows} == {sc.program.pk, other.pk}
    mine = api.get(URL, {"program": sc.program.pk}).json()["results"]
    assert len(mine) == 1
    row = mine[0]
    assert row["week_start"] == last_monday().isoformat() and row["program_code"] == sc.program.code
    assert row["generated_by"] == sc.po_head.pk and row["generated_by_name"] == sc.po_head.full_name
    assert row["totals"]["projects"] == 2 and "figures" not in row
    one = api.get(f"{URL}{taken.pk}/").json()
    assert one["figures"]["program"]["code"] == sc.program.code
    assert len(one["figures"]["rows"]) == 5
    assert api.get(URL, {"week_start": "2020-01-06"}).json()["results"] == []


def test_generate_creates_then_takes_again(api_as, sc):
    api = api_as(sc.program_manager)
    week = last_monday().isoformat()
    first = api.post(f"{URL}generate/", {"program": sc.program.pk, "week_start": week}, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["week_start"] == week and first.json()["generated_by"] == sc.program_manager.pk
    again = api.post(f"{URL}generate/", {"program": sc.program.pk, "week_start": week}, format="json")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    this_week = api.post(f"{URL}generate/", {"program": sc.program.pk}, format="json")
    assert this_week.status_code == 201
    assert this_week.json()["week_start"] == monday_of(timezone.localdate()).isoformat()
    assert InformationBoard.objects.count() == 2


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"week_start": "2026-11-10"}, "week_start"),  # a Tuesday
        ({"week_start": "next"}, "week_start"),  # has not begun
        ({"week_start": "someday"}, "week_start"),  # not a date
        ({"program": None}, "program"),
    ],
)
def test_generate_refuses_with_400_and_changes_nothing(api_as, sc, payload, field):
    body = {"program": sc.program.pk, **payload}
    if body.get("week_start") == "next":
        body["week_start"] = (monday_of(timezone.localdate()) + dt.timedelta(days=7)).isoformat()
    if body["program"] is None:
        del body["program"]
    response = api_as(sc.po_head).post(f"{URL}generate/", body, format="json")
    assert response.status_code == 400, response.content
    assert field in str(response.json())
    assert not InformationBoard.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "pm", "member", "gibd_head"])
def test_hidden_from_outsiders_and_from_whoever_sees_the_program_as_context(api_as, sc, taken, outsider, who):
    api = api_as(outsider if who == "outsider" else getattr(sc, who))
    assert api.get(URL).json()["results"] == []
    assert api.get(f"{URL}{taken.pk}/").status_code == 404
    response = api.post(f"{URL}generate/", {"program": sc.program.pk}, format="json")
    assert response.status_code == 404
    assert InformationBoard.objects.count() == 1


def test_writes_other_than_generate_are_not_offered(api_as, sc, taken):
    api = api_as(sc.program_manager)
    assert api.post(URL, {"program": sc.program.pk}, format="json").status_code == 405
    assert api.delete(f"{URL}{taken.pk}/").status_code == 405
    assert api.patch(f"{URL}{taken.pk}/", {"figures": {}}, format="json").status_code == 405


def test_anonymous_is_refused(api, taken):
    assert api.get(URL).status_code in (401, 403)


def test_list_query_count_does_not_grow(api_as, sc, taken, django_assert_num_queries):
    api = api_as(Person.objects.get(pk=sc.curator.pk))  # a fresh user: grants not kept from an earlier call
    with django_assert_num_queries(LIST_QUERIES):
        assert api.get(URL).status_code == 200
    for n in range(3):
        program = make_program(portfolio=sc.portfolio, name=f"Программа {n}")
        board_generate(program=program, week_start=last_monday(), actor=sc.po_head)
    api = api_as(Person.objects.get(pk=sc.curator.pk))
    with django_assert_num_queries(LIST_QUERIES):
        assert len(api.get(URL).json()["results"]) == 4
