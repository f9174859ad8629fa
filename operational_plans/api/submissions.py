"""API of the units' quarterly information (OP Rules p.11–14): ``operational-plans/{id}/submissions/``.

- ``GET submissions/?quarter=&unit=``: who has submitted on the quarter (default: the one being reported on) —
  each unit the person may see with its head, activities, information (id or null), state and deadline;
- ``POST submissions/`` ``{"unit", "quarter"}``: opens the unit's information (pre-filled from the linked work;
  the existing one if already open) — 201 with it;
- ``GET submissions/<id>/``: the information with its rows in the form's order;
- ``PATCH submissions/<id>/`` ``{"version", "rows": [{"activity", "status", "actual_execution", "reasons"}]}``:
  saves rows (the unit's people); a stale version is 409 with the current information;
- ``POST submissions/<id>/submit/`` ``{"version"}``: the unit's head submits and confirms accuracy (p.14);
- ``POST submissions/<id>/return/`` ``{"reason", "version"?}``: the monitoring unit returns it for correction;
- ``POST submissions/<id>/refresh/`` ``{"version"?}``: suggest again from the linked work.

Not visible: 404; visible but not allowed: 403; a broken rule: 400 with the reason.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from org.models import Unit
from pmis.core.api.serializers import validated
from pmis.core.concurrency import StaleVersion

from ..choices import QUARTERS, ExecutionStatus
from ..models import Submission
from ..selectors.submissions import (
    STATES,
    default_quarter,
    submission_get,
    submission_overview,
    submission_page,
)
from ..services import submissions as services
from .scoped import InPlan


class OverviewSerializer(serializers.Serializer):
    unit = serializers.IntegerField(source="unit.pk")
    unit_name = serializers.CharField(source="unit.name")
    head = serializers.IntegerField(source="head.pk", allow_null=True, default=None)
    head_name = serializers.SerializerMethodField()
    activities = serializers.IntegerField()
    submission = serializers.IntegerField(source="submission.pk", allow_null=True, default=None)
    status = serializers.CharField(source="submission.status", allow_null=True, default=None)
    submitted_at = serializers.DateTimeField(source="submission.submitted_at", allow_null=True, default=None)
    state = serializers.ChoiceField(choices=list(STATES))
    late = serializers.BooleanField()
    deadline = serializers.DateField()
    days_left = serializers.IntegerField()

    def get_head_name(self, row) -> str:
        return row.head.full_name if row.head else ""


class RowSerializer(serializers.Serializer):
    activity = serializers.IntegerField(source="row.activity_id")
    number = serializers.CharField(source="line.number", help_text=_("The activity's number in the form."))
    name = serializers.CharField(source="line.text")
    heading = serializers.IntegerField(source="line.heading_id", allow_null=True)
    term = serializers.CharField(source="line.term")
    status = serializers.CharField(source="row.status")
    actual_execution = serializers.CharField(source="row.actual_execution")
    reasons = serializers.CharField(source="row.reasons")
    suggested_status = serializers.CharField(source="row.suggested_status")
    suggestion = serializers.JSONField(source="row.suggestion")


class SubmissionSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="submission.pk")
    plan = serializers.IntegerField(source="submission.plan_id")
    year = serializers.IntegerField(source="submission.plan.year")
    quarter = serializers.IntegerField(source="submission.quarter")
    unit = serializers.IntegerField(source="submission.unit_id")
    unit_name = serializers.CharField(source="submission.unit.name")
    status = serializers.CharField(source="submission.status")
    state = serializers.CharField()
    late = serializers.BooleanField(source="submission.late")
    deadline = serializers.DateField()
    submitted_by = serializers.IntegerField(source="submission.submitted_by_id", allow_null=True)
    submitted_at = serializers.DateTimeField(source="submission.submitted_at", allow_null=True)
    returned_reason = serializers.CharField(source="submission.returned_reason")
    locked = serializers.BooleanField(
        help_text=_("The quarter's report is issued: nothing changes any more.")
    )
    version = serializers.IntegerField(source="submission.version")
    rows = serializers.SerializerMethodField()

    def get_rows(self, page) -> list[dict]:
        return RowSerializer([entry for entry in page.entries if entry.row is not None], many=True).data


class OpenSerializer(serializers.Serializer):
    unit = serializers.IntegerField(help_text=_("Id of the unit."))
    quarter = serializers.ChoiceField(choices=QUARTERS)


class RowInputSerializer(serializers.Serializer):
    activity = serializers.IntegerField()
    status = serializers.ChoiceField(choices=ExecutionStatus.choices, allow_blank=True, required=False)
    actual_execution = serializers.CharField(allow_blank=True, required=False)
    reasons = serializers.CharField(allow_blank=True, required=False)


class SaveSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=1, help_text=_("The version the edit was made on (409 if stale).")
    )
    rows = RowInputSerializer(many=True)


class SubmitSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1)


class ReturnSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField(min_value=1, required=False)


class RefreshSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, required=False)


class OverviewQuerySerializer(serializers.Serializer):
    quarter = serializers.ChoiceField(choices=QUARTERS, required=False)
    unit = serializers.IntegerField(required=False, help_text=_("Id of the unit."))


@extend_schema_view(
    list=extend_schema(parameters=[OverviewQuerySerializer], responses={200: OverviewSerializer(many=True)}),
    create=extend_schema(request=OpenSerializer, responses={201: SubmissionSerializer}),
    retrieve=extend_schema(responses={200: SubmissionSerializer}),
    partial_update=extend_schema(request=SaveSerializer, responses={200: SubmissionSerializer}),
    submit=extend_schema(request=SubmitSerializer, responses={200: SubmissionSerializer}),
    return_=extend_schema(request=ReturnSerializer, responses={200: SubmissionSerializer}),
    refresh=extend_schema(request=RefreshSerializer, responses={200: SubmissionSerializer}),
)
class SubmissionViewSet(InPlan, viewsets.GenericViewSet):
    """The units' quarterly information on one operational plan (OP Rules p.11–14)."""

    serializer_class = SubmissionSerializer
    queryset = Submission.objects.none()
    lookup_value_regex = r"\d+"
    http_method_names = ("get", "post", "patch", "head", "options")

    def _answer(self, submission, status_code=status.HTTP_200_OK) -> Response:
        fresh = submission_get(self.request.user, self.plan, submission.pk)
        return Response(
            SubmissionSerializer(submission_page(self.request.user, fresh)).data, status=status_code
        )

    def handle_exception(self, exc):
        if isinstance(exc, StaleVersion):
            fresh = submission_get(self.request.user, self.plan, exc.current.pk)
            current = SubmissionSerializer(submission_page(self.request.user, fresh)).data
            return Response({"detail": str(exc), "current": current}, status=status.HTTP_409_CONFLICT)
        return super().handle_exception(exc)

    def list(self, request, plan_pk=None):
        plan = self.plan
        query = validated(OverviewQuerySerializer, request.query_params)
        today = timezone.localdate()
        quarter = int(query.get("quarter") or default_quarter(plan, today))
        rows = submission_overview(request.user, plan, quarter, unit=query.get("unit"), today=today)
        return Response(
            {
                "year": plan.year,
                "quarter": quarter,
                "count": len(rows),
                "results": OverviewSerializer(rows, many=True).data,
            }
        )

    def create(self, request, plan_pk=None):
        plan = self.plan
        data = validated(OpenSerializer, request.data)
        unit = get_object_or_404(Unit, pk=data["unit"], body_id=plan.body_id)
        submission = services.submission_open(
            actor=request.user, plan=plan, unit=unit, quarter=int(data["quarter"])
        )
        return self._answer(submission, status.HTTP_201_CREATED)

    def retrieve(self, request, plan_pk=None, pk=None):
        return self._answer(submission_get(request.user, self.plan, pk))

    def partial_update(self, request, plan_pk=None, pk=None):
        submission = submission_get(request.user, self.plan, pk)
        data = validated(SaveSerializer, request.data)
        services.submission_save(
            actor=request.user,
            submission=submission,
            rows=[dict(row) for row in data["rows"]],
            version=data["version"],
        )
        return self._answer(submission)

    @action(detail=True, methods=["post"])
    def submit(self, request, plan_pk=None, pk=None):
        """The unit's head submits the information and so confirms its accuracy (OP Rules p.14)."""
        submission = submission_get(request.user, self.plan, pk)
        data = validated(SubmitSerializer, request.data)
        services.submission_submit(actor=request.user, submission=submission, version=data["version"])
        return self._answer(submission)

    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, plan_pk=None, pk=None):
        """The monitoring unit returns the information for correction, saying why."""
        submission = submission_get(request.user, self.plan, pk)
        data = validated(ReturnSerializer, request.data)
        services.submission_return(actor=request.user, submission=submission, **data)
        return self._answer(submission)

    @action(detail=True, methods=["post"])
    def refresh(self, request, plan_pk=None, pk=None):
        """Add the unit's new activities and suggest again from the linked work (changed values stay)."""
        submission = submission_get(request.user, self.plan, pk)
        data = validated(RefreshSerializer, request.data)
        services.submission_refresh(actor=request.user, submission=submission, **data)
        return self._answer(submission)


router = SimpleRouter()
router.register(
    r"operational-plans/(?P<plan_pk>\d+)/submissions", SubmissionViewSet, basename="api-op-submission"
)
urlpatterns = router.urls
