"""The Gantt view of a project: the selector's tasks, dependencies, milestones and unscheduled tasks; the page,
its accessible table, permissions and pinned query counts."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from org.models import Person
from projects.models import Milestone
from projects.selectors.gantt import gantt_data
from tests.scrum import make_task

pytestmark = pytest.mark.django_db

# session, user, grants, the project, the four ancestors of the breadcrumbs, the tasks (with columns, assignees
# and blockers), the milestones
PAGE_QUERIES = 10
D = dt.date


def schedule(ws):
    """Design (1–5 Dec) blocks build (8–19 Dec), which blocks the launch (22 Dec, a due date only); a task
    without dates; a milestone reached and one ahead."""
    design = make_task(
        ws.project, "Проектирование", starts_on=D(2026, 12, 1), due_on=D(2026, 12, 5), assignee=ws.pm
    )
    build = make_task(
        ws.project,
        "Разработка <b>ядра</b>",
        kind="doing",
        starts_on=D(2026, 12, 8),
        due_on=D(2026, 12, 19),
        assignee=ws.member,
        checklist=[{"text": "API", "done": True}, {"text": "UI", "done": False}],
    )
    launch = make_task(
        ws.project, "Запуск", due_on=D(2026, 12, 22), blocked=True, blocked_reason="Ждём сервер"
    )
    idea = make_task(ws.project, "Идея без сроков")
    build.blocked_by.add(design)
    launch.blocked_by.add(build, idea)
    Milestone.objects.create(project=ws.project, title="Пилот", due_on=D(2026, 12, 20))
    Milestone.objects.create(
        project=ws.project, title="ТЗ утверждено", due_on=D(2026, 11, 30), done_on=D(2026, 11, 28)
    )
    return design, build, launch, idea


def test_selector_gives_bars_dependencies_and_milestones(ws, django_assert_num_queries):
    design, build, launch, idea = schedule(ws)
    user = Person.objects.get(pk=ws.member.pk)
    gantt_data(user, ws.project)  # the grants are read once per request; count the Gantt's own queries
    with django_assert_num_queries(2):
        gantt = gantt_data(user, ws.project)
    assert [(task.number, task.start, task.end) for task in gantt.tasks] == [
        (design.number, D(2026, 12, 1), D(2026, 12, 5)),
        (build.number, D(2026, 12, 8), D(2026, 12, 19)),
        (launch.number, D(2026, 12, 22), D(2026, 12, 22)),  # a due date alone: a one-day bar
    ]
    assert [task.title for task in gantt.unscheduled] == ["Идея без сроков"]
    data = gantt.json()
    bars = {bar["id"]: bar for bar in data["tasks"]}
    assert bars[f"task-{build.pk}"]["dependencies"] == [f"task-{design.pk}"]
    # The launch is blocked by the build and by the unscheduled idea: only the drawable arrow is kept.
    assert bars[f"task-{launch.pk}"]["dependencies"] == [f"task-{build.pk}"]
    assert bars[f"task-{launch.pk}"]["blocked"] is True
    assert bars[f"task-{build.pk}"]["progress"] == 50
    assert (bars[f"task-{build.pk}"]["column_kind"], bars[f"task-{build.pk}"]["assignee"]) == (
        "doing",
        "Касымова А.Б.",
    )
    assert [(m["title"], m["due_on"], m["done"]) for m in data["milestones"]] == [
        ("ТЗ утверждено", "2026-11-30", True),
        ("Пилот", "2026-12-20", False),
    ]


def test_selector_shows_a_done_task_complete_and_nothing_of_other_projects(ws):
    make_task(ws.project, "Готово", kind="done", due_on=D(2026, 12, 1))
    make_task(ws.other, "Чужая", due_on=D(2026, 12, 1))
    gantt = gantt_data(ws.member, ws.project)
    assert [(task.title, task.progress, task.done) for task in gantt.tasks] == [("Готово", 100, True)]


def test_page_embeds_the_data_and_the_accessible_table(client, ws):
    design, build, launch, _ = schedule(ws)
    client.force_login(ws.monitor)
    response = client.get(reverse("project-gantt", args=[ws.project.pk]))
    assert response.status_code == 200 and response.context["tab"] == "gantt"
    content = response.content.decode()
    chart = json.loads(content.split('id="gantt-data" type="application/json">')[1].split("</script>")[0])
    assert len(chart["tasks"]) == 3 and len(chart["milestones"]) == 2
    assert "Разработка &lt;b&gt;ядра&lt;/b&gt;" in content and "<b>ядра</b>" not in content
    rows = {task.pk: blockers for task, blockers in response.context["rows"]}
    assert rows[launch.pk] == [build.number, 4]  # the table names every blocker, scheduled or not
    assert "Идея без сроков" in content  # listed as not scheduled
    assert "vendor/frappe-gantt/frappe-gantt.umd.js" in content


def test_outsider_gets_404(client, ws, outsider):
    client.force_login(outsider)
    assert client.get(reverse("project-gantt", args=[ws.project.pk])).status_code == 404


def test_page_query_count_does_not_grow(client, ws, django_assert_num_queries):
    make_task(ws.project, "Одна", due_on=D(2026, 12, 1))
    client.force_login(ws.member)
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(reverse("project-gantt", args=[ws.project.pk])).status_code == 200
    schedule(ws)
    for n in range(10):
        make_task(
            ws.project, f"Задача {n}", starts_on=D(2026, 12, 1), due_on=D(2026, 12, 2 + n), assignee=ws.pm
        )
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(reverse("project-gantt", args=[ws.project.pk]))
    assert len(response.context["gantt"].tasks) == 14
