"""Reads of the project's archive of governing documents, placed by stage (Rules p.90–91)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from pmis.core import authorization
from pmis.core.choices import Stage

from ..models import Document, DocumentVersion, Project


def document_list(user) -> QuerySet[Document]:
    """The documents `user` may see, each with its versions (newest first) and who placed them: two queries."""
    return authorization.restrict(
        Document.objects.select_related("created_by", "project").prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.select_related("uploaded_by").order_by("-number"),
            )
        ),
        user,
    )


def document_get(user, pk, *, action: str = authorization.VIEW) -> Document:
    """One document the user may see (else 404) and may `action` (else 403)."""
    document = get_object_or_404(document_list(user), pk=pk)
    if action != authorization.VIEW:
        authorization.require(user, action, document)
    return document


def version_get(user, document_id, number) -> DocumentVersion:
    """One version of a document the user may see, for its download: 404 for everybody else."""
    return get_object_or_404(
        authorization.restrict(DocumentVersion.objects.select_related("document"), user),
        document_id=document_id,
        number=number,
    )


def current_version(document: Document) -> DocumentVersion | None:
    """The newest version (the document itself), from the prefetched versions."""
    versions = list(document.versions.all())
    return versions[0] if versions else None


def document_kept_until(document: Document, project: Project) -> dt.date | None:
    """The last day of the document's storage period (Rules p.90): `retention_years` after the end of the year
    the project closed (`actual_end`). None when it is kept permanently or the project has not closed yet."""
    if document.retention_years is None or project.actual_end is None:
        return None
    return dt.date(project.actual_end.year + document.retention_years, 12, 31)


@dataclass
class ArchiveRow:
    document: Document
    current: DocumentVersion | None
    versions: list[DocumentVersion]
    kept_until: dt.date | None


@dataclass
class ArchiveStage:
    stage: str
    label: str
    rows: list[ArchiveRow]


def document_archive(user, project: Project) -> list[ArchiveStage]:
    """The project's archive grouped by stage in the order of the stages (Rules p.91), every stage listed even
    when empty: two queries whatever the number of documents and versions."""
    by_stage: dict[str, list[ArchiveRow]] = {value: [] for value in Stage.values}
    for document in document_list(user).filter(project=project).order_by("stage", "-created_at", "-id"):
        versions = list(document.versions.all())
        by_stage.setdefault(document.stage, []).append(
            ArchiveRow(
                document=document,
                current=versions[0] if versions else None,
                versions=versions,
                kept_until=document_kept_until(document, project),
            )
        )
    labels = dict(Stage.choices)
    return [
        ArchiveStage(stage=value, label=str(labels[value]), rows=by_stage[value]) for value in Stage.values
    ]
