"""``/api/v1/org/notifications/``: one's own only, the unread filter, reading one and all."""

from __future__ import annotations

import pytest

from org.models import Notification
from org.services.notifications import notify

pytestmark = pytest.mark.django_db

URL = "/api/v1/org/notifications/"


def send(ws, recipient, kind="task.assigned", **params):
    [row] = notify(
        recipients=[recipient],
        actor=ws.pm,
        kind=kind,
        target=ws.project,
        url="/projects/1/board/",
        params=params or {"number": 7, "title": "Сверить смету", "project": "Цифровой проект"},
    )
    return row


def test_a_person_lists_only_their_own_newest_first(api_as, ws):
    older = send(ws, ws.member)
    newer = send(ws, ws.member, kind="comment.mention", target_kind="task", ref="#7", title="Сверить смету")
    send(ws, ws.sponsor)
    rows = api_as(ws.member).get(URL).json()["results"]
    assert [row["id"] for row in rows] == [newer.pk, older.pk]
    assert (
        rows[1]["message"]
        == f"{ws.pm.full_name} assigned you task #7 «Сверить смету» in the project Цифровой проект"
    )
    assert rows[0]["message"].startswith(f"{ws.pm.full_name} mentioned you in a comment on task #7")
    assert rows[0]["unread"] is True
    assert rows[0]["actor"]["id"] == ws.pm.pk
    assert rows[0]["url"] == "/projects/1/board/"


def test_the_message_follows_the_request_language(api_as, ws):
    send(ws, ws.member, kind="unknown.kind")
    answer = api_as(ws.member).get(URL, HTTP_ACCEPT_LANGUAGE="en")
    assert answer.json()["results"][0]["message"] == f"{ws.pm.full_name}: something needs your attention"


def test_unread_filter_read_one_and_read_all(api_as, ws):
    first = send(ws, ws.member)
    second = send(ws, ws.member)
    client = api_as(ws.member)
    answer = client.post(f"{URL}{first.pk}/read/")
    assert answer.status_code == 200
    assert answer.json()["unread"] is False
    assert [row["id"] for row in client.get(URL, {"unread": "true"}).json()["results"]] == [second.pk]
    assert [row["id"] for row in client.get(URL, {"unread": "false"}).json()["results"]] == [first.pk]
    assert client.post(f"{URL}read-all/").json() == {"marked": 1}
    assert not Notification.objects.filter(recipient=ws.member, read_at__isnull=True).exists()


def test_another_persons_notification_is_404(api_as, ws):
    theirs = send(ws, ws.sponsor)
    client = api_as(ws.member)
    assert client.get(f"{URL}{theirs.pk}/").status_code == 404
    assert client.post(f"{URL}{theirs.pk}/read/").status_code == 404
    client.post(f"{URL}read-all/")
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_anonymous_is_refused(api, ws):
    assert api.get(URL).status_code in (401, 403)


def test_the_list_has_a_fixed_number_of_queries(api_as, ws, django_assert_num_queries):
    send(ws, ws.member)
    client = api_as(ws.member)
    with django_assert_num_queries(2):  # count, rows with their actors
        assert client.get(URL).status_code == 200
    for _index in range(20):
        send(ws, ws.member)
    with django_assert_num_queries(2):
        assert len(client.get(URL).json()["results"]) == 21
