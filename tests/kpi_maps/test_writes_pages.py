"""Pages of indicators, the passport, the entry grid and the import: powers, errors, numbers, query counts."""

from __future__ import annotations

from decimal import Decimal as D
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from kpi_maps.models import Indicator, Target, Value
from kpi_maps.services.targets import target_set
from tests.factories_kpi import make_indicator

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def test_registry_filters_and_powers(client, gm, outsider, viewer):
    page = login(client, gm.office).get("/kpi/indicators/", {"node": f"group:{gm.tree['subgroup'].pk}"})
    assert page.status_code == 200
    codes = [indicator.code for indicator, _node in page.context["rows"]]
    assert codes == ["A-1", "B-1", "G-1"] and b'data-testid="new-indicator"' in page.content
    page = login(client, viewer).get("/kpi/indicators/", {"q": "цифровых"})
    assert [i.code for i, _n in page.context["rows"]] == ["KNI-1"] and b"new-indicator" not in page.content
    assert login(client, outsider).get("/kpi/indicators/").context["rows"] == []
    assert (
        login(client, outsider).get("/kpi/indicators/", {"node": f"portfolio:{gm.portfolio.pk}"}).status_code
        == 404
    )


def test_registry_query_count_is_fixed(client, gm, django_assert_num_queries):
    client = login(client, gm.office)
    client.get("/kpi/indicators/")
    # session, user, grants, the layout's own; count, page of indicators, nodes of each kind present (5 kinds)
    with django_assert_num_queries(10):
        client.get("/kpi/indicators/")
    for number in range(8):
        make_indicator(gm.tree["projects"][number % 2], f"Z-{number}")
    with django_assert_num_queries(10):
        assert len(client.get("/kpi/indicators/").context["rows"]) == 14


def test_create_and_edit_passport(client, gm, viewer):
    program = gm.tree["program"]
    assert login(client, gm.pm).get(f"/kpi/indicators/new/?node=program:{program.pk}").status_code == 403
    assert login(client, viewer).get("/kpi/indicators/new/?node=program:999999").status_code == 404
    client = login(client, gm.program_manager)
    data = {
        "code": "P-7",
        "name_ru": "Охват",
        "kind": "target",
        "direction": "higher",
        "periodicity": "annual",
        "source_type": "official",
        "base_value": "",
        "base_year": "2020",
    }
    response = client.post(f"/kpi/indicators/new/?node=program:{program.pk}", data)
    assert response.status_code == 400 and "together" in response.content.decode()
    data["base_value"] = "12,5".replace(",", ".")
    response = client.post(f"/kpi/indicators/new/?node=program:{program.pk}", data)
    indicator = Indicator.objects.get(code="P-7")
    assert (
        response.status_code == 302
        and indicator.node_path == program.path
        and indicator.base_value == D("12.5")
    )
    edit = f"/kpi/indicators/{indicator.pk}/edit/"
    assert client.get(edit).status_code == 200
    response = client.post(edit, {**data, "name_en": "Coverage", "is_active": "on", "version": "1"})
    assert response.status_code == 302
    response = client.post(edit, {**data, "name_en": "Late", "is_active": "on", "version": "1"})
    assert response.status_code == 409 and b'data-testid="stale"' in response.content
    assert Indicator.objects.get(pk=indicator.pk).name_en == "Coverage"
    assert login(client, viewer).get(edit).status_code == 403


def test_passport_shows_plans_facts_history_and_links(
    client, gm, outsider, viewer, django_assert_num_queries
):
    kni = gm.indicators["kni"]
    target_set(actor=gm.office, indicator=kni, year=2025, value=65, reason="council", version=1)
    assert login(client, outsider).get(f"/kpi/indicators/{kni.pk}/").status_code == 404
    client = login(client, viewer)
    client.get(f"/kpi/indicators/{kni.pk}/")
    # session, user, grants, indicator, node, rule set, plans, facts, plan history, fact history, links
    with django_assert_num_queries(11):
        page = client.get(f"/kpi/indicators/{kni.pk}/")
    passport = page.context["passport"]
    rows = {(row.year, row.quarter): row for row in passport.periods}
    # 2025: plan adjusted 70 → 65, fact 63: 63 / 65 = 0.9692 → green
    assert (
        rows[(2025, 0)].adjusted
        and rows[(2025, 0)].achievement == D("0.9692")
        and rows[(2025, 0)].colour == "green"
    )
    assert rows[(2024, 0)].achievement == D("0.9667") and not rows[(2024, 0)].adjusted  # 58 / 60
    assert passport.forecast == D("84.1429") and passport.forecast_misses  # as in test_scores_fixture
    assert passport.level == 1 and [link.other.code for link in passport.inputs] == ["P-1"]
    assert passport.history[0].reason == "council" and passport.history[0].approved_value == D(70)
    html = page.content.decode()
    assert 'data-testid="adjusted"' in html and "kpi-trend-data" in html
    assert 'data-testid="plan-form"' not in html and 'data-testid="fact-form"' not in html
    chart = passport.chart
    assert chart["labels"][-1] == "2030" and chart["forecast"][-1] == pytest.approx(84.1429)
    from tests.factories_kpi import fact, plan

    for year in (2027, 2028, 2029):
        plan(kni, year, 90)
        fact(kni, year - 6, 50, by=gm.office)
    with django_assert_num_queries(11):
        assert len(client.get(f"/kpi/indicators/{kni.pk}/").context["passport"].periods) == 10
    # the program manager sees the forms for P-1
    page = login(client, gm.program_manager).get(f"/kpi/indicators/{gm.indicators['prog'].pk}/")
    assert (
        'data-testid="plan-form"' in page.content.decode()
        and 'data-testid="fact-form"' in page.content.decode()
    )


def test_plan_and_fact_forms(client, gm, viewer):
    a = gm.indicators["a"]
    client = login(client, gm.pm)
    response = client.post(f"/kpi/indicators/{a.pk}/plan/", {"year": "2025", "quarter": "0", "value": "75"})
    assert response.status_code == 400 and "reason" in response.content.decode()
    assert Target.objects.get(indicator=a, year=2025).value == D(70)
    response = client.post(
        f"/kpi/indicators/{a.pk}/plan/", {"year": "2025", "quarter": "0", "value": "75", "reason": "council"}
    )
    assert response.status_code == 302 and Target.objects.get(indicator=a, year=2025).value == D(75)
    evidence = SimpleUploadedFile("proof.pdf", b"%PDF proof")
    response = client.post(
        f"/kpi/indicators/{a.pk}/fact/",
        {"year": "2023", "quarter": "0", "value": "50", "source": "БНС", "evidence": evidence},
    )
    assert response.status_code == 302
    fact = Value.objects.get(indicator=a, year=2023)
    assert fact.entered_by == gm.pm and fact.evidence
    download = client.get(f"/kpi/values/{fact.pk}/evidence/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF proof"
    assert login(client, gm.pm_b).get(f"/kpi/values/{fact.pk}/evidence/").status_code == 404
    assert (
        login(client, viewer)
        .post(f"/kpi/indicators/{a.pk}/fact/", {"year": "2023", "value": "1"})
        .status_code
        == 403
    )


def test_entry_grid_all_or_nothing(client, gm, outsider, viewer, django_assert_num_queries):
    group = f"group:{gm.tree['subgroup'].pk}"
    assert login(client, outsider).get(f"/kpi/entry/?node={group}").status_code == 404
    assert login(client, viewer).get(f"/kpi/entry/?node={group}").status_code == 403
    client = login(client, gm.gp_head)
    client.get(f"/kpi/entry/?node={group}&year=2025")
    # session, user, the node, grants, indicators, plans, facts
    with django_assert_num_queries(7):
        page = client.get(f"/kpi/entry/?node={group}&year=2025")
    lines = page.context["lines"]
    assert [line["row"].indicator.code for line in lines] == ["A-1", "B-1", "G-1"]
    a, b, grp = (line["row"] for line in lines)
    assert (a.target.value, a.value.value, grp.value.value) == (D(70), D(70), D("66.5"))
    for number in range(5):
        make_indicator(gm.tree["subgroup"], f"G-{number + 2}")
    with django_assert_num_queries(7):
        assert len(client.get(f"/kpi/entry/?node={group}&year=2025").context["lines"]) == 8
    data = {
        "node": group,
        "year": "2025",
        "quarter": "0",
        f"value-{a.indicator.pk}": "72",
        f"version-{a.indicator.pk}": str(a.value.version),
        f"value-{b.indicator.pk}": "9",
        f"reason-{b.indicator.pk}": "revised",
        f"version-{b.indicator.pk}": str(b.value.version),
        f"value-{grp.indicator.pk}": "",
    }
    response = client.post("/kpi/entry/", data)
    assert response.status_code == 400
    errors = {
        line["row"].indicator.code: line["errors"] for line in response.context["lines"] if line["errors"]
    }
    assert list(errors) == ["A-1"] and "reason" in errors["A-1"][0]
    assert Value.objects.get(indicator=b.indicator, year=2025).value == D(10)  # B-1 was not written either
    data[f"reason-{a.indicator.pk}"] = "statistics revised"
    response = client.post("/kpi/entry/", data)
    assert response.status_code == 302
    assert Value.objects.get(indicator=a.indicator, year=2025).value == D(72)
    assert Value.objects.get(indicator=b.indicator, year=2025).value == D(9)


def _xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("facts.xlsx", buffer.getvalue())


def test_import_page_report_and_template(client, gm, viewer):
    group = f"group:{gm.tree['subgroup'].pk}"
    assert login(client, viewer).get(f"/kpi/import/?node={group}").status_code == 403
    client = login(client, gm.gp_head)
    assert client.get(f"/kpi/import/?node={group}").status_code == 200
    response = client.post(
        f"/kpi/import/?node={group}",
        {"file": _xlsx([["Код", "Год", "Факт"], ["A-1", 2023, 5], ["B-1", 2023, "x"]])},
    )
    assert response.status_code == 400 and [(e.row, e.code) for e in response.context["report"]] == [
        (3, "B-1")
    ]
    assert b'data-testid="import-report"' in response.content and not Value.objects.filter(year=2023).exists()
    response = client.post(f"/kpi/import/?node={group}", {"file": SimpleUploadedFile("x.xlsx", b"junk")})
    assert response.status_code == 400 and "not an Excel workbook" in response.content.decode()
    response = client.post(
        f"/kpi/import/?node={group}", {"file": _xlsx([["code", "year", "value"], ["A-1", 2023, 5]])}
    )
    assert response.status_code == 302 and Value.objects.get(year=2023).value == D(5)
    template = client.get(f"/kpi/import/template/?node={group}&year=2024")
    assert template.status_code == 200
    rows = list(load_workbook(BytesIO(template.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["A-1", "B-1", "G-1"] and rows[1][3] == 2024


def test_figures_keep_their_decimals():
    from kpi_maps.templatetags.kpi_numbers import figure

    assert [figure(D("66.5000")), figure(D("100.0000")), figure(D("0.1250")), figure(None)] == [
        "66.5",
        "100",
        "0.125",
        "—",
    ]
