"""API of the official forms' files and of the import (issue 7 items 4–5), under ``/api/v1/``:

- ``POST operational-plans/{id}/exports/`` ``{"form": "plan"|"report", "quarter"?, "format": "xlsx"|"pdf",
  "language": "kk"|"ru"}``: queue the file (Appendix 1 or the quarter's Appendix 2); 202 with ``{"id", "status",
  "url"}``, the export to poll at ``/api/v1/exports/<id>/``;
- ``POST operational-plans/{id}/import/`` (multipart ``file``, ``language``): replace the plan's headings and
  activities with an XLSX in the Appendix 1 layout; 200 with the counts, or 400 with ``{"detail", "rows":
  [{"row", "reason"}]}`` and nothing written.

Not visible: 404; visible but not allowed: 403 (the report for a unit's people; the import for anyone but the
developer unit or "change" on the body).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from pmis.core import authorization

from ..exports import LANGUAGES, PLAN_KINDS, export_form
from ..selectors.plans import plan_get
from ..services.imports import plan_import


class ExportRequestSerializer(serializers.Serializer):
    form = serializers.ChoiceField(choices=("plan", "report"))
    quarter = serializers.IntegerField(min_value=1, max_value=4, required=False)
    format = serializers.ChoiceField(choices=tuple(PLAN_KINDS))
    language = serializers.ChoiceField(choices=LANGUAGES)

    def validate(self, attrs):
        if attrs["form"] == "report" and not attrs.get("quarter"):
            raise serializers.ValidationError({"quarter": _("Name the quarter of the report (1 to 4).")})
        return attrs


class ExportStartedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.CharField()
    url = serializers.CharField()


class ImportRequestSerializer(serializers.Serializer):
    file = serializers.FileField()
    language = serializers.ChoiceField(choices=LANGUAGES)


class ImportDoneSerializer(serializers.Serializer):
    headings = serializers.IntegerField()
    activities = serializers.IntegerField()
    kept = serializers.IntegerField()
    added = serializers.IntegerField()
    removed = serializers.IntegerField()


def export_api_url(job) -> str:
    """Where the export is polled: the core's export API (built by the lead at /api/v1/exports/<id>/)."""
    return f"/api/v1/exports/{job.pk}/"


class PlanExportView(APIView):
    """Queue an official form of the plan as a file made in the background."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=ExportRequestSerializer, responses={202: ExportStartedSerializer})
    def post(self, request, pk: int):
        plan = plan_get(request.user, pk)
        serializer = ExportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        job = export_form(
            owner=request.user,
            plan=plan,
            form=data["form"],
            fmt=data["format"],
            language=data["language"],
            quarter=data.get("quarter"),
        )
        return Response(
            {"id": job.pk, "status": job.status, "url": export_api_url(job)}, status=status.HTTP_202_ACCEPTED
        )


class PlanImportView(APIView):
    """Import the plan's headings and activities from an Appendix 1 workbook: all rows or none."""

    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        request={"multipart/form-data": ImportRequestSerializer},
        responses={200: ImportDoneSerializer, 400: OpenApiResponse(description="The wrong rows.")},
    )
    def post(self, request, pk: int):
        plan = plan_get(request.user, pk)
        if not authorization.can(request.user, authorization.CHANGE, plan):
            raise PermissionDenied(_("Only the unit responsible for the development of the plan imports it."))
        serializer = ImportRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = plan_import(
            actor=request.user,
            plan=plan,
            file=serializer.validated_data["file"],
            language=serializer.validated_data["language"],
        )
        if not result.ok:
            return Response(
                {
                    "detail": _("Nothing was imported: %(count)s rows are wrong.")
                    % {"count": len(result.errors)},
                    "rows": [{"row": error.row, "reason": error.reason} for error in result.errors],
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(
            {
                "headings": result.headings,
                "activities": result.activities,
                "kept": result.kept,
                "added": result.added,
                "removed": result.removed,
            }
        )


urlpatterns = [
    path("operational-plans/<int:pk>/exports/", PlanExportView.as_view(), name="op-api-plan-exports"),
    path("operational-plans/<int:pk>/import/", PlanImportView.as_view(), name="op-api-plan-import"),
]
