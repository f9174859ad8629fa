"""In a browser: the head of a state body's project office goes on leave; the chief manager of the project office
signs in, is told whom they act for, sees the head shown as absent with themselves acting, and does what the
head's powers allow — deleting a project, which their own role does not allow (Rules p.99, Appendix 4). When the
absence is over, the Delete button is gone again.

Set PMIS_E2E_SCREENSHOTS to a path prefix (e.g. /tmp/ui3) to keep screenshots of the pages.
"""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from projects.models import Project
from tests.e2e.conftest import login
from tests.e2e.test_node_pages import off_loop
from tests.factories import PersonFactory, assign, away, make_tree

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("PMIS_E2E_SCREENSHOTS", "")


def screenshot(page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}-{name}.png", full_page=True)


def _office_on_leave():
    tree = make_tree(projects=2)
    body = tree["program"].owner_body
    head = PersonFactory(username="head", last_name="Бекова", first_name="Алия", patronymic="Сериковна")
    chief = PersonFactory(username="chief", last_name="Нуров", first_name="Ержан", patronymic="Маратович")
    assign(head, "po_head", body)
    assign(chief, "po_chief_manager", body)
    # The projects' group has its head: otherwise the chief would act for that vacancy (Appendix 4), whose
    # powers include deleting, and the test could not tell the two apart.
    assign(PersonFactory(username="gphead", last_name="Алиев"), "gp_head", tree["group"])
    today = timezone.localdate()
    absence = away(head, today - dt.timedelta(days=2), today + dt.timedelta(days=12))
    return {"tree": tree, "body": body, "head": head, "chief": chief, "absence": absence}


def test_chief_manager_acts_for_the_head_of_the_project_office_on_leave(page):
    data = off_loop(_office_on_leave)
    tree, head, chief = data["tree"], data["head"], data["chief"]
    kept, doomed = tree["projects"]

    login(page, "chief", "pass")
    # Home: "You are acting for" the head, on the body, for as long as her leave lasts.
    card = page.get_by_test_id("home-acting")
    expect(card).to_be_visible()
    expect(card).to_contain_text(head.short_name)
    expect(card).to_contain_text(data["absence"].ends_on.strftime("%d.%m.%Y"))
    screenshot(page, "home")

    # The program's team card: the head (held on the body that owns the program) away, the chief acting.
    page.goto(tree["program"].get_absolute_url())
    holder = page.get_by_test_id("team").locator('[data-role="po_head"]').get_by_test_id("holder")
    expect(holder).to_contain_text(head.short_name)
    expect(holder.get_by_test_id("acting")).to_contain_text(chief.short_name)
    screenshot(page, "program")

    # Editing a project below: the chief's own role allows it.
    page.goto(kept.get_absolute_url() + "edit/")
    page.fill("input[name=name_ru]", "Проект, изменённый главным менеджером")
    page.locator("main form button[type=submit].btn-primary").click()
    page.wait_for_url(kept.get_absolute_url())
    expect(page.locator("h1")).to_contain_text("Проект, изменённый главным менеджером")

    # Deleting one: only the head's powers allow it, which the chief has while acting for her.
    page.goto(doomed.get_absolute_url())
    delete = page.locator(f'a[href="{doomed.get_absolute_url()}delete/"]')
    expect(delete).to_be_visible()
    delete.click()
    page.locator("form button[type=submit].btn-danger").click()
    page.wait_for_url(lambda url: "/delete/" not in url)
    assert not off_loop(lambda: Project.objects.filter(pk=doomed.pk).exists())

    # The head is back: the chief deletes her absence (he manages the team of her role) …
    page.goto(f"/org/people/{head.pk}/")
    expect(page.get_by_test_id("away-now")).to_be_visible()
    page.locator(f'a[href="/org/absences/{data["absence"].pk}/delete/"]').click()
    page.locator("form button[type=submit].btn-danger").click()
    page.wait_for_url(f"**/org/people/{head.pk}/")
    expect(page.get_by_test_id("away-now")).to_have_count(0)

    # … and no longer acts for her: no Delete on the project, no "acting" on the team card or the home page.
    page.goto(kept.get_absolute_url())
    expect(page.locator(f'a[href="{kept.get_absolute_url()}edit/"]')).to_be_visible()
    expect(page.locator(f'a[href="{kept.get_absolute_url()}delete/"]')).to_have_count(0)
    page.goto(tree["program"].get_absolute_url())
    expect(page.get_by_test_id("team").get_by_test_id("acting")).to_have_count(0)
    page.goto("/")
    expect(page.get_by_test_id("home-acting").filter(has_text=head.short_name)).to_have_count(0)
