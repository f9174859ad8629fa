"""Writes of the instructions on control (Rules p.92–94): put on control, the checklist ticked and the execution
reported by the executors, returned or removed from control by the one who put it on control, the deadline
extended, and overdue instructions escalated every working morning.

Who (through `pmis.core.authorization`): putting on control is "add" on the unsaved instruction at its scope —
the Office everywhere, a state body's project office on its body and programs; the curator's instructions only
by the Office (p.93). Ticking and reporting is "contribute" (the executors, named on the instruction). Return,
removal, extension and changes belong to the person who put it on control (`put_by`; a superuser too): p.92 puts
"putting on control, execution and removal from control" in the hands of the controller, so another employee of
the Office is refused.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Person, StateBody
from org.selectors import role_holders
from org.services.notifications import notify
from pmis.core import authorization
from pmis.core.concurrency import check_version
from pmis.core.recording import refuse_unknown, save_recorded
from pmis.core.workdays import add_working_days, is_working_day, working_days_between

from ..choices import Escalation, InstructionStatus, Source
from ..models import ChecklistItem, ChecklistTemplate, Instruction
from ..selectors.instructions import is_controller

KIND_PUT = "instructions.put_on_control"
KIND_EXECUTED = "instructions.executed"
KIND_RETURNED = "instructions.returned"
KIND_REMOVED = "instructions.removed"
KIND_EXTENDED = "instructions.extended"
KIND_OVERDUE = "instructions.overdue"
KIND_ESCALATED = "instructions.escalated"

#: Working days past the deadline after which an overdue instruction goes to the head of the project office.
HEAD_AFTER_DAYS = 3
UPDATE_FIELDS = ("executor", "co_executors", "text", "issuer_name", "document_number", "document_date")


def _is_office(body: StateBody) -> bool:
    return body.kind == "office"


def scope_path_for(*, controller_body: StateBody, node=None) -> str:
    """Where powers over the instruction are decided: the node, else the controlling body, else the Office."""
    if node is not None:
        return node.path
    return "" if _is_office(controller_body) else f"body:{controller_body.pk}/"


def instruction_params(instruction: Instruction) -> dict:
    return {
        "code": instruction.code,
        "text": instruction.text[:300],
        "deadline": instruction.deadline.isoformat(),
        "issuer": instruction.issuer_name,
    }


def _executors(instruction: Instruction) -> list[Person]:
    return [instruction.executor, *instruction.co_executors.all()]


def _lock(instruction: Instruction) -> Instruction:
    return (
        Instruction.objects.select_for_update(of=("self",))
        .select_related("executor", "put_by", "controller_body")
        .get(pk=instruction.pk)
    )


def _require_controller(actor: Person, instruction: Instruction, what: str) -> None:
    """Only the one who put it on control (or a superuser) returns, removes, extends or changes it."""
    if not is_controller(actor, instruction):
        raise PermissionDenied(
            _("Only %(person)s, who put this instruction on control, may %(what)s it.")
            % {"person": instruction.put_by.full_name, "what": what}
        )


def _require_status(instruction: Instruction, status: str, message: str) -> None:
    if instruction.status != status:
        raise ValidationError(message % {"status": instruction.get_status_display().lower()})


def _clean_people(executor: Person, co_executors: Iterable[Person]) -> list[Person]:
    if executor is None or not executor.is_active:
        raise ValidationError({"executor": _("Choose an active person as the executor.")})
    people = []
    for person in co_executors:
        if person.pk == executor.pk:
            raise ValidationError({"co_executors": _("The executor is not also a co-executor.")})
        if not person.is_active:
            raise ValidationError(
                {"co_executors": _("%(person)s is not active.") % {"person": person.full_name}}
            )
        if person not in people:
            people.append(person)
    return people


def _next_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [Instruction._meta.db_table])
        return cursor.fetchone()[0]


def _step_text(step, language: str) -> str:
    return (step.text_kk if language == "kk" and step.text_kk else step.text_ru)[:500]


@transaction.atomic
def instruction_put_on_control(
    *,
    actor: Person,
    source: str,
    issuer_name: str,
    form: str,
    text: str,
    controller_body: StateBody,
    executor: Person,
    deadline: dt.date,
    node=None,
    co_executors: Iterable[Person] = (),
    template: ChecklistTemplate | None = None,
    steps: Iterable[str] = (),
    document_number: str = "",
    document_date: dt.date | None = None,
) -> Instruction:
    """Put an instruction on control with its executor, deadline and checklist (the template's steps, due by
    their working days from today but not after the deadline, then the extra `steps`); the executors are told.
    """
    today = timezone.localdate()
    scope_path = scope_path_for(controller_body=controller_body, node=node)
    # Rules p.92: control is the Office's or a state body's project office's — powers on the controller itself
    # (the Office, ``body:<id>/``), not only on the node the instruction concerns (which a program manager has).
    controller_path = scope_path_for(controller_body=controller_body, node=None)
    if not all(
        authorization.can(actor, authorization.ADD, Instruction(scope_path=path))
        for path in {controller_path, scope_path}
    ):
        raise PermissionDenied(_("You may not put instructions on control here."))
    if source == Source.NP_CURATOR and not _is_office(controller_body):
        raise ValidationError(
            {
                "controller_body": _(
                    "A curator's instruction is put on control by the Office's national priority implementation "
                    "group (Rules p.93)."
                )
            }
        )
    if node is not None and not _is_office(controller_body) and node.owner_body_id != controller_body.pk:
        raise ValidationError(
            {"node": _("A state body's project office controls instructions on its own body's programs.")}
        )
    if deadline is not None and deadline < today:
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    co_people = _clean_people(executor, co_executors)
    if template is not None:
        if not template.is_active:
            raise ValidationError({"template": _("This standard checklist is no longer in use.")})
        if template.form != form:
            raise ValidationError(
                {"template": _("Choose a standard checklist of the same form as the instruction.")}
            )
    extra = [str(step).strip() for step in steps if str(step).strip()]
    if any(len(step) > 500 for step in extra):
        raise ValidationError({"steps": _("A checklist step is at most 500 characters.")})
    instruction = Instruction(
        source=source,
        issuer_name=(issuer_name or "").strip(),
        form=form,
        text=(text or "").strip(),
        controller_body=controller_body,
        node_kind=node.KIND if node is not None else "",
        node_id=node.pk if node is not None else None,
        scope_path=scope_path,
        executor=executor,
        deadline=deadline,
        template=template,
        put_by=actor,
        put_on=today,
        document_number=(document_number or "").strip(),
        document_date=document_date,
    )
    instruction.full_clean(exclude=["code"])
    instruction.pk = _next_id()
    instruction.code = f"INS-{today.year}-{instruction.pk:05d}"
    save_recorded(instruction, actor, _("Put on control"), clean=False, force_insert=True)
    instruction.co_executors.set(co_people)
    items = []
    if template is not None:
        for step in template.steps.order_by("position"):
            due = add_working_days(today, step.days) if step.days else None
            items.append((_step_text(step, executor.language), min(due, deadline) if due else None))
    items += [(step, None) for step in extra]
    ChecklistItem.objects.bulk_create(
        ChecklistItem(instruction=instruction, position=number, text=item_text, due_on=due)
        for number, (item_text, due) in enumerate(items, start=1)
    )
    notify(
        recipients=[executor, *co_people],
        actor=actor,
        kind=KIND_PUT,
        target=instruction,
        url=instruction.get_absolute_url(),
        params=instruction_params(instruction),
    )
    return instruction


@transaction.atomic
def checklist_item_toggle(*, actor: Person, item: ChecklistItem, done: bool) -> ChecklistItem:
    """The executors tick (or untick) a step of the checklist while the instruction is on control."""
    instruction = _lock(item.instruction)
    if not authorization.can(actor, authorization.CONTRIBUTE, instruction):
        raise PermissionDenied(_("Only the executors tick the steps of the checklist."))
    _require_status(
        instruction,
        InstructionStatus.ON_CONTROL,
        _("The instruction is %(status)s: its checklist is no longer ticked."),
    )
    current = ChecklistItem.objects.select_for_update().get(pk=item.pk, instruction=instruction)
    if bool(current.done_at) == bool(done):
        return current
    current.done_at = timezone.now() if done else None
    current.done_by = actor if done else None
    return save_recorded(current, actor, _("Step done") if done else _("Step reopened"))


@transaction.atomic
def instruction_report(
    *, actor: Person, instruction: Instruction, report: str, version: int | None = None
) -> Instruction:
    """The executors report the execution: the instruction is executed and awaits removal from control; every
    step of the checklist must be done. The one who put it on control is told."""
    current = _lock(instruction)
    if not authorization.can(actor, authorization.CONTRIBUTE, current):
        raise PermissionDenied(_("Only the executors report on the execution."))
    check_version(current, version)
    _require_status(
        current, InstructionStatus.ON_CONTROL, _("The instruction is %(status)s: it is not reported again.")
    )
    report = (report or "").strip()
    if not report:
        raise ValidationError({"report": _("Write the report on execution.")})
    open_steps = list(current.checklist.filter(done_at__isnull=True).order_by("position"))
    if open_steps:
        raise ValidationError(
            _("Steps of the checklist are not done yet: %(steps)s.")
            % {"steps": "; ".join(f"{step.position}. {step.text}" for step in open_steps)}
        )
    current.report = report
    current.status = InstructionStatus.EXECUTED
    current.executed_at = timezone.now()
    current.executed_by = actor
    current.version += 1
    save_recorded(current, actor, _("Executed"))
    notify(
        recipients=[current.put_by],
        actor=actor,
        kind=KIND_EXECUTED,
        target=current,
        url=current.get_absolute_url(),
        params=instruction_params(current),
    )
    return current


@transaction.atomic
def instruction_return(
    *, actor: Person, instruction: Instruction, reason: str, version: int | None = None
) -> Instruction:
    """The report does not suffice: back on control with the reason; the executors are told."""
    current = _lock(instruction)
    _require_controller(actor, current, _("return"))
    check_version(current, version)
    _require_status(
        current,
        InstructionStatus.EXECUTED,
        _("The instruction is %(status)s: only an executed one is returned."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the report does not suffice.")})
    current.status = InstructionStatus.ON_CONTROL
    current.return_reason = reason
    current.executed_at = None
    current.executed_by = None
    current.version += 1
    save_recorded(current, actor, (_("Returned: %(reason)s") % {"reason": reason})[:100])
    notify(
        recipients=_executors(current),
        actor=actor,
        kind=KIND_RETURNED,
        target=current,
        url=current.get_absolute_url(),
        params={**instruction_params(current), "reason": reason[:300]},
    )
    return current


@transaction.atomic
def instruction_remove(
    *, actor: Person, instruction: Instruction, note: str = "", version: int | None = None
) -> Instruction:
    """Remove an executed instruction from control (Rules p.92): only the person who put it on control."""
    current = _lock(instruction)
    _require_controller(actor, current, _("remove from control"))
    check_version(current, version)
    _require_status(
        current,
        InstructionStatus.EXECUTED,
        _("The instruction is %(status)s: only an executed instruction is removed from control."),
    )
    current.status = InstructionStatus.REMOVED
    current.removed_at = timezone.now()
    current.removed_by = actor
    current.removal_note = (note or "").strip()
    current.version += 1
    save_recorded(current, actor, _("Removed from control"))
    notify(
        recipients=_executors(current),
        actor=actor,
        kind=KIND_REMOVED,
        target=current,
        url=current.get_absolute_url(),
        params=instruction_params(current),
    )
    return current


@transaction.atomic
def instruction_extend(
    *, actor: Person, instruction: Instruction, deadline: dt.date, reason: str, version: int | None = None
) -> Instruction:
    """A later deadline, with the reason kept in the history; the escalation starts again."""
    current = _lock(instruction)
    _require_controller(actor, current, _("extend"))
    check_version(current, version)
    _require_status(
        current,
        InstructionStatus.ON_CONTROL,
        _("The instruction is %(status)s: its deadline is not extended."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the deadline is extended.")})
    if deadline is None or deadline <= current.deadline:
        raise ValidationError({"deadline": _("The new deadline is later than the current one.")})
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    previous = current.deadline
    current.deadline = deadline
    current.escalation = Escalation.NONE
    current.escalated_on = None
    current.version += 1
    save_recorded(
        current,
        actor,
        (_("Deadline extended from %(day)s: %(reason)s") % {"day": previous.isoformat(), "reason": reason})[
            :100
        ],
    )
    notify(
        recipients=_executors(current),
        actor=actor,
        kind=KIND_EXTENDED,
        target=current,
        url=current.get_absolute_url(),
        params={**instruction_params(current), "previous": previous.isoformat(), "reason": reason[:300]},
    )
    return current


@transaction.atomic
def instruction_update(
    *, actor: Person, instruction: Instruction, version: int | None = None, **values
) -> Instruction:
    """Change the executor, the co-executors, the text or the document details while it is on control; a newly
    named executor or co-executor is told."""
    refuse_unknown(values, UPDATE_FIELDS)
    current = _lock(instruction)
    _require_controller(actor, current, _("change"))
    check_version(current, version)
    _require_status(
        current, InstructionStatus.ON_CONTROL, _("The instruction is %(status)s: it is no longer changed.")
    )
    before = {person.pk for person in _executors(current)}
    co_people = values.pop("co_executors", None)
    for name, value in values.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    if co_people is None:  # a co-executor who becomes the executor leaves the co-executors
        co_people = [person for person in current.co_executors.all() if person.pk != current.executor_id]
    co_people = _clean_people(current.executor, co_people)
    current.version += 1
    save_recorded(current, actor, _("Changed"))
    current.co_executors.set(co_people)
    new_people = [person for person in [current.executor, *co_people] if person.pk not in before]
    notify(
        recipients=new_people,
        actor=actor,
        kind=KIND_PUT,
        target=current,
        url=current.get_absolute_url(),
        params=instruction_params(current),
    )
    return current


# --- escalation -------------------------------------------------------------------------------------------------


def _heads(body: StateBody, today: dt.date) -> list[Person]:
    """The head of the controller's project office; for the Office its implementation groups' people."""
    if _is_office(body):
        return role_holders(("np_group_head", "office_staff"), path=f"office:{body.pk}/", on=today)
    return role_holders(("po_head",), path=f"body:{body.pk}/", on=today)


def instructions_escalate(*, today: dt.date | None = None) -> list[Instruction]:
    """Climb the overdue instructions on control, once per level, on working days: on the first day past the
    deadline the executors and the one who put it on control are told (CONTROLLER); after three working days the
    head of the controlling project office (for the Office its national priority implementation groups) (HEAD).
    Answers the instructions escalated now."""
    today = today or timezone.localdate()
    if not is_working_day(today):
        return []
    escalated = []
    with transaction.atomic():
        rows = list(
            Instruction.objects.select_for_update(of=("self",), skip_locked=True)
            .filter(status=InstructionStatus.ON_CONTROL, deadline__lt=today)
            .exclude(escalation=Escalation.HEAD)
            .select_related("executor", "put_by", "controller_body")
            .prefetch_related("co_executors")
            .order_by("deadline", "pk")
        )
        heads: dict[int, list[Person]] = {}
        for instruction in rows:
            late = working_days_between(instruction.deadline, today)
            level = Escalation.HEAD if late >= HEAD_AFTER_DAYS else Escalation.CONTROLLER
            if level <= instruction.escalation:
                continue
            params = {**instruction_params(instruction), "days": (today - instruction.deadline).days}
            if instruction.escalation < Escalation.CONTROLLER:
                notify(
                    recipients=[*_executors(instruction), instruction.put_by],
                    actor=None,
                    kind=KIND_OVERDUE,
                    target=instruction,
                    url=instruction.get_absolute_url(),
                    params=params,
                    email=True,
                )
            if level == Escalation.HEAD:
                body = instruction.controller_body
                if body.pk not in heads:
                    heads[body.pk] = _heads(body, today)
                notify(
                    recipients=heads[body.pk],
                    actor=None,
                    kind=KIND_ESCALATED,
                    target=instruction,
                    url=instruction.get_absolute_url(),
                    params={**params, "executor": instruction.executor.full_name},
                    email=True,
                )
            instruction.escalation = level
            instruction.escalated_on = today
            save_recorded(
                instruction,
                None,
                _("Escalated: %(level)s") % {"level": Escalation(level).label},
                clean=False,
                update_fields=["escalation", "escalated_on"],
            )
            escalated.append(instruction)
    return escalated
