"""The weekly information board's figures (Rules p.2(3), p.68(4)), worked out by hand on a small program, and the
fixed number of statements they cost whatever the size of the program."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from projects.choices import ColumnKind, SprintStatus
from scrum.choices import (
    DecisionStatus,
    EscalationStatus,
    Level,
    MeetingStatus,
    OutcomeKind,
    SubjectKind,
)
from scrum.models import Decision, Escalation, Sprint, SprintItem
from scrum.selectors.boards import BOARD_QUERIES, board_figures, localized, week_bounds
from tests.factories import make_project
from tests.factories_kpi import fact, make_indicator, plan
from tests.factories_scrum import make_meeting
from tests.scrum import ALMATY, make_task, mark_done

pytestmark = pytest.mark.django_db

WEEK = dt.date(2026, 11, 9)  # Monday; the board is taken on the Monday after, 07:00 Almaty
NOW = dt.datetime(2026, 11, 16, 7, 0, tzinfo=ALMATY)


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ALMATY)


def d(day: int, month: int = 11) -> dt.date:
    return dt.date(2026, month, day)


def created(obj, field: str, moment: dt.datetime):
    """Set an auto_now_add moment (the fixtures' past) straight in the database."""
    type(obj).objects.filter(pk=obj.pk).update(**{field: moment})
    return obj


def sprint_items(sprint: Sprint, rows) -> None:
    for task, planned, outcome in rows:
        SprintItem.objects.create(
            sprint=sprint, task=task, title=task.title, planned=planned, outcome=outcome
        )


def make_decision(meeting, number: int, kind: str = OutcomeKind.DECISION, **fields) -> Decision:
    owner = fields.pop("owner", None)
    decision = Decision.objects.create(
        meeting=meeting,
        number=number,
        kind=kind,
        text=f"Решение {number}",
        owner=owner,
        **fields,
    )
    return created(decision, "created_at", at(d(4)))


def make_escalation(sc, origin, origin_level: str, level: str, raised: dt.datetime, **fields) -> Escalation:
    escalation = Escalation.objects.create(
        subject_kind=SubjectKind.DISAGREEMENT,
        title="Проблема",
        origin_level=origin_level,
        origin_path=origin.path,
        level=level,
        node_path=origin.path,
        raised_by=sc.pm,
        **fields,
    )
    return created(escalation, "raised_at", raised)


@pytest.fixture
def board(sc):
    """The small program of the module's docstring (sc: tests.factories_scrum), with one week's signals."""
    a, b = sc.project, sc.project_b
    # Sprints: A's closed with frozen figures; B's still open, counted live from its items.
    Sprint.objects.create(
        project=a, week_start=WEEK, status=SprintStatus.CLOSED, planned_count=5, done_count=3, carried_count=2
    )
    open_sprint = Sprint.objects.create(project=b, week_start=WEEK)
    b1, b2, b3, b4 = (make_task(b, f"B{n}") for n in range(1, 5))
    mark_done(b1, d(11))
    mark_done(b3, d(12))
    sprint_items(
        open_sprint,
        [
            (b1, True, SprintItem.Outcome.OPEN),  # planned, done
            (b2, True, SprintItem.Outcome.OPEN),  # planned, not done
            (b3, False, SprintItem.Outcome.OPEN),  # added during the week, done
            (b4, True, SprintItem.Outcome.REMOVED),  # taken out: not counted
        ],
    )
    Sprint.objects.create(project=a, week_start=WEEK - dt.timedelta(days=7), planned_count=9, done_count=9)

    # Tasks overdue at the end of the week (before Monday 16th, not done by then).
    for task in (
        make_task(a, "A late", due_on=d(12)),  # overdue
        mark_done(make_task(a, "A done in time", due_on=d(12)), d(13)),  # done before the end: not
        make_task(a, "A due later", due_on=d(20)),  # not due yet
        mark_done(make_task(b, "B done late", due_on=d(10)), d(17)),  # done only after the week: overdue
    ):
        created(task, "created_at", at(d(2)))
    created(make_task(b, "B created after", due_on=d(10)), "created_at", at(d(17)))  # did not exist yet

    # Decisions of the program's meetings.
    office = make_meeting(sc.schedules["office"], d(4), status=MeetingStatus.CLOSED)
    team = make_meeting(sc.schedules["team"], d(2), status=MeetingStatus.CLOSED)
    make_decision(office, 1, owner=sc.pm, due_on=d(10), project=a)  # A: open, overdue
    make_decision(office, 2, OutcomeKind.ASSIGNMENT, owner=sc.gp_head, due_on=d(30))  # program: open
    make_decision(
        office, 3, owner=sc.pm_b, due_on=d(12), status=DecisionStatus.DONE, done_at=at(d(11))
    )  # done this week
    make_decision(office, 4, OutcomeKind.INFORMATION, status=DecisionStatus.NOTED)  # not binding
    make_decision(
        office, 5, owner=sc.pm_b, due_on=d(12), status=DecisionStatus.DONE, done_at=at(d(18))
    )  # open at the end of the week and overdue
    make_decision(
        office, 6, owner=sc.pm_b, due_on=d(1), status=DecisionStatus.CANCELLED, cancel_reason="Не нужно"
    )
    make_decision(team, 1, OutcomeKind.TASK, owner=sc.member, due_on=d(20), project=a)  # A: open

    # Escalations raised in the program.
    make_escalation(sc, a, Level.TEAM, Level.GROUP, at(d(10)))  # open, raised this week
    make_escalation(
        sc,
        sc.subgroup,
        Level.GROUP,
        Level.DIRECTION,
        at(d(2)),
        status=EscalationStatus.RESOLVED,
        resolved_at=at(d(12)),
    )  # resolved this week
    make_escalation(sc, sc.direction, Level.DIRECTION, Level.OFFICE, at(d(20, 10)))  # open, older
    make_escalation(sc, a, Level.TEAM, Level.TEAM, at(d(17)))  # after the week: nowhere

    # Key national indicators of 2025 (the latest year with a fact): one red, one amber, one green, one grey.
    red = make_indicator(sc.program, "P-1", name="Охват услугами")
    plan(red, 2025, 100)
    fact(red, 2025, 70)
    amber = make_indicator(a, "A-1")
    plan(amber, 2025, 10)
    fact(amber, 2025, 9)
    green = make_indicator(b, "B-1")
    plan(green, 2025, 10)
    fact(green, 2025, 12)
    grey = make_indicator(sc.direction, "D-1")
    plan(grey, 2025, 5)
    return board_figures(sc.program, WEEK, now=NOW)


def row_of(figures: dict, node) -> dict:
    return next(row for row in figures["rows"] if row["path"] == node.path)


def test_the_week_ends_on_the_monday_after_or_now():
    start, end, as_of = week_bounds(WEEK, NOW)
    assert (start, end, as_of) == (at(d(9), 0), at(d(16), 0), d(16))
    start, end, as_of = week_bounds(WEEK, at(d(12), 10))  # during the week: up to now
    assert (end, as_of) == (at(d(12), 10), d(12))


def test_program_totals(board):
    totals = board["totals"]
    assert board["week_start"] == "2026-11-09"
    assert board["week_end"] == "2026-11-15"
    assert {key: totals[key] for key in ("projects", "sprints", "tasks_planned", "tasks_done")} == {
        "projects": 2,
        "sprints": 2,
        "tasks_planned": 7,  # A's frozen 5 + B's live 2 (the added and the removed ones are not planned)
        "tasks_done": 5,  # A's frozen 3 + B's live 2 (one planned, one added)
    }
    assert totals["progress"] == 71
    assert totals["tasks_overdue"] == 2
    assert (totals["decisions_open"], totals["decisions_overdue"], totals["decisions_done"]) == (4, 2, 1)
    assert (totals["escalations_open"], totals["escalations_raised"], totals["escalations_resolved"]) == (
        2,
        1,
        1,
    )
    assert (totals["kni_red"], totals["kni_amber"], totals["kni_green"], totals["kni_grey"]) == (1, 1, 1, 1)
    assert totals["kni_off_track"] == 2
    assert board["escalations_by_level"] == [{"level": "group", "open": 1}, {"level": "office", "open": 1}]


def test_rows_add_up_the_tree(sc, board):
    assert [(row["level"], row["depth"]) for row in board["rows"]] == [
        ("direction", 0),
        ("group", 1),
        ("group", 2),
        ("project", 3),
        ("project", 3),
    ]
    a, b, subgroup, direction = (
        row_of(board, sc.project),
        row_of(board, sc.project_b),
        row_of(board, sc.subgroup),
        row_of(board, sc.direction),
    )
    assert a["parent_path"] == sc.subgroup.path and subgroup["parent_path"] == sc.group.path
    assert a["name"]["ru"] == sc.project.name_ru and a["code"] == sc.project.code
    assert (a["tasks_planned"], a["tasks_done"], a["progress"], a["tasks_overdue"]) == (5, 3, 60, 1)
    assert (b["tasks_planned"], b["tasks_done"], b["progress"], b["tasks_overdue"]) == (2, 2, 100, 1)
    assert (a["decisions_open"], a["decisions_overdue"], a["decisions_done"]) == (2, 1, 0)
    assert b["decisions_open"] == 0
    assert (a["escalations_open"], a["escalations_raised"], a["escalations_resolved"]) == (1, 1, 0)
    assert (a["kni_amber"], b["kni_green"]) == (1, 1)
    assert (
        subgroup["projects"],
        subgroup["tasks_planned"],
        subgroup["tasks_done"],
        subgroup["progress"],
    ) == (
        2,
        7,
        5,
        71,
    )
    assert (subgroup["escalations_open"], subgroup["escalations_resolved"]) == (1, 1)
    assert row_of(board, sc.group)["escalations_resolved"] == 1
    assert (direction["escalations_open"], direction["kni_grey"], direction["kni_off_track"]) == (2, 1, 1)
    # The program's own decisions and indicator count only in the totals.
    assert direction["decisions_open"] == 2 and direction["kni_red"] == 0


def test_worst_deviations(board):
    kni = board["kni"]
    assert kni["period"]["year"] == 2025 and kni["period"]["quarter"] == 0
    assert [(row["code"], row["colour"], row["achievement"]) for row in kni["worst"]] == [
        ("P-1", "red", 0.7),
        ("A-1", "amber", 0.9),
    ]
    worst = kni["worst"][0]
    assert (worst["plan"], worst["fact"], worst["deviation"], worst["level"]) == (
        "100",
        "70",
        "-30",
        "program",
    )
    assert worst["name"]["ru"] == "Охват услугами"


def test_figures_are_plain_json_and_read_in_the_readers_language(board):
    import json

    assert json.loads(json.dumps(board)) == board
    shown = localized(board, "kk")
    assert shown["kni"]["worst"][0]["label"] == "Охват услугами"  # the Kazakh name, as the factory wrote it
    assert shown["rows"][0]["label"]


def test_an_empty_week(sc):
    figures = board_figures(sc.program, WEEK + dt.timedelta(days=7), now=NOW + dt.timedelta(days=7))
    assert figures["totals"]["tasks_planned"] == 0 and figures["totals"]["progress"] is None
    assert figures["kni"]["worst"] == [] and figures["escalations_by_level"] == []
    assert len(figures["rows"]) == 5


def _fill(sc, project, n: int) -> None:
    """One project's week: a closed sprint, a late task, a decision, an escalation and an indicator."""
    Sprint.objects.create(
        project=project, week_start=WEEK, status=SprintStatus.CLOSED, planned_count=4, done_count=2
    )
    make_task(project, "late", due_on=d(10), kind=ColumnKind.DOING)
    indicator = make_indicator(project, f"X-{n}")
    plan(indicator, 2025, Decimal(10))
    fact(indicator, 2025, Decimal(n % 12))
    make_escalation(sc, project, Level.TEAM, Level.GROUP, at(d(10)))


def test_the_cost_does_not_grow_with_the_program(sc, django_assert_num_queries):
    for n, project in enumerate((sc.project, sc.project_b)):
        _fill(sc, project, n)
    with django_assert_num_queries(BOARD_QUERIES):
        small = board_figures(sc.program, WEEK, now=NOW)
    assert small["totals"]["projects"] == 2
    for n in range(28):
        _fill(sc, make_project(group=sc.group if n % 2 else sc.subgroup, name=f"Проект {n}"), n + 2)
    with django_assert_num_queries(BOARD_QUERIES):
        big = board_figures(sc.program, WEEK, now=NOW)
    assert big["totals"]["projects"] == 30
    assert big["totals"]["tasks_planned"] == 120 and big["totals"]["escalations_open"] == 30
    assert len(big["kni"]["worst"]) == 10
