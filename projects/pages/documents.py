"""The project's archive of governing documents by stage (Rules p.90–91): the list, a document with its
versions, uploading a document or a new version, deleting one whose storage period has run out, and the download
of a version through an authorized view (never /media/).

Reading and downloading need "view" on the project (404 otherwise), uploading "contribute", deleting "delete"
(403 otherwise). A service's refusal re-renders the form or page with its message (400).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _

from pmis.core import authorization
from pmis.core.downloads import file_response

from ..document_forms import DocumentForm, VersionForm
from ..selectors.documents import document_archive, document_kept_until, document_list, version_get
from ..services import documents as services
from .base import WorkspacePage


def _archive_url(project) -> str:
    return reverse("project-documents", args=[project.pk])


class DocumentsView(WorkspacePage):
    """``/projects/<pk>/documents/``: the archive grouped by stage, with the upload form."""

    tab = "documents"
    template_name = "projects/documents.html"

    def page(self, project, *, form=None, errors=None, status: int = 200):
        return self.render_page(
            project,
            {
                "archive": document_archive(self.request.user, project),
                "form": form or DocumentForm(project=project),
                "errors": errors or [],
            },
            status=status,
        )

    def get(self, request, pk):
        return self.page(self.get_project())


class DocumentCreateView(DocumentsView):
    """``POST /projects/<pk>/documents/new/``: place a document in the archive with its first file."""

    def post(self, request, pk):
        project = self.get_project(authorization.CONTRIBUTE)
        form = DocumentForm(request.POST, request.FILES, project=project)
        if form.is_valid():
            try:
                document = services.document_create(
                    actor=request.user, project=project, **form.service_kwargs()
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("“%(title)s” is in the archive.") % {"title": document.title})
                return redirect(_archive_url(project))
        return self.page(project, form=form, status=400)

    def get(self, request, pk):
        return redirect(_archive_url(self.get_project()))


class DocumentDetailView(WorkspacePage):
    """``/projects/<pk>/documents/<id>/``: a document with its version history, a new version, its comments."""

    tab = "documents"
    template_name = "projects/documents_detail.html"

    def document(self, project):
        return get_object_or_404(document_list(self.request.user), project=project, pk=self.kwargs["item"])

    def page(self, project, document, *, form=None, errors=None, status: int = 200):
        return self.render_page(
            project,
            {
                "document": document,
                "versions": list(document.versions.all()),
                "kept_until": document_kept_until(document, project),
                "refusal": services.deletion_refusal(document, project),
                "form": form or VersionForm(),
                "errors": errors or [],
            },
            status=status,
        )

    def get(self, request, pk, item):
        project = self.get_project()
        return self.page(project, self.document(project))


class VersionCreateView(DocumentDetailView):
    """``POST /projects/<pk>/documents/<id>/versions/new/``: a new version with what changed."""

    def post(self, request, pk, item):
        project = self.get_project(authorization.CONTRIBUTE)
        document = self.document(project)
        form = VersionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                version = services.document_add_version(
                    actor=request.user, document=document, **form.service_kwargs()
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Version %(number)s is saved.") % {"number": version.number})
                return redirect("project-document-detail", project.pk, document.pk)
        return self.page(project, document, form=form, status=400)

    def get(self, request, pk, item):
        return redirect("project-document-detail", pk, item)


class DocumentDeleteView(DocumentDetailView):
    """``POST /projects/<pk>/documents/<id>/delete/``: refused while the storage period runs (Rules p.90)."""

    def post(self, request, pk, item):
        project = self.get_project(authorization.DELETE)
        document = self.document(project)
        try:
            services.document_delete(actor=request.user, document=document)
        except ValidationError as error:
            return self.page(project, document, errors=error.messages, status=400)
        messages.success(request, _("“%(title)s” is deleted.") % {"title": document.title})
        return redirect(_archive_url(project))

    def get(self, request, pk, item):
        return redirect("project-document-detail", pk, item)


class VersionDownloadView(WorkspacePage):
    """``/projects/<pk>/documents/<id>/versions/<n>/download/``: the file under its own name; 404 for anyone
    who may not see the project."""

    def get(self, request, pk, item, number):
        version = version_get(request.user, item, number)
        if version.document.project_id != pk:
            raise Http404
        return file_response(version.file, version.name)


urlpatterns = [
    path("projects/<int:pk>/documents/", DocumentsView.as_view(), name="project-documents"),
    path("projects/<int:pk>/documents/new/", DocumentCreateView.as_view(), name="project-document-create"),
    path(
        "projects/<int:pk>/documents/<int:item>/",
        DocumentDetailView.as_view(),
        name="project-document-detail",
    ),
    path(
        "projects/<int:pk>/documents/<int:item>/versions/new/",
        VersionCreateView.as_view(),
        name="project-document-version-create",
    ),
    path(
        "projects/<int:pk>/documents/<int:item>/delete/",
        DocumentDeleteView.as_view(),
        name="project-document-delete",
    ),
    path(
        "projects/<int:pk>/documents/<int:item>/versions/<int:number>/download/",
        VersionDownloadView.as_view(),
        name="project-document-download",
    ),
]
