"""The agenda builder (scrum.selectors.agenda, scrum.services.agenda): each signal, its scope, grouping, presenter,
an idempotent rebuild, and a fixed number of queries whatever the number of projects."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.choices import ColumnKind, RiskStatus
from projects.models import BoardColumn, ProjectAssignment, Risk, Task
from scrum.choices import AgendaSource, DecisionStatus, EscalationStatus, Level, MeetingStatus, OutcomeKind
from scrum.models import AgendaItem, Decision, Escalation
from scrum.selectors.agenda import agenda_for, agenda_signals
from scrum.services.agenda import agenda_build, agenda_put
from tests.factories import PersonFactory, StateBodyFactory, make_group, make_project, make_tree
from tests.factories_kpi import fact, make_indicator, plan
from tests.factories_scrum import make_meeting
from tests.scrum import make_task, mark_done

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 25)  # a Wednesday: the project office's day


@pytest.fixture
def office(sc):
    return make_meeting(sc.schedules["office"], TODAY)


def signals(meeting, source=None):
    found = agenda_signals(meeting, today=TODAY)
    return [s for s in found if source is None or s.source == source]


def keys(meeting, source):
    return [s.signal_key for s in signals(meeting, source)]


def make_risk(project, status=RiskStatus.OCCURRED, **fields):
    number = Risk.objects.filter(project=project).count() + 1
    return Risk.objects.create(
        project=project,
        number=number,
        title=fields.pop("title", f"Риск {number}"),
        probability=3,
        impact=4,
        identified_on=TODAY - dt.timedelta(days=30),
        status=status,
        **fields,
    )


def make_assignment(project, status="sent", **fields):
    number = ProjectAssignment.objects.filter(project=project).count() + 1
    return ProjectAssignment.objects.create(
        project=project,
        number=number,
        title=fields.pop("title", f"Поручение {number}"),
        addressee_body=StateBodyFactory(),
        addressee_head=PersonFactory(),
        due_on=TODAY + dt.timedelta(days=10),
        appoint_by=TODAY - dt.timedelta(days=1),
        status=status,
        **fields,
    )


def escalate(sc, level, node_path, *, task=None, title="Нет доступа к данным", status=EscalationStatus.OPEN):
    return Escalation.objects.create(
        subject_kind="task" if task else "disagreement",
        task=task,
        title=title,
        origin_level=Level.TEAM,
        origin_path=task.project.path if task else node_path,
        level=level,
        node_path=node_path,
        status=status,
        raised_by=sc.pm,
    )


def test_an_escalation_standing_at_the_level_and_node_comes_first_with_its_project(sc, office):
    task = make_task(sc.project, "Интеграция с ЕГСУ")
    mine = escalate(sc, Level.OFFICE, sc.program.path, task=task)
    escalate(sc, Level.COMMITTEE, sc.program.path, title="Уровнем выше")
    escalate(sc, Level.OFFICE, sc.program.path, title="Решено", status=EscalationStatus.RESOLVED)
    make_task(sc.project, "Просрочена", due_on=TODAY - dt.timedelta(days=2))

    found = signals(office, AgendaSource.ESCALATION)
    assert [s.signal_key for s in found] == [f"escalation:{mine.pk}"]
    signal = found[0]
    assert signal.project == sc.project and signal.group_id == sc.subgroup.pk
    assert signal.presenter == sc.pm and signal.minutes == 10
    assert signal.refs == {"escalation": mine}
    project_signals = [s for s in signals(office) if s.project == sc.project]
    assert project_signals[0].source == AgendaSource.ESCALATION  # before the project's overdue task


def test_open_binding_decisions_of_earlier_meetings_of_the_schedule_come_back_overdue_first(sc, office):
    earlier = make_meeting(sc.schedules["office"], TODAY - dt.timedelta(days=7), status=MeetingStatus.CLOSED)
    other = make_meeting(sc.schedules["committee"], TODAY - dt.timedelta(days=5), status=MeetingStatus.CLOSED)

    def decide(meeting, number, kind=OutcomeKind.DECISION, status=DecisionStatus.OPEN, due=3):
        return Decision.objects.create(
            meeting=meeting,
            number=number,
            kind=kind,
            text=f"Решение {number}",
            owner=sc.pm_b if kind != OutcomeKind.INFORMATION else None,
            due_on=TODAY + dt.timedelta(days=due) if kind != OutcomeKind.INFORMATION else None,
            status=status,
        )

    later = decide(earlier, 1, due=5)
    overdue = decide(earlier, 2, kind=OutcomeKind.ASSIGNMENT, due=-1)
    decide(earlier, 3, status=DecisionStatus.DONE)
    decide(earlier, 4, kind=OutcomeKind.INFORMATION, status=DecisionStatus.NOTED)
    decide(other, 1)
    decide(office, 1)  # the meeting's own

    found = signals(office, AgendaSource.DECISION)
    assert [s.signal_key for s in found] == [f"decision:{overdue.pk}", f"decision:{later.pk}"]
    assert found[0].presenter == sc.pm_b and found[0].details.startswith("Overdue")


def test_overdue_tasks_of_the_subtree_not_done_presented_by_the_assignee_or_the_manager(sc, office):
    late = make_task(sc.project, "Просрочена", due_on=TODAY - dt.timedelta(days=2), assignee=sc.member)
    unassigned = make_task(sc.project_b, "Без исполнителя", due_on=TODAY - dt.timedelta(days=1))
    mark_done(make_task(sc.project, "Сделана", due_on=TODAY - dt.timedelta(days=3)), TODAY)
    make_task(sc.project, "В срок", due_on=TODAY)
    elsewhere = make_tree(projects=1)["projects"][0]
    make_task(elsewhere, "Чужая", due_on=TODAY - dt.timedelta(days=5))

    found = {s.signal_key: s for s in signals(office, AgendaSource.OVERDUE_TASK)}
    assert set(found) == {f"task:{late.pk}", f"task:{unassigned.pk}"}
    assert found[f"task:{late.pk}"].presenter == sc.member
    assert found[f"task:{unassigned.pk}"].presenter == sc.pm_b  # the project's manager
    assert found[f"task:{late.pk}"].group_id == sc.subgroup.pk
    # The team of project A discusses its own project only.
    team = make_meeting(sc.schedules["team"], dt.date(2026, 11, 23))
    assert keys(team, AgendaSource.OVERDUE_TASK) == [f"task:{late.pk}"]


def test_blocked_tasks_flagged_or_waiting_for_an_unfinished_task(sc, office):
    flagged = make_task(sc.project, "Флаг", blocked=True, blocked_reason="Нет серверов")
    blocker = make_task(sc.project, "Закупка")
    waiting = make_task(sc.project, "Ждёт закупку")
    waiting.blocked_by.add(blocker)
    finished = mark_done(make_task(sc.project, "Готово"), TODAY)
    free = make_task(sc.project, "Ждала готовую")
    free.blocked_by.add(finished)

    found = {s.signal_key: s for s in signals(office, AgendaSource.BLOCKED_TASK)}
    assert set(found) == {f"task:{flagged.pk}", f"task:{waiting.pk}"}
    assert "Нет серверов" in found[f"task:{flagged.pk}"].details
    assert f"#{blocker.number}" in found[f"task:{waiting.pk}"].details


def test_project_assignments_sent_without_an_executor(sc, office):
    sent = make_assignment(sc.project)
    make_assignment(sc.project, status="appointed")
    make_assignment(sc.project, status="draft")
    found = signals(office, AgendaSource.UNASSIGNED)
    assert [s.signal_key for s in found] == [f"assignment:{sent.pk}"]
    assert found[0].presenter == sc.pm and found[0].refs == {"assignment": sent}


def test_indicators_scored_red_in_the_subtree(sc, office):
    red = make_indicator(sc.project, "A-RED")
    plan(red, 2025, 100)
    fact(red, 2025, 20)
    green = make_indicator(sc.project, "A-GREEN")
    plan(green, 2025, 100)
    fact(green, 2025, 100)
    above = make_indicator(sc.portfolio, "KNI-OUT")  # above the program: not the office's
    plan(above, 2025, 100)
    fact(above, 2025, 10)

    found = signals(office, AgendaSource.KNI_OFF_TRACK)
    assert [s.signal_key for s in found] == [f"indicator:{red.pk}"]
    assert found[0].project == sc.project and found[0].presenter == sc.pm
    assert "A-RED" in found[0].title


def test_risks_that_became_issues(sc, office):
    issue = make_risk(sc.project_b, owner=sc.pm_b)
    make_risk(sc.project_b, status=RiskStatus.IDENTIFIED)
    make_risk(sc.project_b, status=RiskStatus.CLOSED)
    found = signals(office, AgendaSource.RISK_ISSUE)
    assert [s.signal_key for s in found] == [f"risk:{issue.pk}"]
    assert found[0].project == sc.project_b and found[0].presenter == sc.pm_b


def test_the_build_is_idempotent_and_adds_new_signals_after_the_existing_items(sc, office):
    first = make_task(sc.project, "Первая", due_on=TODAY - dt.timedelta(days=1))
    manual = AgendaItem.objects.create(meeting=office, position=0, source=AgendaSource.MANUAL, title="Разное")
    added = agenda_build(actor=sc.po_head, meeting=office, today=TODAY)
    assert [item.task for item in added] == [first]
    assert added[0].position == 1 and added[0].minutes == 5 and added[0].group_id == sc.subgroup.pk
    assert agenda_build(actor=sc.po_head, meeting=office, today=TODAY) == []

    second = make_task(sc.project_b, "Вторая", due_on=TODAY - dt.timedelta(days=1))
    again = agenda_build(actor=sc.po_head, meeting=office, today=TODAY)
    assert [item.task for item in again] == [second] and again[0].position == 2
    assert AgendaItem.objects.filter(meeting=office).count() == 3

    blocks = agenda_for(office)
    titles = [[[i.title for i in b.items] for b in g.projects] for g in blocks]
    assert titles[0] == [["Разное"]]  # a group comes where its first item stands
    assert blocks[1].group == sc.subgroup and [b.project for b in blocks[1].projects] == [
        sc.project,
        sc.project_b,
    ]
    assert manual.pk in [item.pk for item in blocks[0].projects[0].items]


def test_agenda_put_is_idempotent_and_refused_once_the_meeting_is_closed(sc, office):
    escalation = escalate(sc, Level.OFFICE, sc.program.path, task=make_task(sc.project))
    values = {
        "meeting": office,
        "source": AgendaSource.ESCALATION,
        "signal_key": f"escalation:{escalation.pk}",
        "title": escalation.title,
        "escalation": escalation,
        "project": sc.project,
    }
    item = agenda_put(**values)
    assert item.minutes == 10 and item.group_id == sc.subgroup.pk and item.escalation == escalation
    assert agenda_put(**values) is None
    closed = make_meeting(sc.schedules["office"], TODAY - dt.timedelta(days=7), status=MeetingStatus.CLOSED)
    assert agenda_put(**{**values, "meeting": closed}) is None
    assert AgendaItem.objects.count() == 1


def _signals_everywhere(projects, today):
    """An overdue task, a blocked task, a sent assignment and an occurred risk in every project."""
    columns = {
        c.project_id: c for c in BoardColumn.objects.filter(project__in=projects, kind=ColumnKind.TO_DO)
    }
    Task.objects.bulk_create(
        Task(
            project=p,
            number=n,
            column=columns[p.pk],
            title=f"Задача {n}",
            due_on=today - dt.timedelta(days=1),
            blocked=n == 2,
            blocked_reason="Ждём" if n == 2 else "",
        )
        for p in projects
        for n in (1, 2)
    )
    body, head = StateBodyFactory(), PersonFactory()
    ProjectAssignment.objects.bulk_create(
        ProjectAssignment(
            project=p,
            number=1,
            title="Поручение",
            addressee_body=body,
            addressee_head=head,
            due_on=today,
            status="sent",
        )
        for p in projects
    )
    Risk.objects.bulk_create(
        Risk(
            project=p,
            number=1,
            title="Риск",
            probability=2,
            impact=2,
            identified_on=today,
            status=RiskStatus.OCCURRED,
        )
        for p in projects
    )


def _count(meeting):
    with CaptureQueriesContext(connection) as queries:
        found = agenda_signals(meeting, today=TODAY)
    return len(queries), found


def test_the_agenda_of_a_project_office_over_200_projects_takes_a_fixed_number_of_queries(sc, office):
    _signals_everywhere([sc.project, sc.project_b], TODAY)
    small, found = _count(office)
    assert len(found) == 2 * 5

    group = make_group(direction=sc.direction, name="Большая группа")
    many = [make_project(group=group, name=f"Проект {n}") for n in range(200)]
    _signals_everywhere(many, TODAY)
    large, found = _count(office)
    assert len(found) == 202 * 5
    assert large == small == 12
