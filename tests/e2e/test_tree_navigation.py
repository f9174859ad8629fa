"""In a browser: sign in, switch to Kazakh, walk the tree down to a project and open it.

Set PMIS_E2E_SCREENSHOTS to a path prefix (e.g. /tmp/ui1) to keep screenshots of the home page and the tree.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from playwright.sync_api import expect

from org.models import Person
from programs.services import standard_direction_create
from tests.e2e.conftest import login
from tests.factories import (
    PersonFactory,
    StateBodyFactory,
    grant_everything_read_only,
    make_portfolio,
    make_project,
    make_tree,
)

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("PMIS_E2E_SCREENSHOTS", "")


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}-{name}.png", full_page=True)


def toggle(page, node):
    return page.locator(f"#tree-{node.KIND}-{node.pk} > .tree-row .tree-toggle")


def expand(page, node, child):
    button = toggle(page, node)
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"#tree-{child.KIND}-{child.pk}")).to_be_visible()


def test_walk_the_tree_in_kazakh(page, live_url):
    tree = make_tree(projects=3)
    today = dt.date.today()
    make_project(group=tree["group"], name="Цифровой регион", end=today + dt.timedelta(days=25))
    make_project(group=tree["group"], name="Проект с просрочкой", end=today - dt.timedelta(days=4))
    make_portfolio(name="Качественное образование")
    standard_direction_create(actor=None, body=StateBodyFactory(short_name="МЦРИАП"))
    grant_everything_read_only(
        PersonFactory(username="aigerim", first_name="Айгерим", last_name="Омарова", language="ru")
    )

    login(page, "aigerim", "pass")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    screenshot(page, "home")

    page.locator(".app-navbar .app-language-button").click()
    page.locator(".app-navbar button[name=language][value=kk]").click()
    expect(page.locator("html[lang=kk]")).to_have_count(1)
    assert page.url == f"{live_url}/"  # the switch keeps the page
    assert Person.objects.get(username="aigerim").language == "kk"

    page.locator(".app-navbar a.nav-link[href='/tree/']").click()
    page.wait_for_url(re.compile(r"/tree/$"))
    expect(page.locator("html")).to_have_attribute("lang", "kk")

    expand(page, tree["portfolio"], tree["program"])
    expand(page, tree["program"], tree["direction"])
    expand(page, tree["direction"], tree["group"])
    expand(page, tree["group"], tree["subgroup"])
    project = tree["projects"][1]
    expand(page, tree["subgroup"], project)
    screenshot(page, "tree")

    # The keyboard moves too: ← on the project goes to its group's row, which then closes with ←.
    page.locator(f"#tree-project-{project.pk} .tree-name").focus()
    page.keyboard.press("ArrowLeft")
    expect(page.locator(f"#tree-group-{tree['subgroup'].pk} > .tree-row .tree-name")).to_be_focused()
    page.keyboard.press("ArrowLeft")
    expect(toggle(page, tree["subgroup"])).to_have_attribute("aria-expanded", "false")
    page.keyboard.press("ArrowRight")
    expect(page.locator(f"#tree-project-{project.pk}")).to_be_visible()

    page.locator(f"#tree-project-{project.pk} .tree-name").click()
    page.wait_for_url(re.compile(rf"/projects/{project.pk}/$"))
    expect(page.get_by_text(project.code).first).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    screenshot(page, "project")
