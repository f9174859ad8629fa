"""The daily reminder of the quarterly report (OP Rules p.15): three working days before the 15th and on the
day to the monitoring unit, the day after to the approver; once a day; the real Celery worker runs it."""

from __future__ import annotations

import datetime as dt

import pytest

from operational_plans.choices import ReportStatus
from operational_plans.models import Report
from operational_plans.services.reports import KIND_DUE, KIND_LATE, reports_remind
from operational_plans.tasks_reports import reports_remind as reports_remind_task
from org.models import Notification

# Q2 2026: the report is due on Wednesday 15 July; three working days before: Friday 10 July; the day after:
# Thursday 16 July.
BEFORE, DUE, AFTER = dt.date(2026, 7, 10), dt.date(2026, 7, 15), dt.date(2026, 7, 16)


def recipients(kind):
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def test_the_monitoring_unit_is_reminded_before_and_on_the_day_once(op):
    assert reports_remind(today=BEFORE) == [(op.plan.pk, KIND_DUE)]
    assert recipients(KIND_DUE) == {"mon", "mon_head"}
    assert reports_remind(today=BEFORE) == []  # once a day
    assert Notification.objects.count() == 2
    assert reports_remind(today=dt.date(2026, 7, 13)) == []  # not every day
    assert reports_remind(today=DUE) == [(op.plan.pk, KIND_DUE)]
    assert Notification.objects.filter(kind=KIND_DUE).count() == 4
    notice = Notification.objects.filter(kind=KIND_DUE).first()
    assert (notice.params["quarter"], notice.params["year"]) == (2, 2026)
    assert notice.url == f"/operational-plans/{op.plan.pk}/reports/2026/2/"


def test_the_approver_is_told_the_day_after_and_an_issued_report_needs_nothing(op):
    assert reports_remind(today=AFTER) == [(op.plan.pk, KIND_LATE)]
    assert recipients(KIND_LATE) == {"approver"}
    Notification.objects.all().delete()
    Report.objects.create(plan=op.plan, quarter=2, status=ReportStatus.ISSUED)
    assert reports_remind(today=DUE) == []
    assert not Notification.objects.exists()


def test_a_draft_plan_is_not_reminded(db):
    from operational_plans.choices import PlanStatus
    from tests.factories_op import make_op

    make_op(status=PlanStatus.DRAFT)
    assert reports_remind(today=DUE) == []


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_reminder(celery_worker):
    from tests.factories_op import make_op

    op = make_op()
    result = reports_remind_task.delay(DUE.isoformat()).get(timeout=60)
    assert result == {"day": "2026-07-15", "sent": [[op.plan.pk, KIND_DUE]]}
    assert recipients(KIND_DUE) == {"mon", "mon_head"}
