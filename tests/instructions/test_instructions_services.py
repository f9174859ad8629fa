"""Instructions on control (Rules p.92–94): the services — putting on control, the lifecycle, who may do what,
escalation of overdue instructions and the standard checklists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from instructions.choices import Escalation, Form, InstructionStatus, Source
from instructions.models import ChecklistItem, ChecklistTemplate, ChecklistTemplateStep, Instruction
from instructions.services.instructions import (
    checklist_item_toggle,
    instruction_extend,
    instruction_put_on_control,
    instruction_remove,
    instruction_report,
    instruction_return,
    instruction_update,
    instructions_escalate,
)
from instructions.standard_checklists import STANDARD_TEMPLATES, templates_load_standard
from org.models import Notification
from pmis.core import authorization
from pmis.core.concurrency import StaleVersion
from pmis.core.workdays import add_working_days, is_working_day

pytestmark = pytest.mark.django_db


def put(gov, actor=None, **overrides) -> Instruction:
    values = {
        "actor": actor or gov.office_staff,
        "source": Source.GOVERNMENT,
        "issuer_name": "Премьер-министр РК",
        "form": Form.WRITTEN,
        "text": "Обеспечить ввод солнечной станции в эксплуатацию",
        "controller_body": gov.office,
        "executor": gov.pm,
        "deadline": timezone.localdate() + dt.timedelta(days=30),
        "co_executors": [gov.member],
        "steps": ["Согласовать график", "Представить отчёт"],
    }
    values.update(overrides)
    return instruction_put_on_control(**values)


def tick_all(instruction, actor):
    for item in instruction.checklist.all():
        checklist_item_toggle(actor=actor, item=item, done=True)


def test_put_on_control_numbers_scopes_copies_the_checklist_and_notifies(gov):
    templates_load_standard()
    template = ChecklistTemplate.objects.get(form=Form.WRITTEN)
    instruction = put(gov, template=template, document_number="12-3/45", document_date=timezone.localdate())
    today = timezone.localdate()
    assert instruction.code == f"INS-{today.year}-{instruction.pk:05d}"
    assert instruction.scope_path == ""
    assert instruction.put_by == gov.office_staff and instruction.put_on == today
    assert instruction.status == InstructionStatus.ON_CONTROL and instruction.version == 1
    items = list(instruction.checklist.order_by("position"))
    steps = list(template.steps.order_by("position"))
    assert [item.text for item in items] == [step.text_ru for step in steps] + [
        "Согласовать график",
        "Представить отчёт",
    ]
    assert items[0].due_on == add_working_days(today, steps[0].days)
    assert items[-1].due_on is None
    assert set(instruction.co_executors.all()) == {gov.member}
    notified = set(
        Notification.objects.filter(kind="instructions.put_on_control").values_list("recipient", flat=True)
    )
    assert notified == {gov.pm.pk, gov.member.pk}
    record = instruction.history.first()
    assert record.history_user == gov.office_staff and record.history_change_reason == "Put on control"


def test_scope_path_for_a_node_and_for_a_state_body(gov):
    on_node = put(
        gov, actor=gov.deputy, controller_body=gov.body, node=gov.program, source=Source.PROGRAM_MANAGER
    )
    assert on_node.scope_path == gov.program.path and on_node.node_ref == f"program:{gov.program.pk}"
    on_body = put(gov, actor=gov.po_admin, controller_body=gov.body, source=Source.BD_HEAD)
    assert on_body.scope_path == f"body:{gov.body.pk}/"


def test_who_may_put_on_control(gov):
    for person in (gov.pm, gov.outsider, gov.expert):
        with pytest.raises(PermissionDenied):
            put(gov, actor=person)
    # A state body's project office may not put instructions on the Office's control, nor on another body's.
    with pytest.raises(PermissionDenied):
        put(gov, actor=gov.deputy)
    with pytest.raises(PermissionDenied):
        put(gov, actor=gov.deputy, controller_body=gov.other_body)
    with pytest.raises(ValidationError) as error:
        put(gov, actor=gov.office_staff, controller_body=gov.body, node=gov.other_program)
    assert "node" in error.value.message_dict
    assert not Instruction.objects.exists()


def test_a_curators_instruction_is_controlled_by_the_office(gov):
    with pytest.raises(ValidationError) as error:
        put(gov, actor=gov.deputy, source=Source.NP_CURATOR, controller_body=gov.body, node=gov.program)
    assert "Rules p.93" in error.value.message_dict["controller_body"][0]
    assert not Instruction.objects.exists()
    instruction = put(gov, actor=gov.np_group_head, source=Source.NP_CURATOR, node=gov.portfolio)
    assert instruction.controller_body == gov.office and instruction.scope_path == gov.portfolio.path


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"deadline": dt.date(2020, 1, 1)}, "deadline"),
        ({"text": "  "}, "text"),
        ({"issuer_name": ""}, "issuer_name"),
        ({"co_executors": ["pm"]}, "co_executors"),
        ({"template": "oral"}, "template"),
        ({"template": "inactive"}, "template"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_written(gov, overrides, field):
    templates_load_standard()
    if overrides.get("co_executors") == ["pm"]:
        overrides = {"co_executors": [gov.pm]}
    if overrides.get("template") == "oral":
        overrides = {"template": ChecklistTemplate.objects.get(form=Form.ORAL)}
    if overrides.get("template") == "inactive":
        template = ChecklistTemplate.objects.get(form=Form.WRITTEN)
        ChecklistTemplate.objects.filter(pk=template.pk).update(is_active=False)
        template.refresh_from_db()
        overrides = {"template": template}
    with pytest.raises(ValidationError) as error:
        put(gov, **overrides)
    assert field in error.value.message_dict
    assert not Instruction.objects.exists() and not ChecklistItem.objects.exists()
    assert not Notification.objects.exists()


def test_lifecycle_put_tick_report_return_report_remove(gov):
    instruction = put(gov)
    with pytest.raises(ValidationError) as error:
        instruction_report(actor=gov.pm, instruction=instruction, report="Сделано")
    assert "Согласовать график" in error.value.messages[0] and "Представить отчёт" in error.value.messages[0]
    first = instruction.checklist.get(position=1)
    checklist_item_toggle(actor=gov.member, item=first, done=True)  # a co-executor ticks too
    first.refresh_from_db()
    assert first.done_by == gov.member and first.done_at is not None
    with pytest.raises(PermissionDenied):
        checklist_item_toggle(actor=gov.outsider, item=first, done=False)
    tick_all(instruction, gov.pm)
    with pytest.raises(ValidationError):
        instruction_report(actor=gov.pm, instruction=instruction, report="  ")
    instruction = instruction_report(
        actor=gov.pm, instruction=instruction, report="Станция введена", version=1
    )
    assert instruction.status == InstructionStatus.EXECUTED and instruction.executed_by == gov.pm
    assert Notification.objects.filter(kind="instructions.executed", recipient=gov.office_staff).exists()
    with pytest.raises(ValidationError):  # executed: not ticked any more
        checklist_item_toggle(actor=gov.pm, item=first, done=False)

    instruction = instruction_return(actor=gov.office_staff, instruction=instruction, reason="Нет акта ввода")
    assert (
        instruction.status == InstructionStatus.ON_CONTROL and instruction.return_reason == "Нет акта ввода"
    )
    assert Notification.objects.filter(kind="instructions.returned", recipient=gov.member).exists()
    with pytest.raises(ValidationError):  # only an executed one is removed
        instruction_remove(actor=gov.office_staff, instruction=instruction)

    instruction = instruction_report(actor=gov.member, instruction=instruction, report="Акт приложен")
    instruction = instruction_remove(actor=gov.office_staff, instruction=instruction, note="Исполнено")
    assert instruction.status == InstructionStatus.REMOVED and instruction.removed_by == gov.office_staff
    assert instruction.removal_note == "Исполнено" and instruction.removed_at is not None
    reasons = list(
        instruction.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    # Setting the co-executors records the instruction again under the same reason.
    reasons = [reason for index, reason in enumerate(reasons) if index == 0 or reason != reasons[index - 1]]
    assert reasons == [
        "Put on control",
        "Executed",
        "Returned: Нет акта ввода",
        "Executed",
        "Removed from control",
    ]


def test_only_the_one_who_put_it_removes_it(gov):
    instruction = put(gov)
    tick_all(instruction, gov.pm)
    instruction = instruction_report(actor=gov.pm, instruction=instruction, report="Готово")
    # The executor, and an employee of the Office with every power there, did not put it on control.
    for person in (gov.pm, gov.np_group_head):
        with pytest.raises(PermissionDenied):
            instruction_remove(actor=person, instruction=instruction)
        with pytest.raises(PermissionDenied):
            instruction_return(actor=person, instruction=instruction, reason="x")
    instruction.refresh_from_db()
    assert instruction.status == InstructionStatus.EXECUTED
    assert authorization.can(
        gov.np_group_head, authorization.CHANGE, instruction
    )  # the role alone is not enough


def test_stale_version_is_refused(gov):
    instruction = put(gov)
    tick_all(instruction, gov.pm)
    with pytest.raises(StaleVersion):
        instruction_report(actor=gov.pm, instruction=instruction, report="Готово", version=7)
    instruction.refresh_from_db()
    assert instruction.status == InstructionStatus.ON_CONTROL and instruction.version == 1


def test_extend_keeps_the_reason_and_resets_escalation(gov):
    instruction = put(gov)
    Instruction.objects.filter(pk=instruction.pk).update(
        escalation=Escalation.HEAD, escalated_on=timezone.localdate()
    )
    with pytest.raises(PermissionDenied):
        instruction_extend(
            actor=gov.pm,
            instruction=instruction,
            deadline=instruction.deadline + dt.timedelta(days=5),
            reason="x",
        )
    with pytest.raises(ValidationError):
        instruction_extend(
            actor=gov.office_staff, instruction=instruction, deadline=instruction.deadline, reason="x"
        )
    with pytest.raises(ValidationError):
        instruction_extend(
            actor=gov.office_staff,
            instruction=instruction,
            deadline=instruction.deadline + dt.timedelta(days=5),
            reason=" ",
        )
    new = instruction.deadline + dt.timedelta(days=10)
    extended = instruction_extend(
        actor=gov.office_staff, instruction=instruction, deadline=new, reason="Ждём поставку"
    )
    assert (
        extended.deadline == new and extended.escalation == Escalation.NONE and extended.escalated_on is None
    )
    assert "Ждём поставку" in extended.history.first().history_change_reason
    assert Notification.objects.filter(kind="instructions.extended", recipient=gov.pm).exists()


def test_update_changes_executors_and_tells_the_new_one(gov):
    instruction = put(gov)
    with pytest.raises(PermissionDenied):
        instruction_update(actor=gov.pm, instruction=instruction, text="Другое")
    with pytest.raises(ValidationError):
        instruction_update(actor=gov.office_staff, instruction=instruction, status="removed")
    changed = instruction_update(
        actor=gov.office_staff,
        instruction=instruction,
        version=1,
        executor=gov.gp_head,
        co_executors=[gov.pm],
    )
    assert changed.executor == gov.gp_head and set(changed.co_executors.all()) == {gov.pm}
    assert changed.version == 2
    # Naming a co-executor the executor takes them off the co-executors.
    changed = instruction_update(actor=gov.office_staff, instruction=changed, executor=gov.pm)
    assert changed.executor == gov.pm and not changed.co_executors.exists()
    assert Notification.objects.filter(kind="instructions.put_on_control", recipient=gov.gp_head).exists()


def _working_day_after(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def test_escalation_levels_are_reached_once_each(gov):
    instruction = put(gov)
    body_instruction = put(gov, actor=gov.po_admin, controller_body=gov.body, source=Source.BD_HEAD)
    deadline = _working_day_after(dt.date(2026, 3, 2))
    Instruction.objects.update(put_on=deadline - dt.timedelta(days=10), deadline=deadline)
    Notification.objects.all().delete()

    assert instructions_escalate(today=deadline) == []  # not yet overdue
    day1 = add_working_days(deadline, 1)
    assert {row.pk for row in instructions_escalate(today=day1)} == {instruction.pk, body_instruction.pk}
    instruction.refresh_from_db()
    assert instruction.escalation == Escalation.CONTROLLER and instruction.escalated_on == day1
    overdue = set(
        Notification.objects.filter(kind="instructions.overdue").values_list("recipient", flat=True)
    )
    assert overdue == {gov.pm.pk, gov.member.pk, gov.office_staff.pk, gov.po_admin.pk}
    assert instructions_escalate(today=day1) == []
    assert instructions_escalate(today=add_working_days(deadline, 2)) == []
    assert (
        Notification.objects.filter(kind="instructions.overdue").count() == 6
    )  # (pm, member, controller) ×2

    day3 = add_working_days(deadline, 3)
    assert len(instructions_escalate(today=day3)) == 2
    instruction.refresh_from_db()
    assert instruction.escalation == Escalation.HEAD
    heads = Notification.objects.filter(kind="instructions.escalated")
    # The Office's: its implementation group head and its staff (the one who put it is not told twice: the actor
    # is nobody, so office_staff hears it as a head); the body's: the head of its project office.
    assert {(n.recipient_id, n.target_id) for n in heads} == {
        (gov.np_group_head.pk, instruction.pk),
        (gov.office_staff.pk, instruction.pk),
        (gov.deputy.pk, body_instruction.pk),
    }
    assert instructions_escalate(today=day3 + dt.timedelta(days=7)) == []
    assert "Escalated" in instruction.history.first().history_change_reason
    # A day off escalates nothing.
    saturday = day3 + dt.timedelta(days=(5 - day3.weekday()) % 7)
    assert not is_working_day(saturday) and instructions_escalate(today=saturday) == []


def test_late_escalation_climbs_both_levels_at_once_and_executed_ones_stay(gov):
    late = put(gov)
    done = put(gov, steps=[])
    done = instruction_report(actor=gov.pm, instruction=done, report="Готово")
    deadline = _working_day_after(dt.date(2026, 3, 2))
    Instruction.objects.update(put_on=deadline - dt.timedelta(days=10), deadline=deadline)
    escalated = instructions_escalate(today=add_working_days(deadline, 5))
    assert [row.pk for row in escalated] == [late.pk]
    assert Notification.objects.filter(kind="instructions.overdue", target_id=late.pk).exists()
    assert Notification.objects.filter(kind="instructions.escalated", target_id=late.pk).exists()


def test_standard_templates_load_once(gov):
    # The migration loads them, but a browser test's flush may have emptied the table since: start from none.
    ChecklistTemplate.objects.all().delete()
    created = templates_load_standard()
    assert len(created) == 2 == len(STANDARD_TEMPLATES)
    assert templates_load_standard() == []
    assert ChecklistTemplate.objects.count() == 2
    for data in STANDARD_TEMPLATES:
        template = ChecklistTemplate.objects.get(form=data["form"])
        assert 5 <= template.steps.count() <= 7
        assert all(step.text_kk and step.text_ru for step in template.steps.all())
    assert ChecklistTemplateStep.objects.filter(days__isnull=False).exists()


def test_the_daily_task_escalates_and_is_on_the_beat(gov, settings):
    from instructions.tasks import escalate

    instruction = put(gov)
    deadline = _working_day_after(dt.date(2026, 3, 2))
    Instruction.objects.update(put_on=deadline - dt.timedelta(days=10), deadline=deadline)
    day = add_working_days(deadline, 1)
    assert escalate(day.isoformat()) == {"day": day.isoformat(), "escalated": [instruction.code]}
    assert escalate(day.isoformat())["escalated"] == []
    assert settings.CELERY_BEAT_SCHEDULE["instructions.escalate"]["task"] == "instructions.escalate"


def test_every_notice_reads_from_its_params(gov):
    from org.notification_kinds import KINDS

    instruction = put(gov)
    tick_all(instruction, gov.pm)
    instruction = instruction_report(actor=gov.pm, instruction=instruction, report="Готово")
    instruction = instruction_return(actor=gov.office_staff, instruction=instruction, reason="Неполно")
    instruction_extend(
        actor=gov.office_staff,
        instruction=instruction,
        deadline=instruction.deadline + dt.timedelta(days=3),
        reason="Поставка",
    )
    kinds = set()
    for notification in Notification.objects.filter(kind__startswith="instructions."):
        text = KINDS[notification.kind].render(notification.params, notification)
        assert instruction.code in text and "…" not in text.replace("«", "")[:20]
        kinds.add(notification.kind)
    assert kinds == {
        "instructions.put_on_control",
        "instructions.executed",
        "instructions.returned",
        "instructions.extended",
    }
    params = {"code": "INS-1", "text": "Т", "deadline": "2026-03-02", "days": 4, "executor": "Иванов И."}
    assert "Иванов И." in KINDS["instructions.escalated"].render(params, None)
    assert "INS-1" in KINDS["instructions.overdue"].render(params, None)


def test_control_is_the_project_office_s_not_the_program_manager_s(gov):
    """Rules p.92: the Office or the state body's project office puts instructions on control. The program manager
    and the head of a basic direction may add on their nodes, but hold no power on the body itself."""
    for person, node in ((gov.manager, gov.program), (gov.bd_head, gov.direction)):
        with pytest.raises(PermissionDenied):
            put(gov, actor=person, controller_body=gov.body, node=node, source=Source.PROGRAM_MANAGER)
    assert not Instruction.objects.exists()
    instruction = put(gov, actor=gov.po_admin, controller_body=gov.body, node=gov.program)
    assert instruction.scope_path == gov.program.path and instruction.put_by == gov.po_admin


def test_the_history_names_the_co_executors(gov):
    from pmis.core.node_views import history_entries

    instruction = put(gov, co_executors=[gov.member])
    changes = [change for entry in history_entries(instruction) for change in entry.changes]
    assert ("Co-executors", "—", gov.member.full_name) in changes
