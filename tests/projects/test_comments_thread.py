"""The comment thread fragment (HTMX) under any workspace object: reading, adding, editing, deleting, who sees
it, how the text is rendered, and its pinned query count."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from projects.models import Comment
from projects.pages.comments import render_body
from projects.services.comments import comment_add
from tests.factories import PersonFactory
from tests.projects.test_comments import make_target

pytestmark = pytest.mark.django_db


def thread_url(kind, pk):
    return reverse("comments-thread", args=[kind, pk])


def login(client, person):
    client.force_login(person)
    return client


@pytest.mark.parametrize(
    "kind", ["project", "task", "risk", "change", "lesson", "document", "milestone", "assignment"]
)
def test_the_team_reads_and_adds_to_the_thread_of_each_kind(client, ws, kind):
    target = make_target(ws, kind)
    comment_add(actor=ws.pm, target=target, body="Первый комментарий")
    login(client, ws.member)

    page = client.get(thread_url(kind, target.pk))
    assert page.status_code == 200
    assert "Первый комментарий" in page.content.decode()

    answer = client.post(thread_url(kind, target.pk), {"body": "Второй, @pm"})
    assert answer.status_code == 200
    html = answer.content.decode()
    assert "Первый комментарий" in html and "Второй" in html
    assert Comment.objects.filter(target_id=target.pk, author=ws.member).count() == 1


def test_the_addressee_head_comments_on_the_assignment_without_seeing_the_project(client, ws):
    assignment = make_target(ws, "assignment", created_by=ws.pm)
    head = assignment.addressee_head
    comment_add(actor=ws.pm, target=assignment, body="Просим назначить исполнителей")
    login(client, head)

    page = client.get(thread_url("assignment", assignment.pk))
    assert page.status_code == 200
    assert "Просим назначить исполнителей" in page.content.decode()
    assert (
        client.post(thread_url("assignment", assignment.pk), {"body": "Назначу сегодня"}).status_code == 200
    )
    assert Comment.objects.filter(author=head).count() == 1
    # …and only that thread: the project's own and its tasks' stay hidden.
    assert client.get(thread_url("project", ws.project.pk)).status_code == 404
    assert client.get(thread_url("task", make_target(ws, "task").pk)).status_code == 404


def test_an_executor_of_the_assignment_reads_its_thread(client, ws):
    assignment = make_target(ws, "assignment")
    executor = PersonFactory(username="executor")
    assignment.executors.add(executor)
    assert login(client, executor).get(thread_url("assignment", assignment.pk)).status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_outsiders_unknown_kinds_and_missing_objects_are_404(client, ws, outsider, method):
    task = make_target(ws, "task")
    login(client, outsider)
    call = getattr(client, method)
    assert call(thread_url("task", task.pk), {"body": "x"} if method == "post" else None).status_code == 404
    login(client, ws.member)
    assert call(thread_url("planet", task.pk)).status_code == 404
    assert call(thread_url("task", 999999)).status_code == 404
    assert not Comment.objects.exists()


def test_another_projects_objects_are_404_to_the_team(client, ws):
    other_task = make_target(ws, "task", project=ws.other)
    assert login(client, ws.member).get(thread_url("task", other_task.pk)).status_code == 404


def test_anonymous_is_sent_to_log_in(client, ws):
    answer = client.get(thread_url("task", make_target(ws, "task").pk))
    assert answer.status_code == 302


def test_an_empty_comment_is_400_with_the_message_and_nothing_saved(client, ws):
    task = make_target(ws, "task")
    answer = login(client, ws.member).post(thread_url("task", task.pk), {"body": "   "})
    assert answer.status_code == 400
    assert "empty comment" in answer.content.decode()
    assert not Comment.objects.exists()


def test_a_mentioned_person_who_cannot_see_is_named_in_the_answer(client, ws):
    PersonFactory(username="stranger", last_name="Чужой", first_name="Иван")
    task = make_target(ws, "task")
    answer = login(client, ws.member).post(thread_url("task", task.pk), {"body": "@stranger глянь"})
    html = answer.content.decode()
    assert "Чужой Иван" in html
    assert "cannot see this and was not notified" in html


def test_the_text_is_escaped_linked_and_mentions_highlighted(client, ws):
    task = make_target(ws, "task")
    comment_add(
        actor=ws.pm,
        target=task,
        body='<script>alert(1)</script> @member see https://egov.kz/a?b=1&c=2.\nnext "line" javascript:alert(1)',
    )
    html = login(client, ws.member).get(thread_url("task", task.pk)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    member_url = reverse("person-detail", args=[ws.member.pk])
    assert re.search(rf'<a class="comment-mention[^"]*"[^>]*href="{member_url}"[^>]*>@member</a>', html)
    assert (
        '<a href="https://egov.kz/a?b=1&amp;c=2" rel="nofollow noopener noreferrer" target="_blank">' in html
    )
    assert "c=2</a>.<br>next &quot;line&quot; javascript:alert(1)" in html
    assert 'href="javascript' not in html


def test_render_body_links_only_mentioned_people(ws):
    html = render_body("@pm and @member, mail pm@gov.kz", [ws.pm])
    assert html.count('class="comment-mention') == 1
    assert "@member" in html and "pm@gov.kz" in html


def test_edit_and_delete_are_offered_to_whom_they_belong(client, ws):
    task = make_target(ws, "task")
    mine = comment_add(actor=ws.member, target=task, body="Моё")
    theirs = comment_add(actor=ws.pm, target=task, body="Чужое")
    html = login(client, ws.member).get(thread_url("task", task.pk)).content.decode()
    assert reverse("comment-edit", args=[mine.pk]) in html
    assert reverse("comment-delete", args=[mine.pk]) in html
    assert reverse("comment-edit", args=[theirs.pk]) not in html
    assert reverse("comment-delete", args=[theirs.pk]) not in html

    html = login(client, ws.gp_head).get(thread_url("task", task.pk)).content.decode()
    assert reverse("comment-delete", args=[mine.pk]) in html  # may delete in the project
    assert reverse("comment-edit", args=[mine.pk]) not in html  # but never rewrites


def test_the_author_edits_and_deletes_through_the_fragment(client, ws):
    task = make_target(ws, "task")
    comment = comment_add(actor=ws.member, target=task, body="Было")
    login(client, ws.member)

    answer = client.post(reverse("comment-edit", args=[comment.pk]), {"body": "Стало"})
    assert answer.status_code == 200
    assert "Стало" in answer.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Стало" and comment.edited_at is not None

    assert client.post(reverse("comment-edit", args=[comment.pk]), {"body": ""}).status_code == 400
    comment.refresh_from_db()
    assert comment.body == "Стало"

    answer = client.post(reverse("comment-delete", args=[comment.pk]))
    assert answer.status_code == 200
    assert not Comment.objects.exists()


def test_others_may_not_edit_or_delete(client, ws, outsider):
    comment = comment_add(actor=ws.member, target=make_target(ws, "task"), body="Моё")
    login(client, ws.sponsor)
    assert client.post(reverse("comment-edit", args=[comment.pk]), {"body": "Нет"}).status_code == 403
    assert client.post(reverse("comment-delete", args=[comment.pk])).status_code == 403
    login(client, ws.gp_head)
    assert client.post(reverse("comment-edit", args=[comment.pk]), {"body": "Нет"}).status_code == 403
    login(client, outsider)
    assert client.post(reverse("comment-edit", args=[comment.pk]), {"body": "Нет"}).status_code == 404
    assert client.post(reverse("comment-delete", args=[comment.pk])).status_code == 404
    comment.refresh_from_db()
    assert comment.body == "Моё"


@pytest.mark.parametrize("kind", ["task", "assignment"])
def test_the_thread_has_a_fixed_number_of_queries(client, ws, django_assert_num_queries, kind):
    target = make_target(ws, kind)
    reader = target.addressee_head if kind == "assignment" else ws.member
    people = [ws.pm, ws.member, ws.sponsor]
    comment_add(actor=ws.pm, target=target, body="@member один")
    login(client, reader)
    url = thread_url(kind, target.pk)
    client.get(url)  # warm the content-type cache, as a running server has it

    # session, user, grants, target, comments, their mentions
    expected = 6
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200
    for index in range(19):
        comment_add(actor=people[index % 3], target=target, body=f"№{index} @member @sponsor @pm")
    with django_assert_num_queries(expected):
        html = client.get(url).content.decode()
    assert len(re.findall(r'id="comment-\d+"', html)) == 20


def test_a_draft_assignments_thread_is_the_projects_own(client, ws):
    draft = make_target(ws, "assignment", status="draft")
    assert login(client, draft.addressee_head).get(thread_url("assignment", draft.pk)).status_code == 404
    assert login(client, ws.member).get(thread_url("assignment", draft.pk)).status_code == 200
