"""Instructions on control and their checklists (Rules p.92–94)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import Escalation, Form, InstructionStatus, Source

NODE_KINDS = [(kind, kind) for kind in ("portfolio", "program", "direction", "group", "project")]


class ChecklistTemplate(models.Model):
    """A standard checklist with the algorithm for executing a written or an oral instruction, developed by the
    Office (Rules p.94): putting an instruction on control copies its steps into the instruction's checklist."""

    name_kk = models.CharField(_("name (Kazakh)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300)
    form = models.CharField(_("form of instruction"), max_length=10, choices=Form.choices)
    is_active = models.BooleanField(_("in use"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("standard checklist")
        verbose_name_plural = _("standard checklists")
        ordering = ["form", "name_ru"]

    def __str__(self) -> str:
        from pmis.core.models import in_reader_language

        return in_reader_language({"kk": self.name_kk, "ru": self.name_ru})


class ChecklistTemplateStep(models.Model):
    """One step of a standard checklist, in its order."""

    template = models.ForeignKey(
        ChecklistTemplate, verbose_name=_("checklist"), on_delete=models.CASCADE, related_name="steps"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text_kk = models.CharField(_("step (Kazakh)"), max_length=500, blank=True)
    text_ru = models.CharField(_("step (Russian)"), max_length=500)
    days = models.PositiveSmallIntegerField(
        _("working days from control"),
        null=True,
        blank=True,
        help_text=_("When this step is due, if it has its own term."),
    )

    class Meta:
        verbose_name = _("checklist step")
        verbose_name_plural = _("checklist steps")
        ordering = ["template", "position"]
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="checklist_template_step_once")
        ]

    def __str__(self) -> str:
        from pmis.core.models import in_reader_language

        return in_reader_language({"kk": self.text_kk, "ru": self.text_ru})


class Instruction(models.Model):
    """An instruction whose execution is controlled in the PMIS (Rules p.92–93): of the Government management, the
    Head of the Government Office, a curator of a national priority, a program manager or a head of a basic
    direction, with control assigned to the Office (`controller_body` is the Office) or a state body's project
    office.

    The controller puts it on control with an executor, a deadline and a checklist (from a standard template,
    p.94); the executor works through the checklist and reports; the one who put it on control removes it from
    control, or returns it when the report does not suffice. An overdue instruction escalates (`escalation`).
    `scope_path` is where powers over it are decided: the node it concerns, else the controlling body
    (``body:<id>/``; ``""`` for the Office). Its executors and the one who put it on control always see it.
    """

    SCOPE_LOOKUP = "scope_path"
    #: The executors see it and report (contribute); the one who put it on control sees and removes it (change).
    PEOPLE = {
        "view": ("executor", "co_executors", "put_by"),
        "contribute": ("executor", "co_executors"),
        "change": ("put_by",),
    }

    code = models.CharField(_("control number"), max_length=32, unique=True, editable=False)
    source = models.CharField(_("whose instruction"), max_length=30, choices=Source.choices)
    issuer_name = models.CharField(
        _("issued by"), max_length=300, help_text=_("Name and position of the official.")
    )
    form = models.CharField(_("form"), max_length=10, choices=Form.choices, default=Form.WRITTEN)
    document_number = models.CharField(_("document number"), max_length=100, blank=True)
    document_date = models.DateField(_("document date"), null=True, blank=True)
    text = models.TextField(_("instruction"))
    controller_body = models.ForeignKey(
        "org.StateBody",
        verbose_name=_("controlled by"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The Office or the state body whose project office controls the execution."),
    )
    node_kind = models.CharField(_("level of the node"), max_length=12, choices=NODE_KINDS, blank=True)
    node_id = models.PositiveBigIntegerField(_("node"), null=True, blank=True)
    scope_path = models.CharField(_("path"), max_length=255, editable=False, blank=True)
    executor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("executor"),
        on_delete=models.PROTECT,
        related_name="instructions",
    )
    co_executors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("co-executors"), blank=True, related_name="co_instructions"
    )
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        _("status"), max_length=12, choices=InstructionStatus.choices, default=InstructionStatus.ON_CONTROL
    )
    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("standard checklist"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    put_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("put on control by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    put_on = models.DateField(_("put on control on"))
    report = models.TextField(_("report on execution"), blank=True)
    executed_at = models.DateTimeField(_("executed at"), null=True, blank=True)
    executed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    removed_at = models.DateTimeField(_("removed from control at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    removal_note = models.TextField(_("note on removal"), blank=True)
    return_reason = models.TextField(_("reason for return"), blank=True)
    escalation = models.PositiveSmallIntegerField(
        _("escalation"), choices=Escalation.choices, default=Escalation.NONE
    )
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["version"], m2m_fields=[co_executors])

    class Meta:
        verbose_name = _("instruction on control")
        verbose_name_plural = _("instructions on control")
        ordering = ["deadline", "id"]
        indexes = [
            models.Index(fields=["scope_path"], name="instruction_scope", opclasses=["varchar_pattern_ops"]),
            models.Index(fields=["status", "deadline"], name="instruction_status_deadline"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("put_on")),
                name="instruction_deadline_after_control",
                violation_error_message=_(
                    "The deadline cannot be earlier than the day it is put on control."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status=InstructionStatus.REMOVED) | Q(removed_at__isnull=False),
                name="instruction_removal_dated",
                violation_error_message=_("A removal from control is dated."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("instruction-detail", args=[self.pk])

    @property
    def node_ref(self) -> str:
        return f"{self.node_kind}:{self.node_id}" if self.node_kind and self.node_id else ""


class ChecklistItem(models.Model):
    """One step of an instruction's checklist: copied from the standard template or added by the controller,
    ticked by the executor."""

    SCOPE_LOOKUP = "instruction__scope_path"
    PEOPLE = {
        "view": ("instruction__executor", "instruction__co_executors", "instruction__put_by"),
        "contribute": ("instruction__executor", "instruction__co_executors"),
        "change": ("instruction__put_by",),
    }

    instruction = models.ForeignKey(
        Instruction, verbose_name=_("instruction"), on_delete=models.CASCADE, related_name="checklist"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("step"), max_length=500)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist step")
        verbose_name_plural = _("checklist steps")
        ordering = ["instruction", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["instruction", "position"], name="instruction_checklist_step_once"
            )
        ]

    def __str__(self) -> str:
        return self.text
