"""API of the quarterly reports on an operational plan (OP Rules p.15–17, Appendix 2):

- ``GET operational-plans/{id}/reports/``: the four quarters (report status, deadline, issued, late);
- ``GET operational-plans/{id}/reports/{year}/``: the annual view (each activity's status in Q1–Q4, counts);
- ``GET operational-plans/{id}/reports/{year}/{quarter}/``: the report (status, summary, deadline, days left,
  late), the units' submissions, the Appendix 2 lines, the general recommendations, the decisions, the person's
  powers; ``PATCH`` ``{"summary"}`` (the monitoring unit; opens the report when there is none yet);
- ``POST …/issue/`` ``{"force"}``: issue it (400 naming the units that have not submitted unless ``force``);
- ``POST …/recommendations/`` ``{"activity": id|null, "text", "amendment"}``: the recommendation on an activity
  (one; an empty text removes it) or a general one (each call adds one);
  ``DELETE …/recommendations/{rid}/``;
- ``POST …/decisions/`` ``{"kind", "text", "decided_on"?}``: the approver's decision on an issued report.

`year` must be the plan's (404 otherwise). Not visible (a unit's own people do not read the report): 404;
visible but not allowed: 403; a broken rule: 400 with the reason.
"""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from pmis.core import authorization
from pmis.core.api.serializers import validated

from ..choices import DecisionKind
from ..models import Activity, Recommendation, Report
from ..selectors.reports import annual_view, plan_for_reports, report_page, report_quarters
from ..services import reports as services
from .serializers_plans import PlanLineSerializer

# --- output ---------------------------------------------------------------------------------------------------


class ReportLineSerializer(PlanLineSerializer):
    """A line of the Appendix 2 form: Appendix 1's columns and the report's."""

    status = serializers.CharField()
    status_label = serializers.CharField()
    actual = serializers.CharField()
    reasons = serializers.CharField()
    recommendation = serializers.CharField()
    extra = serializers.DictField()


class ReportUnitSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit_id")
    name = serializers.CharField()
    state = serializers.CharField(help_text=_("submitted, draft, returned or missing (not started)."))
    late = serializers.BooleanField()
    submitted_at = serializers.DateTimeField(allow_null=True)
    submission = serializers.IntegerField(source="submission_id", allow_null=True)


class ReportRecommendationSerializer(serializers.ModelSerializer):
    author_name = serializers.CharField(source="author.full_name", read_only=True)

    class Meta:
        model = Recommendation
        fields = ("id", "activity", "text", "amendment", "author", "author_name", "created_at")
        read_only_fields = fields


class ReportDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    text = serializers.CharField()
    decided_by = serializers.IntegerField(source="decided_by_id")
    decided_by_name = serializers.CharField(source="decided_by.full_name")
    decided_on = serializers.DateField()


class ReportStateSerializer(serializers.Serializer):
    plan = serializers.IntegerField(source="plan.pk")
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    id = serializers.SerializerMethodField()
    status = serializers.CharField()
    summary = serializers.SerializerMethodField()
    deadline = serializers.DateField()
    days_left = serializers.IntegerField()
    late = serializers.BooleanField()
    issued_at = serializers.SerializerMethodField()
    issued_by = serializers.SerializerMethodField()
    counts = serializers.DictField(child=serializers.IntegerField())
    units = ReportUnitSerializer(many=True)
    lines = ReportLineSerializer(many=True)
    recommendations = ReportRecommendationSerializer(source="general", many=True)
    decisions = ReportDecisionSerializer(many=True)
    may_edit = serializers.BooleanField()
    may_decide = serializers.BooleanField()

    def get_id(self, state) -> int | None:
        return state.report.pk if state.report else None

    def get_summary(self, state) -> str:
        return state.report.summary if state.report else ""

    def get_issued_at(self, state) -> str | None:
        return state.report.issued_at.isoformat() if state.report and state.report.issued_at else None

    def get_issued_by(self, state) -> int | None:
        return state.report.issued_by_id if state.report else None


class ReportQuarterSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    status = serializers.CharField(help_text=_("draft, issued, or empty before the report is opened."))
    deadline = serializers.DateField()
    issued_at = serializers.DateTimeField(allow_null=True)
    late = serializers.BooleanField()


class ReportAnnualCellSerializer(serializers.Serializer):
    status = serializers.CharField()
    label = serializers.CharField()
    issued = serializers.BooleanField()


class ReportAnnualRowSerializer(serializers.Serializer):
    line = ReportLineSerializer()
    quarters = ReportAnnualCellSerializer(source="cells", many=True)


class ReportAnnualSerializer(serializers.Serializer):
    plan = serializers.IntegerField(source="plan.pk")
    year = serializers.IntegerField(source="plan.year")
    rows = ReportAnnualRowSerializer(many=True)
    totals = serializers.DictField()


# --- input ------------------------------------------------------------------------------------------------------


class ReportSummarySerializer(serializers.Serializer):
    summary = serializers.CharField(allow_blank=True)


class ReportIssueSerializer(serializers.Serializer):
    force = serializers.BooleanField(
        default=False, help_text=_("Issue although some units have not submitted their information.")
    )


class ReportRecommendationInputSerializer(serializers.Serializer):
    activity = serializers.IntegerField(allow_null=True, required=False, default=None)
    text = serializers.CharField(allow_blank=True)
    amendment = serializers.BooleanField(default=False)


class ReportDecisionInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DecisionKind.choices)
    text = serializers.CharField(allow_blank=True)
    decided_on = serializers.DateField(required=False, allow_null=True, default=None)


# --- views ------------------------------------------------------------------------------------------------------


def _plan(request, plan_id, year=None):
    plan = plan_for_reports(request.user, plan_id)
    if year is not None and year != plan.year:
        raise Http404
    return plan


def _quarter(quarter: int) -> int:
    if quarter not in (1, 2, 3, 4):
        raise Http404
    return quarter


def _state(request, plan, quarter) -> Response:
    return Response(ReportStateSerializer(report_page(request.user, plan, quarter)).data)


def _opened(request, plan, quarter) -> Report:
    """The quarter's report for a write of the monitoring unit (403 before anything is validated)."""
    authorization.require(request.user, authorization.CHANGE, Report(plan=plan, quarter=quarter))
    return services.report_open(actor=request.user, plan=plan, quarter=quarter)


class ReportListView(APIView):
    """The four quarters of the plan and their reports."""

    @extend_schema(
        responses=ReportQuarterSerializer(many=True), operation_id="operational_plans_reports_list"
    )
    def get(self, request, plan_id):
        plan = _plan(request, plan_id)
        return Response(ReportQuarterSerializer(report_quarters(request.user, plan), many=True).data)


class AnnualView(APIView):
    """The annual view: each activity's status in the four quarters and the counts per quarter."""

    @extend_schema(responses=ReportAnnualSerializer, operation_id="operational_plans_reports_annual")
    def get(self, request, plan_id, year):
        plan = _plan(request, plan_id, year)
        return Response(ReportAnnualSerializer(annual_view(request.user, plan)).data)


class ReportView(APIView):
    """The quarter's report as Appendix 2 lays it out, with its state; PATCH the summary."""

    @extend_schema(responses=ReportStateSerializer)
    def get(self, request, plan_id, year, quarter):
        plan = _plan(request, plan_id, year)
        return _state(request, plan, _quarter(quarter))

    @extend_schema(request=ReportSummarySerializer, responses=ReportStateSerializer)
    def patch(self, request, plan_id, year, quarter):
        plan = _plan(request, plan_id, year)
        report = _opened(request, plan, _quarter(quarter))
        data = validated(ReportSummarySerializer, request.data)
        services.report_update(actor=request.user, report=report, summary=data["summary"])
        return _state(request, plan, quarter)


class ReportIssueView(APIView):
    """Issue the report to the first head or chief of staff (p.15)."""

    @extend_schema(request=ReportIssueSerializer, responses=ReportStateSerializer)
    def post(self, request, plan_id, year, quarter):
        plan = _plan(request, plan_id, year)
        report = _opened(request, plan, _quarter(quarter))
        data = validated(ReportIssueSerializer, request.data)
        services.report_issue(actor=request.user, report=report, force=data["force"])
        return _state(request, plan, quarter)


class RecommendationsView(APIView):
    """Write a recommendation (p.16): on an activity (replaced; an empty text removes it) or on the plan."""

    @extend_schema(
        request=ReportRecommendationInputSerializer,
        responses={200: ReportRecommendationSerializer, 204: None},
    )
    def post(self, request, plan_id, year, quarter):
        plan = _plan(request, plan_id, year)
        report = _opened(request, plan, _quarter(quarter))
        data = validated(ReportRecommendationInputSerializer, request.data)
        activity = None
        if data["activity"] is not None:
            activity = Activity.objects.filter(pk=data["activity"], plan=plan).first()
            if activity is None:
                raise serializers.ValidationError({"activity": [_("This activity is not in the plan.")]})
        recommendation = services.recommendation_set(
            actor=request.user,
            report=report,
            activity=activity,
            text=data["text"],
            amendment=data["amendment"],
        )
        if recommendation is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(ReportRecommendationSerializer(recommendation).data, status=status.HTTP_201_CREATED)


class RecommendationView(APIView):
    """Remove a recommendation."""

    @extend_schema(responses={204: None})
    def delete(self, request, plan_id, year, quarter, pk):
        plan = _plan(request, plan_id, year)
        recommendation = get_object_or_404(
            Recommendation.objects.select_related("report"),
            pk=pk,
            report__plan=plan,
            report__quarter=_quarter(quarter),
        )
        authorization.require(request.user, authorization.DELETE, recommendation)
        services.recommendation_delete(actor=request.user, recommendation=recommendation)
        return Response(status=status.HTTP_204_NO_CONTENT)


class DecisionsView(APIView):
    """Record a decision of the first head or chief of staff on the issued report (p.17)."""

    @extend_schema(request=ReportDecisionInputSerializer, responses={201: ReportDecisionSerializer})
    def post(self, request, plan_id, year, quarter):
        plan = _plan(request, plan_id, year)
        report = Report.objects.filter(plan=plan, quarter=_quarter(quarter)).first()
        authorization.require(
            request.user, authorization.APPROVE, report or Report(plan=plan, quarter=quarter)
        )
        data = validated(ReportDecisionInputSerializer, request.data)
        if report is None:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Decisions are recorded on an issued report.")]}
            )
        decision = services.decision_record(actor=request.user, report=report, **data)
        return Response(ReportDecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


_BASE = "operational-plans/<int:plan_id>/reports/"
_ONE = _BASE + "<int:year>/<int:quarter>/"

urlpatterns = [
    path(_BASE, ReportListView.as_view(), name="api-op-report-list"),
    path(_BASE + "<int:year>/", AnnualView.as_view(), name="api-op-annual"),
    path(_ONE, ReportView.as_view(), name="api-op-report"),
    path(_ONE + "issue/", ReportIssueView.as_view(), name="api-op-report-issue"),
    path(_ONE + "recommendations/", RecommendationsView.as_view(), name="api-op-report-recommendations"),
    path(
        _ONE + "recommendations/<int:pk>/",
        RecommendationView.as_view(),
        name="api-op-report-recommendation",
    ),
    path(_ONE + "decisions/", DecisionsView.as_view(), name="api-op-report-decisions"),
]
