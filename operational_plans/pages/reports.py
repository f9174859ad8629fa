"""Pages of the quarterly reports (OP Rules p.15–17, Appendix 2): the report of a quarter — its deadline, who has
not submitted, the Appendix 2 table with the monitoring unit's recommendations, the summary, the issue button,
the officials' decisions and the export buttons — and the annual view across the four quarters.

Reads go through ``operational_plans.selectors.reports``, writes through ``operational_plans.services.reports``.
Not visible (a unit's own people do not read the report): 404; visible but not allowed: 403; a broken rule: the
page again with the reason.
"""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views import View

from pmis.core import authorization
from pmis.core.page_input import error_messages

from ..choices import QUARTERS, DecisionKind, ExecutionStatus, ReportStatus
from ..models import Activity, Recommendation, Report
from ..selectors.reports import MISSING, annual_view, plan_for_reports, recommendation_label, report_page
from ..services import reports as services


def _plan(request, plan_pk: int, year: int, quarter: int | None = None):
    plan = plan_for_reports(request.user, plan_pk)
    if year != plan.year or (quarter is not None and quarter not in QUARTERS):
        raise Http404
    return plan


def _back(plan, quarter: int, anchor: str = ""):
    return redirect(reverse("op-report", args=[plan.pk, plan.year, quarter]) + anchor)


class ReportDetailPage(LoginRequiredMixin, View):
    """The report of a quarter as Appendix 2 lays it out, with what the monitoring unit and the approver do."""

    def get(self, request, plan_pk: int, year: int, quarter: int):
        plan = _plan(request, plan_pk, year, quarter)
        state = report_page(request.user, plan, quarter)
        return render(
            request,
            "operational_plans/report_detail.html",
            {
                "plan": plan,
                "year": plan.year,
                "quarter": quarter,
                "state": state,
                "report": state.report,
                "quarters": QUARTERS,
                "decision_kinds": DecisionKind.choices,
                "statuses": ExecutionStatus,
                "missing": MISSING,
                "force": bool(request.GET.get("force")),
            },
        )


class _ReportAction(LoginRequiredMixin, View):
    """POST only: opens the report for the monitoring unit (403 for anyone else) and runs `act`."""

    power = authorization.CHANGE

    def post(self, request, plan_pk: int, year: int, quarter: int):
        plan = _plan(request, plan_pk, year, quarter)
        existing = Report.objects.filter(plan=plan, quarter=quarter).first()
        authorization.require(request.user, self.power, existing or Report(plan=plan, quarter=quarter))
        try:
            return self.act(request, plan, quarter, existing)
        except ValidationError as error:
            return self.refused(request, plan, quarter, error)

    def open(self, request, plan, quarter):
        return services.report_open(actor=request.user, plan=plan, quarter=quarter)

    def refused(self, request, plan, quarter, error: ValidationError):
        error_messages(request, error)
        return _back(plan, quarter)


class ReportSummaryAction(_ReportAction):
    def act(self, request, plan, quarter, existing):
        report = self.open(request, plan, quarter)
        services.report_update(actor=request.user, report=report, summary=request.POST.get("summary", ""))
        return _back(plan, quarter, "#summary")


class ReportIssueAction(_ReportAction):
    def act(self, request, plan, quarter, existing):
        report = self.open(request, plan, quarter)
        services.report_issue(actor=request.user, report=report, force=bool(request.POST.get("force")))
        messages.success(request, _("The report is issued to the first head or chief of staff."))
        return _back(plan, quarter)

    def refused(self, request, plan, quarter, error: ValidationError):
        error_messages(request, error)
        if getattr(error, "code", None) == "missing":  # ask to confirm: the page shows the force form
            return redirect(reverse("op-report", args=[plan.pk, plan.year, quarter]) + "?force=1#issue")
        return _back(plan, quarter)


class ReportRecommendAction(_ReportAction):
    """A recommendation on an activity (HTMX: answers its cell) or, without `activity`, on the whole plan; GET
    ``?activity=`` answers the inline editor of one activity's recommendation (the monitoring unit, a draft)."""

    def get(self, request, plan_pk: int, year: int, quarter: int):
        plan = _plan(request, plan_pk, year, quarter)
        activity = get_object_or_404(Activity, pk=request.GET.get("activity") or 0, plan=plan)
        state_report = Report.objects.filter(plan=plan, quarter=quarter).first()
        authorization.require(
            request.user, authorization.CHANGE, state_report or Report(plan=plan, quarter=quarter)
        )
        recommendation = None
        if state_report is not None:
            recommendation = Recommendation.objects.filter(report=state_report, activity=activity).first()
        if state_report is not None and state_report.status != ReportStatus.DRAFT:
            return _back(plan, quarter, f"#a{activity.pk}")
        if not request.headers.get("HX-Request"):
            return _back(plan, quarter, f"#a{activity.pk}")
        return self.cell(request, plan, quarter, activity, recommendation, error=None, editing=True)

    def act(self, request, plan, quarter, existing):
        report = self.open(request, plan, quarter)
        activity = None
        if request.POST.get("activity"):
            activity = get_object_or_404(Activity, pk=request.POST.get("activity"), plan=plan)
        recommendation = services.recommendation_set(
            actor=request.user,
            report=report,
            activity=activity,
            text=request.POST.get("text", ""),
            amendment=bool(request.POST.get("amendment")),
        )
        if request.headers.get("HX-Request") and activity is not None:
            return self.cell(request, plan, quarter, activity, recommendation, error=None)
        return _back(plan, quarter, f"#a{activity.pk}" if activity else "#recommendations")

    def refused(self, request, plan, quarter, error: ValidationError):
        activity_pk = request.POST.get("activity")
        if request.headers.get("HX-Request") and activity_pk:
            activity = get_object_or_404(Activity, pk=activity_pk, plan=plan)
            return self.cell(request, plan, quarter, activity, None, error=error, status=400)
        return super().refused(request, plan, quarter, error)

    def cell(self, request, plan, quarter, activity, recommendation, *, error, status=200, editing=False):
        return render(
            request,
            "operational_plans/report_recommendation.html",
            {
                "plan": plan,
                "year": plan.year,
                "quarter": quarter,
                "activity_id": activity.pk,
                "text": recommendation.text if recommendation else request.POST.get("text", ""),
                "amendment": recommendation.amendment
                if recommendation
                else bool(request.POST.get("amendment")),
                "label": recommendation_label(recommendation.text, recommendation.amendment)
                if recommendation
                else "",
                "may_edit": True,
                "errors": error.messages if error else [],
                "editing": editing or error is not None,
            },
            status=status,
        )


class ReportRecommendDeleteAction(_ReportAction):
    power = authorization.DELETE

    def post(self, request, plan_pk: int, year: int, quarter: int, pk: int):
        plan = _plan(request, plan_pk, year, quarter)
        recommendation = get_object_or_404(
            Recommendation.objects.select_related("report"), pk=pk, report__plan=plan, report__quarter=quarter
        )
        authorization.require(request.user, authorization.DELETE, recommendation)
        try:
            services.recommendation_delete(actor=request.user, recommendation=recommendation)
        except ValidationError as error:
            error_messages(request, error)
        return _back(plan, quarter, "#recommendations")


class ReportDecideAction(_ReportAction):
    power = authorization.APPROVE

    def act(self, request, plan, quarter, existing):
        if existing is None:
            raise ValidationError(_("Decisions are recorded on an issued report."))
        decided_on = None
        if request.POST.get("decided_on"):
            try:
                decided_on = dt.date.fromisoformat(request.POST["decided_on"])
            except ValueError as error:
                raise ValidationError({"decided_on": _("Enter the date of the decision.")}) from error
        services.decision_record(
            actor=request.user,
            report=existing,
            kind=request.POST.get("kind", ""),
            text=request.POST.get("text", ""),
            decided_on=decided_on,
        )
        return _back(plan, quarter, "#decisions")


class AnnualPage(LoginRequiredMixin, View):
    """The plan's activities across the four quarters, with the counts per quarter."""

    def get(self, request, plan_pk: int, year: int):
        plan = _plan(request, plan_pk, year)
        view = annual_view(request.user, plan)
        return render(
            request,
            "operational_plans/annual_detail.html",
            {"plan": plan, "year": plan.year, "view": view, "quarters": QUARTERS, "missing": MISSING},
        )


_ONE = "<int:plan_pk>/reports/<int:year>/<int:quarter>/"

urlpatterns = [
    path("<int:plan_pk>/reports/<int:year>/", AnnualPage.as_view(), name="op-annual"),
    path(_ONE, ReportDetailPage.as_view(), name="op-report"),
    path(_ONE + "summary/", ReportSummaryAction.as_view(), name="op-report-summary"),
    path(_ONE + "issue/", ReportIssueAction.as_view(), name="op-report-issue"),
    path(_ONE + "recommend/", ReportRecommendAction.as_view(), name="op-report-recommend"),
    path(
        _ONE + "recommendations/<int:pk>/delete/",
        ReportRecommendDeleteAction.as_view(),
        name="op-report-recommend-delete",
    ),
    path(_ONE + "decide/", ReportDecideAction.as_view(), name="op-report-decide"),
]
