"""API of the lessons-learned log: CRUD, the stage default, who removes a lesson, outsiders, query count."""

from __future__ import annotations

import pytest

from projects.models import Lesson
from projects.services.lessons import lesson_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/lessons/"
# count, page of rows (authors joined); the forced user keeps the grants its set-up asked for.
LIST_QUERIES = 2


def record(ws, actor=None, **values):
    values.setdefault("title", "Согласование ТЗ заняло больше плана")
    values.setdefault("situation", "Три итерации замечаний.")
    values.setdefault("recommendation", "Закладывать две недели на согласование.")
    return lesson_create(actor=actor or ws.member, project=ws.project, **values)


def test_create_update_delete(ws, api_as):
    api = api_as(ws.member)
    response = api.post(
        URL,
        {
            "project": ws.project.pk,
            "title": "Урок",
            "went_well": True,
            "situation": "А",
            "recommendation": "Б",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["stage"], body["recorded_by"], body["went_well"]) == (ws.project.stage, ws.member.pk, True)
    url = f"{URL}{body['id']}/"
    response = api.patch(url, {"stage": "closure"}, format="json")
    assert response.status_code == 200 and response.json()["stage"] == "closure"
    assert api.patch(url, {"recommendation": ""}, format="json").status_code == 400
    assert api.delete(url).status_code == 204


def test_delete_by_author_or_delete_power(ws, api_as):
    lesson = record(ws, actor=ws.pm)
    assert api_as(ws.member).delete(f"{URL}{lesson.pk}/").status_code == 403
    assert api_as(ws.monitor).delete(f"{URL}{lesson.pk}/").status_code == 403
    assert api_as(ws.gp_head).delete(f"{URL}{lesson.pk}/").status_code == 204
    assert not Lesson.objects.exists()


def test_powers_and_outsiders(ws, api_as, outsider):
    lesson = record(ws)
    payload = {"project": ws.project.pk, "title": "У", "situation": "А", "recommendation": "Б"}
    assert api_as(ws.monitor).post(URL, payload, format="json").status_code == 403
    assert api_as(ws.monitor).patch(f"{URL}{lesson.pk}/", {"title": "Нет"}, format="json").status_code == 403
    api = api_as(outsider)
    assert api.get(URL).json()["count"] == 0
    for call in (api.get, api.delete):
        assert call(f"{URL}{lesson.pk}/").status_code == 404
    assert api.patch(f"{URL}{lesson.pk}/", {"title": "Нет"}, format="json").status_code == 404
    assert Lesson.objects.get().title == lesson.title


def test_filters(ws, api_as):
    record(ws, title="Хорошо", went_well=True)
    record(ws, title="Закрытие", stage="closure")
    api = api_as(ws.member)
    assert [row["title"] for row in api.get(URL, {"went_well": "true"}).json()["results"]] == ["Хорошо"]
    assert [row["title"] for row in api.get(URL, {"stage": "closure"}).json()["results"]] == ["Закрытие"]
    assert api.get(URL, {"project": ws.other.pk}).json()["count"] == 0


@pytest.mark.parametrize("rows", [1, 10])
def test_list_query_count_does_not_grow(ws, api_as, django_assert_num_queries, rows):
    for index in range(rows):
        record(ws, title=f"Урок {index}")
    api = api_as(ws.member)
    with django_assert_num_queries(LIST_QUERIES):
        assert api.get(URL).json()["count"] == rows
