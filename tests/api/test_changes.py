"""API of change requests and the change log: CRUD of drafts, submit / decide / implement, powers, outsiders."""

from __future__ import annotations

import pytest

from org.models import Notification
from projects.models import ChangeLogEntry, ChangeRequest
from projects.services.changes import change_request_create, change_request_decide, change_request_submit

pytestmark = pytest.mark.django_db

URL = "/api/v1/change-requests/"
LOG_URL = "/api/v1/change-log/"
# count, page of rows (people joined); the forced user keeps the grants its set-up asked for.
LIST_QUERIES = 2


def draft(ws, **values):
    values.setdefault("title", "Замена подрядчика по поставке")
    return change_request_create(actor=ws.member, project=ws.project, **values)


def submitted(ws, **values):
    return change_request_submit(actor=ws.member, change_request=draft(ws, **values))


def test_the_whole_way(ws, api_as):
    member = api_as(ws.member)
    response = member.post(
        URL,
        {"project": ws.project.pk, "title": "Сдвиг срока", "impact_days": 14, "impact_budget": "-250000.00"},
        format="json",
    )
    assert response.status_code == 201, response.content
    change = response.json()
    assert (change["number"], change["status"], change["requested_by"]) == (1, "draft", ws.member.pk)
    url = f"{URL}{change['id']}/"
    assert (
        member.patch(url, {"title": "Сдвиг срока на 2 недели", "version": 1}, format="json").status_code
        == 200
    )
    response = member.post(f"{url}submit/")
    assert response.status_code == 200 and response.json()["status"] == "submitted"
    assert Notification.objects.filter(kind="change.submitted", recipient=ws.sponsor).exists()

    response = api_as(ws.sponsor).post(
        f"{url}decide/", {"approve": True, "note": "Согласовано"}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["decided_by_name"]) == (
        "approved",
        ws.sponsor.full_name,
    )
    response = api_as(ws.pm).post(f"{url}implement/", {"note": "Устав изменён"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "implemented"

    log = api_as(ws.member).get(LOG_URL, {"project": ws.project.pk}).json()["results"]
    assert [row["event"] for row in log] == ["implemented", "approved", "submitted"]
    assert log[0]["actor_name"] == ws.pm.full_name and log[0]["change_request"] == change["id"]


def test_stale_edit_409(ws, api_as):
    change = draft(ws)
    api = api_as(ws.member)
    assert api.patch(f"{URL}{change.pk}/", {"title": "Раз", "version": 1}, format="json").status_code == 200
    response = api.patch(f"{URL}{change.pk}/", {"title": "Два", "version": 1}, format="json")
    assert response.status_code == 409 and response.json()["current"]["title"] == "Раз"


def test_decide_without_approve_is_403(ws, api_as):
    change = submitted(ws)
    for person in (ws.pm, ws.member, ws.monitor):
        response = api_as(person).post(f"{URL}{change.pk}/decide/", {"approve": True}, format="json")
        assert response.status_code == 403, person
    assert ChangeRequest.objects.get().status == "submitted"


def test_decide_a_draft_is_400(ws, api_as):
    change = draft(ws)
    response = api_as(ws.sponsor).post(f"{URL}{change.pk}/decide/", {"approve": True}, format="json")
    assert response.status_code == 400 and response.json()["non_field_errors"]
    assert ChangeRequest.objects.get().status == "draft"


def test_reject_without_note_is_400(ws, api_as):
    change = submitted(ws)
    response = api_as(ws.sponsor).post(
        f"{URL}{change.pk}/decide/", {"approve": False, "note": ""}, format="json"
    )
    assert response.status_code == 400 and "note" in response.json()
    assert ChangeRequest.objects.get().status == "submitted"
    assert ChangeLogEntry.objects.count() == 1  # only the submission
    response = api_as(ws.sponsor).post(f"{URL}{change.pk}/decide/", {"note": "Нет"}, format="json")
    assert response.status_code == 400 and "approve" in response.json()


def test_implement_only_approved(ws, api_as):
    change = submitted(ws)
    response = api_as(ws.pm).post(f"{URL}{change.pk}/implement/", {}, format="json")
    assert response.status_code == 400
    change_request_decide(actor=ws.gp_head, change_request=change, approve=True)
    assert api_as(ws.sponsor).post(f"{URL}{change.pk}/implement/", {}, format="json").status_code == 403
    assert ChangeRequest.objects.get().status == "approved"


def test_edit_and_delete_only_drafts(ws, api_as):
    change = submitted(ws)
    api = api_as(ws.member)
    assert api.patch(f"{URL}{change.pk}/", {"title": "Поздно"}, format="json").status_code == 400
    assert api.delete(f"{URL}{change.pk}/").status_code == 400
    mine = draft(ws, title="Мой черновик")
    assert api_as(ws.pm).delete(f"{URL}{mine.pk}/").status_code == 403
    assert api_as(ws.member).delete(f"{URL}{mine.pk}/").status_code == 204  # one client: log in again
    assert list(ChangeRequest.objects.values_list("pk", flat=True)) == [change.pk]


def test_outsider_gets_404_everywhere(ws, api_as, outsider):
    change = submitted(ws)
    api = api_as(outsider)
    assert api.get(f"{URL}{change.pk}/").status_code == 404
    for action in ("submit", "decide", "implement"):
        assert api.post(f"{URL}{change.pk}/{action}/", {"approve": True}, format="json").status_code == 404
    assert api.patch(f"{URL}{change.pk}/", {"title": "Нет"}, format="json").status_code == 404
    assert api.delete(f"{URL}{change.pk}/").status_code == 404
    assert api.get(URL).json()["count"] == 0 and api.get(LOG_URL).json()["count"] == 0
    entry = ChangeLogEntry.objects.get()
    assert api.get(f"{LOG_URL}{entry.pk}/").status_code == 404
    assert api.post(LOG_URL, {}, format="json").status_code == 405


def test_filters(ws, api_as):
    draft(ws, title="Черновик")
    submitted(ws, title="Поданный")
    change_request_create(actor=ws.gp_head, project=ws.other, title="Соседний")
    api = api_as(ws.gp_head)
    titles = sorted(row["title"] for row in api.get(URL, {"project": ws.project.pk}).json()["results"])
    assert titles == ["Поданный", "Черновик"]
    assert [row["title"] for row in api.get(URL, {"status": "submitted"}).json()["results"]] == ["Поданный"]
    assert api.get(LOG_URL, {"project": ws.other.pk}).json()["count"] == 0


@pytest.mark.parametrize("rows", [1, 10])
def test_list_query_counts_do_not_grow(ws, api_as, django_assert_num_queries, rows):
    for index in range(rows):
        submitted(ws, title=f"Изменение {index}")
    api = api_as(ws.member)
    with django_assert_num_queries(LIST_QUERIES):
        assert api.get(URL).json()["count"] == rows
    with django_assert_num_queries(LIST_QUERIES):
        assert api.get(LOG_URL).json()["count"] == rows
