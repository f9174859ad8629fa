"""In a browser: the passport draws its trend chart; the entry grid shows a wrong row's error, writes nothing, then
saves every row once the reason is given.

Set PMIS_E2E_SCREENSHOTS to a path prefix (e.g. /tmp/kpi) to keep screenshots of the passport and the grid.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from playwright.sync_api import expect

from kpi_maps.models import Value
from tests.e2e.conftest import login
from tests.e2e.test_board import off_loop, screenshot
from tests.factories_kpi import make_goal_map

pytestmark = pytest.mark.django_db(transaction=True)


def test_passport_chart_and_entry_grid(page, live_url):
    gm = off_loop(make_goal_map)
    kni, a, b = gm.indicators["kni"], gm.indicators["a"], gm.indicators["b"]
    login(page, "kpi_gp_head", "pass")

    page.goto(f"/kpi/indicators/{kni.pk}/")
    expect(page.locator("#kpi-trend-chart svg")).to_be_visible()  # ECharts drew the fact, plan and forecast
    expect(page.get_by_test_id("forecast")).to_contain_text("84")
    expect(page.get_by_test_id("fact-form")).to_have_count(0)  # the head of the group only reads the KNI
    screenshot(page, "passport")

    page.goto(f"/kpi/entry/?node=group:{gm.tree['subgroup'].pk}&year=2025")
    page.locator(f"input[name=value-{a.pk}]").fill("72")
    page.locator(f"input[name=value-{b.pk}]").fill("9")
    page.locator(f"input[name=reason-{b.pk}]").fill("revised")
    page.get_by_test_id("save-grid").click()
    expect(page.get_by_test_id("grid-errors")).to_be_visible()
    expect(page.locator("tr[data-indicator='A-1'] .invalid-feedback")).to_be_visible()
    screenshot(page, "grid-errors")
    assert off_loop(lambda: Value.objects.get(indicator=b, year=2025).value) == D(10)
    page.locator(f"input[name=reason-{a.pk}]").fill("statistics revised")
    page.get_by_test_id("save-grid").click()
    expect(page.get_by_test_id("grid-errors")).to_have_count(0)
    assert off_loop(lambda: Value.objects.get(indicator=a, year=2025).value) == D(72)
    assert off_loop(lambda: Value.objects.get(indicator=b, year=2025).value) == D(9)
