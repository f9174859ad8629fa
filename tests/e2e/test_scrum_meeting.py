"""In a browser: the head of the project office opens this week's meeting, starts it and records a decision with
an owner; the owner sees it on their work list; the protocol downloads and names the decision (Rules p.45–46).

Set PMIS_E2E_SCREENSHOTS to a path prefix (e.g. /tmp/scrum) to keep screenshots of the meeting and the work list.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from scrum.choices import MeetingStatus
from scrum.models import Decision
from tests.e2e.conftest import login
from tests.e2e.test_board import off_loop, screenshot
from tests.factories_scrum import make_meeting, make_scrum
from tests.scrum import make_task

pytestmark = pytest.mark.django_db(transaction=True)

DECISION = "Согласовать техническую спецификацию портала до пятницы"


def _setup():
    sc = make_scrum()
    today = timezone.localdate()
    meeting = make_meeting(sc.schedules["office"], today, status=MeetingStatus.DRAFT)
    make_task(sc.project, "Просроченная задача", due_on=today - dt.timedelta(days=3))
    return sc, meeting


def test_the_project_office_runs_its_weekly_meeting(page, browser, live_url):
    sc, meeting = off_loop(_setup)
    login(page, "po_head", "pass")

    page.goto(f"/scrum/schedules/{sc.schedules['office'].pk}/current/")
    expect(page).to_have_url(f"{live_url}/scrum/meetings/{meeting.pk}/")
    page.locator("#meeting-open").click()
    expect(page.get_by_text("Просроченная задача").first).to_be_visible()  # the agenda built itself
    page.locator("#meeting-start").click()
    form = page.locator("#outcome-form")
    expect(form).to_be_visible()
    form.locator("[name=kind]").select_option("decision")
    form.locator("[name=text]").fill(DECISION)
    form.locator("[name=owner]").select_option(str(sc.pm.pk))
    form.locator("[name=due_on]").fill((timezone.localdate() + dt.timedelta(days=4)).isoformat())
    page.locator("#outcome-submit").click()
    expect(page.locator("#outcomes")).to_contain_text(DECISION)
    screenshot(page, "meeting")
    assert off_loop(lambda: Decision.objects.get(meeting=meeting).owner_id) == sc.pm.pk

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#meeting-close").click()
    expect(page.locator("#protocol-pdf")).to_be_visible()
    with page.expect_download() as download_info:
        page.locator("#protocol-pdf").click()
    text = "".join(p.extract_text() for p in PdfReader(download_info.value.path()).pages)
    assert "Согласовать техническую спецификацию" in text

    owner = browser.new_context(base_url=live_url, locale="ru-RU", viewport={"width": 1400, "height": 900})
    owner.set_default_timeout(10_000)
    owner_page = owner.new_page()
    login(owner_page, "pm", "pass")
    owner_page.goto("/tasks/mine/")
    expect(owner_page.locator("#my-decisions")).to_contain_text(DECISION)
    screenshot(owner_page, "work-list")
    owner.close()
