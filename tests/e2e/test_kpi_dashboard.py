"""In a browser: the curator has the portfolio's dashboard open; a fact entered by the project office in another
context changes the trend chart's point, the figure and its colour, and the card counts, without a reload.

Set PMIS_E2E_SCREENSHOTS to a path prefix (e.g. /tmp/kpi) to keep screenshots of the dashboard.
"""

from __future__ import annotations

import os
from decimal import Decimal as D

import pytest
from playwright.sync_api import expect

from kpi_maps.services.values import value_record
from tests.e2e.conftest import login
from tests.e2e.test_board import off_loop
from tests.factories_kpi import make_goal_map

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = os.environ.get("PMIS_E2E_SCREENSHOTS", "")


def test_a_fact_entered_elsewhere_changes_the_open_dashboard(page, live_url):
    gm = off_loop(make_goal_map)
    kni = gm.indicators["kni"]
    login(page, gm.curator.username, "pass")
    page.goto(f"/kpi/dashboards/{gm.portfolio.pk}/?year=2025")
    live = page.locator("#kpi-live")
    expect(live).to_have_attribute("data-state", "open")
    row = page.locator(f'[data-testid="kpi-knis"] tr[data-kpi-id="{kni.pk}"]')
    expect(row.locator('[data-field="achievement"]')).to_have_text("90 %")
    expect(row.locator('[data-field="colour"]')).to_have_class("kpi-dot kpi-amber")
    expect(page.locator('[data-card="amber"]')).to_have_text("1")
    expect(page.locator('[data-card="green"]')).to_have_text("0")
    trend_fact = "() => window.PMIS_KPI_CHARTS.trend.getOption().series[1].data[1]"
    assert page.evaluate(trend_fact) == 63
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}-dashboard-before.png", full_page=True)

    # The project office corrects KNI-1's 2025 fact: 68 against the plan 70 is 0.9714, green from 0.95.
    off_loop(
        value_record, actor=gm.office, indicator=kni, year=2025, value=D("68"), reason="Данные БНС", version=1
    )

    expect(row.locator('[data-field="achievement"]')).to_have_text("97 %", timeout=5_000)
    expect(row.locator('[data-field="fact"]')).to_have_text("68")
    expect(row.locator('[data-field="colour"]')).to_have_class("kpi-dot kpi-green")
    expect(row).to_have_attribute("data-colour", "green")
    expect(page.locator('[data-card="green"]')).to_have_text("1")
    expect(page.locator('[data-card="amber"]')).to_have_text("0")
    page.wait_for_function(f"{trend_fact} === 68")
    # The same indicator in the deviation table changed too, and nothing was reloaded.
    deviation = page.locator(f'[data-testid="kpi-deviations"] tr[data-kpi-id="{kni.pk}"]')
    expect(deviation.locator('[data-field="colour"]')).to_have_class("kpi-dot kpi-green")
    assert page.evaluate("() => document.getElementById('kpi-dashboard').dataset.liveUpdates") == "1"
    if SCREENSHOTS:
        page.screenshot(path=f"{SCREENSHOTS}-dashboard-after.png", full_page=True)


def test_a_reader_of_a_project_below_gets_404(page, live_url):
    gm = off_loop(make_goal_map)
    login(page, gm.pm.username, "pass")
    response = page.goto(f"/kpi/dashboards/{gm.portfolio.pk}/")
    assert response.status == 404
