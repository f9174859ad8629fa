"""The abstract hierarchy node shared by portfolios, programs, basic directions, project groups and projects."""

from decimal import Decimal
from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .choices import ExportStatus, Stage, Status


def in_reader_language(
    values: dict[str, str], fallback: tuple[str, ...] = ("ru", "kk", "en"), *, language: str | None = None
) -> str:
    """Of a text kept in several languages (``{"kk": …, "ru": …, "en": …}``), the reader's (or `language`, when a
    caller naming thousands of rows has read it once), else the first one given in `fallback` order."""
    language = language or (get_language() or "ru")[:2]
    for code in (language, *fallback):
        if values.get(code):
            return values[code]
    return ""


class MultilingualNameMixin(models.Model):
    """A name kept in Kazakh, Russian and English; `name` answers in the reader's language with a fallback."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=500, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=500, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)

    FALLBACK_ORDER: ClassVar[tuple[str, ...]] = ("ru", "kk", "en")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_reader_language(
            {code: getattr(self, f"name_{code}", "") for code in ("kk", "ru", "en")}, self.FALLBACK_ORDER
        )

    def clean(self):
        super().clean()
        if not (self.name_kk.strip() or self.name_ru.strip() or self.name_en.strip()):
            raise ValidationError({"name_ru": _("Give the name in at least one language.")})


class HierarchyNode(MultilingualNameMixin):
    """One node of the hierarchy portfolio → program → basic direction → group of projects → project.

    Rules p.27: the documents of the System form one portfolio of national-priority portfolios, implemented
    through programs of basic directions, provided by projects grouped into groups. Every node has a unique
    identification code generated on creation (Rules p.86(8)), a goal (p.10), planned and actual dates, a budget,
    an owning state body, a stage of p.9 and a status. `path` lists the node's ancestors and itself as
    ``kind:id/`` segments, so "this node and everything below it" is one indexed prefix match whatever the depth.
    """

    KIND: ClassVar[str] = ""
    CODE_PREFIX: ClassVar[str] = ""
    #: Portfolios, programs and projects must have planned dates (Rules p.9 compares their deadlines).
    DATES_REQUIRED: ClassVar[bool] = False

    code = models.CharField(_("identification code"), max_length=32, unique=True, editable=False)
    path = models.CharField(_("path"), max_length=255, editable=False)
    goal = models.TextField(_("goal"), blank=True)
    owner_body = models.ForeignKey(
        "org.StateBody", verbose_name=_("owning state body"), on_delete=models.PROTECT, related_name="+"
    )
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    actual_start = models.DateField(_("actual start"), null=True, blank=True)
    actual_end = models.DateField(_("actual end"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget, KZT"),
        max_digits=18,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.INITIATION)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["code"]
        indexes = [
            models.Index(
                fields=["path"], name="%(app_label)s_%(class)s_path", opclasses=["varchar_pattern_ops"]
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gte=F("planned_start")),
                name="%(app_label)s_%(class)s_planned_dates_order",
                violation_error_message=_("The planned end must not be earlier than the planned start."),
            ),
            models.CheckConstraint(
                condition=Q(actual_start__isnull=True)
                | Q(actual_end__isnull=True)
                | Q(actual_end__gte=F("actual_start")),
                name="%(app_label)s_%(class)s_actual_dates_order",
                violation_error_message=_("The actual end must not be earlier than the actual start."),
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0),
                name="%(app_label)s_%(class)s_budget_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
        ]

    def get_absolute_url(self) -> str:
        return reverse(f"{self.KIND}-detail", args=[self.pk])

    @property
    def ref(self) -> str:
        """The node's reference in the API and in paths: ``kind:id``."""
        return f"{self.KIND}:{self.pk}"

    def clean(self):
        super().clean()
        # The database constraints hold the same rules; these put the message beside the field a person edits.
        errors = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("The planned end must not be earlier than the planned start.")
        if self.actual_start and self.actual_end and self.actual_end < self.actual_start:
            errors["actual_end"] = _("The actual end must not be earlier than the actual start.")
        if errors:
            raise ValidationError(errors)
        if self.DATES_REQUIRED:
            missing = {
                field: _("This date is required.")
                for field in ("planned_start", "planned_end")
                if getattr(self, field) is None
            }
            if missing:
                raise ValidationError(missing)


def export_path(instance: "ExportJob", filename: str) -> str:
    return f"exports/{instance.owner_id}/{instance.pk}/{filename}"


class ExportJob(models.Model):
    """A file a person asked for that takes a while to make — the XLSX or PDF of a large operational plan or
    report — made by a Celery task that records its progress, and kept for its owner to download.

    `kind` names a registered maker (`pmis.core.exporting`) and `params` what to make; the maker asks the
    authorization module again when the task runs, and the download asks again, so a file never outlives the
    owner's right to see what it shows.
    """

    owner = models.ForeignKey(
        "org.Person", verbose_name=_("owner"), on_delete=models.CASCADE, related_name="export_jobs"
    )
    kind = models.CharField(_("kind"), max_length=60)
    params = models.JSONField(_("parameters"), default=dict)
    title = models.CharField(_("title"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=2, default="ru")
    status = models.CharField(
        _("status"), max_length=20, choices=ExportStatus.choices, default=ExportStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0)
    file = models.FileField(_("file"), upload_to=export_path, max_length=500, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("export")
        verbose_name_plural = _("exports")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100),
                name="core_exportjob_progress_range",
                violation_error_message=_("Progress is at most 100%."),
            ),
        ]

    def __str__(self) -> str:
        return self.title or self.kind

    def get_absolute_url(self) -> str:
        return reverse("export-detail", args=[self.pk])
