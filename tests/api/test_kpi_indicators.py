"""API of the goal map's indicators, plans, facts and links: CRUD, powers, 409, bulk, import, query counts."""

from __future__ import annotations

from decimal import Decimal as D
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from kpi_maps.models import Contribution, Indicator, Target, Value
from tests.factories_kpi import make_goal_map, make_indicator

pytestmark = pytest.mark.django_db

BASE = "/api/v1/kpi/"


@pytest.fixture
def gm(db):
    return make_goal_map()


def test_indicator_crud_with_node_ref_and_409(gm, api_as):
    api = api_as(gm.program_manager)
    program = gm.tree["program"]
    response = api.post(
        f"{BASE}indicators/",
        {
            "node": f"program:{program.pk}",
            "code": "P-2",
            "name_ru": "Охват",
            "unit_ru": "%",
            "direction": "lower",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["node"], body["level"], body["direction"], body["version"]) == (
        f"program:{program.pk}",
        2,
        "lower",
        1,
    )
    url = f"{BASE}indicators/{body['id']}/"
    response = api.patch(url, {"name_en": "Coverage", "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = api.patch(url, {"name_en": "Late", "version": 1}, format="json")
    assert stale.status_code == 409 and stale.json()["current"]["name_en"] == "Coverage"
    assert api.delete(url).status_code == 204
    assert not Indicator.objects.filter(code="P-2").exists()


def test_indicator_powers_and_rules(gm, api_as, outsider, viewer):
    kni = gm.indicators["kni"]
    assert api_as(outsider).get(f"{BASE}indicators/{kni.pk}/").status_code == 404
    api = api_as(viewer)
    assert api.get(f"{BASE}indicators/{kni.pk}/").status_code == 200
    assert api.patch(f"{BASE}indicators/{kni.pk}/", {"name_en": "x"}, format="json").status_code == 403
    response = api_as(gm.pm).post(
        f"{BASE}indicators/",
        {"node": f"program:{gm.tree['program'].pk}", "code": "X", "name_ru": "x"},
        format="json",
    )
    assert response.status_code == 403
    api = api_as(gm.office)
    response = api.post(
        f"{BASE}indicators/", {"node": "program:999999", "code": "X", "name_ru": "x"}, format="json"
    )
    assert response.status_code == 400 and "node" in response.json()
    response = api.delete(f"{BASE}indicators/{gm.indicators['a'].pk}/")
    assert response.status_code == 400 and "2 actual values" in response.json()["non_field_errors"][0]
    assert Indicator.objects.filter(pk=gm.indicators["a"].pk).exists()


def test_indicator_list_filters_and_query_count(gm, api_as, django_assert_num_queries):
    api = api_as(gm.office)
    api.get(f"{BASE}indicators/")  # warm the grants of the forced user
    group = gm.tree["subgroup"]
    codes = [
        row["code"] for row in api.get(f"{BASE}indicators/", {"node": f"group:{group.pk}"}).json()["results"]
    ]
    assert codes == ["A-1", "B-1", "G-1"]
    assert [r["code"] for r in api.get(f"{BASE}indicators/", {"q": "цифровых"}).json()["results"]] == [
        "KNI-1"
    ]
    assert api.get(f"{BASE}indicators/", {"kind": "macro"}).json()["count"] == 0
    with django_assert_num_queries(2):
        assert api.get(f"{BASE}indicators/").json()["count"] == 6
    for number in range(10):
        make_indicator(group, f"G-X{number}")
    with django_assert_num_queries(2):
        assert api.get(f"{BASE}indicators/").json()["count"] == 16
    # the project manager sees their own and the indicators above (context), not project B's
    codes = [row["code"] for row in api_as(gm.pm).get(f"{BASE}indicators/").json()["results"]]
    assert "B-1" not in codes and {"A-1", "KNI-1"} <= set(codes)


def test_targets_approve_adjust_and_refuse(gm, api_as, viewer):
    api = api_as(gm.pm)
    a = gm.indicators["a"]
    response = api.post(f"{BASE}targets/", {"indicator": a.pk, "year": 2027, "value": "90"}, format="json")
    assert response.status_code == 201 and response.json()["approved_value"] == "90.0000"
    response = api.post(f"{BASE}targets/", {"indicator": a.pk, "year": 2027, "value": "85"}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    target_url = f"{BASE}targets/{response.json() and Target.objects.get(indicator=a, year=2027).pk}/"
    response = api.patch(target_url, {"value": "85", "reason": "council", "version": 1}, format="json")
    body = response.json()
    assert response.status_code == 200 and (body["value"], body["approved_value"], body["is_adjusted"]) == (
        "85.0000",
        "90.0000",
        True,
    )
    assert (
        api.patch(target_url, {"value": "84", "reason": "x", "version": 1}, format="json").status_code == 409
    )
    assert api_as(viewer).patch(target_url, {"value": "1", "reason": "x"}, format="json").status_code == 403
    api = api_as(gm.pm)
    assert api.delete(target_url).status_code == 400  # no reason
    assert api.delete(f"{target_url}?reason=mistake").status_code == 204
    listed = api.get(f"{BASE}targets/", {"indicator": a.pk, "year": 2025}).json()["results"]
    assert [(row["year"], row["value"]) for row in listed] == [(2025, "70.0000")]


def test_values_with_evidence_correction_and_download(gm, api_as, outsider, viewer):
    api = api_as(gm.pm)
    a = gm.indicators["a"]
    evidence = SimpleUploadedFile("report.pdf", b"%PDF figures", content_type="application/pdf")
    response = api.post(
        f"{BASE}values/",
        {"indicator": a.pk, "year": 2023, "value": "55", "source": "БНС", "evidence": evidence},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["value"], body["entered_by_name"]) == ("55.0000", gm.pm.full_name)
    assert body["evidence_name"].startswith("report") and body["evidence_name"].endswith(".pdf")
    url = f"{BASE}values/{body['id']}/"
    assert api.patch(url, {"value": "56", "version": 1}, format="json").status_code == 400  # no reason
    assert api.patch(url, {"value": "56", "reason": "rev", "version": 9}, format="json").status_code == 409
    response = api.patch(url, {"value": "56", "reason": "rev", "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["evidence_name"] == body["evidence_name"]
    download = api_as(viewer).get(f"{url}evidence/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF figures"
    assert api_as(outsider).get(f"{url}evidence/").status_code == 404
    assert api_as(gm.pm_b).get(f"{url}evidence/").status_code == 404  # project B's manager does not
    assert api_as(viewer).patch(url, {"value": "1", "reason": "x"}, format="json").status_code == 403
    api = api_as(gm.pm)
    response = api.post(f"{BASE}values/", {"indicator": a.pk, "year": 2099, "value": "1"}, format="json")
    assert response.status_code == 400 and "not begun" in str(response.json())
    assert Value.objects.get(pk=body["id"]).value == D(56)


def test_bulk_all_or_nothing(gm, api_as):
    api = api_as(gm.gp_head)
    a, b = gm.indicators["a"], gm.indicators["b"]
    rows = [
        {"indicator": a.pk, "year": 2023, "value": "50"},
        {"indicator": b.pk, "year": 2023, "quarter": 2, "value": "5"},
    ]
    response = api.post(f"{BASE}values/bulk/", {"rows": rows}, format="json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"][0].startswith("Row 2 (B-1): ")
    assert not Value.objects.filter(year=2023).exists()
    rows[1]["quarter"] = 0
    response = api.post(f"{BASE}values/bulk/", {"rows": rows}, format="json")
    assert response.status_code == 200 and len(response.json()) == 2


def _xlsx(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("facts.xlsx", buffer.getvalue())


def test_import_report_in_a_400(gm, api_as):
    api = api_as(gm.gp_head)
    file = _xlsx([["code", "year", "value"], ["A-1", 2023, 50], ["B-1", 1980, 5]])
    response = api.post(f"{BASE}values/import/", {"file": file})
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 3, "code": "B-1", "message": "The year must lie between 1990 and 2100."}
    ]
    assert not Value.objects.filter(year=2023).exists()
    response = api.post(f"{BASE}values/import/", {"file": SimpleUploadedFile("a.xlsx", b"junk")})
    assert response.status_code == 400 and "not an Excel workbook" in str(response.json())
    response = api.post(
        f"{BASE}values/import/", {"file": _xlsx([["code", "year", "value"], ["A-1", 2023, 50]])}
    )
    assert response.status_code == 200 and response.json() == {"written": 1}


def test_contributions(gm, api_as, viewer):
    api = api_as(gm.office)
    kni, a = gm.indicators["kni"], gm.indicators["a"]
    response = api.post(
        f"{BASE}contributions/", {"parent": kni.pk, "child": a.pk, "share": "30"}, format="json"
    )
    assert response.status_code == 400 and "20 % is left" in response.json()["share"][0], response.json()
    response = api.post(
        f"{BASE}contributions/", {"parent": kni.pk, "child": a.pk, "share": "20"}, format="json"
    )
    assert response.status_code == 201
    url = f"{BASE}contributions/{response.json()['id']}/"
    assert api_as(viewer).patch(url, {"share": "10"}, format="json").status_code == 403
    api = api_as(gm.office)
    assert api.patch(url, {"share": "10"}, format="json").json()["share"] == "10.00"
    assert api.delete(url).status_code == 204
    assert Contribution.objects.filter(parent=kni).count() == 1


def test_quarterly_values_and_removal_with_reason(gm, api_as, outsider):
    quarterly = make_indicator(gm.tree["subgroup"], "G-Q", periodicity="quarterly")
    api = api_as(gm.gp_head)
    response = api.post(
        f"{BASE}values/", {"indicator": quarterly.pk, "year": 2024, "value": "3"}, format="json"
    )
    assert response.status_code == 400 and "quarterly" in response.json()["quarter"][0]
    response = api.post(
        f"{BASE}values/", {"indicator": quarterly.pk, "year": 2024, "quarter": 3, "value": "3"}, format="json"
    )
    assert response.status_code == 201 and response.json()["period"] == "2024 Q3"
    url = f"{BASE}values/{response.json()['id']}/"
    assert api.delete(url).status_code == 400
    assert api_as(outsider).delete(f"{url}?reason=x").status_code == 404
    assert api_as(gm.gp_head).delete(f"{url}?reason=entered by mistake").status_code == 204
    assert not Value.objects.filter(indicator=quarterly).exists()
    listed = api.get(f"{BASE}values/", {"indicator": gm.indicators["a"].pk}).json()["results"]
    assert [(row["year"], row["value"]) for row in listed] == [(2024, "60.0000"), (2025, "70.0000")]
