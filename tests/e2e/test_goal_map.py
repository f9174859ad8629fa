"""In a browser: the Office opens a portfolio's goal map, expands a node of the tree, filters by colour, switches
to the Appendix 2 form and downloads the form as XLSX, which opens with openpyxl to the expected rows.

Set PMIS_E2E_SCREENSHOTS to a path prefix (e.g. /tmp/goal-map) to keep screenshots of the tree and the form.
"""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.e2e.conftest import login
from tests.e2e.test_board import off_loop, screenshot
from tests.factories_kpi import make_goal_map

pytestmark = pytest.mark.django_db(transaction=True)


def test_tree_form_and_xlsx(page, live_url):
    gm = off_loop(make_goal_map)
    login(page, "kpi_office", "pass")
    page.goto(f"/kpi/goal-maps/{gm.portfolio.pk}/?year=2025")

    # The tree opens down to the basic direction; the groups are closed until expanded.
    expect(page.get_by_test_id("indicator-KNI-1")).to_be_visible()
    expect(page.get_by_test_id("indicator-D-1")).to_be_visible()
    expect(page.get_by_test_id("indicator-G-1")).to_be_hidden()
    page.get_by_test_id(f"node-group:{gm.tree['group'].pk}").locator("summary").first.click()
    page.get_by_test_id(f"node-group:{gm.tree['subgroup'].pk}").locator("summary").first.click()
    expect(page.get_by_test_id("indicator-G-1")).to_be_visible()
    screenshot(page, "tree")
    # By keyboard: the summary of the subgroup closes with Enter
    page.get_by_test_id(f"node-group:{gm.tree['subgroup'].pk}").locator("summary").first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("indicator-G-1")).to_be_hidden()

    # Only the amber ones: KNI-1 (0.9) and B-1 (0.8) stay, the branches of the matches open
    for colour in ("green", "red", "grey"):
        page.locator(f"#colour-{colour}").uncheck()
    expect(page.get_by_test_id("indicator-KNI-1")).to_be_visible()
    expect(page.get_by_test_id("indicator-B-1")).to_be_visible()
    expect(page.get_by_test_id("indicator-A-1")).to_be_hidden()
    expect(page.get_by_test_id("indicator-D-1")).to_be_hidden()
    page.locator("#goal-search").fill("b-1")
    expect(page.get_by_test_id("indicator-KNI-1")).to_be_hidden()
    expect(page.get_by_test_id("indicator-B-1")).to_be_visible()

    page.get_by_test_id("tab-form").click()
    table = page.get_by_test_id("appendix2")
    expect(table).to_be_visible()
    expect(table.locator("tbody tr")).to_have_count(6)
    screenshot(page, "form")
    expect(table.locator("tbody tr").first.locator("td").first).to_have_text("Доля цифровых госуслуг, %")

    with page.expect_download() as info:
        page.get_by_test_id("appendix2-xlsx").click()
    download = info.value
    assert download.suggested_filename == f"{gm.portfolio.code}-goal-map-2025.xlsx"
    with open(download.path(), "rb") as handle:  # the saved download has no .xlsx suffix
        sheet = load_workbook(BytesIO(handle.read())).active
    assert sheet.max_row == 11
    assert sheet["A6"].value == "Доля цифровых госуслуг, %"
    assert sheet["B6"].value == gm.tree["program"].name
    assert sheet["D7"].value == f"1. {gm.tree['direction'].name}:"
    projects = [sheet.cell(row=row, column=7).value for row in (10, 11)]
    assert sorted(text.rsplit(" ", 2)[-2] for text in projects) == ["A-1,", "B-1,"]
    assert gm.pm.short_name in " ".join(sheet.cell(row=row, column=8).value for row in (10, 11))
