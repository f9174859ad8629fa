"""The decision register (Rules p.45): reports by the owner, cancelling by the meeting's people, the register's
filters and the person's work list, and the daily reminders of overdue outcomes (scrum.services.decisions)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from org.models import Notification
from pmis.core.concurrency import StaleVersion
from scrum.choices import DecisionStatus, MeetingStatus, OutcomeKind
from scrum.models import Decision
from scrum.selectors.decisions import decision_list, my_decisions
from scrum.services import decisions as services
from tests.factories_scrum import make_meeting

pytestmark = pytest.mark.django_db

#: Thursday 26 November 2026, a working day; the 28th is a Saturday.
THURSDAY = dt.date(2026, 11, 26)
SATURDAY = dt.date(2026, 11, 28)


def decision_of(
    sc, schedule, *, owner, number=None, kind=OutcomeKind.DECISION, due_on=None, day=None, **fields
):
    """An outcome recorded at a closed meeting of `schedule` (rows written straight: recording is the meetings
    part's service)."""
    meeting = (
        make_meeting(schedule, day or dt.date(2026, 11, 18), status=MeetingStatus.CLOSED)
        if not (fields.get("meeting"))
        else fields.pop("meeting")
    )
    number = number or (Decision.objects.filter(meeting=meeting).count() + 1)
    binding = kind != OutcomeKind.INFORMATION
    return Decision.objects.create(
        meeting=meeting,
        number=number,
        kind=kind,
        text=fields.pop("text", "Обеспечить доступ к порталу"),
        owner=owner if binding else None,
        due_on=(due_on or dt.date(2026, 11, 25)) if binding else None,
        status=DecisionStatus.OPEN if binding else DecisionStatus.NOTED,
        **fields,
    )


def test_the_owner_reports_and_marks_done_and_the_chair_hears(sc):
    decision = decision_of(sc, sc.schedules["office"], owner=sc.pm)
    reported = services.decision_report(
        actor=sc.pm, decision=decision, version=1, report="Запрос направлен", done=False
    )
    assert (reported.status, reported.report, reported.version) == (
        DecisionStatus.OPEN,
        "Запрос направлен",
        2,
    )
    with pytest.raises(StaleVersion):
        services.decision_report(actor=sc.pm, decision=decision, version=1, report="Сделано", done=True)
    done = services.decision_report(
        actor=sc.pm, decision=decision, version=2, report="Доступ получен", done=True
    )
    assert (done.status, done.done_by) == (DecisionStatus.DONE, sc.pm)
    assert done.done_at is not None
    assert Notification.objects.get(kind=services.KIND_DONE).recipient == sc.po_head
    assert done.history.first().history_user == sc.pm
    with pytest.raises(ValidationError, match="reopen"):
        services.decision_report(actor=sc.pm, decision=done, version=3, report="Ещё", done=True)
    reopened = services.decision_reopen(actor=sc.pm, decision=done, version=3, reason="Доступ отозван")
    assert (reopened.status, reopened.done_at) == (DecisionStatus.OPEN, None)


def test_reports_are_refused_for_information_others_and_empty_text(sc):
    info = decision_of(sc, sc.schedules["office"], owner=None, kind=OutcomeKind.INFORMATION)
    with pytest.raises(ValidationError, match="only noted"):
        services.decision_report(actor=sc.po_head, decision=info, version=1, report="…", done=False)
    decision = decision_of(sc, sc.schedules["office"], owner=sc.pm, meeting=info.meeting)
    with pytest.raises(PermissionDenied):
        services.decision_report(actor=sc.pm_b, decision=decision, version=1, report="Я", done=True)
    with pytest.raises(ValidationError):
        services.decision_report(actor=sc.pm, decision=decision, version=1, report="  ", done=True)
    assert Decision.objects.get(pk=decision.pk).status == DecisionStatus.OPEN


def test_only_the_meetings_people_cancel_not_the_owner(sc):
    decision = decision_of(sc, sc.schedules["office"], owner=sc.pm)
    with pytest.raises(PermissionDenied):
        services.decision_cancel(actor=sc.pm, decision=decision, reason="Не хочу")
    with pytest.raises(ValidationError):
        services.decision_cancel(actor=sc.po_head, decision=decision, reason="")
    cancelled = services.decision_cancel(actor=sc.po_head, decision=decision, reason="Утратило актуальность")
    assert (cancelled.status, cancelled.cancel_reason) == (DecisionStatus.CANCELLED, "Утратило актуальность")
    assert Notification.objects.get(kind=services.KIND_CANCELLED).recipient == sc.pm
    # The committee's chair, without "change" on the program, cancels the committee's outcomes as its chair.
    binding = decision_of(sc, sc.schedules["committee"], owner=sc.pm, binding=True, day=dt.date(2026, 11, 20))
    assert services.decision_cancel(actor=sc.committee_chair, decision=binding, reason="Отменено").status == (
        DecisionStatus.CANCELLED
    )


def test_overdue_reminders_once_a_working_day_with_email(sc):
    late = decision_of(sc, sc.schedules["office"], owner=sc.pm, due_on=dt.date(2026, 11, 24))
    decision_of(sc, sc.schedules["office"], owner=sc.pm_b, due_on=dt.date(2026, 12, 10), meeting=late.meeting)
    decision_of(sc, sc.schedules["office"], owner=None, kind=OutcomeKind.INFORMATION, meeting=late.meeting)
    assert services.decisions_remind(today=SATURDAY) == []
    assert services.decisions_remind(today=THURSDAY) == [late]
    assert Notification.objects.get(kind=services.KIND_OVERDUE).recipient == sc.pm
    assert services.decisions_remind(today=THURSDAY) == []  # not twice a day
    assert Decision.objects.get(pk=late.pk).reminded_on == THURSDAY
    assert services.decisions_remind(today=THURSDAY + dt.timedelta(days=1)) == [late]


def test_the_register_filters_and_restricts(sc, outsider):
    office = sc.schedules["office"]
    first = decision_of(sc, office, owner=sc.pm, text="Подключить шлюз", due_on=dt.date(2020, 1, 10))
    second = decision_of(
        sc,
        office,
        owner=sc.pm_b,
        kind=OutcomeKind.ASSIGNMENT,
        meeting=first.meeting,
        due_on=dt.date(2099, 1, 1),
    )
    committee = decision_of(
        sc,
        sc.schedules["committee"],
        owner=sc.pm,
        binding=True,
        day=dt.date(2026, 11, 20),
        due_on=dt.date(2099, 1, 1),
    )
    team = decision_of(
        sc, sc.schedules["team"], owner=sc.member, day=dt.date(2026, 11, 16), due_on=dt.date(2099, 1, 1)
    )
    assert set(decision_list(sc.po_head)) == {first, second, committee, team}
    assert list(decision_list(sc.po_head, q="шлюз")) == [first]
    assert set(decision_list(sc.po_head, owner=sc.pm.pk)) == {first, committee}
    assert list(decision_list(sc.po_head, kind=OutcomeKind.ASSIGNMENT)) == [second]
    assert list(decision_list(sc.po_head, overdue=True)) == [first]
    assert list(decision_list(sc.po_head, binding=True)) == [committee]
    assert list(decision_list(sc.po_head, node=sc.project.path)) == [team]
    assert set(decision_list(sc.po_head, status=DecisionStatus.OPEN)) == {first, second, committee, team}
    # The owner sees their outcomes wherever the meeting was; an outsider sees nothing.
    assert set(decision_list(sc.member)) == {team}
    assert list(decision_list(outsider)) == []
    # The work list: own open outcomes, the earliest deadline (overdue) first.
    assert list(my_decisions(sc.pm)) == [first, committee]
    services.decision_report(actor=sc.pm, decision=first, version=1, report="Готово", done=True)
    assert list(my_decisions(sc.pm)) == [committee]
    assert list(my_decisions(sc.pm, include_done=True)) == [committee, first]
