"""Pages of the quarterly reports: the report of a quarter (Appendix 2, recommendations, issue, decisions) and
the annual view (OP Rules p.15–17)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from operational_plans.choices import ExecutionStatus, ReportStatus
from operational_plans.models import Activity, Recommendation, Report, ReportDecision
from operational_plans.services import reports as services
from org.models import Person
from tests.operational_plans.test_rep_reports import submit


def page(op, quarter=2, name="op-report", *extra):
    return reverse(name, args=[op.plan.pk, op.plan.year, quarter, *extra])


def client_of(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def q2(op):
    submit(
        op,
        op.unit_a,
        2,
        {op.a1: (ExecutionStatus.EXECUTED, "Портал запущен", ""), op.a2: ("partial", "", "Нет")},
    )
    return op


def test_the_monitoring_unit_sees_the_report_with_who_has_not_submitted(q2):
    op = q2
    answer = client_of(op.mon).get(page(op))
    assert answer.status_code == 200
    html = answer.content.decode()
    assert 'id="issue-report"' in html
    assert 'id="not-submitted"' in html and "АО «Центр цифровизации»" in html
    assert "Портал запущен" in html
    assert (
        f'id="rec-{op.a1.pk}"' in html and reverse("op-report-recommend", args=[op.plan.pk, 2026, 2]) in html
    )
    assert reverse("op-annual", args=[op.plan.pk, 2026]) in html


def test_readers_see_without_editors_and_units_get_404(q2):
    op = q2
    html = client_of(op.approver).get(page(op)).content.decode()
    assert 'id="issue-report"' not in html and "hx-get" not in html
    for person in (op.staff_a, op.head_a, op.staff_b, op.outsider, op.stranger):
        client = client_of(person)
        assert client.get(page(op)).status_code == 404, person
        assert client.get(reverse("op-annual", args=[op.plan.pk, 2026])).status_code == 404
        assert client.post(page(op, 2, "op-report-issue"), {"force": "1"}).status_code == 404
    assert client_of(op.mon).get(reverse("op-report", args=[op.plan.pk, 2025, 2])).status_code == 404
    assert client_of(op.mon).get(reverse("op-report", args=[op.plan.pk, 2026, 7])).status_code == 404
    assert Client().get(page(op)).status_code == 302  # sign in first


def test_actions_without_the_power_are_403(q2):
    op = q2
    for person in (op.approver, op.dev, op.reader):
        client = client_of(person)
        assert client.post(page(op, 2, "op-report-summary"), {"summary": "x"}).status_code == 403
        assert client.post(page(op, 2, "op-report-issue"), {"force": "1"}).status_code == 403
        assert client.post(page(op, 2, "op-report-recommend"), {"text": "x"}).status_code == 403
    assert (
        client_of(op.mon).post(page(op, 2, "op-report-decide"), {"kind": "problems", "text": "x"}).status_code
        == 403
    )
    assert not Report.objects.exists()


def test_recommend_inline_issue_with_confirmation_and_decide(q2):
    op = q2
    mon = client_of(op.mon)
    editor = page(op, 2, "op-report-recommend") + f"?activity={op.a2.pk}"
    answer = mon.get(editor, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200 and 'name="text"' in answer.content.decode()
    assert 'hx-post="' in answer.content.decode()
    assert client_of(op.approver).get(editor, HTTP_HX_REQUEST="true").status_code == 403
    assert client_of(op.staff_a).get(editor, HTTP_HX_REQUEST="true").status_code == 404
    answer = mon.post(
        page(op, 2, "op-report-recommend"),
        {"activity": op.a2.pk, "text": "Ускорить закупку", "amendment": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert answer.status_code == 200
    assert f'id="rec-{op.a2.pk}"' in answer.content.decode() and "Ускорить закупку" in answer.content.decode()
    assert Recommendation.objects.get().amendment is True
    replaced = mon.post(
        page(op, 2, "op-report-recommend"), {"activity": op.a2.pk, "text": "Иначе"}, HTTP_HX_REQUEST="true"
    )
    assert replaced.status_code == 200
    assert list(Recommendation.objects.values_list("text", "amendment")) == [("Иначе", False)]
    mon.post(page(op, 2, "op-report-recommend"), {"text": "Общая рекомендация"})
    mon.post(page(op, 2, "op-report-summary"), {"summary": "Ход исполнения"})
    assert Report.objects.get().summary == "Ход исполнения"

    # Units have not submitted: the page asks to confirm, naming them.
    answer = mon.post(page(op, 2, "op-report-issue"), {})
    assert answer.status_code == 302 and "force=1" in answer["Location"]
    confirm = mon.get(answer["Location"]).content.decode()
    assert "Issue the report anyway?" in confirm or 'name="force"' in confirm
    assert 'name="force"' in confirm
    assert Report.objects.get().status == ReportStatus.DRAFT
    mon.post(page(op, 2, "op-report-issue"), {"force": "1"})
    assert Report.objects.get().status == ReportStatus.ISSUED
    issued = mon.get(page(op)).content.decode()
    assert 'id="issue-report"' not in issued and "hx-get" not in issued and 'id="decisions"' in issued
    assert 'id="decide"' not in issued

    approver = client_of(op.approver)
    assert 'id="decide"' in approver.get(page(op)).content.decode()
    approver.post(
        page(op, 2, "op-report-decide"), {"kind": "problems", "text": "Решить", "decided_on": "bad"}
    )
    assert not ReportDecision.objects.exists()
    approver.post(page(op, 2, "op-report-decide"), {"kind": "problems", "text": "Решить"})
    assert ReportDecision.objects.get().text == "Решить"
    assert "Решить" in approver.get(page(op)).content.decode()


def test_an_inline_refusal_answers_the_cell_with_the_reason(q2):
    op = q2
    report = services.report_open(actor=op.mon, plan=op.plan, quarter=2)
    services.report_issue(actor=op.mon, report=report, force=True, today=dt.date(2026, 7, 1))
    answer = client_of(op.mon).post(
        page(op, 2, "op-report-recommend"), {"activity": op.a1.pk, "text": "x"}, HTTP_HX_REQUEST="true"
    )
    assert answer.status_code == 400 and 'role="alert"' in answer.content.decode()
    assert not Recommendation.objects.exists()


def test_the_general_recommendation_is_removed(q2):
    op = q2
    report = services.report_open(actor=op.mon, plan=op.plan, quarter=2)
    item = services.recommendation_set(actor=op.mon, report=report, text="x")
    assert client_of(op.approver).post(page(op, 2, "op-report-recommend-delete", item.pk)).status_code == 403
    client_of(op.mon).post(page(op, 2, "op-report-recommend-delete", item.pk))
    assert not Recommendation.objects.exists()


def test_export_buttons_when_the_forms_part_is_wired(q2):
    try:
        export = reverse("op-export-report", args=[q2.plan.pk, 2026, 2])
    except Exception:  # the forms part's URL is not there yet: no buttons, no error
        assert 'name="format"' not in client_of(q2.mon).get(page(q2)).content.decode()
        return
    html = client_of(q2.mon).get(page(q2)).content.decode()
    assert export in html and 'name="format" value="xlsx"' in html and 'name="language"' in html


def test_pages_answer_in_a_fixed_number_of_queries(q2, django_assert_num_queries):
    op = q2
    report = services.report_open(actor=op.mon, plan=op.plan, quarter=2)
    services.recommendation_set(actor=op.mon, report=report, activity=op.a1, text="x")

    def fresh():
        return client_of(Person.objects.get(pk=op.mon.pk))

    def count(path):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        client = fresh()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    annual = reverse("op-annual", args=[op.plan.pk, 2026])
    before = (count(page(op)), count(annual))
    for number in range(40):
        Activity.objects.create(
            plan=op.plan,
            heading=op.macro_heading if number % 2 else None,
            position=20 + number,
            name_ru=f"М {number}",
            unit=op.unit_b,
            deadline=dt.date(2026, 12, 1),
        )
    assert (count(page(op)), count(annual)) == before
    client = fresh()
    # session, person, grants, units, plan, report, recommendations, activities, rows, headings, submissions
    with django_assert_num_queries(11):
        client.get(page(op))
    fresh_client = fresh()
    with django_assert_num_queries(
        9
    ):  # session, person, grants, units, plan, reports, activities, headings, rows
        fresh_client.get(annual)
