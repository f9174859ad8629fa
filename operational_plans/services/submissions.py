"""Writes of the units' quarterly information (OP Rules p.11–14) and its reminders.

A unit opens its information on a quarter (one row per active activity it is the responsible executor of,
pre-filled from the linked project work, `operational_plans.prefill`), its people fill it in ("contribute"), its
head submits it and so confirms its accuracy, completeness and timeliness (p.14, "approve"), and the monitoring
unit may return it for correction ("change"). Once the quarter's report is issued, the information is locked.
A daily task reminds the units before the 10th (p.13) and tells the monitoring unit who is late.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from org.models import Person, Unit
from org.services.notifications import notify
from pmis.core import authorization
from pmis.core.concurrency import check_version
from pmis.core.recording import save_recorded
from pmis.core.workdays import add_working_days, is_working_day, next_working_day, short_date

from ..choices import QUARTERS, ExecutionStatus, PlanStatus, ReportStatus, SubmissionStatus
from ..deadlines import quarter_bounds, reporting_quarter, submission_deadline
from ..models import Activity, OperationalPlan, Report, Submission, SubmissionRow
from ..prefill import Suggestion, suggestions
from .reminded import sent_on

KIND_SUBMITTED = "op.submission_submitted"
KIND_RETURNED = "op.submission_returned"
KIND_DUE = "op.submission_due"
KIND_LATE = "op.submissions_late"

#: Working days before the deadline on which the units that have not submitted are reminded (and on the day).
REMIND_BEFORE = 3
EDITABLE = (SubmissionStatus.DRAFT, SubmissionStatus.RETURNED)
ROW_FIELDS = ("status", "actual_execution", "reasons")


def submission_params(submission: Submission) -> dict:
    """What the notifications about a unit's information say (org.notification_kinds renders them)."""
    plan = submission.plan
    unit = submission.unit
    return {
        "plan": plan.pk,
        "year": plan.year,
        "quarter": submission.quarter,
        "unit": unit.pk,
        "unit_names": {"kk": unit.name_kk, "ru": unit.name_ru, "en": unit.name_en},
        "deadline": submission_deadline(plan.year, submission.quarter).isoformat(),
    }


def unit_people(units: Iterable[Unit]) -> dict[int, list[Person]]:
    """The active people of each unit, its head first, in one query."""
    units = list(units)
    heads = [unit.head_id for unit in units if unit.head_id]
    people = list(
        Person.objects.filter(
            Q(unit_id__in=[unit.pk for unit in units]) | Q(pk__in=heads), is_active=True
        ).order_by("pk")
    )
    found: dict[int, list[Person]] = {}
    for unit in units:
        group = [person for person in people if person.pk == unit.head_id]
        group += [person for person in people if person.unit_id == unit.pk and person.pk != unit.head_id]
        found[unit.pk] = group
    return found


def _refuse_when_reported(plan: OperationalPlan, quarter: int) -> None:
    if Report.objects.filter(plan=plan, quarter=quarter, status=ReportStatus.ISSUED).exists():
        raise ValidationError(_("The report on this quarter is issued; the information is locked."))


def _lock(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update(of=("self",))
        .select_related("plan", "plan__monitoring_unit", "unit", "unit__head")
        .get(pk=submission.pk)
    )


def _require(actor: Person, action: str, submission: Submission, message: str) -> None:
    if not authorization.can(actor, action, submission):
        raise PermissionDenied(message)


def _editable(submission: Submission) -> None:
    if submission.status not in EDITABLE:
        raise ValidationError(
            _("The information is submitted: it is changed only after the monitoring unit returns it.")
        )


def _unit_activities(plan: OperationalPlan, unit_id: int) -> list[Activity]:
    return list(
        Activity.objects.filter(plan=plan, unit_id=unit_id, is_active=True).order_by("position", "pk")
    )


def _prefilled_row(
    submission: Submission, activity: Activity, suggestion: Suggestion | None
) -> SubmissionRow:
    row = SubmissionRow(submission=submission, activity=activity)
    if suggestion is not None:
        row.status = suggestion.status
        row.actual_execution = suggestion.actual
        row.reasons = suggestion.prefilled_reasons
        row.suggested_status = suggestion.status
        row.suggestion = suggestion.as_json()
    return row


@transaction.atomic
def submission_open(
    *, actor: Person, plan: OperationalPlan, unit: Unit, quarter: int, today: dt.date | None = None
) -> Submission:
    """The unit's information on `quarter` of `plan`: the existing one, or a new one with a row per active activity
    of the unit, pre-filled from the linked work. Opens from the first day of the quarter's last month."""
    if quarter not in QUARTERS:
        raise ValidationError({"quarter": _("The quarter is 1 to 4.")})
    if not authorization.can(
        actor, authorization.CONTRIBUTE, Submission(plan=plan, unit=unit, quarter=quarter)
    ):
        raise PermissionDenied(_("Only the unit's people fill in its information."))
    existing = Submission.objects.filter(plan=plan, unit=unit, quarter=quarter).first()
    if existing is not None:
        return existing
    if plan.version < 1 or plan.status not in (PlanStatus.APPROVED, PlanStatus.ADJUSTING):
        raise ValidationError(_("The plan is not approved yet: there is nothing to report on."))
    today = today or timezone.localdate()
    opens = quarter_opens(plan.year, quarter)
    if today < opens:
        raise ValidationError(
            _("The information on quarter %(quarter)s is filled in from %(day)s, the quarter's last month.")
            % {"quarter": quarter, "day": short_date(opens)}
        )
    _refuse_when_reported(plan, quarter)
    activities = _unit_activities(plan, unit.pk)
    if not activities:
        raise ValidationError(_("The unit is not the responsible executor of any activity of this plan."))
    submission = Submission(plan=plan, unit=unit, quarter=quarter)
    save_recorded(submission, actor, "opened")
    suggested = suggestions(activities, plan.year, quarter, today=today)
    rows = [_prefilled_row(submission, activity, suggested.get(activity.pk)) for activity in activities]
    bulk_create_with_history(rows, SubmissionRow, default_user=actor, default_change_reason="pre-filled")
    return submission


@transaction.atomic
def submission_refresh(
    *, actor: Person, submission: Submission, version: int | None = None, today: dt.date | None = None
) -> Submission:
    """Add rows for the unit's activities added since, and suggest again from the linked work: a value the unit
    left as it was suggested takes the new suggestion, one the unit changed stays."""
    current = _lock(submission)
    _require(actor, authorization.CONTRIBUTE, current, _("Only the unit's people fill in its information."))
    check_version(current, version)
    _editable(current)
    _refuse_when_reported(current.plan, current.quarter)
    rows = {
        row.activity_id: row
        for row in SubmissionRow.objects.filter(submission=current).select_related("activity")
    }
    activities = _unit_activities(current.plan, current.unit_id)
    listed = {activity.pk for activity in activities}
    # Rows of activities dropped or given to another unit since stay (what was reported), suggested again too.
    activities += [row.activity for row in rows.values() if row.activity_id not in listed]
    suggested = suggestions(activities, current.plan.year, current.quarter, today=today)
    new_rows, changed = [], []
    for activity in activities:
        suggestion = suggested.get(activity.pk)
        row = rows.get(activity.pk)
        if row is None:
            if activity.is_active and activity.unit_id == current.unit_id:
                new_rows.append(_prefilled_row(current, activity, suggestion))
            continue
        before = Suggestion.from_json(row.suggestion)
        old = {
            "status": row.suggested_status,
            "actual_execution": before.actual if before else "",
            "reasons": before.prefilled_reasons if before else "",
        }
        new = {
            "status": suggestion.status if suggestion else "",
            "actual_execution": suggestion.actual if suggestion else "",
            "reasons": suggestion.prefilled_reasons if suggestion else "",
        }
        for name in ROW_FIELDS:
            if getattr(row, name) == old[name]:
                setattr(row, name, new[name])
        row.suggested_status = new["status"]
        row.suggestion = suggestion.as_json() if suggestion else {}
        changed.append(row)
    if new_rows:
        bulk_create_with_history(new_rows, SubmissionRow, default_user=actor, default_change_reason="added")
    if changed:
        bulk_update_with_history(
            changed,
            SubmissionRow,
            [*ROW_FIELDS, "suggested_status", "suggestion"],
            default_user=actor,
            default_change_reason="suggested again",
        )
    current.version += 1
    return save_recorded(current, actor, "refreshed", clean=False)


def _activity_id(value) -> int | None:
    if isinstance(value, Activity):
        return value.pk
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@transaction.atomic
def submission_save(
    *, actor: Person, submission: Submission, rows: list[dict], version: int | None
) -> Submission:
    """Save what the unit reports on its activities: `rows` = [{activity, status, actual_execution, reasons}]
    (each key but `activity` optional). A stale `version` is refused (409)."""
    current = _lock(submission)
    _require(actor, authorization.CONTRIBUTE, current, _("Only the unit's people fill in its information."))
    check_version(current, version)
    _editable(current)
    _refuse_when_reported(current.plan, current.quarter)
    stored = {row.activity_id: row for row in SubmissionRow.objects.filter(submission=current)}
    errors: list[str] = []
    changed: dict[int, SubmissionRow] = {}
    for data in rows:
        activity_id = _activity_id(data.get("activity"))
        row = stored.get(activity_id)
        if row is None:
            errors.append(
                _("The activity %(activity)s is not in this information.")
                % {"activity": data.get("activity")}
            )
            continue
        unknown = set(data) - {"activity", *ROW_FIELDS}
        if unknown:
            errors.append(_("Unknown fields: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
            continue
        status = data.get("status", row.status) or ""
        if status not in ExecutionStatus.values and status != "":
            errors.append(_("“%(status)s” is not a status of an activity.") % {"status": status})
            continue
        row.status = status
        for name in ("actual_execution", "reasons"):
            if name in data:
                setattr(row, name, (data[name] or "").strip())
        changed[row.pk] = row
    if errors:
        raise ValidationError(errors)
    if changed:
        bulk_update_with_history(
            list(changed.values()),
            SubmissionRow,
            list(ROW_FIELDS),
            default_user=actor,
            default_change_reason="saved",
        )
    current.version += 1
    return save_recorded(current, actor, "saved", clean=False)


@transaction.atomic
def submission_submit(
    *, actor: Person, submission: Submission, version: int | None, now: dt.datetime | None = None
) -> Submission:
    """The unit's head submits the information and so confirms its accuracy, completeness and timeliness (p.14).

    Every row needs a status, and an activity not (fully) executed needs its reasons (p.12). Submitted after the
    deadline (p.13), it is flagged late; a returned one submitted again keeps the flag of its first submission.
    The monitoring unit is told."""
    current = _lock(submission)
    _require(
        actor,
        authorization.APPROVE,
        current,
        _("Only the head of the unit submits its information and confirms its accuracy (OP Rules p.14)."),
    )
    check_version(current, version)
    _editable(current)
    _refuse_when_reported(current.plan, current.quarter)
    rows = list(SubmissionRow.objects.filter(submission=current).select_related("activity"))
    if not rows:
        raise ValidationError(_("The information has no activities to submit."))
    errors = []
    for row in rows:
        name = row.activity.name
        if not row.status:
            errors.append(_("Give the status of «%(activity)s».") % {"activity": name})
        elif row.status != ExecutionStatus.EXECUTED and not row.reasons.strip():
            errors.append(
                _("Give the reasons for non-fulfilment of «%(activity)s» (OP Rules p.12).")
                % {"activity": name}
            )
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    deadline = submission_deadline(current.plan.year, current.quarter)
    if current.status != SubmissionStatus.RETURNED:
        current.late = timezone.localdate(now) > deadline
    current.status = SubmissionStatus.SUBMITTED
    current.submitted_by = actor
    current.submitted_at = now
    current.version += 1
    save_recorded(current, actor, "submitted", clean=False)
    monitoring = current.plan.monitoring_unit
    if monitoring is not None:
        people = unit_people([monitoring])[monitoring.pk]
        notify(
            recipients=people,
            actor=actor,
            kind=KIND_SUBMITTED,
            target=current,
            url=current.get_absolute_url(),
            params={**submission_params(current), "late": current.late},
        )
    return current


@transaction.atomic
def submission_return(
    *, actor: Person, submission: Submission, reason: str, version: int | None = None
) -> Submission:
    """The monitoring unit returns submitted information for correction, saying why; the unit is told."""
    current = _lock(submission)
    _require(
        actor, authorization.CHANGE, current, _("Only the monitoring unit returns the units' information.")
    )
    check_version(current, version)
    if current.status != SubmissionStatus.SUBMITTED:
        raise ValidationError(_("Only submitted information is returned for correction."))
    _refuse_when_reported(current.plan, current.quarter)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the information is returned.")})
    current.status = SubmissionStatus.RETURNED
    current.returned_reason = reason
    current.version += 1
    save_recorded(current, actor, "returned", clean=False)
    notify(
        recipients=unit_people([current.unit])[current.unit_id],
        actor=actor,
        kind=KIND_RETURNED,
        target=current,
        url=current.get_absolute_url(),
        params={**submission_params(current), "reason": reason[:300]},
    )
    return current


# --- reminders (OP Rules p.13) ---------------------------------------------------------------------------------


def submissions_remind(*, today: dt.date | None = None) -> dict:
    """On a working day, for the reporting quarter of every approved plan: three working days before the deadline
    and on the deadline day, remind the head and people of each unit that has not submitted (`op.submission_due`,
    once per unit and day); on the first working day after it, tell the monitoring unit who is late
    (`op.submissions_late`). Answers {"due": [(plan, unit) …], "late": [(plan, [units]) …]}."""
    today = today or timezone.localdate()
    reminded: list[tuple[int, int]] = []
    late: list[tuple[int, list[int]]] = []
    if not is_working_day(today):
        return {"due": reminded, "late": late}
    year, quarter = reporting_quarter(today)
    deadline = submission_deadline(year, quarter)
    remind_days = {add_working_days(deadline, -REMIND_BEFORE), deadline}
    late_day = next_working_day(deadline)
    if today not in remind_days and today != late_day:
        return {"due": reminded, "late": late}
    plans = OperationalPlan.objects.filter(
        year=year, version__gte=1, status__in=(PlanStatus.APPROVED, PlanStatus.ADJUSTING)
    ).select_related("monitoring_unit", "monitoring_unit__head", "body")
    for plan in plans:
        with transaction.atomic():
            unit_ids = set(
                Activity.objects.filter(plan=plan, is_active=True)
                .values_list("unit_id", flat=True)
                .distinct()
            )
            submitted = set(
                Submission.objects.filter(
                    plan=plan, quarter=quarter, unit_id__in=unit_ids, status=SubmissionStatus.SUBMITTED
                ).values_list("unit_id", flat=True)
            )
            waiting = list(
                Unit.objects.filter(pk__in=unit_ids - submitted).select_related("head").order_by("code")
            )
            if not waiting:
                continue
            params = {
                "plan": plan.pk,
                "year": year,
                "quarter": quarter,
                "deadline": deadline.isoformat(),
                "day": today.isoformat(),
                "body_names": {"kk": plan.body.name_kk, "ru": plan.body.name_ru, "en": plan.body.name_en},
            }
            url = _list_url(plan, quarter)
            if today in remind_days:
                told = {
                    int(value)
                    for value in sent_on(KIND_DUE, plan, today).values_list("params__unit", flat=True)
                    if value is not None
                }
                people = unit_people(waiting)
                for unit in waiting:
                    if unit.pk in told:
                        continue
                    notify(
                        recipients=people[unit.pk],
                        actor=None,
                        kind=KIND_DUE,
                        target=plan,
                        url=url,
                        params={
                            **params,
                            "unit": unit.pk,
                            "unit_names": {"kk": unit.name_kk, "ru": unit.name_ru, "en": unit.name_en},
                            "days": (deadline - today).days,
                        },
                        email=True,
                    )
                    reminded.append((plan.pk, unit.pk))
            if today == late_day and plan.monitoring_unit is not None:
                if sent_on(KIND_LATE, plan, today).exists():
                    continue
                monitoring = plan.monitoring_unit
                notify(
                    recipients=unit_people([monitoring])[monitoring.pk],
                    actor=None,
                    kind=KIND_LATE,
                    target=plan,
                    url=url,
                    params={
                        **params,
                        "units": [
                            {"kk": unit.name_kk, "ru": unit.name_ru, "en": unit.name_en} for unit in waiting
                        ],
                    },
                    email=True,
                )
                late.append((plan.pk, [unit.pk for unit in waiting]))
    return {"due": reminded, "late": late}


def _list_url(plan: OperationalPlan, quarter: int) -> str:
    from django.urls import reverse

    return f"{reverse('op-submission-list', args=[plan.pk])}?quarter={quarter}"


def quarter_opens(year: int, quarter: int) -> dt.date:
    """The first day on which the information on the quarter is filled in: the first day of its last month."""
    first, _last = quarter_bounds(year, quarter)
    return first.replace(month=quarter * 3)
