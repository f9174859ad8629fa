"""The quarterly report (OP Rules p.15–17, Appendix 2): consolidation of the units' submitted information,
recommendations, issue (frozen in Kazakh and Russian, the force rule, the late flag) and the officials' decisions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from operational_plans.choices import DecisionKind, ExecutionStatus, ReportStatus, SubmissionStatus
from operational_plans.models import Recommendation, Report, ReportDecision, Submission, SubmissionRow
from operational_plans.selectors.reports import annual_view, report_lines, report_page, report_quarters
from operational_plans.services import reports as services
from org.models import Notification

EXECUTED, PARTIAL, NOT_EXECUTED = (
    ExecutionStatus.EXECUTED,
    ExecutionStatus.PARTIAL,
    ExecutionStatus.NOT_EXECUTED,
)
Q2_DUE = dt.date(2026, 7, 15)


def submit(op, unit, quarter, rows, *, status=SubmissionStatus.SUBMITTED, late=False):
    """A unit's information written straight to the database (a fixture, not the submissions' service)."""
    submission = Submission.objects.create(
        plan=op.plan,
        unit=unit,
        quarter=quarter,
        status=status,
        late=late,
        submitted_by=unit.head if status == SubmissionStatus.SUBMITTED else None,
        submitted_at=timezone.now() if status == SubmissionStatus.SUBMITTED else None,
    )
    for activity, (row_status, actual, reasons) in rows.items():
        SubmissionRow.objects.create(
            submission=submission,
            activity=activity,
            status=row_status,
            actual_execution=actual,
            reasons=reasons,
        )
    return submission


def by_activity(lines):
    return {line.activity_id: line for line in lines if line.is_activity}


@pytest.fixture
def both(op):
    """Unit A submitted Q2; unit B only drafted it."""
    submit(
        op,
        op.unit_a,
        2,
        {op.a1: (EXECUTED, "Портал запущен", ""), op.a2: (PARTIAL, "Обучено 40%", "Нет подрядчика")},
    )
    submit(op, op.unit_b, 2, {op.a4: (NOT_EXECUTED, "черновик", "")}, status=SubmissionStatus.DRAFT)
    return op


# --- consolidation ------------------------------------------------------------------------------------------------


def test_submitted_rows_appear_drafts_do_not_and_missing_units_are_flagged(both):
    op = both
    lines = by_activity(report_lines(op.mon, op.plan, 2, language="ru"))
    assert (lines[op.a1.pk].status, lines[op.a1.pk].actual) == ("executed", "Портал запущен")
    assert lines[op.a1.pk].status_label  # the status's name in the form's language
    assert (lines[op.a2.pk].status, lines[op.a2.pk].actual, lines[op.a2.pk].reasons) == (
        "partial",
        "Обучено 40%",
        "Нет подрядчика",
    )
    for activity in (op.a3, op.a4):  # unit B has only a draft: nothing of it shows
        line = lines[activity.pk]
        assert (line.status, line.actual, line.reasons, line.extra) == ("", "", "", {"missing": True})
    assert "missing" not in lines[op.a1.pk].extra
    assert [line.unit for line in lines.values()][:1] == ["Департамент цифровых услуг"]


def test_other_quarters_do_not_leak(both):
    lines = by_activity(report_lines(both.mon, both.plan, 1, language="ru"))
    assert all(line.extra.get("missing") for line in lines.values())


def test_recommendations_are_attached_with_the_amendment_marked(both):
    op = both
    report = services.report_open(actor=op.mon, plan=op.plan, quarter=2)
    services.recommendation_set(actor=op.mon, report=report, activity=op.a2, text="Ускорить закупку")
    services.recommendation_set(
        actor=op.mon, report=report, activity=op.a4, text="Перенести срок", amendment=True
    )
    general = services.recommendation_set(actor=op.mon, report=report, text="Усилить контроль")
    lines = by_activity(report_lines(op.mon, op.plan, 2, language="ru"))
    assert lines[op.a2.pk].recommendation == "Ускорить закупку"
    assert lines[op.a2.pk].extra["amendment"] is False
    assert lines[op.a4.pk].recommendation.startswith("Перенести срок (")
    assert lines[op.a4.pk].extra["amendment"] is True
    assert lines[op.a1.pk].recommendation == ""
    state = report_page(op.mon, op.plan, 2, today=dt.date(2026, 7, 13))
    assert [item.pk for item in state.general] == [general.pk]
    assert (state.days_left, state.late) == (2, False)
    assert [(unit.name, unit.state) for unit in state.units] == [
        ("АО «Центр цифровизации»", "draft"),
        ("Департамент цифровых услуг", "submitted"),
    ]
    assert [unit.name for unit in state.missing_units] == ["АО «Центр цифровизации»"]
    assert state.counts == {"executed": 1, "partial": 1, "not_executed": 0, "missing": 2}
    assert (state.may_monitor, state.may_approve) == (True, False)


def test_a_recommendation_per_activity_is_replaced_and_an_empty_text_removes_it(both):
    op = both
    report = services.report_open(actor=op.mon, plan=op.plan, quarter=2)
    services.recommendation_set(actor=op.mon, report=report, activity=op.a1, text="Первая")
    services.recommendation_set(actor=op.mon, report=report, activity=op.a1, text="Вторая", amendment=True)
    assert list(Recommendation.objects.values_list("text", "amendment")) == [("Вторая", True)]
    assert services.recommendation_set(actor=op.mon, report=report, activity=op.a1, text="  ") is None
    assert not Recommendation.objects.exists()


def test_recommendation_rules(both, op):
    report = services.report_open(actor=op.mon, plan=op.plan, quarter=2)
    with pytest.raises(ValidationError):
        services.recommendation_set(actor=op.mon, report=report, text="")  # a general one needs a text
    op.a3.is_active = False
    op.a3.save(update_fields=["is_active"])
    with pytest.raises(ValidationError):
        services.recommendation_set(actor=op.mon, report=report, activity=op.a3, text="Снято")
    for person in (op.staff_a, op.approver, op.dev, op.reader):
        with pytest.raises(PermissionDenied):
            services.recommendation_set(actor=person, report=report, activity=op.a1, text="x")
    assert not Recommendation.objects.exists()


def test_only_whole_plan_readers_see_the_report(both):
    op = both
    for person in (op.mon, op.mon_head, op.approver, op.dev, op.reader):
        assert report_lines(person, op.plan, 2)
    for person in (op.staff_a, op.head_a, op.staff_b, op.outsider, op.stranger):
        with pytest.raises(Http404):
            report_lines(person, op.plan, 2)
        with pytest.raises(Http404):
            annual_view(person, op.plan)
    with pytest.raises(Http404):
        report_lines(op.mon, op.plan, 5)


def test_only_the_monitoring_unit_opens_a_report(op):
    for person in (op.staff_a, op.approver, op.dev):
        with pytest.raises(PermissionDenied):
            services.report_open(actor=person, plan=op.plan, quarter=1)
    assert not Report.objects.exists()
    first = services.report_open(actor=op.mon_head, plan=op.plan, quarter=1)
    assert services.report_open(actor=op.mon, plan=op.plan, quarter=1) == first
    with pytest.raises(ValidationError):
        services.report_open(actor=op.mon, plan=op.plan, quarter=5)


def test_a_plan_never_approved_has_no_report(db):
    from operational_plans.choices import PlanStatus
    from tests.factories_op import make_op

    op = make_op(status=PlanStatus.DRAFT)
    with pytest.raises(ValidationError):
        services.report_open(actor=op.mon, plan=op.plan, quarter=1)
    assert not Report.objects.exists()


# --- issue ------------------------------------------------------------------------------------------------------


def test_issue_refuses_while_units_have_not_submitted_naming_them(both):
    op = both
    report = services.report_open(actor=op.mon, plan=op.plan, quarter=2)
    with pytest.raises(ValidationError) as refused:
        services.report_issue(actor=op.mon, report=report, today=Q2_DUE)
    assert "АО «Центр цифровизации»" in refused.value.messages[0]
    assert "Департамент цифровых услуг" not in refused.value.messages[0]
    report.refresh_from_db()
    assert (report.status, report.rows, report.issued_by) == (ReportStatus.DRAFT, [], None)
    assert not Notification.objects.exists()


def test_issue_freezes_both_languages_and_later_changes_do_not_touch_it(both):
    op = both
    report = services.report_open(actor=op.mon, plan=op.plan, quarter=2)
    services.recommendation_set(actor=op.mon, report=report, activity=op.a2, text="Ускорить закупку")
    services.report_issue(actor=op.mon, report=report, force=True, today=Q2_DUE)
    report.refresh_from_db()
    assert (report.status, report.issued_by, report.late) == (ReportStatus.ISSUED, op.mon, False)
    assert set(report.rows) == {"kk", "ru"}
    kk = by_activity(report_lines(op.mon, op.plan, 2, language="kk"))
    ru_before = [line.as_dict() for line in report_lines(op.mon, op.plan, 2, language="ru")]
    assert kk[op.a1.pk].text == "Порталды іске қосу"
    assert by_activity(report_lines(op.mon, op.plan, 2, language="ru"))[op.a1.pk].text == "Запуск портала"
    assert kk[op.a2.pk].recommendation == "Ускорить закупку"
    # The approver is told, by e-mail too.
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind, notice.params["quarter"]) == (op.approver, "op.report_issued", 2)

    # Later: the activity is renamed, unit B submits, a row changes: the issued lines stay as issued.
    op.a1.name_ru = "Переименовано"
    op.a1.save()
    Submission.objects.filter(unit=op.unit_b, quarter=2).update(status=SubmissionStatus.SUBMITTED)
    SubmissionRow.objects.filter(activity=op.a2).update(actual_execution="Другое")
    assert [line.as_dict() for line in report_lines(op.mon, op.plan, 2, language="ru")] == ru_before
    # English reads the Russian frozen lines.
    assert report_lines(op.mon, op.plan, 2, language="en")[0].as_dict() == ru_before[0]

    # An issued report does not change.
    with pytest.raises(ValidationError):
        services.recommendation_set(actor=op.mon, report=report, activity=op.a1, text="x")
    with pytest.raises(ValidationError):
        services.report_update(actor=op.mon, report=report, summary="x")
    with pytest.raises(ValidationError):
        services.report_issue(actor=op.mon, report=report, force=True)


def test_issue_after_the_deadline_is_late_and_only_the_monitoring_unit_issues(both):
    op = both
    report = services.report_open(actor=op.mon, plan=op.plan, quarter=2)
    for person in (op.approver, op.head_a, op.dev):
        with pytest.raises(PermissionDenied):
            services.report_issue(actor=person, report=report, force=True)
    services.report_issue(actor=op.mon_head, report=report, force=True, today=Q2_DUE + dt.timedelta(days=1))
    report.refresh_from_db()
    assert report.late is True
    state = report_page(op.approver, op.plan, 2, today=dt.date(2026, 8, 1))
    assert (state.issued, state.late, state.may_decide, state.may_edit) == (True, True, True, False)


def test_issue_without_missing_units_needs_no_force(op):
    submit(op, op.unit_a, 1, {op.a1: (EXECUTED, "", ""), op.a2: (EXECUTED, "", "")})
    submit(op, op.unit_b, 1, {op.a3: (EXECUTED, "", ""), op.a4: (PARTIAL, "", "причина")})
    report = services.report_open(actor=op.mon, plan=op.plan, quarter=1)
    services.report_issue(actor=op.mon, report=report, today=dt.date(2026, 4, 1))
    assert Report.objects.get().status == ReportStatus.ISSUED


def test_summary_is_the_monitoring_units(op):
    report = services.report_open(actor=op.mon, plan=op.plan, quarter=1)
    services.report_update(actor=op.mon, report=report, summary="  Ход исполнения  ")
    assert Report.objects.get().summary == "Ход исполнения"
    with pytest.raises(PermissionDenied):
        services.report_update(actor=op.approver, report=report, summary="x")


# --- decisions --------------------------------------------------------------------------------------------------


def test_decisions_are_the_approvers_on_issued_reports_only(both):
    op = both
    report = services.report_open(actor=op.mon, plan=op.plan, quarter=2)
    with pytest.raises(ValidationError):
        services.decision_record(actor=op.approver, report=report, kind=DecisionKind.PROBLEMS, text="x")
    services.report_issue(actor=op.mon, report=report, force=True, today=Q2_DUE)
    Notification.objects.all().delete()
    for person in (op.mon, op.mon_head, op.dev, op.reader):
        with pytest.raises(PermissionDenied):
            services.decision_record(actor=person, report=report, kind=DecisionKind.PROBLEMS, text="x")
    with pytest.raises(ValidationError):
        services.decision_record(actor=op.approver, report=report, kind="other", text="x")
    with pytest.raises(ValidationError):
        services.decision_record(actor=op.approver, report=report, kind=DecisionKind.PROBLEMS, text=" ")
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=op.approver,
            report=report,
            kind=DecisionKind.PROBLEMS,
            text="x",
            decided_on=timezone.localdate() + dt.timedelta(days=1),
        )
    assert not ReportDecision.objects.exists()
    decision = services.decision_record(
        actor=op.approver, report=report, kind=DecisionKind.EFFECTIVENESS, text="Заменить подрядчика"
    )
    assert (decision.decided_by, decision.decided_on) == (op.approver, timezone.localdate())
    notice = Notification.objects.get()
    assert (notice.recipient, notice.kind) == (op.mon_head, "op.report_decision")
    state = report_page(op.mon, op.plan, 2)
    assert [item.text for item in state.decisions] == ["Заменить подрядчика"]


# --- the quarters and the annual view -------------------------------------------------------------------------


def test_quarters_and_annual_view(both):
    op = both
    submit(op, op.unit_a, 1, {op.a1: (PARTIAL, "", "задержка"), op.a2: (EXECUTED, "", "")})
    submit(op, op.unit_b, 1, {op.a3: (EXECUTED, "", ""), op.a4: (NOT_EXECUTED, "", "нет данных")})
    report = services.report_open(actor=op.mon, plan=op.plan, quarter=1)
    services.report_issue(actor=op.mon, report=report, today=dt.date(2026, 4, 20))
    # After issue, a row of Q1 changes: the annual view still reads the issued report.
    SubmissionRow.objects.filter(activity=op.a1, submission__quarter=1).update(status=EXECUTED)

    quarters = report_quarters(op.mon, op.plan, today=dt.date(2026, 7, 20))
    assert [(item.quarter, item.status, item.late) for item in quarters] == [
        (1, "issued", True),
        (2, "", True),
        (3, "", False),
        (4, "", False),
    ]
    view = annual_view(op.mon, op.plan, language="ru")
    cells = {
        row.line.activity_id: [cell.status for cell in row.cells] for row in view.rows if row.line.is_activity
    }
    assert cells[op.a1.pk] == ["partial", "executed", "missing", "missing"]
    assert cells[op.a4.pk] == ["not_executed", "missing", "missing", "missing"]
    assert view.totals[1] == {"executed": 2, "partial": 1, "not_executed": 1, "missing": 0}
    assert view.totals[2] == {"executed": 1, "partial": 1, "not_executed": 0, "missing": 2}
    assert [row[1] for row in view.total_rows] == [[2, 1, 0, 0], [1, 1, 0, 0], [1, 0, 0, 0], [0, 2, 4, 4]]


def test_queries_do_not_grow_with_activities(both, django_assert_num_queries):
    from operational_plans.models import Activity

    op = both
    report = services.report_open(actor=op.mon, plan=op.plan, quarter=2)
    services.recommendation_set(actor=op.mon, report=report, activity=op.a1, text="x")

    def count(call):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            call()
        return len(captured)

    person = op.mon
    person.refresh_from_db()
    before = [
        count(lambda: report_lines(op.mon, op.plan, 2)),
        count(lambda: annual_view(op.mon, op.plan)),
    ]
    for number in range(30):
        Activity.objects.create(
            plan=op.plan,
            heading=op.target_heading if number % 2 else None,
            position=10 + number,
            name_ru=f"Мероприятие {number}",
            unit=op.unit_b if number % 3 else op.unit_a,
            deadline=dt.date(2026, 12, 1),
        )
    after = [
        count(lambda: report_lines(op.mon, op.plan, 2)),
        count(lambda: annual_view(op.mon, op.plan)),
    ]
    assert before == after
    with django_assert_num_queries(5):  # report, activities, headings, rows, recommendations (powers kept)
        report_lines(op.mon, op.plan, 2)
