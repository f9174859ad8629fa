"""The escalation ladder (Rules p.72(2), p.98): each step from the project team to the governing council, landing
on the level's next meeting or waiting in its list, the resolution returning to the origin, the protocol of
disagreements, and who may act where (scrum.services.escalations)."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from org.models import Notification
from projects.services.risks import risk_create
from projects.services.tasks import task_create
from scrum.choices import AgendaSource, EscalationStatus, Level, StepKind, SubjectKind
from scrum.disagreements import disagreement_pdf
from scrum.models import AgendaItem, Escalation
from scrum.selectors.escalations import escalation_list, escalation_path, level_escalations, may_act_at
from scrum.services import escalations as services
from tests.factories_scrum import make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(sc):
    return task_create(actor=sc.pm, project=sc.project, title="Интеграция с ЕГОВ")


def steps(escalation):
    return [(row.step.kind, row.step.level, row.step.node_path) for row in escalation_path(escalation)]


def raise_task(sc, task, **extra):
    return services.escalation_raise(actor=sc.pm, subject_kind=SubjectKind.TASK, task=task, **extra)


def test_a_task_goes_from_the_team_to_the_innermost_projects_group_and_waits_there(sc, task):
    escalation = raise_task(sc, task, description="Нет доступа к шлюзу")
    assert escalation.origin_level == Level.TEAM
    assert escalation.origin_path == sc.project.path
    assert escalation.level == Level.GROUP
    assert escalation.node_path == sc.subgroup.path  # the innermost group, not the outer one
    assert escalation.title == f"#{task.number} Интеграция с ЕГОВ"
    path = escalation_path(escalation)
    assert [row.step.kind for row in path] == [StepKind.RAISED, StepKind.ESCALATED]
    assert path[1].node == sc.subgroup
    assert "no meeting ahead" in path[1].step.note  # the group's schedule has no meeting generated
    assert list(level_escalations(Level.GROUP, sc.subgroup.path)) == [escalation]
    told = Notification.objects.get(kind=services.KIND_RAISED)
    assert told.recipient == sc.gp_head


def test_each_step_up_the_ladder_lands_at_the_right_node_and_the_top_refuses(sc, task):
    escalation = raise_task(sc, task)
    climb = [
        (sc.gp_head, Level.DIRECTION, sc.direction.path),
        (sc.gibd_head, Level.OFFICE, sc.program.path),
        (sc.po_head, Level.COMMITTEE, sc.program.path),
        (sc.committee_chair, Level.COUNCIL, sc.portfolio.path),
    ]
    for actor, level, path in climb:
        escalation = services.escalation_escalate(actor=actor, escalation=escalation, note="Не решается")
        assert (escalation.level, escalation.node_path) == (level, path)
    assert [kind for kind, _level, _path in steps(escalation)].count(StepKind.ESCALATED) == 5
    with pytest.raises(ValidationError, match="top of the ladder"):
        services.escalation_escalate(actor=sc.curator, escalation=escalation, note="Выше")
    assert Escalation.objects.get().level == Level.COUNCIL


def test_it_lands_on_the_next_meeting_agenda_when_the_level_has_one(sc, task):
    meeting = make_meeting(sc.schedules["group"], timezone.localdate() + dt.timedelta(days=3))
    escalation = raise_task(sc, task)
    item = AgendaItem.objects.get(meeting=meeting)
    assert (item.source, item.signal_key, item.escalation) == (
        AgendaSource.ESCALATION,
        f"escalation:{escalation.pk}",
        escalation,
    )
    assert item.project == sc.project
    assert item.presenter == sc.pm
    on_agenda = [row for row in escalation_path(escalation) if row.step.kind == StepKind.ON_AGENDA]
    assert [row.meeting for row in on_agenda] == [meeting]
    assert (
        Notification.objects.get(kind=services.KIND_RAISED).params["meeting_date"] == meeting.date.isoformat()
    )


def test_a_level_without_a_schedule_keeps_it_waiting(sc, task):
    sc.schedules["group"].delete()
    escalation = raise_task(sc, task)
    note = escalation_path(escalation)[1].step.note
    assert "has no approved scrum schedule" in note
    assert not AgendaItem.objects.exists()


def test_the_resolution_returns_to_the_origin(sc, task):
    team_meeting = make_meeting(sc.schedules["team"], timezone.localdate() + dt.timedelta(days=2))
    escalation = raise_task(sc, task)
    escalation = services.escalation_escalate(actor=sc.gp_head, escalation=escalation, note="Нужен ГРБН")
    escalation = services.escalation_escalate(actor=sc.gibd_head, escalation=escalation, note="Нужен ПО")
    assert escalation.level == Level.OFFICE
    with pytest.raises(PermissionDenied):  # a project manager cannot resolve at the project office
        services.escalation_resolve(actor=sc.pm, escalation=escalation, resolution="Сами")
    resolved = services.escalation_resolve(actor=sc.po_head, escalation=escalation, resolution="Доступ выдан")
    assert resolved.status == EscalationStatus.RESOLVED
    assert resolved.resolved_by == sc.po_head
    kinds = [kind for kind, _level, _path in steps(resolved)]
    assert kinds[-2:] == [StepKind.RESOLVED, StepKind.RETURNED]
    returned = escalation_path(resolved)[-1]
    assert (returned.step.level, returned.step.node_path, returned.meeting) == (
        Level.TEAM,
        sc.project.path,
        team_meeting,
    )
    item = AgendaItem.objects.get(meeting=team_meeting)
    assert item.signal_key == f"escalation:{resolved.pk}:returned"
    assert "Доступ выдан" in item.details
    told = Notification.objects.filter(kind=services.KIND_RESOLVED).values_list("recipient", flat=True)
    assert sc.pm.pk in set(told)  # the raiser (and the team's chair, the same person here)
    with pytest.raises(ValidationError, match="no longer moves"):
        services.escalation_escalate(actor=sc.po_head, escalation=resolved, note="Ещё")


def test_a_risk_and_a_decision_start_at_their_own_places(sc):
    risk = risk_create(actor=sc.member, project=sc.project, title="Срыв поставки", probability=4, impact=4)
    from_risk = services.escalation_raise(actor=sc.member, subject_kind=SubjectKind.RISK, risk=risk)
    assert (from_risk.origin_level, from_risk.level, from_risk.title) == (
        Level.TEAM,
        Level.GROUP,
        f"R-{risk.number} Срыв поставки",
    )
    from tests.scrum.test_esc_decisions import decision_of

    decision = decision_of(sc, sc.schedules["office"], owner=sc.pm)
    from_decision = services.escalation_raise(
        actor=sc.pm, subject_kind=SubjectKind.DECISION, decision=decision, title="Нет ресурсов"
    )
    assert (from_decision.origin_level, from_decision.origin_path) == (Level.OFFICE, sc.program.path)
    assert (from_decision.level, from_decision.node_path) == (Level.COMMITTEE, sc.program.path)


def test_raising_needs_contribute_at_the_origin(sc, task, outsider):
    with pytest.raises(PermissionDenied):
        services.escalation_raise(actor=sc.pm_b, subject_kind=SubjectKind.TASK, task=task)
    with pytest.raises(PermissionDenied):
        services.escalation_raise(actor=outsider, subject_kind=SubjectKind.TASK, task=task)
    assert not Escalation.objects.exists()


def test_a_standard_basic_direction_outside_portfolios_has_no_council():
    standard = "body:1/direction:3/group:4/group:7/project:5/"
    assert services.target_path(standard, Level.GROUP) == "body:1/direction:3/group:4/group:7/"
    assert services.target_path(standard, Level.DIRECTION) == "body:1/direction:3/"
    with pytest.raises(ValidationError, match="portfolio of a national priority"):
        services.target_path(standard, Level.COUNCIL)
    with pytest.raises(ValidationError, match="program"):
        services.target_path(standard, Level.OFFICE)


def test_a_disagreement_at_the_office_gets_a_protocol_and_goes_to_the_committee(sc):
    escalation = services.escalation_raise(
        actor=sc.gibd_head,
        subject_kind=SubjectKind.DISAGREEMENT,
        node=sc.direction,
        level=Level.DIRECTION,
        title="Разногласия по объёму финансирования",
        description="Госорган и группа реализации расходятся в оценке",
    )
    assert (escalation.level, escalation.node_path) == (Level.OFFICE, sc.program.path)
    services.escalation_position_add(
        actor=sc.gibd_head, escalation=escalation, party="Группа реализации", position="Нужно 2 млрд"
    )
    with pytest.raises(ValidationError, match="at least two"):
        services.escalation_disagree(actor=sc.po_head, escalation=escalation, note="")
    services.escalation_position_add(
        actor=sc.po_head, escalation=escalation, party="Государственный орган", position="Достаточно 1 млрд"
    )
    with pytest.raises(PermissionDenied):
        services.escalation_disagree(actor=sc.pm, escalation=escalation, note="")
    signed = services.escalation_disagree(
        actor=sc.po_head, escalation=escalation, note="Позиции не сблизились"
    )
    year = timezone.localdate().year
    assert signed.disagreement_number == f"PD-{year}-0001"
    assert signed.disagreement_signed_at is not None
    assert (signed.level, signed.node_path) == (Level.COMMITTEE, sc.program.path)
    kinds = [kind for kind, _level, _path in steps(signed)]
    assert kinds[-2:] == [StepKind.DISAGREEMENT, StepKind.ESCALATED]
    assert Notification.objects.filter(kind=services.KIND_DISAGREEMENT, recipient=sc.gibd_head).exists()

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(disagreement_pdf(signed))).pages)
    assert f"PD-{year}-0001" in text
    assert "Нужно 2 млрд" in text and "Достаточно 1 млрд" in text
    assert "Группа реализации" in text
    assert "p.98(2)" in text

    # At the committee, a disagreement goes on to the governing council (p.98(3)); the number stays.
    at_council = services.escalation_disagree(actor=sc.committee_chair, escalation=signed, note="")
    assert (at_council.level, at_council.disagreement_number) == (Level.COUNCIL, f"PD-{year}-0001")


def test_a_protocol_is_signed_only_at_the_office_or_the_committee(sc, task):
    escalation = raise_task(sc, task)  # at the projects group
    for party in ("Команда", "Госорган"):
        services.escalation_position_add(actor=sc.pm, escalation=escalation, party=party, position="Позиция")
    with pytest.raises(ValidationError, match="Rules p.98"):
        services.escalation_disagree(actor=sc.gp_head, escalation=escalation, note="")


def test_only_the_raiser_withdraws_while_open(sc, task):
    escalation = raise_task(sc, task)
    with pytest.raises(PermissionDenied):
        services.escalation_withdraw(actor=sc.gp_head, escalation=escalation, reason="Не нужно")
    with pytest.raises(ValidationError):
        services.escalation_withdraw(actor=sc.pm, escalation=escalation, reason=" ")
    withdrawn = services.escalation_withdraw(actor=sc.pm, escalation=escalation, reason="Решили сами")
    assert withdrawn.status == EscalationStatus.WITHDRAWN
    assert steps(withdrawn)[-1][0] == StepKind.WITHDRAWN


def test_who_may_act_and_who_sees(sc, task, outsider):
    escalation = raise_task(sc, task)
    assert may_act_at(sc.gp_head, escalation)
    assert may_act_at(sc.po_head, escalation)  # "contribute" on the program reaches the group below
    assert not may_act_at(sc.pm, escalation)
    assert not may_act_at(outsider, escalation)
    assert list(escalation_list(sc.pm)) == [escalation]
    assert list(escalation_list(sc.curator)) == [escalation]
    assert list(escalation_list(outsider)) == []
    assert list(escalation_list(sc.gp_head, at_my_levels=True)) == [escalation]
    assert list(escalation_list(sc.pm, at_my_levels=True)) == []
    assert list(escalation_list(sc.pm, mine=True)) == [escalation]
    assert list(escalation_list(sc.pm, level=Level.OFFICE)) == []
