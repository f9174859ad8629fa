"""In a browser: a team member opens a risk, is refused an empty comment with the message in place, picks a
colleague from the @-suggestions with the keyboard and sends with Ctrl+Enter; the colleague's bell, open on
another page, counts the new notification without a reload, and its dropdown leads to the risk."""

from __future__ import annotations

import os

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.e2e.test_node_pages import off_loop
from tests.factories import make_workspace
from tests.projects.test_comments import make_target

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("PMIS_E2E_SCREENSHOTS", "")


def _risk():
    ws = make_workspace()
    return ws, make_target(ws, "risk", title="Срыв поставки серверов")


def test_comment_with_a_mention_rings_the_colleagues_bell(browser, live_url, page):
    ws, risk = off_loop(_risk)
    colleague = browser.new_context(base_url=live_url, locale="ru-RU").new_page()
    login(colleague, "pm", "pass")
    colleague.goto(reverse("home"))
    bell = colleague.locator("[data-notification-bell]")
    expect(bell).to_have_attribute("data-live-state", "open")
    expect(bell.locator("[data-notification-count]")).to_be_hidden()

    login(page, "member", "pass")
    page.goto(reverse("project-risk-detail", args=[ws.project.pk, risk.pk]))
    box = page.locator(f"#comment-new-risk-{risk.pk}")
    expect(box).to_be_visible()
    page.locator(".comments-thread form.card-body button[type=submit]").click()
    expect(page.locator(".comments-thread .invalid-feedback")).to_be_visible()

    box = page.locator(f"#comment-new-risk-{risk.pk}")
    box.click()
    box.type("Проверьте сроки, @Жанибек")
    option = page.get_by_role("option").first
    expect(option).to_contain_text("@pm")
    box.press("Enter")
    expect(box).to_have_value("Проверьте сроки, @pm ")
    box.type("— поставщик задерживает.")
    box.press("Control+Enter")
    thread = page.locator(".comments-thread")
    expect(thread.locator(".comment-mention")).to_have_text("@pm")
    expect(thread.locator("[data-comment-count]")).to_have_text("1")

    expect(bell.locator("[data-notification-count]")).to_have_text("1")
    bell.get_by_role("button").first.click()
    item = bell.locator(".notification-menu a.dropdown-item").first
    expect(item).to_contain_text("Срыв поставки серверов")
    if SCREENSHOTS:
        colleague.screenshot(path=f"{SCREENSHOTS}-bell.png")
    item.click()
    colleague.wait_for_url(f"**{reverse('project-risk-detail', args=[ws.project.pk, risk.pk])}")
    expect(colleague.locator(".comments-thread")).to_contain_text("поставщик задерживает")
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}-thread.png", full_page=True)
        colleague.screenshot(path=f"{SCREENSHOTS}-opened.png", full_page=True)
    colleague.context.close()
