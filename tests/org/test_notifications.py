"""Notifications: how each kind reads, the inbox page, opening one, marking all read, the bell's count and
latest list, and the people an @ may name."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from org import notification_kinds
from org.models import Notification
from org.services.notifications import notification_read, notification_read_all, notify
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def send(ws, recipient, kind="task.assigned", params=None, url="/projects/1/board/#task-3", actor=None):
    [row] = notify(
        recipients=[recipient],
        actor=actor or ws.pm,
        kind=kind,
        target=ws.project,
        url=url,
        params={"number": 3, "title": "Сверить смету", "project": "Цифровой проект"}
        if params is None
        else params,
    )
    return row


def message(ws, kind, params, actor=True):
    row = Notification(kind=kind, params=params, actor=ws.pm if actor else None)
    with translation.override("en"):
        return notification_kinds.render(row)


# --- kinds ----------------------------------------------------------------------------------------------------


def test_each_kind_reads_as_a_sentence(ws):
    pm = ws.pm.full_name
    assert message(ws, "comment.mention", {"target_kind": "task", "ref": "#12", "title": "Смета"}) == (
        f"{pm} mentioned you in a comment on task #12 «Смета»"
    )
    assert message(ws, "comment.new", {"target_kind": "risk", "ref": "R-2", "title": "Срыв"}) == (
        f"{pm} commented on risk R-2 «Срыв»"
    )
    assert message(ws, "comment.new", {"target_kind": "lesson", "ref": "", "title": "Урок"}) == (
        f"{pm} commented on lesson «Урок»"
    )
    assert message(ws, "task.assigned", {"number": 4, "title": "ТЗ", "project": "Цифровой проект"}) == (
        f"{pm} assigned you task #4 «ТЗ» in the project Цифровой проект"
    )
    sent = message(
        ws, "assignment.sent", {"number": 2, "title": "Данные", "project": "П", "appoint_by": "2026-11-23"}
    )
    assert sent.startswith(
        "Project assignment PA-2 «Данные» of the project П was sent to you: appoint its executors by"
    )
    assert "23" in sent and "2026-11-23" not in sent  # a date as the locale writes it
    assert message(ws, "assignment.appointed", {"number": 2, "title": "Данные", "executors": ["А", "Б"]}) == (
        f"{pm} appointed А, Б to project assignment PA-2 «Данные»"
    )
    assert message(ws, "assignment.appointed", {"number": 2, "title": "Данные"}) == (
        f"{pm} appointed the executors of project assignment PA-2 «Данные»"
    )
    assert message(ws, "assignment.overdue", {"number": 2, "title": "Данные", "project": "П"}) == (
        "Project assignment PA-2 «Данные» of the project П is overdue"
    )
    assert message(ws, "change.submitted", {"number": 1, "title": "Срок", "project": "П"}) == (
        f"{pm} submitted change request CR-1 «Срок» of the project П for a decision"
    )
    assert message(ws, "change.decided", {"number": 1, "title": "Срок", "status": "approved"}) == (
        f"{pm} decided on change request CR-1 «Срок»: approved"
    )
    assert message(
        ws, "change.decided", {"number": 1, "title": "Срок", "status": "rejected", "note": "Нет бюджета"}
    ) == (f"{pm} decided on change request CR-1 «Срок»: rejected (Нет бюджета)")
    # The services send the project's code as `project` and its name as `project_name`: the name is shown.
    assert message(
        ws,
        "change.submitted",
        {"number": 1, "title": "Срок", "project": "PRJ-2026-00001", "project_name": "ЦП"},
    ).endswith("of the project ЦП for a decision")
    late = {
        "number": 5,
        "title": "Данные",
        "project_name": "ЦП",
        "reason": "appointment",
        "addressee_head": "Бекова С.",
    }
    assert message(ws, "assignment.overdue", late) == (
        "No executors were appointed in time for project assignment PA-5 «Данные» of the project ЦП (Бекова С.)"
    )
    assert message(
        ws, "assignment.executor", {"number": 5, "title": "Данные", "due_on": "2026-12-01"}
    ).startswith(f"{pm} made you an executor of project assignment PA-5 «Данные», due ")
    assert message(ws, "assignment.reported", {"number": 5, "title": "Данные"}) == (
        f"{pm} reported the result of project assignment PA-5 «Данные»"
    )
    assert message(ws, "assignment.cancelled", {"number": 5, "title": "Данные", "reason": "Не нужно"}) == (
        f"{pm} cancelled project assignment PA-5 «Данные»: Не нужно"
    )


@pytest.mark.parametrize(
    "kind, params",
    [
        ("no.such.kind", {}),
        ("task.assigned", ["not", "a", "dict"]),
        ("assignment.sent", {"appoint_by": "soon"}),
    ],
)
def test_unknown_kinds_and_odd_params_never_break(ws, kind, params):
    text = message(ws, kind, params)
    assert text
    assert message(ws, kind, params, actor=False)


def test_unknown_kind_reads_generically(ws):
    assert message(ws, "no.such.kind", {}) == f"{ws.pm.full_name}: something needs your attention"
    assert message(ws, "no.such.kind", {}, actor=False) == "Someone: something needs your attention"


# --- services -------------------------------------------------------------------------------------------------


def test_read_and_read_all_touch_only_the_recipients_rows(ws):
    mine = [send(ws, ws.member) for _ in range(3)]
    theirs = send(ws, ws.sponsor)
    notification_read(actor=ws.member, notification=mine[0])
    assert Notification.objects.filter(read_at__isnull=False).count() == 1
    assert notification_read_all(actor=ws.member) == 2
    assert notification_read_all(actor=ws.member) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_reading_another_persons_notification_is_refused(ws):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        notification_read(actor=ws.member, notification=send(ws, ws.sponsor))


# --- pages ----------------------------------------------------------------------------------------------------


def test_the_inbox_shows_only_ones_own_newest_first_unread_bold(client, ws):
    read = send(ws, ws.member, params={"number": 1, "title": "Старая", "project": "П"})
    notification_read(actor=ws.member, notification=read)
    send(ws, ws.member, params={"number": 2, "title": "Новая", "project": "П"})
    send(ws, ws.sponsor, params={"number": 3, "title": "Чужая", "project": "П"})
    client.force_login(ws.member)
    html = client.get(reverse("notifications")).content.decode()
    assert html.index("Новая") < html.index("Старая")
    assert "Чужая" not in html
    assert html.count('<li class="fw-semibold">') == 1
    assert "Mark all read" in html

    unread_only = client.get(reverse("notifications"), {"unread": "1"}).content.decode()
    assert "Новая" in unread_only and "Старая" not in unread_only


def test_a_malformed_notification_does_not_break_the_inbox(client, ws):
    Notification.objects.create(recipient=ws.member, kind="task.assigned", params=["broken"])
    Notification.objects.create(recipient=ws.member, kind="from.the.future", params={})
    client.force_login(ws.member)
    answer = client.get(reverse("notifications"))
    assert answer.status_code == 200
    assert answer.content.decode().count("something needs your attention") == 2


def test_opening_marks_read_and_follows_the_link(client, ws):
    row = send(ws, ws.member)
    client.force_login(ws.member)
    answer = client.get(reverse("notification-open", args=[row.pk]))
    assert answer.status_code == 302
    assert answer["Location"] == "/projects/1/board/#task-3"
    row.refresh_from_db()
    assert row.read_at is not None


def test_opening_an_off_site_or_empty_link_goes_to_the_inbox(client, ws):
    client.force_login(ws.member)
    for url in ("https://evil.example/", ""):
        row = send(ws, ws.member, url=url)
        answer = client.get(reverse("notification-open", args=[row.pk]))
        assert answer["Location"] == reverse("notifications")


def test_another_persons_notification_is_404(client, ws):
    row = send(ws, ws.sponsor)
    client.force_login(ws.member)
    assert client.get(reverse("notification-open", args=[row.pk])).status_code == 404
    row.refresh_from_db()
    assert row.read_at is None


def test_mark_all_read(client, ws):
    send(ws, ws.member)
    send(ws, ws.member)
    client.force_login(ws.member)
    answer = client.post(reverse("notifications-read-all"))
    assert answer.status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert client.get(reverse("notifications-read-all")).status_code == 405


def test_the_count_and_the_latest_five(client, ws):
    for number in range(7):
        send(ws, ws.member, params={"number": number, "title": f"Задача {number}", "project": "П"})
    client.force_login(ws.member)
    assert client.get(reverse("notifications-count")).json() == {"unread": 7}
    html = client.get(reverse("notifications-latest")).content.decode()
    assert "Задача 6" in html and "Задача 2" in html and "Задача 1" not in html
    assert 'data-unread="7"' in html

    answer = client.post(reverse("notifications-read-all"), {"from": "bell"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200
    assert 'data-unread="0"' in answer.content.decode()
    assert client.get(reverse("notifications-count")).json() == {"unread": 0}


def test_pages_need_a_login(client):
    for name in ("notifications", "notifications-count", "notifications-latest", "person-mention"):
        assert client.get(reverse(name)).status_code == 302


def test_inbox_count_and_latest_have_fixed_query_counts(client, ws, django_assert_num_queries):
    send(ws, ws.member)
    client.force_login(ws.member)
    urls = {
        reverse("notifications"): 5,
        reverse("notifications-count"): 3,
        reverse("notifications-latest"): 4,
    }
    # session, user, then: inbox — count, rows, unread; count — unread; latest — rows, unread
    for url, queries in urls.items():
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
    for number in range(30):
        send(ws, ws.member, actor=PersonFactory(username=f"actor{number}"))
    for url, queries in urls.items():
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


def test_the_bell_is_in_the_navbar_without_its_count(client, ws):
    send(ws, ws.member)
    client.force_login(ws.member)
    html = client.get(reverse("home")).content.decode()
    assert "data-notification-bell" in html
    assert reverse("notifications-count") in html
    assert "js/notifications.js" in html


def test_the_mention_suggestions(client, ws):
    PersonFactory(username="gone", last_name="Касымов", is_active=False)
    client.force_login(ws.pm)
    data = client.get(reverse("person-mention"), {"q": "@Касым"}).json()
    assert data == {"results": [{"username": "member", "name": ws.member.full_name, "position": ""}]}
    assert client.get(reverse("person-mention"), {"q": ""}).json() == {"results": []}
