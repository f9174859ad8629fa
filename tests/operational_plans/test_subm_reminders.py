"""Reminders of the quarterly information (OP Rules p.13): three working days before the 10th and on the day the
units that have not submitted hear it, once a day; the working day after, the monitoring unit hears who is late.
Run by a real Celery worker on the real Redis broker, and through the service for the day-by-day rules."""

import datetime as dt

import pytest

from operational_plans.choices import SubmissionStatus
from operational_plans.models import Submission
from operational_plans.services.submissions import KIND_DUE, KIND_LATE, submissions_remind
from operational_plans.tasks import submissions_remind as remind_task
from org.models import Notification
from tests.factories_op import make_op


def _due(op):
    return sorted(
        Notification.objects.filter(kind=KIND_DUE).values_list("params__unit", "recipient"),
    )


def test_reminders_before_on_and_after_the_deadline(op):
    # Q2 2026: due Friday 10 July; three working days before is Tuesday 7 July.
    Submission.objects.create(plan=op.plan, unit=op.unit_b, quarter=2, status=SubmissionStatus.SUBMITTED)
    assert submissions_remind(today=dt.date(2026, 7, 6)) == {"due": [], "late": []}  # Capital Day: a holiday
    assert submissions_remind(today=dt.date(2026, 7, 8)) == {"due": [], "late": []}
    first = submissions_remind(today=dt.date(2026, 7, 7))
    assert first == {"due": [(op.plan.pk, op.unit_a.pk)], "late": []}
    assert _due(op) == sorted([(op.unit_a.pk, op.head_a.pk), (op.unit_a.pk, op.staff_a.pk)])
    notice = Notification.objects.filter(kind=KIND_DUE).first()
    assert notice.params["days"] == 3 and notice.params["quarter"] == 2
    assert notice.url == f"/operational-plans/{op.plan.pk}/submissions/?quarter=2"
    # Not twice the same day.
    assert submissions_remind(today=dt.date(2026, 7, 7)) == {"due": [], "late": []}
    assert Notification.objects.filter(kind=KIND_DUE).count() == 2
    # On the day again.
    assert submissions_remind(today=dt.date(2026, 7, 10))["due"] == [(op.plan.pk, op.unit_a.pk)]
    assert Notification.objects.filter(kind=KIND_DUE).count() == 4
    assert submissions_remind(today=dt.date(2026, 7, 11)) == {"due": [], "late": []}  # a Saturday
    # The first working day after: the monitoring unit hears who is late, once.
    assert submissions_remind(today=dt.date(2026, 7, 13)) == {
        "due": [],
        "late": [(op.plan.pk, [op.unit_a.pk])],
    }
    late = Notification.objects.filter(kind=KIND_LATE)
    assert sorted(late.values_list("recipient", flat=True)) == sorted([op.mon_head.pk, op.mon.pk])
    assert late.first().params["units"] == [
        {"kk": op.unit_a.name_kk, "ru": op.unit_a.name_ru, "en": op.unit_a.name_en}
    ]
    assert submissions_remind(today=dt.date(2026, 7, 13)) == {"due": [], "late": []}


def test_no_reminder_when_every_unit_has_submitted_or_for_a_draft_plan(op):
    for unit in (op.unit_a, op.unit_b):
        Submission.objects.create(plan=op.plan, unit=unit, quarter=2, status=SubmissionStatus.SUBMITTED)
    assert submissions_remind(today=dt.date(2026, 7, 7)) == {"due": [], "late": []}
    assert submissions_remind(today=dt.date(2026, 7, 13)) == {"due": [], "late": []}
    Submission.objects.all().delete()
    op.plan.status, op.plan.version = "draft", 0
    op.plan.save()
    assert submissions_remind(today=dt.date(2026, 7, 7)) == {"due": [], "late": []}
    assert not Notification.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_reminds_the_units_that_have_not_submitted(celery_worker):
    op = make_op()
    result = remind_task.delay("2026-07-07").get(timeout=60)
    assert result == {
        "day": "2026-07-07",
        "due": [[op.plan.pk, op.unit_a.pk], [op.plan.pk, op.unit_b.pk]],
        "late": [],
    }
    assert sorted(Notification.objects.filter(kind=KIND_DUE).values_list("recipient", flat=True)) == sorted(
        [op.head_a.pk, op.staff_a.pk, op.head_b.pk, op.staff_b.pk]
    )
    assert remind_task.delay("2026-07-13").get(timeout=60)["late"] == [
        [op.plan.pk, [op.unit_a.pk, op.unit_b.pk]]
    ]


def test_the_notifications_read_as_sentences(op):
    from org.notification_kinds import render
    from pmis.core.workdays import short_date

    due = short_date(dt.date(2026, 7, 10))

    Submission.objects.create(plan=op.plan, unit=op.unit_b, quarter=2, status=SubmissionStatus.SUBMITTED)
    submissions_remind(today=dt.date(2026, 7, 7))
    submissions_remind(today=dt.date(2026, 7, 10))
    submissions_remind(today=dt.date(2026, 7, 13))
    texts = [render(notice) for notice in Notification.objects.filter(recipient=op.head_a).order_by("pk")]
    assert texts == [
        f"The information of {op.unit_a.name_ru} on quarter 2 of 2026 on the operational plan is due {due} "
        "(OP Rules p.13)",
        f"Today is the last day for the information of {op.unit_a.name_ru} on quarter 2 of 2026 on the "
        "operational plan (OP Rules p.13)",
    ]
    late = render(Notification.objects.filter(kind=KIND_LATE, recipient=op.mon).get())
    assert late == f"Not submitted by {due}, the information on quarter 2 of 2026: {op.unit_a.name_ru}"
