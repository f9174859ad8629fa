"""API of project assignments: /api/v1/project-assignments/ — CRUD of drafts, send / appoint / report / cancel,
filters, 404 / 403 / 400 / 409, pinned query count."""

from __future__ import annotations

import datetime as dt

import pytest
from rest_framework.test import APIClient

from projects.choices import AssignmentStatus
from projects.models import ProjectAssignment
from projects.services import assignments as services
from tests.projects.test_assignments import FAR, Addressee, appointed, draft, sent

pytestmark = pytest.mark.django_db

URL = "/api/v1/project-assignments/"
# count, rows, executors (force_authenticate gives the user; the grants are cached after the first request)
LIST_QUERIES = 3


@pytest.fixture
def addressee(db):
    return Addressee()


def as_(person) -> APIClient:
    client = APIClient()
    client.force_authenticate(person)
    return client


def body(ws, addressee, **fields):
    data = {
        "project": ws.project.pk,
        "title": "Согласовать формат обмена данными",
        "addressee_body": addressee.body.pk,
        "addressee_unit": addressee.unit.pk,
        "addressee_head": addressee.head.pk,
        "way": "current",
        "due_on": FAR.isoformat(),
    }
    data.update(fields)
    return data


def test_the_project_manager_creates_a_draft(ws, addressee):
    response = as_(ws.pm).post(URL, body(ws, addressee), format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "draft" and data["number"] == 1 and data["version"] == 1
    assert data["late_appointment"] is False and data["overdue"] is False


def test_create_refusals(ws, addressee, outsider):
    assert as_(ws.member).post(URL, body(ws, addressee), format="json").status_code == 403
    # The outsider changes no project: refused before the data is read.
    assert as_(outsider).post(URL, body(ws, addressee), format="json").status_code == 403
    # A project the person cannot see is not there for them.
    other = as_(ws.pm).post(URL, body(ws, addressee, project=ws.other.pk), format="json")
    assert other.status_code == 400 and "project" in other.json()
    past = as_(ws.pm).post(URL, body(ws, addressee, due_on="2020-01-01"), format="json")
    assert past.status_code == 400 and "due_on" in past.json()
    assert not ProjectAssignment.objects.exists()


def test_list_filters_and_who_sees_what(ws, addressee, outsider):
    mine = sent(ws, addressee)
    done = appointed(ws, addressee, title="Назначено")
    draft(ws, addressee, title="Черновик", addressee_head=addressee.other_executor)
    assert as_(outsider).get(URL).json()["count"] == 0
    assert as_(ws.monitor).get(URL).json()["count"] == 3
    head = as_(addressee.head)
    assert {row["id"] for row in head.get(URL).json()["results"]} == {mine.pk, done.pk}
    assert [row["id"] for row in head.get(URL, {"status": "sent"}).json()["results"]] == [mine.pk]
    executor = as_(addressee.executor)
    assert [row["id"] for row in executor.get(URL, {"addressed_to_me": "true"}).json()["results"]] == [
        done.pk
    ]
    assert as_(ws.pm).get(URL, {"addressed_to_me": "true"}).json()["count"] == 0
    assert as_(ws.pm).get(URL, {"project": ws.other.pk}).json()["count"] == 0
    # Sent in December 2026 with far-off due dates: overdue only once its appointment day has passed.
    overdue = {row["id"] for row in as_(ws.pm).get(URL, {"overdue": "true"}).json()["results"]}
    assert overdue == ({mine.pk} if dt.date.today() > dt.date(2026, 12, 17) else set())


def test_an_outsider_gets_404_on_one(ws, addressee, outsider):
    assignment = sent(ws, addressee)
    client = as_(outsider)
    assert client.get(f"{URL}{assignment.pk}/").status_code == 404
    for action in ("send", "appoint", "report", "cancel"):
        assert client.post(f"{URL}{assignment.pk}/{action}/", {}, format="json").status_code == 404
    assert client.patch(f"{URL}{assignment.pk}/", {"title": "x"}, format="json").status_code == 404
    assert client.delete(f"{URL}{assignment.pk}/").status_code == 404


def test_update_a_draft_with_its_version(ws, addressee):
    assignment = draft(ws, addressee)
    client = as_(ws.pm)
    response = client.patch(f"{URL}{assignment.pk}/", {"title": "Новое", "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = client.patch(f"{URL}{assignment.pk}/", {"title": "Старое", "version": 1}, format="json")
    assert stale.status_code == 409
    assert stale.json()["current"]["title"] == "Новое"
    assert as_(ws.monitor).patch(f"{URL}{assignment.pk}/", {"title": "x"}, format="json").status_code == 403
    assert ProjectAssignment.objects.get().title == "Новое"


def test_send_appoint_report_through_the_api(ws, addressee):
    assignment = draft(ws, addressee)
    assert as_(ws.pm).post(f"{URL}{assignment.pk}/send/", {}, format="json").status_code == 403
    response = as_(ws.bd_head).post(f"{URL}{assignment.pk}/send/", {"version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "sent" and response.json()["appoint_by"]

    head = as_(addressee.head)
    empty = head.post(f"{URL}{assignment.pk}/appoint/", {"executors": []}, format="json")
    assert empty.status_code == 400 and "executors" in empty.json()
    assert (
        as_(ws.member)
        .post(f"{URL}{assignment.pk}/appoint/", {"executors": [addressee.executor.pk]}, format="json")
        .status_code
        == 403
    )
    response = head.post(
        f"{URL}{assignment.pk}/appoint/",
        {"executors": [addressee.executor.pk], "way": "project"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["executors"] == [addressee.executor.pk] and response.json()["way"] == "project"

    executor = as_(addressee.executor)
    assert executor.post(f"{URL}{assignment.pk}/report/", {"result": ""}, format="json").status_code == 400
    response = executor.post(f"{URL}{assignment.pk}/report/", {"result": "Сделано"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "done"
    again = as_(ws.pm).post(f"{URL}{assignment.pk}/cancel/", {"reason": "x"}, format="json")
    assert again.status_code == 400
    assert ProjectAssignment.objects.get().status == AssignmentStatus.DONE


def test_cancel_needs_change_on_the_project_and_a_reason(ws, addressee):
    assignment = sent(ws, addressee)
    assert (
        as_(addressee.head).post(f"{URL}{assignment.pk}/cancel/", {"reason": "x"}, format="json").status_code
        == 403
    )
    assert as_(ws.pm).post(f"{URL}{assignment.pk}/cancel/", {"reason": ""}, format="json").status_code == 400
    response = as_(ws.pm).post(f"{URL}{assignment.pk}/cancel/", {"reason": "Снято"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "cancelled"


def test_delete_a_draft_only(ws, addressee):
    assignment = draft(ws, addressee)
    assert as_(ws.pm).delete(f"{URL}{assignment.pk}/").status_code == 403
    other = sent(ws, addressee)
    assert as_(ws.bd_head).delete(f"{URL}{other.pk}/").status_code == 400
    assert as_(ws.bd_head).delete(f"{URL}{assignment.pk}/").status_code == 204
    assert list(ProjectAssignment.objects.values_list("pk", flat=True)) == [other.pk]


def test_list_query_count_does_not_grow(ws, addressee, django_assert_num_queries):
    appointed(ws, addressee)
    client = as_(ws.pm)
    client.get(URL)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(URL).status_code == 200
    for number in range(6):
        services.assignment_appoint(
            actor=addressee.head,
            assignment=sent(ws, addressee, title=f"Ещё {number}"),
            executors=[addressee.executor, addressee.other_executor],
        )
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(URL).json()["count"] == 7
