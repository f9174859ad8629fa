"""Reads of the units' quarterly information (OP Rules p.11–14): who has submitted on a quarter, one unit's
information in the form's order, and what the person may do with it.

Restricted by the authorization module: the plan's whole-plan readers (the body's readers, the approver, the
developer and monitoring units) see every unit; a unit's people see their own units only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from org.models import Person, Unit
from pmis.core import authorization

from ..choices import QUARTERS, ReportStatus, SubmissionStatus
from ..deadlines import reporting_quarter, submission_deadline
from ..layout import Line, plan_lines
from ..models import Activity, OperationalPlan, Report, Submission, SubmissionRow
from ..prefill import Suggestion
from ..services.submissions import EDITABLE, quarter_opens

NOT_STARTED = "not_started"
DRAFT = "draft"
SUBMITTED = "submitted"
SUBMITTED_LATE = "submitted_late"
RETURNED = "returned"
OVERDUE = "overdue"
#: How each state reads and looks (a Bootstrap badge class).
STATES = {
    NOT_STARTED: (_("Not started"), "text-bg-light border"),
    DRAFT: (pgettext_lazy("submission", "Draft"), "text-bg-secondary"),
    SUBMITTED: (pgettext_lazy("submission", "Submitted"), "text-bg-success"),
    SUBMITTED_LATE: (_("Submitted late"), "text-bg-warning"),
    RETURNED: (_("Returned for correction"), "text-bg-info"),
    OVERDUE: (_("Overdue"), "text-bg-danger"),
}


class StateMixin:
    state: str

    @property
    def state_label(self) -> str:
        return str(STATES[self.state][0])

    @property
    def state_class(self) -> str:
        return STATES[self.state][1]


@dataclass
class OverviewRow(StateMixin):
    """One unit responsible for activities of the plan, and where its information on the quarter stands."""

    unit: Unit
    head: Person | None
    activities: int
    submission: Submission | None
    state: str
    deadline: dt.date
    days_left: int

    @property
    def late(self) -> bool:
        return self.state in (SUBMITTED_LATE, OVERDUE)


@dataclass
class Entry:
    """A line of the unit's form and, for an activity, its row and what the linked work suggested."""

    line: Line
    row: SubmissionRow | None = None
    suggestion: Suggestion | None = None


@dataclass
class SubmissionPage(StateMixin):
    submission: Submission
    entries: list[Entry]
    deadline: dt.date
    days_left: int
    state: str
    locked: bool
    may_edit: bool
    may_submit: bool
    may_return: bool
    rows: list[SubmissionRow] = field(default_factory=list)


def default_quarter(plan: OperationalPlan, today: dt.date | None = None) -> int:
    """The quarter a page shows first: the one being filled in now (from its last month) or, before that, the one
    whose information is being gathered — within the plan's year."""
    today = today or timezone.localdate()
    if plan.year < today.year:
        return 4
    if plan.year > today.year:
        return 1
    current = (today.month - 1) // 3 + 1
    if today >= quarter_opens(today.year, current):
        return current
    year, quarter = reporting_quarter(today)
    return quarter if year == plan.year else 1


def state_of(submission: Submission | None, deadline: dt.date, today: dt.date) -> str:
    if submission is None:
        return OVERDUE if today > deadline else NOT_STARTED
    if submission.status == SubmissionStatus.SUBMITTED:
        return SUBMITTED_LATE if submission.late else SUBMITTED
    if submission.status == SubmissionStatus.RETURNED:
        return RETURNED
    return OVERDUE if today > deadline else DRAFT


def submission_overview(
    user, plan: OperationalPlan, quarter: int, *, unit: int | None = None, today: dt.date | None = None
) -> list[OverviewRow]:
    """Each unit responsible for active activities of `plan` that `user` may see (optionally one `unit`), with its
    head, its number of activities, its information on `quarter` (or none) and its state against the deadline.
    Three queries after the person's powers are read, whatever the number of units."""
    if quarter not in QUARTERS:
        return []
    today = today or timezone.localdate()
    deadline = submission_deadline(plan.year, quarter)
    activities = authorization.restrict(Activity.objects.filter(plan=plan, is_active=True), user)
    if unit is not None:
        activities = activities.filter(unit_id=unit)
    counts = dict(activities.order_by().values_list("unit_id").annotate(count=Count("pk")))
    if not counts:
        return []
    units = Unit.objects.filter(pk__in=list(counts)).select_related("head").order_by("code", "pk")
    submissions = {
        submission.unit_id: submission
        for submission in Submission.objects.filter(plan=plan, quarter=quarter, unit_id__in=list(counts))
    }
    rows = []
    for found in units:
        submission = submissions.get(found.pk)
        rows.append(
            OverviewRow(
                unit=found,
                head=found.head,
                activities=counts[found.pk],
                submission=submission,
                state=state_of(submission, deadline, today),
                deadline=deadline,
                days_left=(deadline - today).days,
            )
        )
    return rows


def submission_list(user, plan: OperationalPlan):
    """The information of `plan` the person may see."""
    return authorization.restrict(
        Submission.objects.filter(plan=plan).select_related("plan", "unit", "unit__head", "submitted_by"),
        user,
    ).order_by("quarter", "unit__code", "pk")


def submission_get(user, plan: OperationalPlan, pk) -> Submission:
    """One unit's information on `plan` (404 when the person may not see it)."""
    return get_object_or_404(submission_list(user, plan), pk=pk)


def report_issued(plan: OperationalPlan, quarter: int) -> bool:
    return Report.objects.filter(plan=plan, quarter=quarter, status=ReportStatus.ISSUED).exists()


def submission_page(user, submission: Submission, *, today: dt.date | None = None) -> SubmissionPage:
    """The unit's information as the form lays it out (its activities under their headings, with their rows and
    suggestions), the deadline, and what the person may do. Five queries after the person's powers are read."""
    today = today or timezone.localdate()
    plan = submission.plan
    rows = list(
        SubmissionRow.objects.filter(submission=submission)
        .select_related("activity", "activity__unit")
        .order_by("activity__position", "activity_id")
    )
    by_activity = {row.activity_id: row for row in rows}
    lines = plan_lines(plan, activities=[row.activity for row in rows], prune=True)
    entries = []
    for line in lines:
        row = by_activity.get(line.activity_id) if line.is_activity else None
        entries.append(
            Entry(line=line, row=row, suggestion=Suggestion.from_json(row.suggestion) if row else None)
        )
    deadline = submission_deadline(plan.year, submission.quarter)
    locked = report_issued(plan, submission.quarter)
    editable = submission.status in EDITABLE and not locked
    return SubmissionPage(
        submission=submission,
        entries=entries,
        rows=rows,
        deadline=deadline,
        days_left=(deadline - today).days,
        state=state_of(submission, deadline, today),
        locked=locked,
        may_edit=editable and authorization.can(user, authorization.CONTRIBUTE, submission),
        may_submit=editable and authorization.can(user, authorization.APPROVE, submission),
        may_return=submission.status == SubmissionStatus.SUBMITTED
        and not locked
        and authorization.can(user, authorization.CHANGE, submission),
    )


def may_open(user, plan: OperationalPlan, unit: Unit, quarter: int) -> bool:
    """May the person open (fill in) the unit's information on the quarter? No query once powers are read."""
    return authorization.can(
        user, authorization.CONTRIBUTE, Submission(plan=plan, unit=unit, quarter=quarter)
    )
