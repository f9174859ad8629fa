"""In a browser: a team member proposes an initiative and fills in its passport step by step (Rules p.21, p.24);
the project office recommends it as a new project in a group (p.24); the program manager approves it for the
committee (p.25); the new project appears in the tree, and its page shows the passport it came from (p.26).

Set PMIS_E2E_SCREENSHOTS to a path prefix (e.g. /tmp/ini) to keep screenshots of the passport and the project.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from initiatives.models import Initiative
from projects.models import Project
from tests.e2e.conftest import login
from tests.e2e.test_board import off_loop
from tests.e2e.test_tree_navigation import screenshot
from tests.factories_gov import make_gov

pytestmark = pytest.mark.django_db(transaction=True)

NAME = "Солнечные крыши школ"


def _logout(page) -> None:
    page.context.clear_cookies()


def _fill_passport(page, gov) -> None:
    """The six steps of Rules p.21, each saved with "Save and continue"."""
    page.fill("[name=rank]", "1")
    page.fill("[name=relevance]", "Снижение затрат школ на электроэнергию")
    page.locator("#step-next").click()
    expect(page).to_have_url(re.compile(r"/passport/2/$"))
    page.fill("[name=problem]", "Школы платят за электроэнергию по коммерческому тарифу")
    page.fill("[name=proposal]", "Установить солнечные панели на крышах 40 школ")
    page.locator("#step-next").click()
    expect(page).to_have_url(re.compile(r"/passport/3/$"))
    page.fill("[name=title_1]", "Закупка панелей за счёт бюджета")
    page.fill("[name=title_2]", "Государственно-частное партнёрство")
    page.fill("[name=chosen]", "2")
    page.locator("#step-next").click()
    expect(page).to_have_url(re.compile(r"/passport/4/$"))
    page.fill("[name=problem_1]", "Нет типового проекта крепления панелей")
    page.fill("[name=solution_1]", "Разработать типовой проект")
    page.locator("#step-next").click()
    expect(page).to_have_url(re.compile(r"/passport/5/$"))
    page.fill("#id_planned_start", "2027-02-01")
    page.fill("#id_planned_end", "2028-12-31")
    page.fill("#id_estimated_cost", "450000000")
    page.fill("[name=effects_economy]", "Экономия 120 млн тенге в год")
    page.locator("#step-next").click()
    expect(page).to_have_url(re.compile(r"/passport/6/$"))
    page.select_option("#id_outcome", "project")
    page.fill("[name=justification]", "Отдельный результат со своим бюджетом и сроками")
    page.locator("#step-next").click()
    expect(page).to_have_url(re.compile(r"/initiatives/\d+/$"))


def test_an_initiative_becomes_a_project_in_its_group(page, live_url):
    gov = off_loop(make_gov)

    # A member of a project team proposes it to the ministry's program.
    login(page, "member", "pass")
    page.goto("/initiatives/")
    page.locator("#initiative-new").click()
    page.fill("#id_name_ru", NAME)
    page.select_option("#id_body", str(gov.body.pk))
    page.select_option("#id_program", str(gov.program.pk))
    page.fill("#id_summary", "Солнечные панели на крышах школ снижают расходы на электроэнергию")
    page.locator("#initiative-create-submit").click()
    expect(page).to_have_url(re.compile(r"/passport/1/$"))
    _fill_passport(page, gov)
    page.locator("#initiative-submit").click()
    initiative = Initiative.objects.get(name_ru=NAME)
    expect(page.locator("body")).to_contain_text(initiative.code)
    assert initiative.status == "submitted" and initiative.passport_version == 1
    screenshot(page, "passport")
    _logout(page)

    # The project office identifies it and recommends a new project in the renewable energy group.
    login(page, "po_admin", "pass")
    page.goto(f"/initiatives/{initiative.pk}/")
    page.locator("#initiative-recommend").click()
    page.select_option("#id_outcome", "project")
    page.select_option("#id_target", f"group:{gov.group.pk}")
    page.fill(
        "#id_identification", "Дублей нет; масштаб — отдельный проект группы «Возобновляемая энергетика»"
    )
    page.locator("#recommend-submit").click()
    expect(page).to_have_url(re.compile(rf"/initiatives/{initiative.pk}/$"))
    _logout(page)

    # The program manager approves it for the committee, by written decision.
    login(page, "manager", "pass")
    page.goto(f"/initiatives/{initiative.pk}/")
    page.locator("#initiative-decide").click()
    page.select_option("#id_decision", "approve")
    expect(page.locator("#id_target")).to_have_value(f"group:{gov.group.pk}")
    page.select_option("#id_form", "written")
    page.fill("#id_document", "УК-7/2026")
    page.locator("#decide-submit").click()
    expect(page.locator("#initiative-result")).to_be_visible()

    project = Project.objects.get(name_ru=NAME)
    assert project.group_id == gov.group.pk and project.budget == 450_000_000
    initiative.refresh_from_db()
    assert initiative.status == "approved" and initiative.result_ref == f"project:{project.pk}"

    # The new project is in the tree under its group, and its page carries the passport.
    page.goto(f"/tree/?open=project:{project.pk}")
    expect(page.locator(f"#tree-project-{project.pk}")).to_be_visible()
    expect(page.locator(f"#tree-group-{gov.group.pk}")).to_contain_text(NAME)
    page.goto(f"/projects/{project.pk}/")
    origin = page.locator("#initiative-origin")
    expect(origin).to_contain_text(initiative.code)
    expect(origin).to_contain_text("1")
    screenshot(page, "project")
