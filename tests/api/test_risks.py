"""API of the risk register: CRUD, filters, 409 on a stale version, powers, outsiders, query counts."""

from __future__ import annotations

import pytest

from projects.models import Risk
from projects.services.risks import risk_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/risks/"
# count, page of rows (project and owner joined); the forced user keeps its grants from the set-up (services
# asked them), so no session, user or grants query here.
LIST_QUERIES = 2


def add(ws, **values):
    values.setdefault("title", "Задержка финансирования")
    values.setdefault("probability", 3)
    values.setdefault("impact", 4)
    return risk_create(actor=ws.member, project=ws.project, **values)


def test_create_read_update_delete(ws, api_as):
    api = api_as(ws.member)
    response = api.post(
        URL,
        {
            "project": ws.project.pk,
            "title": "Уход ключевого специалиста",
            "probability": 4,
            "impact": 5,
            "owner": ws.pm.pk,
            "response": "mitigate",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["number"], body["score"], body["level"], body["owner_name"], body["version"]) == (
        1,
        20,
        "high",
        ws.pm.full_name,
        1,
    )
    assert body["identified_on"] and body["closed_on"] is None
    risk_url = f"{URL}{body['id']}/"
    response = api.patch(risk_url, {"impact": 2, "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["score"] == 8 and response.json()["version"] == 2
    assert api.get(risk_url).json()["level"] == "medium"
    assert api.delete(risk_url).status_code == 403  # the team member has no delete power
    assert api_as(ws.gp_head).delete(risk_url).status_code == 204
    assert not Risk.objects.exists()


def test_stale_version_is_409_with_the_current_risk(ws, api_as):
    risk = add(ws)
    api = api_as(ws.member)
    assert (
        api.patch(f"{URL}{risk.pk}/", {"title": "Первая правка", "version": 1}, format="json").status_code
        == 200
    )
    response = api_as(ws.pm).patch(f"{URL}{risk.pk}/", {"title": "Вторая", "version": 1}, format="json")
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] and body["current"]["title"] == "Первая правка" and body["current"]["version"] == 2
    assert Risk.objects.get().title == "Первая правка"


def test_rules_refused_with_400_and_nothing_changed(ws, api_as):
    api = api_as(ws.member)
    response = api.post(
        URL,
        {
            "project": ws.project.pk,
            "title": "Риск",
            "probability": 3,
            "impact": 3,
            "identified_on": "2026-05-01",
            "review_on": "2026-04-01",
        },
        format="json",
    )
    assert response.status_code == 400 and "review_on" in response.json()
    assert (
        api.post(
            URL, {"project": ws.project.pk, "title": "Риск", "probability": 7, "impact": 3}, format="json"
        ).status_code
        == 400
    )
    assert not Risk.objects.exists()


def test_powers(ws, api_as, outsider):
    risk = add(ws)
    payload = {"project": ws.project.pk, "title": "Риск", "probability": 1, "impact": 1}
    assert api_as(ws.monitor).post(URL, payload, format="json").status_code == 403
    assert api_as(ws.monitor).patch(f"{URL}{risk.pk}/", {"title": "Нет"}, format="json").status_code == 403
    api = api_as(outsider)
    assert api.get(f"{URL}{risk.pk}/").status_code == 404
    assert api.patch(f"{URL}{risk.pk}/", {"title": "Нет"}, format="json").status_code == 404
    assert api.delete(f"{URL}{risk.pk}/").status_code == 404
    assert api.get(URL).json()["count"] == 0
    assert api.post(URL, payload, format="json").status_code == 400  # the project is not there for them
    assert Risk.objects.count() == 1


def test_filters(ws, api_as):
    add(ws, title="Высокий", probability=5, impact=5, owner=ws.pm)
    add(ws, title="Закрытый", probability=1, impact=2, status="closed")
    risk_create(actor=ws.gp_head, project=ws.other, title="Соседний", probability=4, impact=4)
    api = api_as(ws.gp_head)

    def titles(**query):
        return sorted(row["title"] for row in api.get(URL, query).json()["results"])

    assert titles(project=ws.project.pk) == ["Высокий", "Закрытый"]
    assert titles(status="closed") == ["Закрытый"]
    assert titles(owner=ws.pm.pk) == ["Высокий"]
    assert titles(min_score=16) == ["Высокий", "Соседний"]
    assert titles() == ["Высокий", "Закрытый", "Соседний"]
    assert titles(project=ws.other.pk) == ["Соседний"]


@pytest.mark.parametrize("rows", [1, 12])
def test_list_query_count_does_not_grow(ws, api_as, django_assert_num_queries, rows):
    for index in range(rows):
        add(ws, title=f"Риск {index}", owner=ws.pm)
    api = api_as(ws.member)
    with django_assert_num_queries(LIST_QUERIES):
        assert api.get(URL).json()["count"] == rows
