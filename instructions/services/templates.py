"""Writes of the standard checklists (Rules p.94): the Office develops the templates with the algorithm for
executing written and oral instructions; putting an instruction on control copies a template's steps.

Who: "change" on the ChecklistTemplate class (`authorization.can(user, CHANGE, ChecklistTemplate)`) — the Office's
people (or the Django model permission).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from org.models import Person
from pmis.core import authorization
from pmis.core.recording import refuse_unknown, save_recorded

from ..models import ChecklistTemplate, ChecklistTemplateStep

TEMPLATE_FIELDS = ("name_ru", "name_kk", "form", "is_active")
STEP_FIELDS = ("text_ru", "text_kk", "days")


def may_edit_templates(user) -> bool:
    return authorization.can(user, authorization.CHANGE, ChecklistTemplate)


def _require(actor: Person) -> None:
    if not may_edit_templates(actor):
        raise PermissionDenied(_("Only the Office develops the standard checklists (Rules p.94)."))


def _strip(values: dict) -> dict:
    return {key: value.strip() if isinstance(value, str) else value for key, value in values.items()}


@transaction.atomic
def template_create(*, actor: Person, form: str, name_ru: str, name_kk: str = "") -> ChecklistTemplate:
    """A new standard checklist of the written or oral form, with no steps yet."""
    _require(actor)
    template = ChecklistTemplate(**_strip({"form": form, "name_ru": name_ru, "name_kk": name_kk}))
    return save_recorded(template, actor, _("Created"))


@transaction.atomic
def template_update(*, actor: Person, template: ChecklistTemplate, **values) -> ChecklistTemplate:
    """Change the names, the form or whether the template is in use."""
    _require(actor)
    refuse_unknown(values, TEMPLATE_FIELDS)
    current = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
    for name, value in _strip(values).items():
        setattr(current, name, value)
    return save_recorded(current, actor, _("Changed"))


def template_deactivate(*, actor: Person, template: ChecklistTemplate) -> ChecklistTemplate:
    """Out of use: no longer offered when an instruction is put on control; instructions already on control
    keep their checklists."""
    return template_update(actor=actor, template=template, is_active=False)


def _lock_template(template: ChecklistTemplate) -> ChecklistTemplate:
    return ChecklistTemplate.objects.select_for_update().get(pk=template.pk)


@transaction.atomic
def template_step_add(
    *, actor: Person, template: ChecklistTemplate, text_ru: str, text_kk: str = "", days: int | None = None
) -> ChecklistTemplateStep:
    """Append a step at the end of the template."""
    _require(actor)
    _lock_template(template)
    last = template.steps.aggregate(last=Max("position"))["last"] or 0
    step = ChecklistTemplateStep(
        template=template, position=last + 1, **_strip({"text_ru": text_ru, "text_kk": text_kk}), days=days
    )
    step.full_clean()
    step.save()
    return step


@transaction.atomic
def template_step_update(*, actor: Person, step: ChecklistTemplateStep, **values) -> ChecklistTemplateStep:
    """Change a step's texts or term."""
    _require(actor)
    refuse_unknown(values, STEP_FIELDS)
    current = ChecklistTemplateStep.objects.select_for_update().get(pk=step.pk)
    for name, value in _strip(values).items():
        setattr(current, name, value)
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def template_step_delete(*, actor: Person, step: ChecklistTemplateStep) -> None:
    """Delete a step; the steps after it move up."""
    _require(actor)
    template = _lock_template(step.template)
    position = ChecklistTemplateStep.objects.get(pk=step.pk).position  # as stored, not as the caller read it
    ChecklistTemplateStep.objects.filter(pk=step.pk).delete()
    later = template.steps.filter(position__gt=position)
    # Two moves: the unique (template, position) must hold after each statement.
    later.update(position=F("position") + 10000)
    template.steps.filter(position__gt=10000).update(position=F("position") - 10001)


@transaction.atomic
def template_step_reorder(
    *, actor: Person, template: ChecklistTemplate, order: list[int]
) -> ChecklistTemplate:
    """Put the steps in the order of `order` (the ids of all of the template's steps)."""
    _require(actor)
    template = _lock_template(template)
    ids = list(template.steps.values_list("pk", flat=True))
    if len(order) != len(set(order)) or set(order) != set(ids):
        raise ValidationError({"order": _("Give every step of this checklist once, in the new order.")})
    template.steps.update(position=F("position") + 10000)
    for number, pk in enumerate(order, start=1):
        ChecklistTemplateStep.objects.filter(pk=pk).update(position=number)
    return template
