"""The kanban board page (Rules p.2(57)): who sees it, what it embeds for board.js, read-only for viewers, and a
query count that does not grow with the cards."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import NoReverseMatch, reverse

from projects.services.tasks import task_create

pytestmark = pytest.mark.django_db


def board_url(project) -> str:
    return reverse("project-board", args=[project.pk])


def embedded_board(response) -> dict:
    match = re.search(r'<script type="application/json" id="board-data">(.*?)</script>', response.text, re.S)
    assert match, "the page embeds the board's JSON"
    return json.loads(match.group(1))


def embedded_texts(response) -> dict:
    match = re.search(r'<script id="board-texts" type="application/json">(.*?)</script>', response.text, re.S)
    assert match, "the page embeds the translated texts of board.js"
    return json.loads(match.group(1))


def test_anonymous_is_sent_to_log_in(client, ws):
    response = client.get(board_url(ws.project))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_outsider_gets_404(client, ws, outsider):
    client.force_login(outsider)
    assert client.get(board_url(ws.project)).status_code == 404


def test_member_of_another_project_gets_404(client, ws):
    client.force_login(ws.member)
    assert client.get(board_url(ws.other)).status_code == 404


def test_member_gets_the_board_with_its_cards_and_may_contribute(client, ws):
    task = task_create(
        actor=ws.pm, project=ws.project, title="Согласовать ТЗ", assignee=ws.member, labels=["ИТ"]
    )
    client.force_login(ws.member)
    response = client.get(board_url(ws.project))
    assert response.status_code == 200
    assert response.context["tab"] == "board"
    board = embedded_board(response)
    assert board["project"]["id"] == ws.project.pk
    assert [column["kind"] for column in board["columns"]] == ["backlog", "todo", "doing", "review", "done"]
    (card,) = board["cards"]
    assert card["id"] == task.pk and card["title"] == "Согласовать ТЗ" and card["assignee"] == ws.member.pk
    assert ws.member.pk in {person["id"] for person in board["people"]}
    assert board["labels"] == ["ИТ"]
    assert board["may"]["contribute"] is True
    assert 'data-contribute="1"' in response.text
    assert f'data-ws-path="/ws/projects/{ws.project.pk}/board/"' in response.text
    assert "data-task-save" in response.text  # the dialog can be saved
    assert "vendor/sortablejs/Sortable.min.js" in response.text and "js/board.js" in response.text
    texts = embedded_texts(response)
    assert texts["priorities"]["critical"] and "{number}" in texts["moved"]


def test_a_title_cannot_break_out_of_the_embedded_json(client, ws):
    title = "</script><script>alert(1)</script> & <!--"
    task_create(actor=ws.pm, project=ws.project, title=title)
    client.force_login(ws.pm)
    response = client.get(board_url(ws.project))
    assert "<script>alert(1)" not in response.text
    assert embedded_board(response)["cards"][0]["title"] == title


def test_monitor_sees_the_board_read_only(client, ws):
    task_create(actor=ws.pm, project=ws.project, title="Подготовить отчёт")
    client.force_login(ws.monitor)
    response = client.get(board_url(ws.project))
    assert response.status_code == 200
    board = embedded_board(response)
    assert board["may"] == {"contribute": False, "change": False}
    assert len(board["cards"]) == 1
    assert 'data-contribute="0"' in response.text
    # No save, delete, upload or checklist editing in the dialog; the note says why.
    for marker in ("data-task-save", "data-task-delete", "data-attachment-upload", "data-checklist-new"):
        assert marker not in response.text
    assert "only the project team moves and edits its tasks" in response.text


def test_excel_export_is_offered_when_installed(client, ws):
    client.force_login(ws.member)
    text = client.get(board_url(ws.project)).text
    try:
        xlsx = reverse("project-tasks-xlsx", args=[ws.project.pk])
    except NoReverseMatch:
        assert "Export to Excel" not in text
    else:
        assert f'href="{xlsx}"' in text


def test_the_comment_thread_url_pattern_is_given_to_the_script(client, ws):
    client.force_login(ws.member)
    text = client.get(board_url(ws.project)).text
    try:
        pattern = reverse("comments-thread", args=["task", 0])
    except NoReverseMatch:
        assert 'data-comments-url=""' in text
    else:
        assert f'data-comments-url="{pattern}"' in text


# session, user, the reader's grants, the project, the board (one statement), the four ancestors of the
# workspace header's breadcrumbs (portfolio, program, direction, group).
BOARD_PAGE_QUERIES = 9


@pytest.mark.parametrize("cards", [1, 50])
def test_query_count_does_not_grow_with_the_cards(client, ws, django_assert_num_queries, cards):
    for number in range(cards):
        task_create(
            actor=ws.pm,
            project=ws.project,
            title=f"Задача {number}",
            assignee=ws.member if number % 2 else None,
            labels=[f"метка {number % 3}"],
            checklist=[{"text": "пункт", "done": bool(number % 2)}],
        )
    client.force_login(ws.member)
    with django_assert_num_queries(BOARD_PAGE_QUERIES):
        response = client.get(board_url(ws.project))
    assert len(embedded_board(response)["cards"]) == cards
