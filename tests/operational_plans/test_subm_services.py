"""The services of the units' quarterly information (OP Rules p.11–14): open with the pre-fill, save, submit by the
head, return by the monitoring unit, the lock once the report is issued."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from operational_plans.choices import ExecutionStatus, PlanStatus, SubmissionStatus
from operational_plans.models import Report, Submission, SubmissionRow
from operational_plans.services.submissions import (
    KIND_RETURNED,
    KIND_SUBMITTED,
    submission_open,
    submission_refresh,
    submission_return,
    submission_save,
    submission_submit,
)
from org.models import Notification
from pmis.core.concurrency import StaleVersion
from projects.models import Milestone

JUNE = dt.date(2026, 6, 5)
ON_TIME = timezone.make_aware(dt.datetime(2026, 7, 9, 12, 0))
AFTER = timezone.make_aware(dt.datetime(2026, 7, 13, 12, 0))


def _open(op, actor=None, unit=None, quarter=2, today=JUNE):
    return submission_open(
        actor=actor or op.staff_a, plan=op.plan, unit=unit or op.unit_a, quarter=quarter, today=today
    )


def _rows(submission):
    return {row.activity_id: row for row in SubmissionRow.objects.filter(submission=submission)}


def test_opening_makes_a_row_per_activity_of_the_unit_pre_filled(op):
    Milestone.objects.filter(project=op.project, title="Прототип").update(done_on=dt.date(2026, 3, 19))
    submission = _open(op)
    assert (submission.status, submission.quarter, submission.version) == (SubmissionStatus.DRAFT, 2, 1)
    rows = _rows(submission)
    assert set(rows) == {op.a1.pk, op.a2.pk}
    a1 = rows[op.a1.pk]
    assert (a1.status, a1.suggested_status) == (ExecutionStatus.PARTIAL, ExecutionStatus.PARTIAL)
    assert a1.actual_execution == "Done 1 of 2: «Прототип»."
    assert a1.reasons == ""  # «Запуск» is due 20 June: not past due on 5 June
    assert a1.suggestion["done"] == 1 and a1.suggestion["total"] == 2
    assert (rows[op.a2.pk].status, rows[op.a2.pk].suggestion) == ("", {})
    # Opening again gives the same information.
    assert _open(op, actor=op.head_a).pk == submission.pk
    assert Submission.objects.count() == 1
    # A person of a division inside the unit reports for it too.
    assert _open(op, actor=op.staff_a1).pk == submission.pk


def test_opening_is_refused_before_the_quarters_last_month_and_on_a_draft_plan(op):
    with pytest.raises(ValidationError, match="filled in from"):
        _open(op, today=dt.date(2026, 5, 31))
    op.plan.status, op.plan.version = PlanStatus.DRAFT, 0
    op.plan.save()
    with pytest.raises(ValidationError, match="not approved"):
        _open(op)
    assert not Submission.objects.exists()


def test_only_the_units_people_open_it(op):
    for person in (op.outsider, op.staff_b, op.mon, op.approver):
        with pytest.raises(PermissionDenied):
            _open(op, actor=person)
    with pytest.raises(ValidationError, match="not the responsible executor"):
        _open(op, actor=op.mon, unit=op.mon_unit)
    assert not Submission.objects.exists()


def test_saving_rows_and_a_stale_version(op):
    submission = _open(op)
    saved = submission_save(
        actor=op.staff_a,
        submission=submission,
        version=1,
        rows=[
            {
                "activity": op.a2.pk,
                "status": "partial",
                "actual_execution": " Обучено 40 ",
                "reasons": "Отпуск",
            }
        ],
    )
    assert saved.version == 2
    row = _rows(submission)[op.a2.pk]
    assert (row.status, row.actual_execution, row.reasons) == ("partial", "Обучено 40", "Отпуск")
    with pytest.raises(StaleVersion):
        submission_save(
            actor=op.staff_a, submission=submission, version=1, rows=[{"activity": op.a2.pk, "status": ""}]
        )
    with pytest.raises(ValidationError, match="not in this information"):
        submission_save(actor=op.staff_a, submission=submission, version=2, rows=[{"activity": op.a3.pk}])
    with pytest.raises(ValidationError, match="not a status"):
        submission_save(
            actor=op.staff_a, submission=submission, version=2, rows=[{"activity": op.a2.pk, "status": "x"}]
        )
    with pytest.raises(PermissionDenied):
        submission_save(
            actor=op.mon, submission=submission, version=2, rows=[{"activity": op.a2.pk, "status": ""}]
        )
    submission.refresh_from_db()
    assert submission.version == 2 and _rows(submission)[op.a2.pk].status == "partial"


def _fill(op, submission, version):
    return submission_save(
        actor=op.staff_a,
        submission=submission,
        version=version,
        rows=[
            {"activity": op.a1.pk, "status": "partial", "reasons": "Поставка серверов задержана"},
            {"activity": op.a2.pk, "status": "executed", "actual_execution": "Обучено 120 служащих"},
        ],
    )


def test_the_head_submits_what_is_complete_and_the_monitoring_unit_hears(op):
    submission = _open(op)
    with pytest.raises(PermissionDenied, match="head of the unit"):
        submission_submit(actor=op.staff_a, submission=submission, version=1)
    with pytest.raises(ValidationError) as error:
        submission_submit(actor=op.head_a, submission=submission, version=1, now=ON_TIME)
    assert "Give the status of «Обучение служащих»." in error.value.messages
    assert len(error.value.messages) == 1  # «Запуск портала» has the suggested reasons (a milestone past due)
    emptied = submission_save(
        actor=op.staff_a,
        submission=submission,
        version=1,
        rows=[{"activity": op.a1.pk, "reasons": ""}, {"activity": op.a2.pk, "status": "executed"}],
    )
    with pytest.raises(ValidationError) as error:
        submission_submit(actor=op.head_a, submission=submission, version=emptied.version, now=ON_TIME)
    assert error.value.messages == [
        "Give the reasons for non-fulfilment of «Запуск портала» (OP Rules p.12)."
    ]
    saved = _fill(op, submission, emptied.version)
    with pytest.raises(StaleVersion):
        submission_submit(actor=op.head_a, submission=submission, version=1, now=ON_TIME)
    assert Submission.objects.get().status == SubmissionStatus.DRAFT

    submitted = submission_submit(actor=op.head_a, submission=submission, version=saved.version, now=ON_TIME)
    assert (submitted.status, submitted.late, submitted.submitted_by) == (
        SubmissionStatus.SUBMITTED,
        False,
        op.head_a,
    )
    told = Notification.objects.filter(kind=KIND_SUBMITTED)
    assert sorted(told.values_list("recipient", flat=True)) == sorted([op.mon_head.pk, op.mon.pk])
    assert told.first().params["late"] is False
    # Submitted: no more edits until it is returned.
    with pytest.raises(ValidationError, match="is submitted"):
        _fill(op, submission, submitted.version)


def test_submitted_after_the_deadline_is_late_and_a_returned_one_keeps_its_first_flag(op):
    submission = _open(op)
    saved = _fill(op, submission, 1)
    submitted = submission_submit(actor=op.head_a, submission=submission, version=saved.version, now=AFTER)
    assert submitted.late is True

    other = _open(op, actor=op.staff_b, unit=op.unit_b)
    saved = submission_save(
        actor=op.staff_b,
        submission=other,
        version=1,
        rows=[{"activity": op.a3.pk, "status": "executed"}, {"activity": op.a4.pk, "status": "executed"}],
    )
    on_time = submission_submit(actor=op.head_b, submission=other, version=saved.version, now=ON_TIME)
    returned = submission_return(
        actor=op.mon, submission=other, reason="Уточните данные", version=on_time.version
    )
    again = submission_submit(actor=op.head_b, submission=other, version=returned.version, now=AFTER)
    assert (again.status, again.late) == (SubmissionStatus.SUBMITTED, False)


def test_the_monitoring_unit_returns_it_with_a_reason_and_the_unit_hears(op):
    submission = _open(op)
    saved = _fill(op, submission, 1)
    submitted = submission_submit(actor=op.head_a, submission=submission, version=saved.version, now=ON_TIME)
    for person in (op.head_a, op.staff_a, op.approver):
        with pytest.raises(PermissionDenied):
            submission_return(actor=person, submission=submission, reason="x")
    with pytest.raises(ValidationError, match="Say why"):
        submission_return(actor=op.mon, submission=submission, reason="  ")
    returned = submission_return(actor=op.mon_head, submission=submission, reason="Нет данных по обучению")
    assert (returned.status, returned.returned_reason, returned.version) == (
        SubmissionStatus.RETURNED,
        "Нет данных по обучению",
        submitted.version + 1,
    )
    told = Notification.objects.filter(kind=KIND_RETURNED)
    assert sorted(told.values_list("recipient", flat=True)) == sorted([op.head_a.pk, op.staff_a.pk])
    with pytest.raises(ValidationError, match="Only submitted"):
        submission_return(actor=op.mon, submission=submission, reason="ещё раз")
    # Returned: the unit corrects it.
    assert _fill(op, submission, returned.version).status == SubmissionStatus.RETURNED


def test_everything_is_locked_once_the_quarters_report_is_issued(op):
    submission = _open(op)
    saved = _fill(op, submission, 1)
    Report.objects.create(plan=op.plan, quarter=2, status="issued")
    message = "The report on this quarter is issued; the information is locked."
    with pytest.raises(ValidationError, match=message):
        _fill(op, submission, saved.version)
    with pytest.raises(ValidationError, match=message):
        submission_submit(actor=op.head_a, submission=submission, version=saved.version, now=ON_TIME)
    with pytest.raises(ValidationError, match=message):
        submission_refresh(actor=op.staff_a, submission=submission)
    with pytest.raises(ValidationError, match=message):
        _open(op, actor=op.staff_b, unit=op.unit_b)
    assert Submission.objects.get().status == SubmissionStatus.DRAFT


def test_refresh_adds_new_activities_and_overwrites_only_untouched_suggestions(op):
    submission = _open(op)
    a1 = _rows(submission)[op.a1.pk]
    assert a1.status == ExecutionStatus.NOT_EXECUTED
    saved = submission_save(
        actor=op.staff_a,
        submission=submission,
        version=1,
        rows=[{"activity": op.a1.pk, "reasons": "Свои причины"}],
    )
    Milestone.objects.filter(project=op.project).update(done_on=dt.date(2026, 6, 1))
    op.a3.unit = op.unit_a
    op.a3.save()
    refreshed = submission_refresh(actor=op.staff_a, submission=submission, version=saved.version, today=JUNE)
    rows = _rows(submission)
    assert set(rows) == {op.a1.pk, op.a2.pk, op.a3.pk}
    a1 = rows[op.a1.pk]
    assert (a1.status, a1.suggested_status) == (ExecutionStatus.EXECUTED, ExecutionStatus.EXECUTED)
    assert a1.actual_execution == "Done 2 of 2: «Прототип», «Запуск»."
    assert a1.reasons == "Свои причины"  # the unit's own words stay
    assert refreshed.version == saved.version + 1
