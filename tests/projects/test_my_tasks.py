""" "My tasks" (/tasks/mine/): the signed-in person's own tasks in the projects they may see, overdue first,
with filters and a link to the card on its board; a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.choices import ColumnKind
from projects.models import Task
from projects.services.tasks import task_create

pytestmark = pytest.mark.django_db

URL = "/tasks/mine/"


def rows(response) -> list[int]:
    return [task.pk for task in response.context["page_obj"]]


def column(project, kind):
    return project.columns.get(kind=kind)


def test_the_url_is_named_and_needs_a_login(client):
    assert reverse("my-tasks") == URL
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_lists_only_own_tasks_of_visible_projects(client, ws):
    mine = task_create(actor=ws.pm, project=ws.project, title="Моя задача", assignee=ws.member)
    task_create(actor=ws.pm, project=ws.project, title="Задача руководителя", assignee=ws.pm)
    task_create(actor=ws.pm, project=ws.project, title="Ничья задача")
    # A task of a project the member cannot see (e.g. their role there has ended) stays out of the list.
    hidden = task_create(actor=ws.gp_head, project=ws.other, title="Чужой проект", assignee=ws.gp_head)
    Task.objects.filter(pk=hidden.pk).update(assignee=ws.member)

    client.force_login(ws.member)
    response = client.get(URL)
    assert response.status_code == 200
    assert rows(response) == [mine.pk]
    text = response.text
    assert "Моя задача" in text and "Чужой проект" not in text and "Задача руководителя" not in text
    board = reverse("project-board", args=[ws.project.pk])
    assert f'href="{board}?task={mine.pk}"' in text
    assert [project.pk for project in response.context["choices"]["projects"]] == [ws.project.pk]


def test_an_outsider_sees_an_empty_list(client, ws, outsider):
    task = task_create(actor=ws.pm, project=ws.project, title="Задача", assignee=ws.member)
    Task.objects.filter(pk=task.pk).update(assignee=outsider)
    client.force_login(outsider)
    response = client.get(URL)
    assert response.status_code == 200
    assert rows(response) == []
    assert "Nothing is assigned to you." in response.text


def test_overdue_first_then_by_due_date_and_done_only_on_request(client, ws):
    today = timezone.localdate()
    later = task_create(
        actor=ws.pm,
        project=ws.project,
        title="Позже",
        assignee=ws.member,
        due_on=today + dt.timedelta(days=9),
    )
    undated = task_create(actor=ws.pm, project=ws.project, title="Без срока", assignee=ws.member)
    late = task_create(
        actor=ws.pm,
        project=ws.project,
        title="Просрочена",
        assignee=ws.member,
        due_on=today - dt.timedelta(days=3),
    )
    soon = task_create(
        actor=ws.pm,
        project=ws.project,
        title="Скоро",
        assignee=ws.member,
        due_on=today + dt.timedelta(days=1),
    )
    finished = task_create(
        actor=ws.pm,
        project=ws.project,
        title="Сделано",
        assignee=ws.member,
        due_on=today - dt.timedelta(days=10),
        column=column(ws.project, ColumnKind.DONE),
    )
    client.force_login(ws.member)

    response = client.get(URL)
    assert rows(response) == [late.pk, soon.pk, later.pk, undated.pk]
    assert 'class="is-overdue"' in response.text and 'class="is-soon"' in response.text

    # A finished task past its date is listed on request, and is not overdue.
    assert rows(client.get(URL, {"done": "1"})) == [late.pk, finished.pk, soon.pk, later.pk, undated.pk]
    assert rows(client.get(URL, {"overdue": "1"})) == [late.pk]


def test_filters_by_project_label_and_blocked(client, ws):
    labelled = task_create(
        actor=ws.pm, project=ws.project, title="С меткой", assignee=ws.member, labels=["ИТ"]
    )
    blocked = task_create(
        actor=ws.pm,
        project=ws.project,
        title="Заблокирована",
        assignee=ws.member,
        blocked=True,
        blocked_reason="Ждём ответа министерства",
    )
    client.force_login(ws.member)
    assert rows(client.get(URL, {"label": "ИТ"})) == [labelled.pk]
    assert rows(client.get(URL, {"blocked": "1"})) == [blocked.pk]
    assert set(rows(client.get(URL, {"project": ws.project.pk}))) == {labelled.pk, blocked.pk}
    assert rows(client.get(URL, {"project": ws.other.pk})) == []
    # A value that does not parse is ignored rather than failing the page.
    assert set(rows(client.get(URL, {"project": "abc"}))) == {labelled.pk, blocked.pk}
    response = client.get(URL)
    assert response.context["choices"]["labels"] == ["ИТ"]


def test_grouped_by_project(client, ws):
    task = task_create(actor=ws.pm, project=ws.project, title="Задача", assignee=ws.member)
    client.force_login(ws.member)
    response = client.get(URL, {"view": "project"})
    assert rows(response) == [task.pk]
    assert 'scope="colgroup"' in response.text and ws.project.code in response.text


# session, user, grants, count, the page of tasks, the filter's projects, the filter's labels
MY_TASKS_QUERIES = 8


@pytest.mark.parametrize("count", [1, 30])
def test_query_count_does_not_grow_with_the_tasks(client, ws, django_assert_num_queries, count):
    for number in range(count):
        task_create(
            actor=ws.pm,
            project=ws.project,
            title=f"Задача {number}",
            assignee=ws.member,
            labels=[f"метка {number % 4}"],
            due_on=timezone.localdate() + dt.timedelta(days=number - 5),
        )
    client.force_login(ws.member)
    with django_assert_num_queries(MY_TASKS_QUERIES):
        response = client.get(URL, {"view": "project"})
    assert len(rows(response)) == count
