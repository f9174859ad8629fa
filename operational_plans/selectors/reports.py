"""Reads of the quarterly reports (OP Rules p.15–17, Appendix 2): the consolidated lines, the report's page, the
four quarters of a plan and the annual view.

A report is read by whoever reads the whole plan (the body's readers, the approver, the developer and monitoring
units: "view" on the report through the authorization module); a unit's own people, who see only their own
activities, do not see the report (404). Every read here costs a fixed number of queries whatever the number of
activities and units: activities, headings, submitted rows and recommendations are each read once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pmis.core import authorization

from ..choices import QUARTERS, ExecutionStatus, ReportStatus, SubmissionStatus
from ..deadlines import report_deadline
from ..layout import Line, plan_lines
from ..models import (
    Activity,
    OperationalPlan,
    Recommendation,
    Report,
    ReportDecision,
    Submission,
    SubmissionRow,
)
from .plans import plan_get, reads_whole_plan

#: The languages an issued report is frozen in (the official forms' languages).
FROZEN_LANGUAGES = ("kk", "ru")


def form_language(language: str | None = None) -> str:
    """The language of the form's lines: the given or active one; an issued report answers in Kazakh or Russian."""
    return (language or translation.get_language() or "ru")[:2]


def _frozen_language(language: str) -> str:
    return language if language in FROZEN_LANGUAGES else "ru"


def plan_for_reports(user, plan_pk) -> OperationalPlan:
    """The plan if `user` may read its reports (the whole plan): 404 for everyone else, a unit's people too."""
    plan = plan_get(user, plan_pk)
    if not reads_whole_plan(user, plan):
        raise Http404
    return plan


def _require_view(user, plan: OperationalPlan, quarter: int) -> None:
    if quarter not in QUARTERS or not authorization.can(
        user, authorization.VIEW, Report(plan=plan, quarter=quarter)
    ):
        raise Http404


def report_of(plan: OperationalPlan, quarter: int) -> Report | None:
    report = Report.objects.filter(plan=plan, quarter=quarter).select_related("issued_by").first()
    if report is not None:
        report.plan = plan  # the access checks read the plan through the report
    return report


def recommendation_label(text: str, amendment: bool) -> str:
    """The recommendation as column 8 of Appendix 2 writes it, an amendment marked (in the active language)."""
    return f"{text} ({_('amendment to the plan')})" if amendment else text


def consolidate(
    plan: OperationalPlan,
    quarter: int,
    report: Report | None,
    *,
    language: str,
    recommendations: list[Recommendation] | None = None,
) -> list[Line]:
    """The live Appendix 2 lines (no access check: the callers have asked): the plan's active activities with the
    submitted rows of their units for the quarter and the report's recommendations. Four queries at most."""
    activities = list(Activity.objects.filter(plan=plan, is_active=True).select_related("unit"))
    rows = {
        row["activity_id"]: row
        for row in SubmissionRow.objects.filter(
            submission__plan=plan, submission__quarter=quarter, submission__status=SubmissionStatus.SUBMITTED
        ).values("activity_id", "status", "actual_execution", "reasons")
    }
    if recommendations is None:
        recommendations = list(Recommendation.objects.filter(report=report)) if report is not None else []
    on_activity = {item.activity_id: item for item in recommendations if item.activity_id is not None}
    labels = dict(ExecutionStatus.choices)
    with translation.override(language):
        lines = plan_lines(plan, activities=activities, language=language)
        for line in lines:
            if not line.is_activity:
                continue
            row = rows.get(line.activity_id)
            if row is None:
                line.extra["missing"] = True
            else:
                line.status = row["status"]
                line.status_label = str(labels[row["status"]]) if row["status"] else ""
                line.actual = row["actual_execution"]
                line.reasons = row["reasons"]
            recommendation = on_activity.get(line.activity_id)
            if recommendation is not None:
                line.recommendation = recommendation_label(recommendation.text, recommendation.amendment)
                line.extra["amendment"] = recommendation.amendment
                line.extra["recommendation_id"] = recommendation.pk
                line.extra["recommendation_text"] = recommendation.text
    return lines


def _lines_of(
    plan: OperationalPlan, quarter: int, report: Report | None, language: str, recommendations=None
) -> list[Line]:
    if report is not None and report.status == ReportStatus.ISSUED:
        frozen = report.rows.get(_frozen_language(language), []) if isinstance(report.rows, dict) else []
        return [Line.from_dict(item) for item in frozen]
    return consolidate(plan, quarter, report, language=language, recommendations=recommendations)


def report_lines(user, plan: OperationalPlan, quarter: int, *, language: str | None = None) -> list[Line]:
    """THE Appendix 2 data of the plan's quarter, in `language` (the active one by default).

    An issued report answers its lines as frozen at issue (in Kazakh or Russian; any other language reads the
    Russian ones); otherwise the lines are consolidated now: each activity with the status, actual execution and
    reasons its unit submitted (nothing, and ``extra["missing"]``, while the unit has not submitted) and the
    monitoring unit's recommendation on it. 404 unless `user` reads the whole plan. Five queries at most (plus
    those of the access check), whatever the number of activities.
    """
    _require_view(user, plan, quarter)
    return _lines_of(plan, quarter, report_of(plan, quarter), form_language(language))


# --- the units' submissions ---------------------------------------------------------------------------------------

MISSING = "missing"


@dataclass
class UnitState:
    """Where one unit with activities in the plan stands with its information for the quarter."""

    unit_id: int
    name: str
    state: str  # "submitted", "draft", "returned" or MISSING (nothing started)
    late: bool = False
    submitted_at: dt.datetime | None = None
    submission_id: int | None = None

    @property
    def submitted(self) -> bool:
        return self.state == SubmissionStatus.SUBMITTED

    @property
    def state_label(self) -> str:
        if self.state == MISSING:
            return _("Not started")
        return str(SubmissionStatus(self.state).label)


def units_summary(plan: OperationalPlan, quarter: int, lines: list[Line]) -> list[UnitState]:
    """The units that carry activities of the report (read from its lines) and their information: one query."""
    names: dict[int, str] = {}
    for line in lines:
        if line.is_activity and line.unit_id is not None:
            names.setdefault(line.unit_id, line.unit)
    submissions = {
        item["unit_id"]: item
        for item in Submission.objects.filter(plan=plan, quarter=quarter).values(
            "id", "unit_id", "status", "late", "submitted_at"
        )
    }
    states = []
    for unit_id, name in names.items():
        found = submissions.get(unit_id)
        if found is None:
            states.append(UnitState(unit_id=unit_id, name=name, state=MISSING))
        else:
            states.append(
                UnitState(
                    unit_id=unit_id,
                    name=name,
                    state=found["status"],
                    late=found["late"],
                    submitted_at=found["submitted_at"],
                    submission_id=found["id"],
                )
            )
    states.sort(key=lambda item: (item.submitted, item.name))
    return states


def units_not_submitted(plan: OperationalPlan, quarter: int) -> list[str]:
    """The names of the units with active activities that have not submitted the quarter's information (two
    queries), in the active language."""
    units = {
        activity.unit_id: activity.unit.name
        for activity in Activity.objects.filter(plan=plan, is_active=True).select_related("unit")
    }
    submitted = set(
        Submission.objects.filter(
            plan=plan, quarter=quarter, status=SubmissionStatus.SUBMITTED, unit_id__in=list(units)
        ).values_list("unit_id", flat=True)
    )
    return sorted(name for unit_id, name in units.items() if unit_id not in submitted)


# --- the report's page --------------------------------------------------------------------------------------------


@dataclass
class ReportState:
    """The report of one quarter as its page and the API show it."""

    plan: OperationalPlan
    quarter: int
    report: Report | None
    deadline: dt.date
    today: dt.date
    lines: list[Line] = field(default_factory=list)
    units: list[UnitState] = field(default_factory=list)
    general: list[Recommendation] = field(default_factory=list)
    decisions: list[ReportDecision] = field(default_factory=list)
    may_monitor: bool = False
    may_approve: bool = False

    @property
    def year(self) -> int:
        return self.plan.year

    @property
    def status(self) -> str:
        return self.report.status if self.report is not None else ReportStatus.DRAFT

    @property
    def issued(self) -> bool:
        return self.status == ReportStatus.ISSUED

    @property
    def days_left(self) -> int:
        """Calendar days to the deadline (negative: past it)."""
        return (self.deadline - self.today).days

    @property
    def days_late(self) -> int:
        return -self.days_left

    @property
    def late(self) -> bool:
        """Issued after the deadline, or not issued and the deadline has passed."""
        if self.issued:
            return self.report.late
        return self.today > self.deadline

    @property
    def missing_units(self) -> list[UnitState]:
        return [unit for unit in self.units if not unit.submitted]

    @property
    def may_edit(self) -> bool:
        """May the person consolidate: recommendations, the summary, issue (the monitoring unit, a draft)."""
        return self.may_monitor and not self.issued

    @property
    def may_decide(self) -> bool:
        return self.may_approve and self.issued

    @property
    def counts(self) -> dict[str, int]:
        return _counts(
            line.status if not line.extra.get("missing") else MISSING
            for line in self.lines
            if line.is_activity
        )


def _counts(statuses) -> dict[str, int]:
    counts = {ExecutionStatus.EXECUTED.value: 0, ExecutionStatus.PARTIAL.value: 0}
    counts[ExecutionStatus.NOT_EXECUTED.value] = 0
    counts[MISSING] = 0
    for status in statuses:
        key = status if status in counts else MISSING
        counts[key] += 1
    return counts


def report_page(
    user, plan: OperationalPlan, quarter: int, *, today: dt.date | None = None, language: str | None = None
) -> ReportState:
    """Everything the report's page and the API show for the quarter: the report (None before it is opened), its
    deadline (the 15th, p.15) and state, the units' submissions, the lines, the general recommendations, the
    decisions and the person's powers. 404 unless `user` reads the whole plan; a fixed number of queries."""
    _require_view(user, plan, quarter)
    today = today or timezone.localdate()
    report = report_of(plan, quarter)
    recommendations: list[Recommendation] = []
    decisions: list[ReportDecision] = []
    if report is not None:
        recommendations = list(
            Recommendation.objects.filter(report=report).select_related("author").order_by("id")
        )
        if report.status == ReportStatus.ISSUED:
            decisions = list(
                ReportDecision.objects.filter(report=report)
                .select_related("decided_by")
                .order_by("decided_on", "id")
            )
    lines = _lines_of(plan, quarter, report, form_language(language), recommendations)
    probe = report if report is not None else Report(plan=plan, quarter=quarter)
    return ReportState(
        plan=plan,
        quarter=quarter,
        report=report,
        deadline=report_deadline(plan.year, quarter),
        today=today,
        lines=lines,
        units=units_summary(plan, quarter, lines),
        general=[item for item in recommendations if item.activity_id is None],
        decisions=decisions,
        may_monitor=authorization.can(user, authorization.CHANGE, probe),
        may_approve=authorization.can(user, authorization.APPROVE, probe),
    )


@dataclass
class QuarterState:
    """One quarter of the plan in the list of its reports."""

    year: int
    quarter: int
    deadline: dt.date
    report: Report | None
    today: dt.date

    @property
    def status(self) -> str:
        return self.report.status if self.report is not None else ""

    @property
    def issued_at(self) -> dt.datetime | None:
        return self.report.issued_at if self.report is not None else None

    @property
    def late(self) -> bool:
        if self.report is not None and self.report.status == ReportStatus.ISSUED:
            return self.report.late
        return self.today > self.deadline


def report_quarters(user, plan: OperationalPlan, *, today: dt.date | None = None) -> list[QuarterState]:
    """The four quarters of the plan with their reports (one query). 404 unless `user` reads the whole plan."""
    _require_view(user, plan, 1)
    today = today or timezone.localdate()
    reports = {report.quarter: report for report in Report.objects.filter(plan=plan).defer("rows")}
    return [
        QuarterState(
            year=plan.year,
            quarter=quarter,
            deadline=report_deadline(plan.year, quarter),
            report=reports.get(quarter),
            today=today,
        )
        for quarter in QUARTERS
    ]


# --- the annual view ------------------------------------------------------------------------------------------------


@dataclass
class AnnualCell:
    status: str  # an ExecutionStatus, "" (a row without a status) or MISSING
    label: str
    issued: bool  # read from an issued report (frozen) rather than from the submitted information


@dataclass
class AnnualRow:
    line: Line
    cells: list[AnnualCell] = field(default_factory=list)


@dataclass
class AnnualView:
    plan: OperationalPlan
    rows: list[AnnualRow]
    reports: dict[int, Report]
    totals: dict[int, dict[str, int]]

    @property
    def quarters(self) -> tuple[int, ...]:
        return QUARTERS

    @property
    def total_rows(self) -> list[tuple[str, list[int]]]:
        """The counts as table rows: (label, [Q1, Q2, Q3, Q4]) for each status and for no information."""
        labels = [(status.value, status.label) for status in ExecutionStatus] + [
            (MISSING, _("No information"))
        ]
        return [(str(label), [self.totals[quarter][key] for quarter in QUARTERS]) for key, label in labels]


def annual_view(user, plan: OperationalPlan, *, language: str | None = None) -> AnnualView:
    """Each line of the form with, for an activity, its status in each quarter — from the issued report's frozen
    lines, else from its unit's submitted information — and per quarter the counts executed / partially / not
    executed / missing. 404 unless `user` reads the whole plan. Four queries, whatever the number of activities."""
    _require_view(user, plan, 1)
    language = form_language(language)
    reports = {report.quarter: report for report in Report.objects.filter(plan=plan)}
    activities = list(Activity.objects.filter(plan=plan, is_active=True).select_related("unit"))
    lines = plan_lines(plan, activities=activities, language=language)
    submitted: dict[int, dict[int, str]] = {quarter: {} for quarter in QUARTERS}
    for quarter, activity_id, status in SubmissionRow.objects.filter(
        submission__plan=plan, submission__status=SubmissionStatus.SUBMITTED
    ).values_list("submission__quarter", "activity_id", "status"):
        submitted[quarter][activity_id] = status
    frozen: dict[int, dict[int, str]] = {}
    for quarter, report in reports.items():
        if report.status == ReportStatus.ISSUED and isinstance(report.rows, dict):
            frozen[quarter] = {
                item["activity_id"]: (
                    MISSING if item.get("extra", {}).get("missing") else item.get("status", "")
                )
                for item in report.rows.get(_frozen_language(language), [])
                if item.get("activity_id")
            }
    labels = dict(ExecutionStatus.choices)
    rows: list[AnnualRow] = []
    totals = {quarter: _counts(()) for quarter in QUARTERS}
    with translation.override(language):
        missing_label = _("not submitted")
        for line in lines:
            row = AnnualRow(line=line)
            if line.is_activity:
                for quarter in QUARTERS:
                    issued = quarter in frozen
                    source = frozen[quarter] if issued else submitted[quarter]
                    status = source.get(line.activity_id, MISSING)
                    label = missing_label if status == MISSING else str(labels.get(status, ""))
                    row.cells.append(AnnualCell(status=status, label=label, issued=issued))
                    totals[quarter][status if status in totals[quarter] else MISSING] += 1
            rows.append(row)
    return AnnualView(plan=plan, rows=rows, reports=reports, totals=totals)
