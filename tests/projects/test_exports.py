"""XLSX exports of a project's tasks and risk register: headers, rows, real dates, access, query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from projects.models import BoardColumn, Task
from projects.services.risks import risk_create

pytestmark = pytest.mark.django_db

# session, user, grants, the project, the rows (everything the sheet names joined).
EXPORT_QUERIES = 5


def login(client, user):
    client.force_login(user)
    return client


def make_tasks(ws, count):
    column = BoardColumn.objects.filter(project=ws.project).order_by("position").first()
    return [
        Task.objects.create(
            project=ws.project,
            number=index + 1,
            column=column,
            position=index,
            title=f"Задача {index + 1}",
            assignee=ws.member,
            starts_on=dt.date(2026, 3, 2),
            due_on=dt.date(2026, 3, 20),
            labels=["ИТ", "срочно"],
            blocked=index == 0,
            blocked_reason="Ждём доступ" if index == 0 else "",
            estimate_hours=Decimal("6.5"),
        )
        for index in range(count)
    ]


def open_sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    return load_workbook(BytesIO(response.content)).active


def test_tasks_export_has_title_headers_and_rows(client, ws):
    make_tasks(ws, 2)
    sheet = open_sheet(login(client, ws.monitor).get(reverse("project-tasks-xlsx", args=[ws.project.pk])))
    assert ws.project.code in sheet["A1"].value
    headers = [cell.value for cell in sheet[2]]
    assert headers[:4] == ["No.", "Task", "Column", "Assignee"]
    assert "Sprint week" in headers and "Why blocked" in headers
    assert sheet["A2"].font.bold and sheet.freeze_panes == "A3"
    assert sheet.auto_filter.ref.startswith("A2:")
    first = [cell.value for cell in sheet[3]]
    assert first[0] == 1 and first[1] == "Задача 1" and first[3] == ws.member.full_name
    assert first[4] == dt.datetime(2026, 3, 2) and sheet.cell(row=3, column=5).is_date  # a real Excel date
    assert first[7] == "ИТ, срочно" and first[8] == "yes" and first[9] == "Ждём доступ" and first[10] == 6.5
    assert sheet.max_row == 4


def test_headers_in_the_readers_language(client, ws):
    page = login(client, ws.member)
    url = reverse("project-risks-xlsx", args=[ws.project.pk])
    assert open_sheet(page.get(url, headers={"accept-language": "ru"}))["G2"].value == "Статус"
    assert open_sheet(page.get(url, headers={"accept-language": "en"}))["G2"].value == "Status"


def test_risks_export(client, ws):
    today = timezone.localdate()
    risk_create(actor=ws.member, project=ws.project, title="Низкий", probability=1, impact=1)
    risk_create(
        actor=ws.member,
        project=ws.project,
        title="Высокий",
        probability=5,
        impact=4,
        owner=ws.pm,
        review_on=today,
    )
    sheet = open_sheet(login(client, ws.monitor).get(reverse("project-risks-xlsx", args=[ws.project.pk])))
    headers = [cell.value for cell in sheet[2]]
    assert headers[:6] == ["No.", "Risk", "Kind", "Probability", "Impact", "Score"]
    top = [cell.value for cell in sheet[3]]
    assert top[1] == "Высокий" and top[5] == 20 and top[7] == ws.pm.full_name  # by score
    assert top[10] == dt.datetime.combine(today, dt.time()) and sheet.cell(row=3, column=11).is_date
    assert sheet.cell(row=3, column=6).fill.fgColor.rgb.endswith("F8B4B4")  # red as on the page
    assert sheet.max_row == 4


@pytest.mark.parametrize("name", ["project-tasks-xlsx", "project-risks-xlsx"])
def test_exports_hidden_from_outsiders(client, ws, outsider, name):
    assert login(client, outsider).get(reverse(name, args=[ws.project.pk])).status_code == 404


@pytest.mark.parametrize("rows", [1, 20])
def test_exports_query_count_does_not_grow(client, ws, django_assert_num_queries, rows):
    make_tasks(ws, rows)
    for index in range(rows):
        risk_create(
            actor=ws.member, project=ws.project, title=f"Риск {index}", probability=2, impact=3, owner=ws.pm
        )
    page = login(client, ws.member)
    for name in ("project-tasks-xlsx", "project-risks-xlsx"):
        with django_assert_num_queries(EXPORT_QUERIES):
            assert page.get(reverse(name, args=[ws.project.pk])).status_code == 200
