"""Writes of the project's archive of governing documents (Rules p.90–91, p.78(5, 7)).

A document is placed at a stage of the project and carries its storage period; its file is in versions that
are never overwritten (a new file is a new version, with what changed and its SHA-256). A document may not be
deleted while its storage period runs, counted from the end of the year the project closed; while the project
has not closed the archive is kept whole.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from org.models import Person
from pmis.core.recording import delete_recorded, save_recorded

from ..choices import DocumentKind
from ..models import Document, DocumentVersion, Project
from ..selectors.documents import document_kept_until

#: Storage periods by kind, in years (None: permanently), after the list of standard documents (Rules p.90):
#: the charter and protocols are kept permanently, reports ten years, everything else five.
DEFAULT_RETENTION: dict[str, int | None] = {
    DocumentKind.CHARTER: None,
    DocumentKind.KICKOFF_PROTOCOL: None,
    DocumentKind.PROTOCOL: None,
    DocumentKind.REPORT: 10,
    DocumentKind.COMPLETION_REPORT: 10,
    DocumentKind.SCHEDULE: 5,
    DocumentKind.CONTRACT: 5,
    DocumentKind.OTHER: 5,
}

#: Marks "no storage period given": the kind's default applies (None itself means "permanently").
BY_KIND = object()


def max_upload_bytes() -> int:
    """The largest file the archive accepts: 50 MB unless the settings say otherwise."""
    return getattr(settings, "PMIS_DOCUMENT_MAX_BYTES", 50 * 1024 * 1024)


def default_retention(kind: str) -> int | None:
    return DEFAULT_RETENTION.get(kind, 5)


def _file_name(file: File) -> str:
    return os.path.basename(file.name or "").strip() or "document"


def _checked(file: File | None) -> File:
    if file is None:
        raise ValidationError({"file": _("Choose the file to upload.")})
    limit = max_upload_bytes()
    if file.size is not None and file.size > limit:
        raise ValidationError(
            {
                "file": _("The file is %(size)s MB; the archive accepts files of up to %(limit)s MB.")
                % {"size": round(file.size / 1024 / 1024, 1), "limit": round(limit / 1024 / 1024)}
            }
        )
    if not file.size:
        raise ValidationError({"file": _("The file is empty.")})
    return file


def _sha256(file: File) -> str:
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def _add_version(document: Document, *, actor, file: File, note: str) -> DocumentVersion:
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = DocumentVersion(
        document=document,
        number=last + 1,
        name=_file_name(file)[:255],
        size=file.size,
        sha256=_sha256(file),
        note=note,
        uploaded_by=actor,
    )
    version.file = File(
        file, name=version.name
    )  # stored under documents/<project>/<document>/<number>/ when the row is saved
    version.full_clean(exclude=["file", "uploaded_by"])  # the uploader is the actor, not input
    version.save()
    return version


@transaction.atomic
def document_create(
    *,
    actor: Person | None,
    project: Project,
    title: str,
    kind: str,
    file: File | None,
    stage: str | None = None,
    number: str = "",
    dated: dt.date | None = None,
    retention_years=BY_KIND,
    note: str = "",
) -> Document:
    """Place a governing document in the project's archive with its first version; the stage defaults to the
    project's, the storage period to the kind's (Rules p.90)."""
    _checked(file)
    document = Document(
        project=project,
        stage=stage or project.stage,
        kind=kind,
        title=title,
        number=number,
        dated=dated,
        retention_years=default_retention(kind) if retention_years is BY_KIND else retention_years,
        created_by=actor,
    )
    save_recorded(
        document, actor, _("Placed in the archive"), exclude=["created_by"]
    )  # who placed it is the actor, not input
    _add_version(document, actor=actor, file=file, note=note)
    return document


@transaction.atomic
def document_add_version(
    *, actor: Person | None, document: Document, file: File | None, note: str = ""
) -> DocumentVersion:
    """Add a new version of the document's file; earlier versions stay (Rules p.78(7))."""
    _checked(file)
    document = Document.objects.select_for_update().get(pk=document.pk)
    return _add_version(document, actor=actor, file=file, note=note)


def deletion_refusal(document: Document, project: Project, today: dt.date | None = None) -> str:
    """Why the document may not be deleted today (Rules p.90), or "" when its storage period has run out."""
    today = today or timezone.localdate()
    if document.retention_years is None:
        return _("“%(title)s” is kept permanently (Rules p.90) and cannot be deleted.") % {
            "title": document.title
        }
    kept_until = document_kept_until(document, project)
    if kept_until is None:
        return _(
            "“%(title)s” belongs to the archive of a project that has not closed yet: it is kept until "
            "%(years)s years after the end of the year the project closes (Rules p.90)."
        ) % {"title": document.title, "years": document.retention_years}
    if today <= kept_until:
        return _(
            "“%(title)s” must be kept until %(date)s (%(years)s years after the project closed, Rules p.90)."
        ) % {
            "title": document.title,
            "date": date_format(kept_until, "SHORT_DATE_FORMAT"),
            "years": document.retention_years,
        }
    return ""


@transaction.atomic
def document_delete(*, actor: Person | None, document: Document, today: dt.date | None = None) -> None:
    """Delete a document whose storage period has run out, with the files of all its versions."""
    document = Document.objects.select_for_update().select_related("project").get(pk=document.pk)
    refusal = deletion_refusal(document, document.project, today)
    if refusal:
        raise ValidationError(refusal)
    paths = [version.file.name for version in document.versions.all()]
    delete_recorded(document, actor, _("Deleted after its storage period"))

    def remove_files():
        from django.core.files.storage import default_storage

        for path in paths:
            default_storage.delete(path)

    transaction.on_commit(remove_files)
