"""Pages of the weekly sprints: the current sprint, a week's sprint, history, and the open / goal / add / remove /
close forms; permissions and pinned query counts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from org.models import Person
from pmis.core.workdays import monday_of
from projects.choices import SprintStatus
from scrum.models import Sprint, SprintItem
from scrum.services.sprints import sprint_add_tasks, sprint_close, sprint_open
from tests.scrum import make_task, mark_done

pytestmark = pytest.mark.django_db

# session, user, grants, the project (with group and direction), the four ancestors of the breadcrumbs, the
# current sprint, its items (with tasks, columns, assignees), the candidate tasks, the history of sprints
SPRINT_PAGE_QUERIES = 12
# a week's page: no candidates (the sprint is closed) and no history, but the week's sprint and the current one
WEEK_PAGE_QUERIES = 11


@pytest.fixture
def this_week():
    return monday_of(timezone.localdate())


@pytest.fixture
def sprint(ws, this_week):
    return sprint_open(actor=ws.pm, project=ws.project, week_start=this_week, goal="Запустить пилот")


def login(client, user):
    client.force_login(user)
    return client


def page(ws) -> str:
    return reverse("project-sprint", args=[ws.project.pk])


def url(name, ws, sprint) -> str:
    return reverse(name, args=[ws.project.pk, sprint.pk])


def week_url(ws, sprint) -> str:
    return reverse("project-sprint-week", args=[ws.project.pk, sprint.week_start.isoformat()])


# --- reading -------------------------------------------------------------------------------------------------


def test_no_sprint_offers_the_manager_to_open_one(client, ws):
    response = login(client, ws.pm).get(page(ws))
    assert response.status_code == 200
    assert response.context["tab"] == "sprint"
    assert b"Open the sprint for this week" in response.content
    member_view = login(client, ws.member).get(page(ws))
    assert b"Open the sprint for this week" not in member_view.content


def test_current_sprint_shows_goal_tasks_by_column_figures_and_burndown(client, ws, sprint, this_week):
    todo = make_task(ws.project, "Согласовать ТЗ", hours=4, assignee=ws.member)
    doing = make_task(ws.project, "Закупка", hours=6, kind="doing")
    spare = make_task(ws.project, "Не в спринте")
    sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[todo, doing], today=this_week)
    mark_done(doing, timezone.localdate(), hour=0)
    response = login(client, ws.member).get(page(ws))
    content = response.content.decode()
    assert "Запустить пилот" in content
    groups = {key: [row.title for row in rows] for key, _, rows in response.context["groups"]}
    assert groups == {"todo": ["Согласовать ТЗ"], "done": ["Закупка"]}
    assert "Касымова А." in content  # the assignee's short name
    figures = response.context["figures"]
    assert (figures.planned, figures.done, figures.open, figures.done_hours, figures.planned_hours) == (
        2,
        1,
        1,
        6,
        10,
    )
    assert [task.title for task in response.context["candidates"]] == ["Не в спринте"]
    chart = json.loads(
        response.context["burndown"]["json"] and json.dumps(response.context["burndown"]["json"])
    )
    assert chart["unit"] == "hours" and chart["start"] == 10 and len(chart["labels"]) == 7
    # Tuesday in Kazakh is «Сс» (Django's own catalogue says «Сб», which reads as Saturday)
    from django.utils import translation

    from projects.pages.sprint import _day_label

    with translation.override("kk"):
        assert _day_label(dt.date(2026, 11, 17)) == "Сс 17"
    assert 'id="burndown-data"' in content and "vendor/echarts/echarts.min.js" in content
    assert spare.pk not in [item.task_id for item in sprint.items.all()]


def test_monitor_reads_without_forms(client, ws, sprint):
    response = login(client, ws.monitor).get(page(ws))
    assert response.status_code == 200
    assert "tasks_form" not in response.context and "goal_form" not in response.context
    assert b"Close the sprint" not in response.content


def test_outsider_gets_404_on_every_sprint_page(client, ws, sprint, outsider):
    login(client, outsider)
    assert client.get(page(ws)).status_code == 404
    assert client.get(week_url(ws, sprint)).status_code == 404
    assert client.get(url("project-sprint-close", ws, sprint)).status_code == 404
    assert client.post(url("project-sprint-close", ws, sprint)).status_code == 404
    assert client.post(url("project-sprint-add", ws, sprint), {"tasks": []}).status_code == 404
    assert client.post(reverse("project-sprint-open", args=[ws.project.pk])).status_code == 404


def test_a_sprint_of_another_project_is_not_found_under_this_one(client, ws, this_week):
    foreign = sprint_open(actor=None, project=ws.other, week_start=this_week)
    login(client, ws.gp_head)  # sees both projects
    assert client.post(reverse("project-sprint-close", args=[ws.project.pk, foreign.pk])).status_code == 404


def test_sprint_page_query_count_does_not_grow_with_tasks(
    client, ws, sprint, this_week, django_assert_num_queries
):
    first = make_task(ws.project, "Первая", hours=1, assignee=ws.member)
    sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[first], today=this_week)
    make_task(ws.project, "Кандидат")
    login(client, ws.member)
    with django_assert_num_queries(SPRINT_PAGE_QUERIES):
        assert client.get(page(ws)).status_code == 200

    more = [make_task(ws.project, f"Задача {n}", hours=n, assignee=ws.pm) for n in range(12)]
    sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=more[:8], today=this_week)
    mark_done(more[0], timezone.localdate())
    later = sprint_open(actor=ws.pm, project=ws.project, week_start=sprint.week_start + dt.timedelta(days=7))
    sprint_add_tasks(actor=ws.member, sprint=later, tasks=[more[9]])
    with django_assert_num_queries(SPRINT_PAGE_QUERIES):
        response = client.get(page(ws))
    assert len(response.context["history"]) == 1 and len(response.context["candidates"]) == 4


def test_week_page_shows_the_frozen_sprint_and_its_query_count_is_pinned(
    client, ws, django_assert_num_queries
):
    later_week = monday_of(timezone.localdate()) + dt.timedelta(days=7)
    sprint = sprint_open(actor=ws.pm, project=ws.project, week_start=later_week, goal="Будущая неделя")
    tasks = [make_task(ws.project, f"Задача {n}", hours=2, assignee=ws.member) for n in range(5)]
    sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=tasks)
    mark_done(tasks[0], later_week + dt.timedelta(days=1))
    sprint_close(actor=ws.pm, sprint=sprint)
    tasks[0].title = "Переименована"
    tasks[0].save()

    login(client, Person.objects.get(pk=ws.monitor.pk))
    with django_assert_num_queries(WEEK_PAGE_QUERIES):
        response = client.get(week_url(ws, sprint))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Closed on" in content and "Переименована" not in content and "Задача 0" in content
    figures = response.context["figures"]
    assert (figures.planned, figures.done, figures.carried) == (5, 1, 4)
    groups = {key: len(rows) for key, _, rows in response.context["groups"]}
    assert groups == {"done": 1, "carried": 4}
    assert [day["remaining"] for day in response.context["burndown"]["days"]] == [10, 8, 8, 8, 8, 8, 8]


def test_history_lists_other_weeks_with_frozen_figures(client, ws, sprint, this_week):
    later = sprint_open(actor=ws.pm, project=ws.project, week_start=this_week + dt.timedelta(days=7))
    task = make_task(ws.project, hours=3)
    sprint_add_tasks(actor=ws.member, sprint=later, tasks=[task])
    sprint_close(actor=ws.pm, sprint=later)
    response = login(client, ws.member).get(page(ws))
    history = response.context["history"]
    assert [row.pk for row, _ in history] == [
        Sprint.objects.get(week_start=this_week + dt.timedelta(days=14)).pk,
        later.pk,
    ]
    assert week_url(ws, later) in response.content.decode()


def test_week_page_of_the_current_sprint_redirects_to_the_sprint_tab(client, ws, sprint):
    response = login(client, ws.member).get(week_url(ws, sprint))
    assert response.status_code == 302 and response.url == page(ws)
    assert client.get(reverse("project-sprint-week", args=[ws.project.pk, "2026-02-30"])).status_code == 404


# --- writing -------------------------------------------------------------------------------------------------


def test_manager_opens_this_weeks_sprint(client, ws, this_week):
    response = login(client, ws.pm).post(
        reverse("project-sprint-open", args=[ws.project.pk]), {"goal": "Цель"}
    )
    assert response.status_code == 302
    sprint = Sprint.objects.get()
    assert (sprint.week_start, sprint.goal) == (this_week, "Цель")
    again = client.post(reverse("project-sprint-open", args=[ws.project.pk]), {"goal": "Ещё"})
    assert again.status_code == 400 and "already has a sprint" in again.content.decode()
    assert Sprint.objects.count() == 1


def test_member_may_not_open_change_the_goal_or_close(client, ws, sprint):
    login(client, ws.member)
    assert client.post(reverse("project-sprint-open", args=[ws.project.pk]), {"goal": "x"}).status_code == 403
    assert client.post(url("project-sprint-goal", ws, sprint), {"goal": "x"}).status_code == 403
    assert client.get(url("project-sprint-close", ws, sprint)).status_code == 403
    assert client.post(url("project-sprint-close", ws, sprint)).status_code == 403
    sprint.refresh_from_db()
    assert (sprint.status, sprint.goal) == (SprintStatus.OPEN, "Запустить пилот")


def test_member_adds_and_removes_tasks(client, ws, sprint):
    task = make_task(ws.project, "Новая", hours=2)
    login(client, ws.member)
    response = client.post(url("project-sprint-add", ws, sprint), {"tasks": [task.pk]})
    assert response.status_code == 302 and response.url == page(ws)
    task.refresh_from_db()
    assert task.sprint == sprint
    response = client.post(url("project-sprint-remove", ws, sprint), {"task": task.pk})
    assert response.status_code == 302
    assert SprintItem.objects.get(task=task).outcome == SprintItem.Outcome.REMOVED


def test_refused_writes_rerender_with_the_message(client, ws, sprint):
    login(client, ws.member)
    response = client.post(url("project-sprint-add", ws, sprint), {})
    assert response.status_code == 400 and "Choose at least one task." in response.content.decode()
    foreign = make_task(ws.other)
    response = client.post(url("project-sprint-add", ws, sprint), {"tasks": [foreign.pk]})
    assert response.status_code == 400
    stray = make_task(ws.project)
    response = client.post(url("project-sprint-remove", ws, sprint), {"task": stray.pk})
    assert response.status_code == 400 and "is not in this sprint" in response.content.decode()
    assert not SprintItem.objects.exists()


def test_monitor_may_not_plan(client, ws, sprint):
    task = make_task(ws.project)
    response = login(client, ws.monitor).post(url("project-sprint-add", ws, sprint), {"tasks": [task.pk]})
    assert response.status_code == 403
    assert not SprintItem.objects.exists()


def test_manager_changes_the_goal(client, ws, sprint):
    response = login(client, ws.pm).post(url("project-sprint-goal", ws, sprint), {"goal": "Новая цель"})
    assert response.status_code == 302
    sprint.refresh_from_db()
    assert sprint.goal == "Новая цель"


def test_close_confirmation_shows_what_carries_over_then_closes(client, ws, sprint, this_week):
    done, left = make_task(ws.project, "Готово", hours=1), make_task(ws.project, "Переходит", hours=5)
    sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[done, left], today=this_week)
    mark_done(done, this_week)
    login(client, ws.pm)
    confirm = client.get(url("project-sprint-close", ws, sprint))
    assert confirm.status_code == 200
    assert [row.title for row in confirm.context["carry_over"]] == ["Переходит"]
    assert "Переходит" in confirm.content.decode() and "Готово" not in confirm.content.decode()

    response = client.post(url("project-sprint-close", ws, sprint))
    assert response.status_code == 302
    sprint.refresh_from_db()
    assert (sprint.status, sprint.done_count, sprint.carried_count) == (SprintStatus.CLOSED, 1, 1)
    left.refresh_from_db()
    assert left.sprint.week_start == this_week + dt.timedelta(days=7)
    # Closed: the confirmation now leads back to the sprint, and a second close is refused with a message.
    assert client.get(url("project-sprint-close", ws, sprint)).status_code == 302
    again = client.post(url("project-sprint-close", ws, sprint))
    assert again.status_code == 400 and "is closed" in again.content.decode()
