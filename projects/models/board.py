"""The project's kanban board: its columns and the task cards on them (Rules p.2(57))."""

from decimal import Decimal

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import ColumnKind, Priority


class BoardColumn(models.Model):
    """A column of a project's kanban board, configured by the project (name, order, kind, WIP limit).

    `kind` says what the column means whatever the team calls it (a sprint counts tasks in a "done" column as
    done); `wip_limit` is the most cards the column may hold, enforced by the server on every move and create
    unless the person overrides it with a reason.
    """

    SCOPE_LOOKUP = "project__path"

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="columns"
    )
    name = models.CharField(_("name"), max_length=80)
    kind = models.CharField(_("meaning"), max_length=20, choices=ColumnKind.choices, default=ColumnKind.TO_DO)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    wip_limit = models.PositiveSmallIntegerField(
        _("WIP limit"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("The most cards the column may hold; empty: no limit."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("board column")
        verbose_name_plural = _("board columns")
        ordering = ["project", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "name"],
                name="projects_boardcolumn_unique_name",
                violation_error_message=_("The board already has a column with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Task(models.Model):
    """A task of the project on its kanban board (Rules p.2(57)), planned into weekly sprints (p.2(58), p.84(3)).

    `position` orders the cards of a column (gaps let a move write one row); `version` is the optimistic lock a
    stale edit is refused by (409); `number` is the task's short reference inside its project ("#42").
    `done_at` is when it last reached a "done" column, for the sprint's burndown and figures.
    """

    SCOPE_LOOKUP = "project__path"

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="tasks"
    )
    number = models.PositiveIntegerField(_("number"), editable=False)
    column = models.ForeignKey(
        BoardColumn, verbose_name=_("column"), on_delete=models.PROTECT, related_name="tasks"
    )
    position = models.BigIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    starts_on = models.DateField(_("start"), null=True, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    priority = models.CharField(
        _("priority"), max_length=10, choices=Priority.choices, default=Priority.NORMAL
    )
    labels = ArrayField(models.CharField(max_length=40), verbose_name=_("labels"), default=list, blank=True)
    checklist = models.JSONField(
        _("checklist"), default=list, blank=True, help_text=_('Items as [{"text": "…", "done": false}, …].')
    )
    blocked = models.BooleanField(_("blocked"), default=False)
    blocked_reason = models.TextField(_("why blocked"), blank=True)
    estimate_hours = models.DecimalField(
        _("estimate, hours"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    blocked_by = models.ManyToManyField(
        "self", verbose_name=_("blocked by"), symmetrical=False, related_name="blocks", blank=True
    )
    sprint = models.ForeignKey(
        "scrum.Sprint",
        verbose_name=_("sprint"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    milestone = models.ForeignKey(
        "projects.Milestone",
        verbose_name=_("milestone"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["column__position", "position", "id"]
        indexes = [
            models.Index(fields=["column", "position"], name="projects_task_column_position"),
            models.Index(fields=["project", "assignee"], name="projects_task_project_assignee"),
            models.Index(fields=["assignee", "due_on"], name="projects_task_assignee_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "number"],
                name="projects_task_unique_number",
                violation_error_message=_("The project already has a task with this number."),
            ),
            models.CheckConstraint(
                condition=models.Q(blocked=False) | ~models.Q(blocked_reason=""),
                name="projects_task_blocked_has_reason",
                violation_error_message=_("Say why the task is blocked."),
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__isnull=True)
                | models.Q(due_on__isnull=True)
                | models.Q(due_on__gte=models.F("starts_on")),
                name="projects_task_dates_order",
                violation_error_message=_("The due date must not be earlier than the start."),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.number} {self.title}"


def attachment_path(instance: "TaskAttachment", filename: str) -> str:
    return f"tasks/{instance.task.project_id}/{instance.task_id}/{filename}"


class TaskAttachment(models.Model):
    """A file attached to a task (Rules p.15: documents are exchanged inside the PMIS)."""

    SCOPE_LOOKUP = "task__project__path"

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=500)
    name = models.CharField(_("name"), max_length=255)
    size = models.PositiveBigIntegerField(_("size, bytes"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.name
