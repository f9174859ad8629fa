"""API of the weekly sprints: ``/api/v1/scrum/sprints/`` — list, detail, open, goal, plan, remove, close."""

from __future__ import annotations

import datetime as dt

import pytest

from org.models import Person
from projects.choices import SprintStatus
from scrum.models import Sprint, SprintItem
from scrum.services.sprints import sprint_add_tasks, sprint_open
from tests.scrum import make_task, mark_done, next_monday

pytestmark = pytest.mark.django_db

URL = "/api/v1/scrum/sprints/"
# grants (the client is force-authenticated: no session), count, the page of sprints (with project and closer)
LIST_QUERIES = 3


def detail(sprint) -> str:
    return f"{URL}{sprint.pk}/"


@pytest.fixture
def week():
    return next_monday()


@pytest.fixture
def sprint(ws, week):
    return sprint_open(actor=ws.pm, project=ws.project, week_start=week, goal="Пилот")


def test_list_filters_by_project_and_hides_other_peoples_sprints(ws, sprint, week, api_as, outsider):
    sprint_open(actor=None, project=ws.other, week_start=week)
    rows = api_as(ws.member).get(URL, {"project": ws.project.pk}).json()["results"]
    assert [(row["id"], row["goal"], row["status"], row["week_end"]) for row in rows] == [
        (sprint.pk, "Пилот", "open", (week + dt.timedelta(days=6)).isoformat())
    ]
    assert api_as(ws.member).get(URL).json()["count"] == 1  # the other project is not theirs
    assert api_as(outsider).get(URL).json()["count"] == 0


def test_list_query_count_does_not_grow(ws, week, api_as, django_assert_num_queries):
    def fresh_client():  # a new request's user: the grants are read again
        return api_as(Person.objects.get(pk=ws.member.pk))

    sprint_open(actor=ws.pm, project=ws.project, week_start=week)
    client = fresh_client()
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(URL, {"project": ws.project.pk}).status_code == 200
    for offset in range(1, 6):
        sprint_open(actor=ws.pm, project=ws.project, week_start=week + dt.timedelta(days=7 * offset))
    client = fresh_client()
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(URL, {"project": ws.project.pk}).json()["count"] == 6


def test_detail_has_items_and_live_burndown(ws, sprint, week, api_as):
    task = make_task(ws.project, "Закупка", hours=6)
    sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[task])
    data = api_as(ws.monitor).get(detail(sprint)).json()
    assert [
        (item["task"], item["number"], item["title"], item["planned"], item["outcome"])
        for item in data["items"]
    ] == [(task.pk, task.number, "Закупка", True, "open")]
    assert data["burndown"]["start"] == 6
    assert len(data["burndown"]["days"]) == 7


def test_outsider_gets_404_everywhere(ws, sprint, api_as, outsider):
    client = api_as(outsider)
    assert client.get(detail(sprint)).status_code == 404
    assert client.patch(detail(sprint), {"goal": "x"}, format="json").status_code == 404
    assert client.post(f"{detail(sprint)}plan/", {"tasks": []}, format="json").status_code == 404
    assert client.post(f"{detail(sprint)}close/").status_code == 404
    response = client.post(URL, {"project": ws.project.pk}, format="json")
    assert response.status_code == 400 and "project" in response.json()


def test_open_through_the_api(ws, api_as, week):
    response = api_as(ws.pm).post(
        URL, {"project": ws.project.pk, "week_start": week.isoformat(), "goal": "Цель"}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["goal"] == "Цель" and response.json()["items"] == []
    again = api_as(ws.pm).post(URL, {"project": ws.project.pk, "week_start": week.isoformat()}, format="json")
    assert again.status_code == 400
    assert "already has a sprint" in str(again.json())
    tuesday = api_as(ws.pm).post(
        URL,
        {"project": ws.project.pk, "week_start": (week + dt.timedelta(days=8)).isoformat()},
        format="json",
    )
    assert tuesday.status_code == 400 and "Monday" in str(tuesday.json())
    assert Sprint.objects.count() == 1


def test_member_may_plan_but_not_open_close_or_change_the_goal(ws, sprint, api_as, week):
    client = api_as(ws.member)
    task = make_task(ws.project, "Задача", hours=3)
    response = client.post(f"{detail(sprint)}plan/", {"tasks": [task.pk]}, format="json")
    assert response.status_code == 200
    assert [item["task"] for item in response.json()["items"]] == [task.pk]

    assert client.post(f"{detail(sprint)}close/").status_code == 403
    assert client.patch(detail(sprint), {"goal": "Моя цель"}, format="json").status_code == 403
    later = (week + dt.timedelta(days=7)).isoformat()
    assert client.post(URL, {"project": ws.project.pk, "week_start": later}, format="json").status_code == 403
    sprint.refresh_from_db()
    assert (sprint.status, sprint.goal) == (SprintStatus.OPEN, "Пилот")

    response = client.post(f"{detail(sprint)}remove/", {"task": task.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["items"][0]["outcome"] == "removed"


def test_monitor_may_read_but_not_plan(ws, sprint, api_as):
    task = make_task(ws.project)
    client = api_as(ws.monitor)
    assert client.get(detail(sprint)).status_code == 200
    assert client.post(f"{detail(sprint)}plan/", {"tasks": [task.pk]}, format="json").status_code == 403
    assert not SprintItem.objects.exists()


def test_plan_rules_answer_400_and_change_nothing(ws, sprint, api_as):
    client = api_as(ws.member)
    foreign = make_task(ws.other)
    response = client.post(f"{detail(sprint)}plan/", {"tasks": [foreign.pk]}, format="json")
    assert response.status_code == 400 and "no task with the id" in str(response.json())
    done = make_task(ws.project, kind="done")
    response = client.post(f"{detail(sprint)}plan/", {"tasks": [done.pk]}, format="json")
    assert response.status_code == 400 and "already done" in str(response.json())
    response = client.post(f"{detail(sprint)}plan/", {"tasks": []}, format="json")
    assert response.status_code == 400 and "at least one task" in str(response.json())
    response = client.post(f"{detail(sprint)}remove/", {"task": done.pk}, format="json")
    assert response.status_code == 400 and "not in this sprint" in str(response.json())
    assert not SprintItem.objects.exists()


def test_plan_with_replace_makes_the_plan_exactly_the_list(ws, sprint, api_as):
    first, second = make_task(ws.project, "Первая"), make_task(ws.project, "Вторая")
    sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[first])
    response = api_as(ws.member).post(
        f"{detail(sprint)}plan/", {"tasks": [second.pk], "replace": True}, format="json"
    )
    outcomes = {item["title"]: item["outcome"] for item in response.json()["items"]}
    assert outcomes == {"Первая": "removed", "Вторая": "open"}


def test_pm_changes_the_goal_and_closes(ws, sprint, week, api_as):
    client = api_as(ws.pm)
    done, left = make_task(ws.project, "Готово", hours=2), make_task(ws.project, "Осталось", hours=5)
    sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[done, left])
    mark_done(done, week + dt.timedelta(days=1))
    assert client.patch(detail(sprint), {"goal": "Итог"}, format="json").json()["goal"] == "Итог"
    data = client.post(f"{detail(sprint)}close/").json()
    assert data["status"] == "closed"
    assert (data["planned_count"], data["done_count"], data["carried_count"]) == (2, 1, 1)
    assert (data["planned_hours"], data["done_hours"]) == ("7.0", "2.0")
    assert [day["remaining"] for day in data["burndown"]["days"]] == [7, 5, 5, 5, 5, 5, 5]
    assert client.post(f"{detail(sprint)}close/").status_code == 400
    assert client.patch(detail(sprint), {"goal": "Поздно"}, format="json").status_code == 400
    following = Sprint.objects.get(week_start=week + dt.timedelta(days=7))
    assert [item["title"] for item in client.get(detail(following)).json()["items"]] == ["Осталось"]


def test_delete_is_not_offered(ws, sprint, api_as):
    assert api_as(ws.pm).delete(detail(sprint)).status_code == 405
