"""``/api/v1/comments/``: the thread of an object, commenting with mentions, the author's edit, deletion rules,
outsiders 404, pinned query counts."""

from __future__ import annotations

import pytest

from org.models import Notification
from projects.models import Comment
from projects.services.comments import comment_add
from tests.factories import PersonFactory
from tests.projects.test_comments import make_target

pytestmark = pytest.mark.django_db

URL = "/api/v1/comments/"


def one(pk):
    return f"{URL}{pk}/"


def test_the_team_lists_a_thread_oldest_first(api_as, ws):
    task = make_target(ws, "task")
    first = comment_add(actor=ws.pm, target=task, body="Первый, @member")
    comment_add(actor=ws.member, target=task, body="Второй")
    comment_add(actor=ws.member, target=make_target(ws, "risk"), body="О другом")

    answer = api_as(ws.monitor).get(URL, {"target": f"task:{task.pk}"})
    assert answer.status_code == 200
    rows = answer.json()["results"]
    assert [row["body"] for row in rows] == ["Первый, @member", "Второй"]
    assert rows[0] == {
        "id": first.pk,
        "target": f"task:{task.pk}",
        "project": ws.project.pk,
        "author": {"id": ws.pm.pk, "username": "pm", "full_name": ws.pm.full_name},
        "body": "Первый, @member",
        "mentions": [{"id": ws.member.pk, "username": "member", "full_name": ws.member.full_name}],
        "created_at": rows[0]["created_at"],
        "edited_at": None,
    }


def test_a_project_filter_lists_every_comment_in_it(api_as, ws):
    comment_add(actor=ws.pm, target=make_target(ws, "task"), body="Задача")
    comment_add(actor=ws.pm, target=ws.project, body="Проект")
    comment_add(actor=ws.gp_head, target=make_target(ws, "task", project=ws.other), body="Соседи")
    rows = api_as(ws.member).get(URL, {"project": ws.project.pk}).json()["results"]
    assert sorted(row["body"] for row in rows) == ["Задача", "Проект"]
    assert api_as(ws.member).get(URL, {"project": ws.other.pk}).json()["results"] == []


def test_a_target_or_project_is_required_and_must_be_well_formed(api_as, ws):
    client = api_as(ws.member)
    assert client.get(URL).status_code == 400
    assert "target" in client.get(URL).json()
    assert client.get(URL, {"target": "planet:1"}).status_code == 400
    assert client.get(URL, {"target": "task"}).status_code == 400


def test_outsiders_get_404(api_as, ws, outsider):
    task = make_target(ws, "task")
    comment = comment_add(actor=ws.pm, target=task, body="Секрет")
    client = api_as(outsider)
    assert client.get(URL, {"target": f"task:{task.pk}"}).status_code == 404
    assert client.get(one(comment.pk)).status_code == 404
    assert client.patch(one(comment.pk), {"body": "x"}, format="json").status_code == 404
    assert client.delete(one(comment.pk)).status_code == 404
    assert client.post(URL, {"target": f"task:{task.pk}", "body": "x"}, format="json").status_code == 404
    assert client.get(URL, {"project": ws.project.pk}).json()["results"] == []
    assert Comment.objects.count() == 1


def test_posting_a_comment_notifies_and_names_who_could_not_be(api_as, ws):
    PersonFactory(username="stranger")
    risk = make_target(ws, "risk", owner=ws.pm)
    answer = api_as(ws.member).post(
        URL, {"target": f"risk:{risk.pk}", "body": "@sponsor, @stranger: риск вырос"}, format="json"
    )
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert data["target"] == f"risk:{risk.pk}"
    assert data["author"]["id"] == ws.member.pk
    assert [person["username"] for person in data["mentions"]] == ["sponsor"]
    assert [person["username"] for person in data["not_notified"]] == ["stranger"]
    assert Notification.objects.filter(recipient=ws.sponsor, kind="comment.mention").count() == 1
    assert Notification.objects.filter(recipient=ws.pm, kind="comment.new").count() == 1


def test_an_empty_comment_is_400_and_nothing_saved(api_as, ws):
    task = make_target(ws, "task")
    answer = api_as(ws.member).post(URL, {"target": f"task:{task.pk}", "body": "  "}, format="json")
    assert answer.status_code == 400
    assert "body" in answer.json()
    assert api_as(ws.member).post(URL, {"target": "nothing", "body": "x"}, format="json").status_code == 400
    assert not Comment.objects.exists()


def test_the_addressee_head_uses_the_assignment_thread_only(api_as, ws):
    assignment = make_target(ws, "assignment")
    head = assignment.addressee_head
    comment_add(actor=ws.pm, target=ws.project, body="Внутреннее")
    client = api_as(head)
    answer = client.post(URL, {"target": f"assignment:{assignment.pk}", "body": "Принято"}, format="json")
    assert answer.status_code == 201
    rows = client.get(URL, {"target": f"assignment:{assignment.pk}"}).json()["results"]
    assert [row["body"] for row in rows] == ["Принято"]
    assert client.get(one(answer.json()["id"])).status_code == 200
    # In the project's list too, they find that thread's comments and nothing else.
    assert [row["body"] for row in client.get(URL, {"project": ws.project.pk}).json()["results"]] == [
        "Принято"
    ]
    assert client.get(URL, {"target": f"project:{ws.project.pk}"}).status_code == 404


def test_the_author_edits_and_others_may_not(api_as, ws):
    comment = comment_add(actor=ws.member, target=make_target(ws, "task"), body="Было")
    for person in (ws.pm, ws.gp_head, ws.monitor):
        assert api_as(person).patch(one(comment.pk), {"body": "Чужое"}, format="json").status_code == 403
    answer = api_as(ws.member).patch(one(comment.pk), {"body": "Стало, @sponsor"}, format="json")
    assert answer.status_code == 200
    assert answer.json()["body"] == "Стало, @sponsor"
    assert answer.json()["edited_at"]
    assert Notification.objects.filter(recipient=ws.sponsor, kind="comment.mention").count() == 1
    assert api_as(ws.member).patch(one(comment.pk), {"body": ""}, format="json").status_code == 400
    comment.refresh_from_db()
    assert comment.body == "Стало, @sponsor"


def test_delete_by_author_or_whoever_may_delete_in_the_project(api_as, ws):
    task = make_target(ws, "task")
    first = comment_add(actor=ws.member, target=task, body="Раз")
    second = comment_add(actor=ws.member, target=task, body="Два")
    assert api_as(ws.sponsor).delete(one(first.pk)).status_code == 403
    assert api_as(ws.member).delete(one(first.pk)).status_code == 204
    assert api_as(ws.gp_head).delete(one(second.pk)).status_code == 204
    assert not Comment.objects.exists()


def test_the_thread_list_has_a_fixed_number_of_queries(api_as, ws, django_assert_num_queries):
    task = make_target(ws, "task")
    comment_add(actor=ws.pm, target=task, body="@member")
    client = api_as(ws.member)
    params = {"target": f"task:{task.pk}"}
    client.get(URL, params)  # reads the grants, which stay on the (forced) user as they do for a request
    # target, count, rows, mentions
    with django_assert_num_queries(4):
        assert client.get(URL, params).status_code == 200
    for index in range(15):
        comment_add(actor=ws.pm, target=task, body=f"{index} @member @sponsor")
    with django_assert_num_queries(4):
        assert len(client.get(URL, params).json()["results"]) == 16
    # the project's list: count, rows, mentions
    with django_assert_num_queries(3):
        assert len(client.get(URL, {"project": ws.project.pk}).json()["results"]) == 16
