"""API of the plans, headings and activities: who sees and does what, rules as 400, pinned query counts."""

from __future__ import annotations

import datetime as dt

import pytest

from operational_plans.choices import PlanStatus
from operational_plans.models import Activity, Heading, OperationalPlan, PlanVersion
from operational_plans.services import plans as plan_services
from org.models import Person
from tests.factories import grant_everything_read_only

pytestmark = pytest.mark.django_db

PLANS = "/api/v1/operational-plans/"


def plan_url(op, tail=""):
    return f"{PLANS}{op.plan.pk}/{tail}"


def results(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


def test_outsiders_do_not_see_the_plan(api_as, op):
    for person in (op.outsider, op.stranger):
        client = api_as(person)
        assert results(client.get(PLANS)) == []
        for tail in ("", "versions/", "lines/", "compare/?a=1", "headings/", "activities/"):
            assert client.get(plan_url(op, tail)).status_code == 404, tail
        assert client.post(plan_url(op, "approve/"), {}).status_code == 404
        assert client.patch(plan_url(op), {"approver": person.pk}).status_code == 404
        assert client.get(plan_url(op, f"activities/{op.a1.pk}/")).status_code == 404


def test_list_filters_and_body_reference(api_as, op):
    client = api_as(op.reader)
    rows = results(client.get(PLANS, {"body": f"body:{op.body.pk}"}))
    assert [row["id"] for row in rows] == [op.plan.pk]
    assert rows[0]["body"] == op.body.pk and rows[0]["approval_state"] == {"state": "met", "days": 0}
    assert results(client.get(PLANS, {"year": 2025})) == []
    assert results(client.get(PLANS, {"status": "draft"})) == []
    assert (
        results(client.get(PLANS, {"body": op.body.pk, "year": 2026, "status": "approved"}))[0]["id"]
        == op.plan.pk
    )
    assert client.get(PLANS, {"status": "nonsense"}).status_code == 400


def test_create_patch_delete(api_as, op):
    payload = {
        "body": f"body:{op.body.pk}",
        "year": 2027,
        "developer_unit": op.dev_unit.pk,
        "monitoring_unit": op.mon_unit.pk,
        "approver": op.approver.pk,
        "development_plan_signed_on": "2027-01-04",
    }
    created = api_as(op.dev).post(PLANS, payload, format="json")
    assert created.status_code == 201, created.json()
    assert created.json()["approval_deadline"] == "2027-01-14" and created.json()["status"] == "draft"
    duplicate = api_as(op.dev).post(PLANS, payload, format="json")
    assert duplicate.status_code == 400 and "already has an operational plan" in str(duplicate.json())
    pk = created.json()["id"]
    patched = api_as(op.dev).patch(
        f"{PLANS}{pk}/", {"development_plan_signed_on": "2027-01-06"}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["approval_deadline"] == "2027-01-16"
    assert api_as(op.staff_a).patch(f"{PLANS}{pk}/", {"year": 2028}, format="json").status_code == 403
    assert api_as(op.staff_a).delete(f"{PLANS}{pk}/").status_code == 403
    gone = api_as(op.dev).delete(f"{PLANS}{pk}/")
    assert gone.status_code == 204, gone.json()
    assert not OperationalPlan.objects.filter(pk=pk).exists()
    refused = api_as(op.dev).delete(plan_url(op))
    assert refused.status_code == 400 and "never approved" in str(refused.json())


def test_only_a_possible_developer_creates(api_as, op):
    payload = {
        "body": op.body.pk,
        "year": 2027,
        "developer_unit": op.dev_unit.pk,
        "monitoring_unit": op.mon_unit.pk,
        "approver": op.approver.pk,
    }
    assert api_as(op.outsider).post(PLANS, payload, format="json").status_code == 403
    assert api_as(op.staff_a).post(PLANS, payload, format="json").status_code == 403
    assert OperationalPlan.objects.count() == 1


def test_adjust_approve_versions_compare(api_as, op):
    assert api_as(op.staff_a).post(plan_url(op, "adjust/"), {"basis": "x"}).status_code == 403
    empty = api_as(op.dev).post(plan_url(op, "adjust/"), {"basis": ""}, format="json")
    assert empty.status_code == 400 and "basis" in empty.json()
    answer = api_as(op.dev).post(plan_url(op, "adjust/"), {"basis": "Итоги мониторинга"}, format="json")
    assert answer.status_code == 200 and answer.json()["status"] == "adjusting"
    edited = api_as(op.dev).patch(
        plan_url(op, f"activities/{op.a3.pk}/"), {"name_ru": "Методическая помощь"}, format="json"
    )
    assert edited.status_code == 200 and edited.json()["name_ru"] == "Методическая помощь"
    assert api_as(op.dev).post(plan_url(op, "approve/"), {}).status_code == 403
    approved = api_as(op.approver).post(plan_url(op, "approve/"), {}, format="json")
    assert approved.status_code == 200 and approved.json()["version"] == 2
    versions = api_as(op.dev).get(plan_url(op, "versions/")).json()
    assert [row["number"] for row in versions] == [1, 2] and versions[1]["basis"] == "Итоги мониторинга"
    assert api_as(op.dev).get(plan_url(op, "compare/?a=2&b=current")).json() == []
    PlanVersion.objects.filter(plan=op.plan, number=1).update(
        snapshot={"headings": [], "activities": [{"id": op.a3.pk, "name_ru": "Методическая работа"}]}
    )
    changes = api_as(op.dev).get(plan_url(op, "compare/?a=1&b=2")).json()
    renamed = [row for row in changes if row["id"] == op.a3.pk and row["field"] == "name_ru"]
    assert renamed[0]["old"] == "Методическая работа" and renamed[0]["new"] == "Методическая помощь"
    assert api_as(op.dev).get(plan_url(op, "compare/?a=9")).status_code == 400
    again = api_as(op.approver).post(plan_url(op, "approve/"), {}, format="json")
    assert again.status_code == 400 and "already approved" in str(again.json())


def test_adjustment_warning_after_september(api_as, op):
    plan = OperationalPlan.objects.get(pk=op.plan.pk)
    plan.year = 2025  # its 30 September is behind us
    plan.save(update_fields=["year"])
    answer = api_as(op.dev).post(
        plan_url(op, "adjust/"), {"basis": "Изменение плана развития"}, format="json"
    )
    assert answer.status_code == 200 and "Methodology p.210" in answer.json()["adjustment_warning"]


def test_lines_for_the_whole_plan_and_for_a_unit(api_as, op):
    whole = api_as(op.mon).get(plan_url(op, "lines/?language=kk")).json()
    activities = [line for line in whole if line["kind"] == "activity"]
    assert [line["activity_id"] for line in activities] == [op.a2.pk, op.a1.pk, op.a4.pk, op.a3.pk]
    assert activities[1]["text"] == "Порталды іске қосу" and activities[1]["number"] == "2"
    own = api_as(op.staff_b).get(plan_url(op, "lines/")).json()
    assert [line["activity_id"] for line in own if line["kind"] == "activity"] == [op.a4.pk, op.a3.pk]
    assert not any(line["kind"] == "macro" for line in own)


def test_headings_crud(api_as, op):
    grant_everything_read_only(op.dev)
    url = plan_url(op, "headings/")
    assert len(api_as(op.staff_a).get(url).json()) == 4
    locked = api_as(op.dev).post(url, {"kind": "direction", "name_ru": "Кадры"}, format="json")
    assert locked.status_code == 400 and "OP Rules p.18" in str(locked.json())
    plan_services.plan_adjust(actor=op.dev, plan=op.plan, basis="x")
    assert (
        api_as(op.staff_a).post(url, {"kind": "direction", "name_ru": "x"}, format="json").status_code == 403
    )
    created = api_as(op.dev).post(url, {"kind": "direction", "name_ru": "Кадры"}, format="json")
    assert created.status_code == 201 and created.json()["number"] == "2"
    wrong = api_as(op.dev).post(
        url, {"kind": "macro", "parent": op.direction.pk, "indicator": op.target.pk}, format="json"
    )
    assert wrong.status_code == 400 and "indicator" in wrong.json()
    pk = created.json()["id"]
    assert (
        api_as(op.dev).patch(f"{url}{pk}/", {"name_kk": "Кадрлар"}, format="json").json()["name_kk"]
        == "Кадрлар"
    )
    refused = api_as(op.dev).delete(f"{url}{op.direction.pk}/")
    assert refused.status_code == 400 and "activities sit under" in str(refused.json())
    assert api_as(op.dev).delete(f"{url}{pk}/").status_code == 204
    assert Heading.objects.filter(plan=op.plan).count() == 4


def test_activities_seen_by_unit_and_filters(api_as, op):
    url = plan_url(op, "activities/")
    own = results(api_as(op.staff_a1).get(url))
    assert {row["id"] for row in own} == {op.a1.pk, op.a2.pk}
    assert api_as(op.staff_a).get(f"{url}{op.a3.pk}/").status_code == 404
    assert [row["id"] for row in results(api_as(op.mon).get(url, {"section": 2}))] == [op.a3.pk]
    assert [row["id"] for row in results(api_as(op.mon).get(url, {"unit": op.unit_b.pk}))] == [
        op.a3.pk,
        op.a4.pk,
    ]
    assert [row["id"] for row in results(api_as(op.mon).get(url, {"heading": op.macro_heading.pk}))] == [
        op.a2.pk
    ]
    assert [row["id"] for row in results(api_as(op.mon).get(url, {"q": "портал"}))] == [op.a1.pk]
    row = results(api_as(op.mon).get(url, {"q": "портал"}))[0]
    assert row["project_count"] == 1 and row["projects"] == [op.project.pk] and row["section"] == 1


def test_activity_create_update_delete(api_as, op):
    url = plan_url(op, "activities/")
    payload = {
        "heading": op.target_heading.pk,
        "name_ru": "Новая",
        "unit": op.unit_a.pk,
        "deadline": "2026-10-01",
        "position": 1,
    }
    locked = api_as(op.dev).post(url, payload, format="json")
    assert locked.status_code == 400 and "OP Rules p.18" in str(locked.json())
    plan_services.plan_adjust(actor=op.dev, plan=op.plan, basis="x")
    assert api_as(op.staff_a).post(url, payload, format="json").status_code == 403
    bad = api_as(op.dev).post(url, {**payload, "deadline": "2027-01-01"}, format="json")
    assert bad.status_code == 400 and "deadline" in bad.json()
    created = api_as(op.dev).post(url, payload, format="json")
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert created.json()["is_active"] is True
    order = list(
        Activity.objects.filter(heading=op.target_heading).order_by("position").values_list("pk", flat=True)
    )
    assert order[0] == pk
    assert api_as(op.staff_a).patch(f"{url}{pk}/", {"name_ru": "x"}, format="json").status_code == 403
    assert api_as(op.staff_a).delete(f"{url}{pk}/").status_code == 403
    assert api_as(op.dev).delete(f"{url}{pk}/").status_code == 204
    assert not Activity.objects.filter(pk=pk).exists()


LIST_QUERIES = 4
ACTIVITY_QUERIES = 5


def _more_activities(op, n):
    Activity.objects.bulk_create(
        Activity(
            plan=op.plan,
            heading=op.target_heading,
            position=10 + i,
            name_ru=f"Работа {i}",
            unit=op.unit_b,
            deadline=dt.date(2026, 12, 1),
        )
        for i in range(n)
    )


def test_query_counts_are_pinned(api_as, op, django_assert_num_queries):
    for _round in range(2):
        client = api_as(Person.objects.get(pk=op.mon.pk))  # a fresh request's user: grants read again
        with django_assert_num_queries(LIST_QUERIES):
            assert client.get(PLANS).status_code == 200
        with django_assert_num_queries(ACTIVITY_QUERIES):
            assert client.get(plan_url(op, "activities/")).status_code == 200
        _more_activities(op, 20)
        # An adjusted plan: its first approval's day is read in the list's query, not per row.
        OperationalPlan.objects.filter(pk=op.plan.pk).update(version=2, approved_on=dt.date(2026, 5, 5))
        OperationalPlan.objects.create(body=op.body, year=2030 + _round, status=PlanStatus.DRAFT)
