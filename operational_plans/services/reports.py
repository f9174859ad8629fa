"""Writes of the quarterly reports (OP Rules p.15–17): the monitoring unit opens the quarter's report, writes
the progress summary and the recommendations (including amendments to the plan, p.16) and issues it to the first
head or chief of staff by the 15th (p.15); the official records decisions on the issued report (p.17). A daily
task reminds the monitoring unit before the deadline and tells the approver when it has passed.

Issuing freezes the Appendix 2 lines in Kazakh and Russian (`Report.rows`): from then on the report does not
change and the quarter's information is locked (the submissions' services check the report's status).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Person
from org.services.notifications import notify
from pmis.core import authorization
from pmis.core.recording import delete_recorded, save_recorded
from pmis.core.workdays import add_working_days, next_working_day

from ..choices import QUARTERS, DecisionKind, PlanStatus, ReportStatus
from ..deadlines import report_deadline, reporting_quarter
from ..models import Activity, OperationalPlan, Recommendation, Report, ReportDecision
from ..selectors.reports import FROZEN_LANGUAGES, consolidate, units_not_submitted
from .reminded import sent_on

KIND_ISSUED = "op.report_issued"
KIND_DECISION = "op.report_decision"
KIND_DUE = "op.report_due"
KIND_LATE = "op.report_late"

#: Working days before the report's deadline on which the monitoring unit is reminded (and on the day itself).
REMIND_DAYS_BEFORE = 3


def report_params(report: Report) -> dict:
    """What the notifications of a report are rendered from: the body's names, the year and the quarter."""
    plan = report.plan
    return {
        "year": plan.year,
        "quarter": report.quarter,
        "body_names": {"kk": plan.body.name_kk, "ru": plan.body.name_ru, "en": plan.body.name_en},
        "deadline": report_deadline(plan.year, report.quarter).isoformat(),
    }


def _lock(report: Report) -> Report:
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("plan", "plan__body", "plan__monitoring_unit", "plan__approver")
        .get(pk=report.pk)
    )


def _must_monitor(actor: Person, report: Report) -> None:
    if not authorization.can(actor, authorization.CHANGE, report):
        raise PermissionDenied(_("Only the unit responsible for the monitoring may prepare the report."))


def _must_be_draft(report: Report) -> None:
    if report.status != ReportStatus.DRAFT:
        raise ValidationError(_("The report is issued: it no longer changes."))


@transaction.atomic
def report_open(*, actor: Person, plan: OperationalPlan, quarter: int) -> Report:
    """The plan's report on the quarter, opened (created) by the monitoring unit when there is none yet."""
    if quarter not in QUARTERS:
        raise ValidationError({"quarter": _("The quarter is 1 to 4.")})
    probe = Report(plan=plan, quarter=quarter)
    if not authorization.can(actor, authorization.CHANGE, probe):
        raise PermissionDenied(_("Only the unit responsible for the monitoring may prepare the report."))
    existing = Report.objects.filter(plan=plan, quarter=quarter).first()
    if existing is not None:
        return existing
    if plan.version == 0:
        raise ValidationError(_("The plan has not been approved yet: there is nothing to report on."))
    OperationalPlan.objects.select_for_update().filter(pk=plan.pk).first()  # one opening at a time
    existing = Report.objects.filter(plan=plan, quarter=quarter).first()
    if existing is not None:
        return existing
    return save_recorded(probe, actor, "opened")


@transaction.atomic
def report_update(*, actor: Person, report: Report, summary: str) -> Report:
    """The progress of the plan in words (p.16), while the report is being consolidated."""
    current = _lock(report)
    _must_monitor(actor, current)
    _must_be_draft(current)
    current.summary = (summary or "").strip()
    return save_recorded(current, actor, "summary")


@transaction.atomic
def recommendation_set(
    *,
    actor: Person,
    report: Report,
    activity: Activity | None = None,
    text: str,
    amendment: bool = False,
) -> Recommendation | None:
    """The monitoring unit's recommendation (p.16, Appendix 2 column 8).

    On an activity there is one: it is written or replaced, and an empty text removes it (None is answered).
    Without an activity it concerns the whole plan, and each call adds one (`recommendation_delete` removes it).
    """
    current = _lock(report)
    if not authorization.can(actor, authorization.CHANGE, Recommendation(report=current)):
        raise PermissionDenied(_("Only the unit responsible for the monitoring may write recommendations."))
    _must_be_draft(current)
    text = (text or "").strip()
    if activity is not None:
        if activity.plan_id != current.plan_id or not activity.is_active:
            raise ValidationError({"activity": _("This activity is not in the plan of the report.")})
        existing = (
            Recommendation.objects.select_for_update().filter(report=current, activity=activity).first()
        )
        if not text:
            if existing is not None:
                delete_recorded(existing, actor, "removed")
            return None
        if existing is None:
            existing = Recommendation(report=current, activity=activity, author=actor)
        existing.text = text
        existing.amendment = bool(amendment)
        existing.author = actor
        return save_recorded(existing, actor, "recommendation")
    if not text:
        raise ValidationError({"text": _("Write the recommendation.")})
    recommendation = Recommendation(
        report=current, activity=None, text=text, amendment=bool(amendment), author=actor
    )
    return save_recorded(recommendation, actor, "recommendation")


@transaction.atomic
def recommendation_delete(*, actor: Person, recommendation: Recommendation) -> None:
    """Remove a recommendation while the report is being consolidated."""
    current = _lock(recommendation.report)
    if not authorization.can(actor, authorization.DELETE, recommendation):
        raise PermissionDenied(_("Only the unit responsible for the monitoring may remove recommendations."))
    _must_be_draft(current)
    delete_recorded(recommendation, actor, "removed")


@transaction.atomic
def report_issue(
    *, actor: Person, report: Report, force: bool = False, today: dt.date | None = None
) -> Report:
    """Issue the report to the first head or chief of staff (p.15): its Appendix 2 lines are frozen in Kazakh and
    Russian, it is late when issued after the 15th (or the next working day), and the approver is told.

    While some units have not submitted their information the report is issued only with `force`: the refusal
    names them.
    """
    current = _lock(report)
    _must_monitor(actor, current)
    _must_be_draft(current)
    plan = current.plan
    missing = units_not_submitted(plan, current.quarter)
    if missing and not force:
        raise ValidationError(
            _("Not submitted: %(units)s. Issue the report anyway?") % {"units": "; ".join(missing)},
            code="missing",
        )
    recommendations = list(Recommendation.objects.filter(report=current))
    current.rows = {
        language: [
            line.as_dict()
            for line in consolidate(
                plan, current.quarter, current, language=language, recommendations=recommendations
            )
        ]
        for language in FROZEN_LANGUAGES
    }
    now = timezone.now()
    if today is not None and today != timezone.localdate(now):
        # Issued on another day (the demo's past quarters): at this hour of that day.
        now = timezone.make_aware(dt.datetime.combine(today, timezone.localtime(now).time()))
    today = timezone.localdate(now)
    current.status = ReportStatus.ISSUED
    current.issued_by = actor
    current.issued_at = now
    current.late = today > report_deadline(plan.year, current.quarter)
    save_recorded(current, actor, "issued")
    notify(
        recipients=[plan.approver] if plan.approver is not None else [],
        actor=actor,
        kind=KIND_ISSUED,
        target=current,
        url=current.get_absolute_url(),
        params={**report_params(current), "late": current.late, "missing": len(missing)},
        email=True,
    )
    return current


@transaction.atomic
def decision_record(
    *, actor: Person, report: Report, kind: str, text: str, decided_on: dt.date | None = None
) -> ReportDecision:
    """A decision of the first head or chief of staff on the issued report (p.17); the monitoring unit's head is
    told."""
    current = _lock(report)
    if not authorization.can(actor, authorization.APPROVE, current):
        raise PermissionDenied(
            _("Only the first head or chief of staff who approves the plan records decisions on its reports.")
        )
    if current.status != ReportStatus.ISSUED:
        raise ValidationError(_("Decisions are recorded on an issued report."))
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": _("Choose the aim of the decision.")})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the decision.")})
    today = timezone.localdate()
    decided_on = decided_on or today
    if decided_on > today:
        raise ValidationError({"decided_on": _("A decision is not dated in the future.")})
    if current.issued_at is not None and decided_on < timezone.localdate(current.issued_at):
        raise ValidationError({"decided_on": _("A decision is not dated before the report was issued.")})
    decision = save_recorded(
        ReportDecision(report=current, kind=kind, text=text, decided_by=actor, decided_on=decided_on),
        actor,
        "decided",
    )
    unit = current.plan.monitoring_unit
    notify(
        recipients=[unit.head] if unit is not None and unit.head_id else [],
        actor=actor,
        kind=KIND_DECISION,
        target=current,
        url=current.get_absolute_url(),
        params={**report_params(current), "decision_kind": kind, "text": text[:300]},
    )
    return decision


# --- the daily reminder -----------------------------------------------------------------------------------------


def _monitoring_people(plan: OperationalPlan) -> list[Person]:
    unit = plan.monitoring_unit
    if unit is None:
        return []
    return list(
        Person.objects.filter(Q(unit=unit) | Q(pk=unit.head_id), is_active=True).order_by("last_name", "pk")
    )


def reports_remind(*, today: dt.date) -> list[tuple[int, str]]:
    """For the quarter being reported on `today`, remind about each approved plan's report not yet issued:
    the monitoring unit's head and people three working days before the deadline (the 15th, p.15) and on the day
    (``op.report_due``), the approver on the first working day after it (``op.report_late``); once a day each.
    Answers (plan id, kind) of what was sent."""
    year, quarter = reporting_quarter(today)
    deadline = report_deadline(year, quarter)
    if today in (add_working_days(deadline, -REMIND_DAYS_BEFORE), deadline):
        kind = KIND_DUE
    elif today == next_working_day(deadline):
        kind = KIND_LATE
    else:
        return []
    plans = (
        OperationalPlan.objects.filter(year=year, version__gt=0)
        .exclude(status=PlanStatus.DRAFT)
        .exclude(reports__quarter=quarter, reports__status=ReportStatus.ISSUED)
        .select_related("body", "monitoring_unit", "approver")
        .order_by("pk")
    )
    sent = []
    for plan in plans:
        with transaction.atomic():
            OperationalPlan.objects.select_for_update().filter(pk=plan.pk).first()  # one sender at a time
            if sent_on(kind, plan, today).exists():
                continue
            recipients = _monitoring_people(plan) if kind == KIND_DUE else [plan.approver]
            params = {
                **report_params(Report(plan=plan, quarter=quarter)),
                "days": (deadline - today).days,
                "day": today.isoformat(),  # the day it was sent for: once a day
            }
            notify(
                recipients=[person for person in recipients if person is not None],
                actor=None,
                kind=kind,
                target=plan,
                url=Report(plan=plan, quarter=quarter).get_absolute_url(),
                params=params,
                email=True,
            )
            sent.append((plan.pk, kind))
    return sent
