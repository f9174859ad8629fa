"""Governing documents of a project by stage, with versions and storage periods (Rules p.90–91, p.78(5, 7))."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.choices import Stage

from ..choices import DocumentKind


class Document(models.Model):
    """A governing document of the project archive, placed by stage of implementation (Rules p.91).

    `retention_years` is its storage period by the list of standard documents (Rules p.90; empty means
    permanent): it counts from the end of the year the project closed, and the document may not be deleted
    before then. The file itself is in its versions; the newest one is the document.
    """

    SCOPE_LOOKUP = "project__path"

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="documents"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    kind = models.CharField(
        _("kind"), max_length=30, choices=DocumentKind.choices, default=DocumentKind.OTHER
    )
    title = models.CharField(_("title"), max_length=300)
    number = models.CharField(_("document number"), max_length=60, blank=True)
    dated = models.DateField(_("document date"), null=True, blank=True)
    retention_years = models.PositiveSmallIntegerField(
        _("storage period, years"),
        null=True,
        blank=True,
        help_text=_("Empty: kept permanently (Rules p.90)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("placed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("governing document")
        verbose_name_plural = _("governing documents")
        ordering = ["project", "stage", "-created_at", "-id"]
        indexes = [models.Index(fields=["project", "kind"], name="projects_document_kind")]

    def __str__(self) -> str:
        return self.title


def version_path(instance: "DocumentVersion", filename: str) -> str:
    return f"documents/{instance.document.project_id}/{instance.document_id}/{instance.number}/{filename}"


class DocumentVersion(models.Model):
    """One version of a governing document's file; versions are never overwritten (Rules p.78(7), p.90)."""

    SCOPE_LOOKUP = "document__project__path"

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=version_path, max_length=500)
    name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    note = models.CharField(_("what changed"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="projects_documentversion_unique_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} v{self.number}"
