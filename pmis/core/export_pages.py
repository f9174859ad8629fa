"""Pages of the files made in the background (pmis.core.exporting): a person's exports, one export's progress
(polled every second while it is being made) and its download. A person sees only their own exports: another's
is 404. The download asks again whether the owner may still see what the file shows (the maker's kind decides)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from .choices import ExportStatus
from .downloads import file_response
from .exporting import export_get, export_list


@require_GET
@login_required
def export_detail(request, pk: int):
    job = export_get(request.user, pk)
    template = "core/_export_status.html" if request.headers.get("HX-Request") else "core/export_detail.html"
    return render(
        request, template, {"job": job, "pending": job.status in (ExportStatus.QUEUED, ExportStatus.RUNNING)}
    )


@require_GET
@login_required
def export_download(request, pk: int):
    job = export_get(request.user, pk)
    if job.status != ExportStatus.DONE or not job.file:
        from django.http import Http404

        raise Http404
    return file_response(job.file, job.filename)


@require_GET
@login_required
def export_index(request):
    return render(request, "core/export_list.html", {"jobs": export_list(request.user)})


urlpatterns = [
    path("exports/", export_index, name="export-list"),
    path("exports/<int:pk>/", export_detail, name="export-detail"),
    path("exports/<int:pk>/download/", export_download, name="export-download"),
]
