"""A meeting's way (scrum.services.meetings): open, start, attendance, outcomes only while in progress, numbering,
tasks on the board, binding committee decisions, the acting chair, closing with the protocol, cancelling."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document
from pypdf import PdfReader

from org.models import Notification
from org.notification_kinds import render
from projects.models import Task
from scrum.choices import AgendaSource, AttendanceStatus, DecisionStatus, MeetingStatus, OutcomeKind
from scrum.models import AgendaItem, Attendance, Decision
from scrum.services import agenda as agenda_services
from scrum.services import meetings as services
from tests.factories import away
from tests.factories_scrum import make_meeting
from tests.scrum import make_task

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)
DUE = TODAY + dt.timedelta(days=7)


@pytest.fixture
def office(sc):
    return make_meeting(sc.schedules["office"], TODAY)


def started(sc, meeting, actor=None):
    actor = actor or sc.po_head
    services.meeting_open(actor=actor, meeting=meeting, today=TODAY)
    return services.meeting_start(actor=actor, meeting=meeting, today=TODAY)


def test_opening_builds_the_agenda_and_tells_the_participants(sc, office):
    task = make_task(sc.project, "Просрочена", due_on=TODAY - dt.timedelta(days=1))
    meeting = services.meeting_open(actor=sc.po_head, meeting=office, today=TODAY)
    assert meeting.status == MeetingStatus.OPEN and meeting.opened_at is not None
    assert list(AgendaItem.objects.filter(meeting=office).values_list("task", flat=True)) == [task.pk]
    told = set(
        Notification.objects.filter(kind="scrum.meeting_opened").values_list("recipient__username", flat=True)
    )
    assert told == {"po_chief", "gibd_head", "gp_head", "pm", "pm_b", "guest"}  # not the actor
    with pytest.raises(ValidationError):
        services.meeting_open(actor=sc.po_head, meeting=office, today=TODAY)


def test_a_draft_cannot_be_started(sc, office):
    with pytest.raises(ValidationError, match="Open the meeting first"):
        services.meeting_start(actor=sc.po_head, meeting=office, today=TODAY)
    office.refresh_from_db()
    assert office.status == MeetingStatus.DRAFT and office.started_at is None


def test_starting_fixes_the_chair_and_lists_the_people_as_absent(sc, office):
    meeting = started(sc, office)
    assert meeting.status == MeetingStatus.IN_PROGRESS and meeting.chair == sc.po_head
    rows = {row.person.username: row.status for row in Attendance.objects.filter(meeting=office)}
    assert set(rows) == {"po_head", "po_chief", "gibd_head", "gp_head", "pm", "pm_b", "guest"}
    assert set(rows.values()) == {AttendanceStatus.ABSENT}
    row = services.attendance_set(
        actor=sc.po_chief, meeting=office, person=sc.pm, status=AttendanceStatus.PRESENT
    )
    assert row.status == AttendanceStatus.PRESENT


def test_the_deputy_chairs_when_the_chair_is_away(sc, office):
    away(sc.po_head, TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=3))
    meeting = started(sc, office, actor=sc.po_chief)
    assert meeting.chair == sc.po_chief
    assert sc.po_head.full_name in meeting.chair_note


def test_outcomes_only_while_in_progress(sc, office):
    def record():
        return services.outcome_record(
            actor=sc.po_head, meeting=office, kind=OutcomeKind.DECISION, text="Х", owner=sc.pm, due_on=DUE
        )

    with pytest.raises(ValidationError, match="only while the meeting is in progress"):
        record()
    services.meeting_open(actor=sc.po_head, meeting=office, today=TODAY)
    with pytest.raises(ValidationError, match="only while the meeting is in progress"):
        record()
    with pytest.raises(ValidationError):
        services.attendance_set(
            actor=sc.po_head, meeting=office, person=sc.pm, status=AttendanceStatus.PRESENT
        )
    assert not Decision.objects.exists()


def test_outcomes_are_numbered_need_owner_and_deadline_and_tell_the_owner(sc, office):
    started(sc, office)
    info = services.outcome_record(
        actor=sc.po_chief, meeting=office, kind=OutcomeKind.INFORMATION, text="Принято"
    )
    with pytest.raises(ValidationError) as refused:
        services.outcome_record(
            actor=sc.po_chief, meeting=office, kind=OutcomeKind.DECISION, text="Без владельца"
        )
    assert set(refused.value.message_dict) == {"owner", "due_on"}
    decision = services.outcome_record(
        actor=sc.po_chief,
        meeting=office,
        kind=OutcomeKind.ASSIGNMENT,
        text="Подготовить отчёт",
        owner=sc.pm,
        due_on=DUE,
    )
    assert (info.number, info.status) == (1, DecisionStatus.NOTED)
    assert (decision.number, decision.status, decision.binding) == (2, DecisionStatus.OPEN, False)
    note = Notification.objects.get(kind="scrum.decision_assigned")
    assert note.recipient == sc.pm and note.url.endswith(f"/scrum/decisions/{decision.pk}/")
    assert "Подготовить отчёт" in render(note) and "No. 2" in render(note)
    opened = Notification.objects.filter(kind="scrum.meeting_opened").first()
    assert render(opened).startswith(f"{sc.po_head.full_name} opened the scrum meeting")
    services.outcome_update(actor=sc.po_chief, decision=decision, text="Подготовить отчёт к пятнице")
    services.outcome_delete(actor=sc.po_chief, decision=info)
    assert list(Decision.objects.values_list("number", "text")) == [(2, "Подготовить отчёт к пятнице")]


def test_a_task_outcome_is_put_on_the_projects_board(sc, office):
    started(sc, office)
    item = AgendaItem.objects.create(
        meeting=office, source=AgendaSource.MANUAL, title="Портал", project=sc.project
    )
    decision = services.outcome_record(
        actor=sc.po_head,
        meeting=office,
        kind=OutcomeKind.TASK,
        text="Развернуть тестовый стенд",
        item=item,
        owner=sc.member,
        due_on=DUE,
    )
    task = Task.objects.get(pk=decision.task_id)
    assert (task.project, task.title, task.assignee, task.due_on) == (
        sc.project,
        "Развернуть тестовый стенд",
        sc.member,
        DUE,
    )
    assert decision.project == sc.project  # taken from the item
    with pytest.raises(ValidationError, match="choose the project"):
        services.outcome_record(
            actor=sc.po_head, meeting=office, kind=OutcomeKind.TASK, text="Б", owner=sc.pm, due_on=DUE
        )


def test_the_committees_decisions_are_binding(sc):
    meeting = make_meeting(sc.schedules["committee"], dt.date(2026, 11, 27))
    services.meeting_open(actor=sc.committee_chair, meeting=meeting, today=TODAY)
    services.meeting_start(actor=sc.committee_chair, meeting=meeting, today=TODAY)
    decision = services.outcome_record(
        actor=sc.committee_chair,
        meeting=meeting,
        kind=OutcomeKind.DECISION,
        text="Утвердить",
        owner=sc.po_head,
        due_on=dt.date(2026, 12, 10),
    )
    assert decision.binding


def test_a_participant_proposes_items_but_does_not_run_the_meeting(sc, office):
    item = agenda_services.agenda_item_add(actor=sc.guest, meeting=office, title="Мой вопрос")
    assert item.source == AgendaSource.MANUAL and item.position == 0
    with pytest.raises(PermissionDenied):
        services.meeting_open(actor=sc.guest, meeting=office, today=TODAY)
    with pytest.raises(PermissionDenied):
        agenda_services.agenda_item_remove(actor=sc.guest, item=item)


def test_closing_numbers_and_stores_the_protocol_with_the_decisions(sc, office):
    make_task(sc.project, "Просроченная задача", due_on=TODAY - dt.timedelta(days=2))
    started(sc, office)
    services.attendance_set(actor=sc.po_head, meeting=office, person=sc.pm, status=AttendanceStatus.PRESENT)
    item = AgendaItem.objects.get(meeting=office)
    agenda_services.item_notes(actor=sc.po_head, item=item, notes="Обсудили сроки", discussed=True)
    services.outcome_record(
        actor=sc.po_head,
        meeting=office,
        kind=OutcomeKind.DECISION,
        text="Согласовать спецификацию",
        item=item,
        owner=sc.pm,
        due_on=DUE,
    )
    services.outcome_record(
        actor=sc.po_head,
        meeting=office,
        kind=OutcomeKind.ASSIGNMENT,
        text="Подготовить смету",
        owner=sc.pm_b,
        due_on=DUE,
    )
    meeting = services.meeting_close(actor=sc.po_head, meeting=office)
    assert meeting.status == MeetingStatus.CLOSED
    assert meeting.protocol_number == f"{sc.schedules['office'].pk}-2026-01"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(meeting.protocol_pdf.read())).pages)
    for expected in (
        "Согласовать спецификацию",
        "Подготовить смету",
        sc.pm.full_name,
        sc.pm_b.full_name,
        "Обсудили сроки",
        "Просроченная задача",
    ):
        assert expected in " ".join(text.split())
    docx = "\n".join(p.text for p in Document(io.BytesIO(meeting.protocol_docx.read())).paragraphs)
    assert "Обсудили сроки" in docx
    told = set(
        Notification.objects.filter(kind="scrum.meeting_closed").values_list("recipient__username", flat=True)
    )
    assert {"pm", "pm_b", "guest"} <= told
    with pytest.raises(ValidationError):
        services.outcome_record(actor=sc.po_head, meeting=office, kind=OutcomeKind.INFORMATION, text="Поздно")

    # The next meeting of the schedule in the year gets the next number.
    following = make_meeting(sc.schedules["office"], TODAY + dt.timedelta(days=7))
    assert started(sc, following).status == MeetingStatus.IN_PROGRESS
    assert services.meeting_close(actor=sc.po_head, meeting=following).protocol_number.endswith("-2026-02")


def test_the_committee_protocol_cites_the_binding_rule(sc):
    meeting = make_meeting(sc.schedules["committee"], dt.date(2026, 11, 27))
    services.meeting_open(actor=sc.committee_chair, meeting=meeting, today=TODAY)
    services.meeting_start(actor=sc.committee_chair, meeting=meeting, today=TODAY)
    meeting = services.meeting_close(actor=sc.committee_chair, meeting=meeting)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(meeting.protocol_pdf.read())).pages)
    assert "p.45" in text


def test_cancel_and_reschedule_only_before_the_meeting_is_held(sc, office):
    with pytest.raises(ValidationError):
        services.meeting_cancel(actor=sc.po_head, meeting=office, reason="  ")
    services.meeting_reschedule(
        actor=sc.po_head,
        meeting=office,
        date=TODAY + dt.timedelta(days=1),
        starts_at=dt.time(11),
        place="Зал 2",
    )
    office.refresh_from_db()
    assert (office.date, office.place) == (TODAY + dt.timedelta(days=1), "Зал 2")
    services.meeting_cancel(actor=sc.po_head, meeting=office, reason="Праздничный день")
    office.refresh_from_db()
    assert office.status == MeetingStatus.CANCELLED
    with pytest.raises(ValidationError):
        services.meeting_open(actor=sc.po_head, meeting=office, today=TODAY)


def test_arranging_the_agenda_and_notes_only_while_in_progress(sc, office):
    first = agenda_services.agenda_item_add(actor=sc.po_chief, meeting=office, title="Первый")
    second = agenda_services.agenda_item_add(actor=sc.po_chief, meeting=office, title="Второй", minutes=15)
    agenda_services.agenda_item_update(actor=sc.po_chief, item=first, minutes=20, presenter=sc.pm)
    with pytest.raises(ValidationError):
        agenda_services.agenda_item_update(actor=sc.po_chief, item=first, minutes=0)
    with pytest.raises(ValidationError):
        agenda_services.agenda_item_update(
            actor=sc.po_chief, item=first, position=3
        )  # not a field it changes
    with pytest.raises(ValidationError):
        agenda_services.agenda_reorder(actor=sc.po_chief, meeting=office, ids=[second.pk])
    agenda_services.agenda_reorder(actor=sc.po_chief, meeting=office, ids=[second.pk, first.pk])
    rows = list(AgendaItem.objects.filter(meeting=office).values_list("title", "minutes", "presenter"))
    assert rows == [("Второй", 15, None), ("Первый", 20, sc.pm.pk)]
    with pytest.raises(ValidationError, match="only while the meeting is in progress"):
        agenda_services.item_notes(actor=sc.po_chief, item=first, notes="Рано", discussed=True)
    assert AgendaItem.objects.get(pk=first.pk).notes == ""
