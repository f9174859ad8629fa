"""API of the files made in the background: ``exports/`` (the person's own, newest first), ``exports/{id}/``
(status and progress) and ``exports/{id}/download/`` (the file, once ready). Another person's export is 404."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ..choices import ExportStatus
from ..downloads import file_response
from ..exporting import export_get, export_list
from ..models import ExportJob


class ExportJobSerializer(serializers.ModelSerializer):
    download = serializers.SerializerMethodField()

    class Meta:
        model = ExportJob
        fields = [
            "id",
            "kind",
            "title",
            "language",
            "status",
            "progress",
            "filename",
            "error",
            "created_at",
            "finished_at",
            "download",
        ]
        read_only_fields = fields

    def get_download(self, job: ExportJob) -> str | None:
        if job.status != ExportStatus.DONE:
            return None
        return f"/api/v1/exports/{job.pk}/download/"


class ExportJobViewSet(viewsets.ViewSet):
    serializer_class = ExportJobSerializer
    lookup_value_regex = r"\d+"

    def list(self, request):
        return Response(ExportJobSerializer(export_list(request.user, limit=50), many=True).data)

    def retrieve(self, request, pk=None):
        return Response(ExportJobSerializer(export_get(request.user, int(pk))).data)

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"])
    def download(self, request, pk=None):
        job = export_get(request.user, int(pk))
        if job.status != ExportStatus.DONE or not job.file:
            raise Http404
        return file_response(job.file, job.filename)
