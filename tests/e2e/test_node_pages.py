"""In a browser: a node's detail page tells its reader when someone else changes the node, and the list
page filters without a full reload.

Set PMIS_E2E_SCREENSHOTS to a path prefix (e.g. /tmp/ui2) to keep screenshots of the list, detail and form.
"""

from __future__ import annotations

import os
import threading

import pytest
from playwright.sync_api import expect

from projects.services import project_update
from tests.e2e.conftest import login
from tests.factories import PersonFactory, grant_hierarchy_editing, make_tree

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("PMIS_E2E_SCREENSHOTS", "")


def off_loop(function, *args, **kwargs):
    """Run a service in its own thread: Playwright's sync API keeps an event loop in the test thread, where the
    services' events (async_to_sync on commit) may not be sent. This is also how another session writes."""
    outcome = {}

    def run():
        try:
            outcome["result"] = function(*args, **kwargs)
        except Exception as error:  # re-raised in the test thread below
            outcome["error"] = error

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")


def change(**kwargs) -> None:
    off_loop(project_update, **kwargs)


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}-{name}.png", full_page=True)


def test_detail_page_shows_who_changed_the_node(page):
    tree = off_loop(make_tree, projects=2)
    project = tree["projects"][0]
    reader = grant_hierarchy_editing(
        PersonFactory(username="reader", last_name="Омарова", first_name="Айгерим")
    )
    colleague = PersonFactory(username="colleague", last_name="Сериков", first_name="Даурен", patronymic="")
    change(actor=colleague, project=project, budget="125000000", goal="Цифровые услуги для граждан")

    login(page, "reader", "pass")
    page.goto(project.get_absolute_url())
    banner = page.locator("#node-live")
    expect(banner).to_have_attribute("data-live-state", "open")
    screenshot(page, "detail")

    # The reader's own change is not announced to them…
    change(actor=reader, project=project, goal="Цифровые услуги для всех")
    page.wait_for_timeout(700)
    expect(banner).to_be_hidden()

    # …a colleague's is, without reloading the page.
    change(actor=colleague, project=project, status="suspended")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("Сериков Даурен")

    # A change below a group reaches the group's page, naming the changed project.
    page.goto(tree["subgroup"].get_absolute_url())
    expect(page.locator("#node-live")).to_have_attribute("data-live-state", "open")
    change(actor=colleague, project=tree["projects"][1], budget="1")
    expect(page.locator("#node-live")).to_contain_text(tree["projects"][1].code)


def test_list_filters_in_place_and_the_form_saves(page):
    tree = off_loop(make_tree, projects=3)
    grant_hierarchy_editing(PersonFactory(username="editor2"))
    login(page, "editor2", "pass")
    page.goto("/projects/")
    expect(page.locator("#node-results tbody tr")).to_have_count(3)
    screenshot(page, "list")
    page.fill("#id_q", tree["projects"][1].code)
    expect(page.locator("#node-results tbody tr")).to_have_count(1)
    assert "q=" in page.url  # the filtered list is a link

    page.goto(f"/projects/new/?group={tree['group'].pk}")
    page.fill("input[name=name_ru]", "Проект из браузера")
    page.fill("input[name=planned_start]", "2026-02-01")
    page.fill("input[name=planned_end]", "2031-02-01")
    page.click("#main form button[type=submit]")
    # The browser asks for Russian (ru-RU), so the Rules p.9 message arrives in Russian.
    expect(page.locator("#id_planned_end_errors")).to_contain_text("п. 9 Правил")
    screenshot(page, "form")
    page.fill("input[name=planned_end]", "2027-02-01")
    page.click("#main form button[type=submit]")
    expect(page.locator(".app-messages")).to_contain_text("PRJ-")
    expect(page.locator("h1")).to_contain_text("Проект из браузера")
