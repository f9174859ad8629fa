"""The background exports of the official forms: the pages and API that queue them, and the makers run by a real
Celery worker (issue 7 item 4)."""

from __future__ import annotations

import time
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from pmis.core.choices import ExportStatus
from pmis.core.models import ExportJob


def export_url(op, **kwargs):
    return reverse("op-export-plan", args=[op.plan.pk])


def report_export_url(op, year=2026, quarter=1):
    return reverse("op-export-report", args=[op.plan.pk, year, quarter])


# --- the pages ---------------------------------------------------------------------------------------------------


def test_the_plan_export_page_queues_the_job_and_goes_to_its_progress(op, client, django_assert_num_queries):
    client.force_login(op.staff_a)
    client.get("/")  # the session and the person are read once before the pinned request
    with django_assert_num_queries(10):
        response = client.post(export_url(op), {"format": "xlsx", "language": "kk"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/exports/{job.pk}/"
    assert (job.owner, job.kind, job.params, job.language) == (
        op.staff_a,
        "op.plan.xlsx",
        {"plan": op.plan.pk},
        "kk",
    )
    assert job.status == ExportStatus.QUEUED


def test_the_export_pages_refuse_outsiders_and_wrong_requests(op, client):
    client.force_login(op.outsider)
    assert client.post(export_url(op), {"format": "xlsx", "language": "ru"}).status_code == 404
    assert client.post(report_export_url(op), {"format": "xlsx", "language": "ru"}).status_code == 404
    client.force_login(op.dev)
    assert client.get(export_url(op)).status_code == 405
    assert client.post(export_url(op), {"format": "docx", "language": "ru"}).status_code == 400
    assert client.post(export_url(op), {"format": "pdf", "language": "en"}).status_code == 400
    assert (
        client.post(report_export_url(op, year=2025), {"format": "xlsx", "language": "ru"}).status_code == 404
    )
    assert (
        client.post(report_export_url(op, quarter=5), {"format": "xlsx", "language": "ru"}).status_code == 404
    )
    client.force_login(op.staff_a)  # sees the plan (its own activities), not the reports
    assert client.post(report_export_url(op), {"format": "xlsx", "language": "ru"}).status_code == 403
    assert not ExportJob.objects.exists()
    client.logout()
    assert client.post(export_url(op), {"format": "xlsx", "language": "ru"}).status_code == 302
    assert not ExportJob.objects.exists()


def test_the_monitoring_unit_queues_the_report(op, client):
    client.force_login(op.mon)
    response = client.post(report_export_url(op, quarter=2), {"format": "pdf", "language": "ru"})
    job = ExportJob.objects.get()
    assert response["Location"] == f"/exports/{job.pk}/"
    assert (job.kind, job.params) == ("op.report.pdf", {"plan": op.plan.pk, "quarter": 2})


# --- the API -----------------------------------------------------------------------------------------------------


def api_url(op):
    return f"/api/v1/operational-plans/{op.plan.pk}/exports/"


def test_the_api_queues_a_form(op, api_as):
    response = api_as(op.approver).post(
        api_url(op), {"form": "report", "quarter": 3, "format": "xlsx", "language": "kk"}, format="json"
    )
    assert response.status_code == 202, response.content
    job = ExportJob.objects.get()
    assert response.json() == {"id": job.pk, "status": "queued", "url": f"/api/v1/exports/{job.pk}/"}
    assert (job.kind, job.params, job.language) == (
        "op.report.xlsx",
        {"plan": op.plan.pk, "quarter": 3},
        "kk",
    )


def test_the_api_refuses(op, api_as):
    body = {"form": "plan", "format": "xlsx", "language": "ru"}
    assert api_as(op.outsider).post(api_url(op), body, format="json").status_code == 404
    report = {"form": "report", "quarter": 1, "format": "xlsx", "language": "ru"}
    assert api_as(op.staff_b).post(api_url(op), report, format="json").status_code == 403
    client = api_as(op.dev)
    missing_quarter = client.post(api_url(op), {**report, "quarter": None}, format="json")
    assert missing_quarter.status_code == 400
    assert client.post(api_url(op), {**body, "format": "docx"}, format="json").status_code == 400
    assert client.post(api_url(op), {**body, "language": "en"}, format="json").status_code == 400
    assert not ExportJob.objects.exists()


# --- the makers, through a real worker ---------------------------------------------------------------------------


def wait(job: ExportJob, timeout: float = 90) -> ExportJob:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if job.status in (ExportStatus.DONE, ExportStatus.FAILED):
            return job
        time.sleep(0.3)
    raise AssertionError(f"the export is still {job.status}")


@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_the_plan_files_and_denies_an_outsider(op, celery_worker):
    from pmis.core.exporting import export_start

    xlsx = wait(
        export_start(owner=op.dev, kind="op.plan.xlsx", params={"plan": op.plan.pk}, title="x", language="kk")
    )
    assert xlsx.status == ExportStatus.DONE, xlsx.error
    assert xlsx.filename == "operational-plan-mdai-2026-kk.xlsx"
    sheet = load_workbook(BytesIO(xlsx.file.read())).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell]
    assert "Порталды іске қосу" in values and "Цифрлық қызметтер департаменті" in values
    assert op.dev_head.full_name in values

    # A unit's person gets their own activities only.
    own = wait(
        export_start(
            owner=op.staff_b, kind="op.plan.xlsx", params={"plan": op.plan.pk}, title="x", language="ru"
        )
    )
    sheet = load_workbook(BytesIO(own.file.read())).active
    names = {row[1] for row in sheet.iter_rows(min_row=6, values_only=True) if isinstance(row[0], int)}
    assert names == {"Интеграция реестров", "Методическая работа"}

    pdf = wait(
        export_start(
            owner=op.reader, kind="op.plan.pdf", params={"plan": op.plan.pk}, title="x", language="ru"
        )
    )
    assert pdf.status == ExportStatus.DONE and pdf.filename == "operational-plan-mdai-2026-ru.pdf"
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf.file.read())).pages)
    assert "Министерство цифрового развития" in " ".join(text.split())

    denied = wait(
        export_start(
            owner=op.outsider, kind="op.plan.xlsx", params={"plan": op.plan.pk}, title="x", language="ru"
        )
    )
    assert denied.status == ExportStatus.FAILED and not denied.file and denied.error
    report = wait(
        export_start(
            owner=op.staff_a,
            kind="op.report.xlsx",
            params={"plan": op.plan.pk, "quarter": 1},
            title="x",
            language="ru",
        )
    )
    assert report.status == ExportStatus.FAILED and not report.file

    # The monitoring unit's report of the quarter, consolidated by the reports' selector (nothing submitted yet).
    report = wait(
        export_start(
            owner=op.mon,
            kind="op.report.xlsx",
            params={"plan": op.plan.pk, "quarter": 2},
            title="x",
            language="ru",
        )
    )
    assert report.status == ExportStatus.DONE, report.error
    assert report.filename == "operational-plan-report-mdai-2026-q2-ru.xlsx"
    sheet = load_workbook(BytesIO(report.file.read())).active
    assert sheet["A6"].value == 1 and sheet["H6"].value == 8
    names = [row[1] for row in sheet.iter_rows(min_row=7, values_only=True) if isinstance(row[0], int)]
    assert names == ["Обучение служащих", "Запуск портала", "Интеграция реестров", "Методическая работа"]
    assert op.mon_head.full_name in [cell for row in sheet.iter_rows(values_only=True) for cell in row]


def test_the_plan_maker_reads_a_fixed_number_of_queries(op, django_assert_num_queries):
    """However many activities, the plan's workbook costs the same queries (the form runs none of its own)."""
    from operational_plans.exports import plan_xlsx
    from operational_plans.models import Activity

    def make(owner):
        job = ExportJob(owner=owner, kind="op.plan.xlsx", params={"plan": op.plan.pk}, language="ru")
        return plan_xlsx(job, lambda fraction: None)

    make(op.mon)  # the person's powers are kept for the request, as a task's first read would
    with django_assert_num_queries(3):
        content, _name = make(op.mon)
    Activity.objects.bulk_create(
        Activity(
            plan=op.plan,
            heading=op.target_heading,
            position=10 + n,
            name_ru=f"Мероприятие {n}",
            unit=op.unit_b,
            deadline=op.a1.deadline,
        )
        for n in range(40)
    )
    with django_assert_num_queries(3):
        more, _name = make(op.mon)
    sheet = load_workbook(BytesIO(more)).active
    assert sum(1 for row in sheet.iter_rows(min_row=6, values_only=True) if isinstance(row[0], int)) == 44
