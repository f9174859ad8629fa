"""API of the quarterly reports: ``operational-plans/{id}/reports/…`` (OP Rules p.15–17)."""

from __future__ import annotations

import datetime as dt

import pytest

from operational_plans.choices import ExecutionStatus, ReportStatus, SubmissionStatus
from operational_plans.models import Activity, Recommendation, Report, ReportDecision
from operational_plans.services import reports as services
from org.models import Person
from tests.operational_plans.test_rep_reports import submit


def url(op, tail="", year=None, quarter=2):
    year = year or op.plan.year
    return f"/api/v1/operational-plans/{op.plan.pk}/reports/{year}/{quarter}/{tail}"


@pytest.fixture
def q2(op):
    submit(
        op, op.unit_a, 2, {op.a1: (ExecutionStatus.EXECUTED, "Запущен", ""), op.a2: ("partial", "", "Нет")}
    )
    return op


def test_the_report_reads_for_whole_plan_readers_only(q2, api_as):
    op = q2
    for person in (op.mon, op.approver, op.dev, op.reader):
        answer = api_as(person).get(url(op))
        assert answer.status_code == 200, person
    data = answer.json()
    assert (data["status"], data["id"], data["deadline"], data["quarter"]) == ("draft", None, "2026-07-15", 2)
    activities = [line for line in data["lines"] if line["kind"] == "activity"]
    assert [line["activity_id"] for line in activities] == [op.a2.pk, op.a1.pk, op.a4.pk, op.a3.pk]
    assert activities[1]["status"] == "executed" and activities[1]["actual"] == "Запущен"
    assert activities[2]["extra"] == {"missing": True}
    assert [(unit["name"], unit["state"]) for unit in data["units"]][0][1] == "missing"
    for person in (op.staff_a, op.head_a, op.staff_b, op.outsider, op.stranger):
        assert api_as(person).get(url(op)).status_code == 404, person
        assert api_as(person).get(f"/api/v1/operational-plans/{op.plan.pk}/reports/").status_code == 404
    assert api_as(op.mon).get(url(op, year=2025)).status_code == 404
    assert api_as(op.mon).get(url(op, quarter=5)).status_code == 404


def test_the_quarters_and_the_annual_view(q2, api_as):
    op = q2
    quarters = api_as(op.mon).get(f"/api/v1/operational-plans/{op.plan.pk}/reports/").json()
    assert [item["quarter"] for item in quarters] == [1, 2, 3, 4]
    assert quarters[0]["deadline"] == "2026-04-15"
    annual = api_as(op.approver).get(f"/api/v1/operational-plans/{op.plan.pk}/reports/2026/").json()
    rows = [row for row in annual["rows"] if row["line"]["kind"] == "activity"]
    assert [cell["status"] for cell in rows[1]["quarters"]] == ["missing", "executed", "missing", "missing"]
    assert annual["totals"]["2"]["executed"] == 1
    assert api_as(op.mon).get(f"/api/v1/operational-plans/{op.plan.pk}/reports/2027/").status_code == 404


def test_summary_recommendations_issue_and_decisions(q2, api_as):
    op = q2
    client = api_as(op.mon)
    answer = client.patch(url(op), {"summary": "Исполняется"}, format="json")
    assert answer.status_code == 200 and answer.json()["summary"] == "Исполняется"
    answer = client.post(
        url(op, "recommendations/"), {"activity": op.a2.pk, "text": "Ускорить"}, format="json"
    )
    assert answer.status_code == 201 and answer.json()["activity"] == op.a2.pk
    general = client.post(url(op, "recommendations/"), {"text": "Общая", "amendment": True}, format="json")
    assert general.status_code == 201
    assert (
        client.post(
            url(op, "recommendations/"), {"activity": op.a2.pk, "text": ""}, format="json"
        ).status_code
        == 204
    )
    assert Recommendation.objects.count() == 1
    assert (
        client.post(url(op, "recommendations/"), {"activity": 999999, "text": "x"}, format="json").status_code
        == 400
    )
    assert client.delete(url(op, f"recommendations/{general.json()['id']}/")).status_code == 204
    assert not Recommendation.objects.exists()

    refused = client.post(url(op, "issue/"), {}, format="json")
    assert refused.status_code == 400
    assert "АО «Центр цифровизации»" in refused.json()["non_field_errors"][0]
    assert Report.objects.get().status == ReportStatus.DRAFT
    issued = client.post(url(op, "issue/"), {"force": True}, format="json")
    assert issued.status_code == 200 and issued.json()["status"] == "issued"
    assert client.patch(url(op), {"summary": "x"}, format="json").status_code == 400

    assert (
        client.post(url(op, "decisions/"), {"kind": "problems", "text": "x"}, format="json").status_code
        == 403
    )
    decided = api_as(op.approver).post(
        url(op, "decisions/"), {"kind": "problems", "text": "Решить вопрос"}, format="json"
    )
    assert decided.status_code == 201 and decided.json()["decided_by"] == op.approver.pk
    assert api_as(op.approver).get(url(op)).json()["decisions"][0]["text"] == "Решить вопрос"
    assert (
        api_as(op.approver)
        .post(url(op, "decisions/"), {"kind": "bad", "text": "x"}, format="json")
        .status_code
        == 400
    )
    assert ReportDecision.objects.count() == 1


def test_visible_but_not_allowed_is_403_and_nothing_changes(q2, api_as):
    op = q2
    for person in (op.approver, op.dev, op.reader):
        client = api_as(person)
        assert client.patch(url(op), {"summary": "x"}, format="json").status_code == 403
        assert client.post(url(op, "issue/"), {"force": True}, format="json").status_code == 403
        assert client.post(url(op, "recommendations/"), {"text": "x"}, format="json").status_code == 403
    assert (
        api_as(op.mon)
        .post(url(op, "decisions/"), {"kind": "problems", "text": "x"}, format="json")
        .status_code
        == 403
    )
    # The approver on a report never opened: a rule (issued only), not a power.
    assert (
        api_as(op.approver)
        .post(url(op, "decisions/"), {"kind": "problems", "text": "x"}, format="json")
        .status_code
        == 400
    )
    for person in (op.staff_a, op.head_b, op.outsider):
        client = api_as(person)
        assert client.patch(url(op), {"summary": "x"}, format="json").status_code == 404
        assert client.post(url(op, "issue/"), {"force": True}, format="json").status_code == 404
        assert (
            client.post(url(op, "decisions/"), {"kind": "problems", "text": "x"}, format="json").status_code
            == 404
        )
    assert not Report.objects.exists()
    report = services.report_open(actor=op.mon, plan=op.plan, quarter=2)
    item = services.recommendation_set(actor=op.mon, report=report, text="x")
    assert api_as(op.approver).delete(url(op, f"recommendations/{item.pk}/")).status_code == 403
    assert api_as(op.staff_a).delete(url(op, f"recommendations/{item.pk}/")).status_code == 404
    assert Recommendation.objects.count() == 1


def test_the_report_answers_in_a_fixed_number_of_queries(q2, api_as, django_assert_num_queries):
    op = q2

    def client():  # as a request loads the person: nothing kept from the previous one
        return api_as(Person.objects.get(pk=op.mon.pk))

    report = services.report_open(actor=op.mon, plan=op.plan, quarter=2)
    services.recommendation_set(actor=op.mon, report=report, activity=op.a1, text="x")
    services.recommendation_set(actor=op.mon, report=report, text="общая")
    # grants, units, plan, report, recommendations, activities, rows, headings, submissions
    mon = client()
    with django_assert_num_queries(9):
        assert mon.get(url(op)).status_code == 200
    for number in range(40):
        Activity.objects.create(
            plan=op.plan,
            position=20 + number,
            name_ru=f"М {number}",
            unit=op.unit_b if number % 2 else op.unit_a1,
            deadline=dt.date(2026, 12, 1),
        )
    submit(op, op.unit_a1, 2, {}, status=SubmissionStatus.SUBMITTED)
    mon = client()
    with django_assert_num_queries(9):
        answer = mon.get(url(op))
    assert len([line for line in answer.json()["lines"] if line["kind"] == "activity"]) == 44
    mon = client()
    with django_assert_num_queries(7):  # grants, units, plan, reports, activities, headings, rows
        assert mon.get(f"/api/v1/operational-plans/{op.plan.pk}/reports/2026/").status_code == 200
    mon = client()
    with django_assert_num_queries(4):  # grants, units, plan, reports
        assert mon.get(f"/api/v1/operational-plans/{op.plan.pk}/reports/").status_code == 200
