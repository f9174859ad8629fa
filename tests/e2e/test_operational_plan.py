"""In a browser: the head of a unit submits the quarter's information on the operational plan, changing a
pre-filled status to "partially executed" with a reason (OP Rules p.12–14); the monitoring unit issues the
quarterly report and downloads it as the Appendix 2 workbook, made by a real Celery worker (p.15–16).

Set PMIS_E2E_SCREENSHOTS to a path prefix (e.g. /tmp/op) to keep screenshots of the two pages.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from operational_plans.models import Report, Submission, SubmissionRow
from tests.e2e.conftest import login
from tests.e2e.test_board import off_loop, screenshot
from tests.factories_op import make_op

pytestmark = pytest.mark.django_db(transaction=True)

QUARTER = 3
REASON = "Поставщик сорвал сроки поставки оборудования; запуск перенесён на ноябрь"


def _setup():
    from operational_plans.services.submissions import submission_open, submission_save, submission_submit

    op = make_op()
    # Unit B has already submitted its information; unit A's head does it in the browser.
    submission = submission_open(actor=op.head_b, plan=op.plan, unit=op.unit_b, quarter=QUARTER)
    rows = [
        {"activity": row.activity, "status": "executed", "actual_execution": "Выполнено", "reasons": ""}
        for row in submission.rows.select_related("activity")
    ]
    submission = submission_save(
        actor=op.head_b, submission=submission, rows=rows, version=submission.version
    )
    submission_submit(actor=op.head_b, submission=submission, version=submission.version)
    return op


def test_a_unit_submits_its_quarter_and_the_monitoring_unit_issues_the_report(
    page, browser, live_url, celery_worker
):
    op = off_loop(_setup)
    plan = op.plan

    login(page, "head_a", "pass")
    page.goto(f"/operational-plans/{plan.pk}/submissions/?quarter={QUARTER}")
    page.locator("form[action$='/submissions/open/'] button").first.click()
    expect(page).to_have_url(re.compile(r"/submissions/\d+/$"))
    status = page.locator(f"select[name='row-{op.a1.pk}-status']")
    # Pre-filled from the linked project: none of its milestones due by the quarter's end was reached.
    expect(status).to_have_value("not_executed")
    status.select_option("partial")
    page.locator(f"textarea[name='row-{op.a1.pk}-reasons']").fill(REASON)
    page.locator(f"select[name='row-{op.a2.pk}-status']").select_option("executed")
    page.locator(f"textarea[name='row-{op.a2.pk}-actual']").fill("Обучено 120 служащих")
    page.locator("#confirm-accuracy").check()
    page.locator("#submit-submission").click()
    expect(page.locator("#submit-submission")).to_have_count(0)
    screenshot(page, "submission")

    def submitted():
        submission = Submission.objects.get(plan=plan, unit=op.unit_a, quarter=QUARTER)
        row = SubmissionRow.objects.get(submission=submission, activity=op.a1)
        return submission.status, submission.submitted_by_id, row.status, row.reasons, row.suggested_status

    assert off_loop(submitted) == ("submitted", op.head_a.pk, "partial", REASON, "not_executed")

    monitoring = browser.new_context(
        base_url=live_url, locale="ru-RU", viewport={"width": 1400, "height": 900}
    )
    monitoring.set_default_timeout(15_000)
    mon = monitoring.new_page()
    login(mon, "mon", "pass")
    mon.goto(f"/operational-plans/{plan.pk}/reports/{plan.year}/{QUARTER}/")
    expect(mon.get_by_text(REASON).first).to_be_visible()
    mon.once("dialog", lambda dialog: dialog.accept())
    mon.locator("#issue-report").click()
    expect(mon.locator("#issue-report")).to_have_count(0)
    assert off_loop(lambda: Report.objects.get(plan=plan, quarter=QUARTER).status) == "issued"
    screenshot(mon, "report")

    mon.locator("button[name=format][value=xlsx]").first.click()
    expect(mon).to_have_url(re.compile(r"/exports/\d+/$"))
    download_link = mon.locator("#export-download")
    expect(download_link).to_be_visible(timeout=30_000)
    with mon.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    cells = [str(cell.value) for row in workbook.active.iter_rows() for cell in row if cell.value is not None]
    assert any("Запуск портала" in cell for cell in cells)
    assert any(REASON in cell for cell in cells)
    monitoring.close()
