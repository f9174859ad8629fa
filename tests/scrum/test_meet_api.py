"""The meetings' API (scrum.api.meetings): reads restricted (404 for outsiders), running needs "change" (403),
participants add items, outcomes only while in progress (400, nothing changed), the protocol and the ICS."""

import datetime as dt
import io

import pytest
from pypdf import PdfReader

from scrum.choices import AgendaSource, MeetingStatus
from scrum.models import AgendaItem, Decision
from tests.factories_scrum import make_meeting
from tests.scrum import make_task

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)
URL = "/api/v1/scrum/meetings/"


@pytest.fixture
def office(sc):
    return make_meeting(sc.schedules["office"], TODAY)


def test_the_list_is_restricted_and_filtered(sc, office, api_as, outsider, django_assert_num_queries):
    make_meeting(sc.schedules["committee"], dt.date(2026, 11, 27))
    make_meeting(sc.schedules["team"], dt.date(2026, 11, 23))
    client = api_as(sc.po_head)
    assert client.get(URL).json()["count"] == 3
    assert [
        row["level"] for row in client.get(URL, {"node": f"project:{sc.project.pk}"}).json()["results"]
    ] == ["team"]
    assert client.get(URL, {"date_from": "2026-11-24", "date_to": "2026-11-26"}).json()["results"][0][
        "id"
    ] == (office.pk)
    assert api_as(sc.guest).get(URL).json()["count"] == 1  # a participant of the office's schedule only
    assert api_as(outsider).get(URL).json()["count"] == 0
    with django_assert_num_queries(2):  # count, rows with schedule and chair (the grants are cached)
        assert api_as(sc.po_head).get(URL).json()["count"] == 3
    for n in range(5):
        make_meeting(sc.schedules["office"], TODAY + dt.timedelta(days=7 * (n + 1)))
    with django_assert_num_queries(2):
        assert api_as(sc.po_head).get(URL).json()["count"] == 8


def test_an_outsider_gets_404_and_a_participant_403_on_running(sc, office, api_as, outsider):
    assert api_as(outsider).get(f"{URL}{office.pk}/").status_code == 404
    assert api_as(outsider).post(f"{URL}{office.pk}/open/").status_code == 404
    assert api_as(sc.guest).get(f"{URL}{office.pk}/").status_code == 200
    assert api_as(sc.guest).post(f"{URL}{office.pk}/open/").status_code == 403
    office.refresh_from_db()
    assert office.status == MeetingStatus.DRAFT
    answer = api_as(sc.guest).post(f"{URL}{office.pk}/agenda/", {"title": "Мой вопрос"}, format="json")
    assert answer.status_code == 201 and answer.json()["source"] == AgendaSource.MANUAL
    item = AgendaItem.objects.get()
    assert api_as(sc.guest).delete(f"{URL}{office.pk}/agenda/{item.pk}/").status_code == 403
    assert api_as(sc.po_head).delete(f"{URL}{office.pk}/agenda/{item.pk}/").status_code == 204


def test_the_way_of_a_meeting_through_the_api(sc, office, api_as):
    make_task(sc.project, "Просроченная задача", due_on=dt.date.today() - dt.timedelta(days=3))
    client = api_as(sc.po_head)
    outcome = {
        "kind": "decision",
        "text": "Согласовать спецификацию",
        "owner": sc.pm.pk,
        "due_on": (TODAY + dt.timedelta(days=5)).isoformat(),
    }
    refused = client.post(f"{URL}{office.pk}/outcomes/", outcome, format="json")
    assert refused.status_code == 400 and "in progress" in str(refused.json())
    assert client.post(f"{URL}{office.pk}/start/").status_code == 400  # a draft is opened first
    opened = client.post(f"{URL}{office.pk}/open/").json()
    assert opened["status"] == "open" and [i["title"] for i in opened["agenda"]][0].endswith(
        "Просроченная задача"
    )
    assert client.get(f"{URL}{office.pk}/protocol/").status_code == 404  # not closed yet
    started = client.post(f"{URL}{office.pk}/start/").json()
    assert started["status"] == "in_progress" and started["chair"] == sc.po_head.pk
    item = started["agenda"][0]["id"]
    assert (
        client.patch(
            f"{URL}{office.pk}/agenda/{item}/", {"notes": "Обсудили", "discussed": True}, format="json"
        ).json()["discussed"]
        is True
    )
    present = client.post(
        f"{URL}{office.pk}/attendance/", {"person": sc.pm.pk, "status": "present"}, format="json"
    )
    assert present.status_code == 200 and present.json()["status"] == "present"
    stranger = client.post(f"{URL}{office.pk}/outcomes/", {**outcome, "owner": 999999}, format="json")
    assert stranger.status_code == 400 and "owner" in stranger.json()
    recorded = client.post(f"{URL}{office.pk}/outcomes/", {**outcome, "item": item}, format="json")
    assert recorded.status_code == 201 and recorded.json()["number"] == 1
    detail = client.get(f"{URL}{office.pk}/").json()
    assert [o["text"] for o in detail["outcomes"]] == ["Согласовать спецификацию"]
    closed = client.post(f"{URL}{office.pk}/close/").json()
    assert closed["status"] == "closed" and closed["protocol_number"]
    pdf = client.get(f"{URL}{office.pk}/protocol/", {"format": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(b"".join(pdf.streaming_content))).pages
    )
    assert "Согласовать спецификацию" in " ".join(text.split())
    docx = client.get(f"{URL}{office.pk}/protocol/", {"format": "docx"})
    assert docx.status_code == 200 and b"".join(docx.streaming_content)[:2] == b"PK"
    assert client.post(f"{URL}{office.pk}/outcomes/", outcome, format="json").status_code == 400
    assert Decision.objects.count() == 1


def test_the_ics_invitation(sc, office, api_as, outsider):
    answer = api_as(sc.guest).get(f"{URL}{office.pk}/ics/")
    assert answer.status_code == 200 and b"BEGIN:VEVENT" in answer.content
    assert api_as(outsider).get(f"{URL}{office.pk}/ics/").status_code == 404


def test_reordering_and_editing_items(sc, office, api_as):
    client = api_as(sc.po_head)
    ids = [
        client.post(f"{URL}{office.pk}/agenda/", {"title": title}, format="json").json()["id"]
        for title in ("А", "Б", "В")
    ]
    answer = client.post(f"{URL}{office.pk}/agenda/reorder/", {"ids": ids[::-1]}, format="json")
    assert [item["title"] for item in answer.json()["agenda"]] == ["В", "Б", "А"]
    assert (
        client.post(f"{URL}{office.pk}/agenda/reorder/", {"ids": ids[:1]}, format="json").status_code == 400
    )
    edited = client.patch(
        f"{URL}{office.pk}/agenda/{ids[0]}/", {"minutes": 12, "presenter": sc.pm.pk}, format="json"
    )
    assert edited.status_code == 200 and (edited.json()["minutes"], edited.json()["presenter"]) == (
        12,
        sc.pm.pk,
    )
    early = client.patch(f"{URL}{office.pk}/agenda/{ids[0]}/", {"notes": "Рано"}, format="json")
    assert early.status_code == 400
    assert (
        api_as(sc.guest).post(f"{URL}{office.pk}/agenda/reorder/", {"ids": ids}, format="json").status_code
        == 403
    )
