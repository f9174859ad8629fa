"""Project assignments (Rules p.81): the services' way — draft, send, appoint within one working day, report,
cancel — with who may do each, the overdue flags and the escalation (also run as the Celery task)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from org.models import Notification
from pmis.core.concurrency import StaleVersion
from projects.choices import AssignmentStatus, AssignmentWay
from projects.models import ProjectAssignment
from projects.selectors.assignments import assignment_list, assignments_awaiting
from projects.services import assignments as services
from projects.tasks import assignments_escalate as escalate_task
from tests.factories import PersonFactory, StateBodyFactory, UnitFactory, assign

pytestmark = pytest.mark.django_db

#: A due date far enough ahead for any run of the suite.
FAR = dt.date(2030, 6, 28)
#: Sent on the working day before Independence Day (Wednesday 16 December 2026): executors due on Thursday.
SENT = dt.datetime(2026, 12, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=5)))
APPOINT_BY = dt.date(2026, 12, 17)


class Addressee:
    def __init__(self):
        self.body = StateBodyFactory(code="mcriap", name_ru="Министерство цифрового развития")
        self.unit = UnitFactory(body=self.body, code="nit", name_ru="Департамент информационных технологий")
        self.head = PersonFactory(username="head", last_name="Толеуов", first_name="Ринат", unit=self.unit)
        self.executor = PersonFactory(
            username="executor", last_name="Серікбаев", first_name="Нұрсұлтан", unit=self.unit
        )
        self.other_executor = PersonFactory(
            username="executor2", last_name="Ахметова", first_name="Алия", unit=self.unit
        )


@pytest.fixture
def addressee(db):
    return Addressee()


def draft(ws, addressee, **fields):
    values = {
        "title": "Интеграция с порталом электронного правительства",
        "description": "Доступ к API шлюза",
        "addressee_body": addressee.body,
        "addressee_unit": addressee.unit,
        "addressee_head": addressee.head,
        "way": AssignmentWay.CURRENT_ACTIVITY,
        "due_on": FAR,
    }
    values.update(fields)
    return services.assignment_create(actor=ws.pm, project=ws.project, **values)


def sent(ws, addressee, **fields):
    return services.assignment_send(actor=ws.bd_head, assignment=draft(ws, addressee, **fields), now=SENT)


def appointed(ws, addressee, **fields):
    return services.assignment_appoint(
        actor=addressee.head, assignment=sent(ws, addressee, **fields), executors=[addressee.executor]
    )


def notified(person, kind):
    return Notification.objects.filter(recipient=person, kind=kind)


# --- drafting -------------------------------------------------------------------------------------------------


def test_the_project_manager_drafts_numbered_assignments(ws, addressee):
    first = draft(ws, addressee)
    second = draft(ws, addressee, title="Второе")
    assert (first.number, second.number) == (1, 2)
    assert first.status == AssignmentStatus.DRAFT and first.created_by == ws.pm
    assert first.history.first().history_change_reason == "Drafted"


@pytest.mark.parametrize("who", ["member", "sponsor", "monitor"])
def test_only_who_may_change_the_project_drafts(ws, addressee, who):
    with pytest.raises(PermissionDenied):
        services.assignment_create(
            actor=getattr(ws, who),
            project=ws.project,
            title="x",
            addressee_body=addressee.body,
            addressee_head=addressee.head,
            due_on=FAR,
        )
    assert not ProjectAssignment.objects.exists()


def test_the_addressee_must_be_consistent(ws, addressee):
    stranger_unit = UnitFactory()
    with pytest.raises(ValidationError) as error:
        draft(ws, addressee, addressee_unit=stranger_unit)
    assert "addressee_unit" in error.value.message_dict
    elsewhere = PersonFactory(username="elsewhere", unit=stranger_unit)
    with pytest.raises(ValidationError) as error:
        draft(ws, addressee, addressee_head=elsewhere)
    assert "addressee_head" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        draft(ws, addressee, due_on=dt.date(2020, 1, 1))
    assert "due_on" in error.value.message_dict
    assert not ProjectAssignment.objects.exists()


def test_a_draft_is_edited_with_its_version(ws, addressee):
    assignment = draft(ws, addressee)
    changed = services.assignment_update(actor=ws.pm, assignment=assignment, version=1, title="Новое")
    assert (changed.title, changed.version) == ("Новое", 2)
    with pytest.raises(StaleVersion) as stale:
        services.assignment_update(actor=ws.pm, assignment=assignment, version=1, title="Старое")
    assert stale.value.current.title == "Новое"
    with pytest.raises(PermissionDenied):
        services.assignment_update(actor=ws.member, assignment=assignment, title="Чужое")
    assert ProjectAssignment.objects.get().title == "Новое"


def test_a_sent_assignment_is_not_edited(ws, addressee):
    assignment = sent(ws, addressee)
    with pytest.raises(ValidationError):
        services.assignment_update(actor=ws.pm, assignment=assignment, title="Новое")
    assert ProjectAssignment.objects.get().title != "Новое"


# --- sending: one working day to appoint ---------------------------------------------------------------------------


def test_the_head_of_the_basic_direction_sends_and_the_deadline_skips_the_holiday(ws, addressee):
    assignment = sent(ws, addressee)
    assert assignment.status == AssignmentStatus.SENT
    assert assignment.sent_by == ws.bd_head
    assert assignment.appoint_by == APPOINT_BY  # 16 December is Independence Day
    note = notified(addressee.head, services.KIND_SENT).get()
    assert note.actor == ws.bd_head and note.target == assignment
    assert note.url == f"/projects/{ws.project.pk}/assignments/{assignment.pk}/"


def test_sent_on_a_friday_before_nauryz(ws, addressee):
    friday = dt.datetime(2026, 3, 20, 17, 0, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    assignment = services.assignment_send(actor=ws.bd_head, assignment=draft(ws, addressee), now=friday)
    assert assignment.appoint_by == dt.date(2026, 3, 26)


def test_the_project_manager_may_not_send(ws, addressee):
    assignment = draft(ws, addressee)
    with pytest.raises(PermissionDenied):
        services.assignment_send(actor=ws.pm, assignment=assignment)
    assert ProjectAssignment.objects.get().status == AssignmentStatus.DRAFT


def test_sent_only_once(ws, addressee):
    assignment = sent(ws, addressee)
    with pytest.raises(ValidationError):
        services.assignment_send(actor=ws.bd_head, assignment=assignment)
    assert notified(addressee.head, services.KIND_SENT).count() == 1


def test_a_due_date_before_the_appointment_deadline_is_refused(ws, addressee):
    assignment = draft(ws, addressee, due_on=FAR)
    ProjectAssignment.objects.filter(pk=assignment.pk).update(due_on=dt.date(2026, 12, 16))
    with pytest.raises(ValidationError) as error:
        services.assignment_send(actor=ws.bd_head, assignment=assignment, now=SENT)
    assert "due_on" in error.value.message_dict
    assert ProjectAssignment.objects.get().status == AssignmentStatus.DRAFT


# --- appointing ---------------------------------------------------------------------------------------------------


def test_the_addressee_head_appoints_and_the_project_manager_hears(ws, addressee):
    assignment = sent(ws, addressee)
    services.assignment_appoint(
        actor=addressee.head,
        assignment=assignment,
        executors=[addressee.executor, addressee.other_executor],
        way=AssignmentWay.PROJECT_ACTIVITY,
    )
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.APPOINTED
    assert assignment.way == AssignmentWay.PROJECT_ACTIVITY
    assert set(assignment.executors.all()) == {addressee.executor, addressee.other_executor}
    assert notified(ws.pm, services.KIND_APPOINTED).get().params["executors"]
    assert notified(addressee.executor, services.KIND_EXECUTOR).exists()


def test_nobody_else_appoints_but_who_may_change_the_project(ws, addressee):
    assignment = sent(ws, addressee)
    for person in (ws.member, ws.sponsor, addressee.executor):
        with pytest.raises(PermissionDenied):
            services.assignment_appoint(actor=person, assignment=assignment, executors=[addressee.executor])
    assert ProjectAssignment.objects.get().status == AssignmentStatus.SENT
    services.assignment_appoint(actor=ws.pm, assignment=assignment, executors=[addressee.executor])
    assert ProjectAssignment.objects.get().status == AssignmentStatus.APPOINTED


def test_appointing_needs_a_sent_assignment_and_executors(ws, addressee):
    with pytest.raises(ValidationError):
        services.assignment_appoint(
            actor=addressee.head, assignment=draft(ws, addressee), executors=[addressee.executor]
        )
    assignment = sent(ws, addressee)
    with pytest.raises(ValidationError) as error:
        services.assignment_appoint(actor=addressee.head, assignment=assignment, executors=[])
    assert "executors" in error.value.message_dict
    assert ProjectAssignment.objects.get(pk=assignment.pk).status == AssignmentStatus.SENT


def test_a_late_appointment_is_accepted_and_stays_flagged(ws, addressee):
    assignment = sent(ws, addressee)
    late = dt.datetime(2026, 12, 18, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    on_time = sent(ws, addressee, title="В срок")
    services.assignment_appoint(
        actor=addressee.head, assignment=assignment, executors=[addressee.executor], now=late
    )
    services.assignment_appoint(
        actor=addressee.head,
        assignment=on_time,
        executors=[addressee.executor],
        now=dt.datetime(2026, 12, 17, 18, 0, tzinfo=dt.timezone(dt.timedelta(hours=5))),
    )
    rows = {row.pk: row for row in assignment_list(ws.pm, project=ws.project, today=dt.date(2026, 12, 21))}
    assert rows[assignment.pk].late_appointment is True
    assert rows[on_time.pk].late_appointment is False
    assert rows[assignment.pk].overdue is False  # appointed, due far ahead


def test_overdue_flags(ws, addressee):
    waiting = sent(ws, addressee)
    rows = {row.pk: row for row in assignment_list(ws.pm, today=APPOINT_BY)}
    assert (rows[waiting.pk].late_appointment, rows[waiting.pk].overdue) == (False, False)
    rows = {row.pk: row for row in assignment_list(ws.pm, today=dt.date(2026, 12, 18))}
    assert (rows[waiting.pk].late_appointment, rows[waiting.pk].overdue) == (True, True)
    services.assignment_appoint(actor=addressee.head, assignment=waiting, executors=[addressee.executor])
    rows = {row.pk: row for row in assignment_list(ws.pm, today=FAR + dt.timedelta(days=1))}
    assert rows[waiting.pk].overdue is True  # not done after its due date


# --- reporting and cancelling --------------------------------------------------------------------------------------


def test_an_executor_reports_the_result(ws, addressee):
    assignment = appointed(ws, addressee)
    with pytest.raises(PermissionDenied):
        services.assignment_report(actor=addressee.other_executor, assignment=assignment, result="Готово")
    with pytest.raises(ValidationError):
        services.assignment_report(actor=addressee.executor, assignment=assignment, result="  ")
    done = services.assignment_report(
        actor=addressee.executor, assignment=assignment, result="Доступ предоставлен"
    )
    assert done.status == AssignmentStatus.DONE and done.done_at is not None
    assert notified(ws.pm, services.KIND_REPORTED).exists()
    with pytest.raises(ValidationError):
        services.assignment_cancel(actor=ws.pm, assignment=done, reason="Поздно")


def test_the_project_cancels_with_a_reason(ws, addressee):
    assignment = appointed(ws, addressee)
    with pytest.raises(PermissionDenied):
        services.assignment_cancel(actor=addressee.head, assignment=assignment, reason="Не хотим")
    with pytest.raises(ValidationError):
        services.assignment_cancel(actor=ws.pm, assignment=assignment, reason="")
    services.assignment_cancel(actor=ws.pm, assignment=assignment, reason="Задача снята")
    assert ProjectAssignment.objects.get().status == AssignmentStatus.CANCELLED
    assert notified(addressee.executor, services.KIND_CANCELLED).exists()


def test_only_a_draft_is_deleted(ws, addressee):
    assignment = sent(ws, addressee)
    with pytest.raises(ValidationError):
        services.assignment_delete(actor=ws.bd_head, assignment=assignment)
    other = draft(ws, addressee)
    with pytest.raises(PermissionDenied):
        services.assignment_delete(actor=ws.pm, assignment=other)
    services.assignment_delete(actor=ws.bd_head, assignment=other)
    assert list(ProjectAssignment.objects.values_list("pk", flat=True)) == [assignment.pk]


# --- who sees it ----------------------------------------------------------------------------------------------------


def test_the_addressee_head_and_executors_see_it_outsiders_not(ws, addressee, outsider):
    assignment = appointed(ws, addressee)
    other = sent(ws, addressee, addressee_head=addressee.other_executor)
    assert set(assignment_list(addressee.head)) == {assignment}
    assert set(assignment_list(addressee.executor)) == {assignment}
    assert set(assignment_list(addressee.other_executor)) == {other}
    assert not assignment_list(outsider).exists()
    assert set(assignment_list(ws.monitor)) == {assignment, other}


def test_the_inbox_lists_what_waits_for_my_appointment(ws, addressee):
    waiting = sent(ws, addressee)
    appointed(ws, addressee, title="Уже назначено")
    draft(ws, addressee, title="Черновик")
    assert list(assignments_awaiting(addressee.head)) == [waiting]
    assert not assignments_awaiting(ws.pm).exists()


# --- escalation -----------------------------------------------------------------------------------------------------


@pytest.fixture
def gibd(ws):
    person = PersonFactory(username="gibd", last_name="Бекмагамбетов", first_name="Нуржан")
    assign(person, "gibd_head", ws.project.group.direction)
    return person


def test_escalation_raises_each_overdue_assignment_once(ws, addressee, gibd):
    waiting = sent(ws, addressee)
    appointed(ws, addressee, title="Назначено вовремя")
    assert services.assignments_escalate(today=APPOINT_BY) == []  # still within its working day
    raised = services.assignments_escalate(today=dt.date(2026, 12, 18))
    assert [row.pk for row in raised] == [waiting.pk]
    waiting.refresh_from_db()
    assert waiting.escalated_at is not None
    for person in (ws.pm, ws.bd_head, gibd):
        note = notified(person, services.KIND_ESCALATED).get()
        assert note.params["reason"] == "appointment"
    assert not notified(addressee.head, services.KIND_ESCALATED).exists()
    assert services.assignments_escalate(today=dt.date(2026, 12, 21)) == []
    assert notified(ws.pm, services.KIND_ESCALATED).count() == 1


def test_escalation_of_an_assignment_past_its_due_date(ws, addressee):
    assignment = appointed(ws, addressee)
    raised = services.assignments_escalate(today=FAR + dt.timedelta(days=3))
    assert [row.pk for row in raised] == [assignment.pk]
    assert notified(ws.bd_head, services.KIND_ESCALATED).get().params["reason"] == "due"


def test_the_beat_task_escalates_on_working_days_only(ws, addressee):
    waiting = sent(ws, addressee)
    holiday = escalate_task.apply(kwargs={"day": "2026-12-16"}).get()
    assert holiday == {"day": "2026-12-16", "working_day": False, "escalated": []}
    result = escalate_task.apply(kwargs={"day": "2026-12-18"}).get()
    assert result == {"day": "2026-12-18", "working_day": True, "escalated": [waiting.pk]}
    assert ProjectAssignment.objects.get().escalated_at is not None


def test_the_task_is_on_the_beat_schedule(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["projects.assignments-escalate"]
    assert entry["task"] == escalate_task.name
    assert entry["schedule"].hour == {9} and entry["schedule"].minute == {0}
