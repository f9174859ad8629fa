"""The board's API: the whole board in one answer, tasks (+ move, attachments) and columns; who may do what,
409 on a stale version, the WIP limit's 400, and query counts that do not grow with the cards."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from org.models import Person
from projects.choices import ColumnKind
from projects.models import BoardColumn, Task
from projects.selectors.board import board_json
from projects.services.tasks import task_create, task_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as():
    """A new client per person, signed in as a fresh copy of them (no grants kept from earlier calls)."""

    def login(user):
        client = APIClient()
        client.force_authenticate(Person.objects.get(pk=user.pk))
        return client

    return login


def column(project, kind) -> BoardColumn:
    return BoardColumn.objects.filter(project=project, kind=kind).order_by("position").first()


def make_tasks(ws, count: int, **fields) -> list[Task]:
    return [task_create(actor=ws.pm, project=ws.project, title=f"Задача {n}", **fields) for n in range(count)]


# --- the board ----------------------------------------------------------------------------------------------


def test_the_board_lists_columns_cards_people_labels_and_powers(ws, api_as):
    blocker = task_create(actor=ws.pm, project=ws.project, title="Проект приказа", labels=["НПА"])
    task = task_create(
        actor=ws.pm,
        project=ws.project,
        title="Закуп серверов",
        assignee=ws.member,
        labels=["закуп", "ИТ"],
        estimate_hours="4",
        checklist=[{"text": "ТЗ", "done": True}, {"text": "Конкурс", "done": False}],
        blocked=True,
        blocked_reason="Ждём бюджет",
        blocked_by=[blocker.pk],
        due_on="2026-12-01",
    )
    response = api_as(ws.monitor).get(f"/api/v1/projects/{ws.project.pk}/board/")
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    board = json.loads(response.content)
    assert set(board) == {"project", "columns", "cards", "people", "labels", "sprint", "may"}
    assert board["project"] == {"id": ws.project.pk, "code": ws.project.code, "name": ws.project.name}
    assert [c["kind"] for c in board["columns"]] == ["backlog", "todo", "doing", "review", "done"]
    assert set(board["columns"][0]) == {"id", "name", "kind", "position", "wip_limit"}
    assert [c["id"] for c in board["cards"]] == [blocker.pk, task.pk]
    card = board["cards"][1]
    assert card == {
        "id": task.pk,
        "number": 2,
        "title": "Закуп серверов",
        "column": column(ws.project, ColumnKind.TO_DO).pk,
        "position": task.position,
        "assignee": ws.member.pk,
        "due_on": "2026-12-01",
        "starts_on": None,
        "priority": "normal",
        "labels": ["закуп", "ИТ"],
        "blocked": True,
        "estimate_hours": "4.0",
        "checklist_done": 1,
        "checklist_total": 2,
        "blocked_by": [blocker.pk],
        "sprint": None,
        "version": 1,
    }
    # The API's card and the events' card are the same object.
    detail = api_as(ws.monitor).get(f"/api/v1/tasks/{task.pk}/").json()
    assert {key: detail[key] for key in card} == card
    assert len(json.dumps(card, ensure_ascii=False, separators=(",", ":")).encode()) <= 400
    people = {person["id"]: person for person in board["people"]}
    assert people[ws.member.pk] == {"id": ws.member.pk, "name": "Касымова А.Б.", "initials": "АК"}
    assert {ws.pm.pk, ws.monitor.pk, ws.sponsor.pk} <= set(people)
    assert ws.gp_head.pk not in people  # a role above the project is not the project's team
    assert board["labels"] == sorted(["НПА", "закуп", "ИТ"])
    assert board["sprint"] is None
    assert board["may"] == {"contribute": False, "change": False}
    assert json.loads(board_json(ws.pm, ws.project))["may"] == {"contribute": True, "change": True}
    assert json.loads(board_json(ws.member, ws.project))["may"] == {"contribute": True, "change": False}


def test_the_board_shows_the_open_sprint_of_the_week(ws, api_as):
    from django.utils import timezone

    from pmis.core.workdays import monday_of
    from scrum.models import Sprint

    sprint = Sprint.objects.create(
        project=ws.project, week_start=monday_of(timezone.localdate()), goal="Запуск"
    )
    board = api_as(ws.pm).get(f"/api/v1/projects/{ws.project.pk}/board/").json()
    assert board["sprint"] == {"id": sprint.pk, "week_start": sprint.week_start.isoformat(), "goal": "Запуск"}


@pytest.mark.parametrize("cards", [1, 50])
def test_the_board_costs_the_same_queries_for_one_card_and_fifty(
    ws, api_as, cards, django_assert_num_queries
):
    make_tasks(ws, cards, assignee=ws.member, labels=["ИТ"])
    client = api_as(ws.pm)
    with django_assert_num_queries(3):  # the reader's grants, the project, the board
        response = client.get(f"/api/v1/projects/{ws.project.pk}/board/")
    assert len(response.json()["cards"]) == cards


def test_an_outsider_gets_404_everywhere(ws, outsider, api_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = task_create(actor=ws.pm, project=ws.project, title="Задача")
    col = column(ws.project, ColumnKind.DOING)
    client = api_as(ws.pm)
    attachment = client.post(
        f"/api/v1/tasks/{task.pk}/attachments/",
        {"file": SimpleUploadedFile("a.txt", b"x")},
        format="multipart",
    ).json()
    client = api_as(outsider)
    for method, url, data in (
        ("get", f"/api/v1/projects/{ws.project.pk}/board/", None),
        ("get", f"/api/v1/tasks/{task.pk}/", None),
        ("patch", f"/api/v1/tasks/{task.pk}/", {"title": "x", "version": 1}),
        ("delete", f"/api/v1/tasks/{task.pk}/", None),
        ("post", f"/api/v1/tasks/{task.pk}/move/", {"column": col.pk, "version": 1}),
        ("post", "/api/v1/tasks/", {"project": ws.project.pk, "title": "x"}),
        ("get", f"/api/v1/tasks/{task.pk}/attachments/{attachment['id']}/", None),
        ("delete", f"/api/v1/tasks/{task.pk}/attachments/{attachment['id']}/", None),
        ("get", f"/api/v1/board-columns/{col.pk}/", None),
        ("patch", f"/api/v1/board-columns/{col.pk}/", {"wip_limit": 1}),
        ("delete", f"/api/v1/board-columns/{col.pk}/", None),
        ("post", "/api/v1/board-columns/", {"project": ws.project.pk, "name": "x"}),
        ("post", "/api/v1/board-columns/reorder/", {"project": ws.project.pk, "order": []}),
    ):
        response = getattr(client, method)(url, data, format="json") if data else getattr(client, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)
    upload = client.post(
        f"/api/v1/tasks/{task.pk}/attachments/",
        {"file": SimpleUploadedFile("b.txt", b"y")},
        format="multipart",
    )
    assert upload.status_code == 404
    assert client.get("/api/v1/tasks/").json()["count"] == 0
    assert client.get(f"/api/v1/board-columns/?project={ws.project.pk}").json()["count"] == 0
    assert Task.objects.get(pk=task.pk).version == 1 and task.attachments.count() == 1


@pytest.mark.parametrize("who", ["monitor", "sponsor"])
def test_a_viewer_reads_but_gets_403_on_every_write(ws, api_as, who, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = task_create(actor=ws.pm, project=ws.project, title="Задача")
    col = column(ws.project, ColumnKind.DOING)
    client = api_as(getattr(ws, who))
    assert client.get(f"/api/v1/tasks/{task.pk}/").status_code == 200
    for method, url, data in (
        ("patch", f"/api/v1/tasks/{task.pk}/", {"title": "x", "version": 1}),
        ("delete", f"/api/v1/tasks/{task.pk}/", None),
        ("post", f"/api/v1/tasks/{task.pk}/move/", {"column": col.pk, "version": 1}),
        ("post", "/api/v1/tasks/", {"project": ws.project.pk, "title": "x"}),
        ("patch", f"/api/v1/board-columns/{col.pk}/", {"wip_limit": 1}),
        ("delete", f"/api/v1/board-columns/{col.pk}/", None),
        ("post", "/api/v1/board-columns/", {"project": ws.project.pk, "name": "x"}),
    ):
        response = getattr(client, method)(url, data, format="json") if data else getattr(client, method)(url)
        assert response.status_code == 403, (method, url, response.status_code)
    upload = client.post(
        f"/api/v1/tasks/{task.pk}/attachments/",
        {"file": SimpleUploadedFile("b.txt", b"y")},
        format="multipart",
    )
    assert upload.status_code == 403
    assert Task.objects.count() == 1 and Task.objects.get().version == 1


# --- tasks ----------------------------------------------------------------------------------------------------


def test_a_member_creates_edits_moves_and_deletes_a_task(ws, api_as):
    client = api_as(ws.member)
    created = client.post(
        "/api/v1/tasks/",
        {"project": ws.project.pk, "title": "Согласовать ТЗ", "assignee": ws.member.pk, "labels": ["НПА"]},
        format="json",
    )
    assert created.status_code == 201, created.json()
    task = created.json()
    assert task["number"] == 1 and task["project"] == ws.project.pk and task["created_by"] == ws.member.pk
    assert task["attachments"] == [] and task["checklist"] == []

    edited = client.patch(
        f"/api/v1/tasks/{task['id']}/",
        {"version": 1, "description": "С юристами", "checklist": [{"text": "Юристы", "done": False}]},
        format="json",
    )
    assert edited.status_code == 200, edited.json()
    assert edited.json()["version"] == 2 and edited.json()["checklist_total"] == 1

    doing = column(ws.project, ColumnKind.DOING)
    moved = client.post(
        f"/api/v1/tasks/{task['id']}/move/", {"column": doing.pk, "version": 2}, format="json"
    )
    assert moved.status_code == 200, moved.json()
    assert moved.json()["column"] == doing.pk and moved.json()["version"] == 3
    assert "description" not in moved.json()  # a card

    assert client.delete(f"/api/v1/tasks/{task['id']}/").status_code == 204
    assert not Task.objects.exists()


def test_validation_errors_are_400_and_change_nothing(ws, api_as):
    client = api_as(ws.member)
    task = task_create(actor=ws.pm, project=ws.project, title="Задача")
    for data, field in (
        ({"version": 1, "blocked": True}, "blocked_reason"),
        ({"version": 1, "blocked_by": [task.pk]}, "blocked_by"),
        ({"version": 1, "labels": ["x" * 41]}, "labels"),
        ({"version": 1, "due_on": "2026-01-01", "starts_on": "2026-02-01"}, None),
    ):
        response = client.patch(f"/api/v1/tasks/{task.pk}/", data, format="json")
        assert response.status_code == 400, data
        if field:
            assert field in response.json(), response.json()
    assert (
        client.patch(f"/api/v1/tasks/{task.pk}/", {"title": "без версии"}, format="json").status_code == 400
    )
    other_column = column(ws.other, ColumnKind.TO_DO)
    response = client.post(
        f"/api/v1/tasks/{task.pk}/move/", {"column": other_column.pk, "version": 1}, format="json"
    )
    assert response.status_code == 400 and "column" in response.json()
    assert Task.objects.get().version == 1 and Task.objects.get().title == "Задача"


def test_a_stale_version_answers_409_with_the_current_task(ws, api_as):
    task = task_create(actor=ws.pm, project=ws.project, title="Задача")
    task_update(actor=ws.pm, task=task, version=1, title="Задача (правка руководителя)")
    client = api_as(ws.member)
    for response in (
        client.patch(f"/api/v1/tasks/{task.pk}/", {"version": 1, "title": "Моя правка"}, format="json"),
        client.post(
            f"/api/v1/tasks/{task.pk}/move/",
            {"column": column(ws.project, ColumnKind.DOING).pk, "version": 1},
            format="json",
        ),
    ):
        assert response.status_code == 409
        body = response.json()
        assert body["detail"]
        assert body["current"]["title"] == "Задача (правка руководителя)" and body["current"]["version"] == 2
        assert "description" in body["current"]
    current = Task.objects.get()
    assert current.title == "Задача (правка руководителя)" and current.column.kind == ColumnKind.TO_DO


def test_a_move_over_the_wip_limit_answers_400_with_its_code_unless_overridden(ws, api_as):
    review = column(ws.project, ColumnKind.REVIEW)  # limit 3
    make_tasks(ws, 3, column=review, override_reason="")
    task = task_create(actor=ws.pm, project=ws.project, title="Четвёртая")
    client = api_as(ws.member)
    response = client.post(
        f"/api/v1/tasks/{task.pk}/move/", {"column": review.pk, "version": 1}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "wip_limit"
    assert review.name in body["column"][0] and "3" in body["column"][0]
    assert Task.objects.get(pk=task.pk).column.kind == ColumnKind.TO_DO
    created = client.post(
        "/api/v1/tasks/", {"project": ws.project.pk, "title": "Пятая", "column": review.pk}, format="json"
    )
    assert created.status_code == 400 and created.json()["code"] == "wip_limit"
    response = client.post(
        f"/api/v1/tasks/{task.pk}/move/",
        {"column": review.pk, "version": 1, "override_reason": "Замминистра просил ускорить"},
        format="json",
    )
    assert response.status_code == 200
    assert "Замминистра просил ускорить" in Task.objects.get(pk=task.pk).history.first().history_change_reason


def test_the_task_list_filters_and_costs_a_fixed_number_of_queries(ws, api_as, django_assert_num_queries):
    from projects.services.tasks import task_attach

    mine = task_create(actor=ws.pm, project=ws.project, title="Моя", assignee=ws.member, labels=["ИТ"])
    task_create(actor=ws.pm, project=ws.project, title="Просрочена", due_on="2020-01-01")
    task_create(actor=ws.pm, project=ws.project, title="Блок", blocked=True, blocked_reason="Ждём")
    done = task_create(
        actor=ws.pm,
        project=ws.project,
        title="Сделана давно",
        due_on="2020-01-01",
        column=column(ws.project, "done"),
    )
    task_create(actor=None, project=ws.other, title="Чужая")
    client = api_as(ws.member)

    def titles(query: str) -> list[str]:
        return [row["title"] for row in client.get(f"/api/v1/tasks/?{query}").json()["results"]]

    assert titles(f"project={ws.project.pk}") == ["Моя", "Просрочена", "Блок", "Сделана давно"]
    assert titles("mine=true") == ["Моя"]
    assert titles(f"assignee={ws.member.pk}") == ["Моя"]
    assert titles("label=ИТ") == ["Моя"]
    assert titles("overdue=true") == ["Просрочена"]
    assert titles("blocked=true") == ["Блок"]
    assert titles(f"column={done.column_id}") == ["Сделана давно"]
    assert mine.pk in [row["id"] for row in client.get("/api/v1/tasks/").json()["results"]]

    def count_queries(extra: int) -> int:
        make_tasks(ws, extra, assignee=ws.member)
        for task in Task.objects.filter(project=ws.project)[:extra]:
            task_attach(actor=ws.pm, task=task, file=SimpleUploadedFile("a.txt", b"x"))
        return Task.objects.count()

    for extra in (1, 20):
        total = count_queries(extra)
        # grants, count, page of tasks (with blockers' ids), their attachments
        reader = api_as(ws.member)
        with django_assert_num_queries(4):
            response = reader.get("/api/v1/tasks/?page_size=100")
        assert response.json()["count"] == total - 1  # the other project's task is hidden


def test_attachments_are_uploaded_downloaded_and_removed(ws, api_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = task_create(actor=ws.pm, project=ws.project, title="Задача")
    client = api_as(ws.member)
    upload = client.post(
        f"/api/v1/tasks/{task.pk}/attachments/",
        {"file": SimpleUploadedFile("протокол.txt", "Протокол".encode())},
        format="multipart",
    )
    assert upload.status_code == 201, upload.json()
    data = upload.json()
    assert data["name"] == "протокол.txt" and data["size"] == len("Протокол".encode())
    assert data["url"] == f"/api/v1/tasks/{task.pk}/attachments/{data['id']}/"
    detail = client.get(f"/api/v1/tasks/{task.pk}/").json()
    assert detail["attachments"] == [data]
    download = api_as(ws.monitor).get(data["url"])
    assert download.status_code == 200 and b"".join(download.streaming_content) == "Протокол".encode()
    assert "attachment" in download["Content-Disposition"]
    assert api_as(ws.monitor).delete(data["url"]).status_code == 403
    assert client.delete(data["url"]).status_code == 204
    assert client.get(data["url"]).status_code == 404


def test_an_attachment_whose_file_is_gone_answers_404(ws, api_as, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = task_create(actor=ws.pm, project=ws.project, title="Задача")
    client = api_as(ws.member)
    data = client.post(
        f"/api/v1/tasks/{task.pk}/attachments/",
        {"file": SimpleUploadedFile("акт.txt", b"x")},
        format="multipart",
    ).json()
    task.attachments.get().file.delete(save=False)  # lost from the storage, the row remains
    assert client.get(data["url"]).status_code == 404


# --- columns ------------------------------------------------------------------------------------------------


def test_the_project_manager_configures_columns(ws, api_as):
    client = api_as(ws.pm)
    created = client.post(
        "/api/v1/board-columns/",
        {"project": ws.project.pk, "name": "Согласование", "kind": "review", "wip_limit": 2},
        format="json",
    )
    assert created.status_code == 201, created.json()
    col = created.json()
    assert col["position"] == 5 and col["project"] == ws.project.pk
    assert (
        client.post(
            "/api/v1/board-columns/", {"project": ws.project.pk, "name": "Согласование"}, format="json"
        ).status_code
        == 400
    )
    changed = client.patch(
        f"/api/v1/board-columns/{col['id']}/", {"wip_limit": None, "name": "Визы"}, format="json"
    )
    assert (
        changed.status_code == 200
        and changed.json()["wip_limit"] is None
        and changed.json()["name"] == "Визы"
    )
    ids = [c["id"] for c in client.get(f"/api/v1/board-columns/?project={ws.project.pk}").json()["results"]]
    reordered = client.post(
        "/api/v1/board-columns/reorder/",
        {"project": ws.project.pk, "order": [ids[-1], *ids[:-1]]},
        format="json",
    )
    assert reordered.status_code == 200 and [c["id"] for c in reordered.json()] == [ids[-1], *ids[:-1]]
    task_create(actor=ws.pm, project=ws.project, title="Задача", column=col["id"])
    refused = client.delete(f"/api/v1/board-columns/{col['id']}/")
    assert refused.status_code == 400 and "move" in json.dumps(refused.json())
    Task.objects.all().delete()
    assert client.delete(f"/api/v1/board-columns/{col['id']}/").status_code == 204
    member = api_as(ws.member)
    assert member.get(f"/api/v1/board-columns/{ids[0]}/").status_code == 200
    assert (
        member.patch(f"/api/v1/board-columns/{ids[0]}/", {"wip_limit": 1}, format="json").status_code == 403
    )
