"""In a browser: the workspace's chart pages draw what they are given, without a script error.

The Gantt chart and the burndown are drawn by npm libraries from embedded JSON; a page test sees the JSON but
not whether the library accepted it (Frappe Gantt refused a class name with a space and drew nothing).
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from projects.choices import ColumnKind
from projects.models import Milestone
from scrum.services.sprints import sprint_add_tasks, sprint_open
from tests.e2e.conftest import login
from tests.factories import make_workspace
from tests.scrum import make_task

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def workspace(live_url):
    ws = make_workspace()
    today = timezone.localdate()
    tasks = [
        make_task(
            ws.project, "Подготовить ТЗ", hours=8, starts_on=today, due_on=today + dt.timedelta(days=5)
        ),
        make_task(
            ws.project,
            "Согласовать с акиматами",
            hours=4,
            kind=ColumnKind.DOING,
            starts_on=today - dt.timedelta(days=3),
            due_on=today + dt.timedelta(days=2),
            blocked=True,
            blocked_reason="Ждём ответа",
        ),
    ]
    tasks[0].blocked_by.add(tasks[1])
    Milestone.objects.create(project=ws.project, title="Пилот", due_on=today + dt.timedelta(days=10))
    Milestone.objects.create(
        project=ws.project, title="Старт", due_on=today - dt.timedelta(days=10), done_on=today
    )
    sprint = sprint_open(actor=ws.pm, project=ws.project)
    sprint_add_tasks(actor=ws.pm, sprint=sprint, tasks=tasks)
    return ws


def test_gantt_and_burndown_are_drawn(page, workspace):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(page, "pm", "pass")
    page.goto(f"/projects/{workspace.project.pk}/gantt/")
    page.wait_for_selector(".gantt-host .bar-wrapper")
    # two tasks and two milestones, each a bar; the blocked one marked, the reached milestone green
    assert page.locator(".gantt-host .bar-wrapper").count() >= 4
    assert page.locator('.gantt-host .bar-wrapper[class*="-blocked"]').count() == 1
    assert page.locator(".gantt-host .bar-wrapper.gantt-milestone-done").count() == 1
    page.goto(f"/projects/{workspace.project.pk}/sprint/")
    page.wait_for_selector("#burndown-chart svg path", state="attached")  # ECharts draws in SVG here
    assert errors == []
