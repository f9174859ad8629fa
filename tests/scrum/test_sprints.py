"""Weekly sprints (Rules p.2(58), p.84(3)): opening, planning, closing with carry-over, frozen figures, burndown."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from django.core.exceptions import ValidationError
from django.utils import timezone

from pmis.core import events
from projects.choices import ColumnKind, SprintStatus
from projects.models import Task
from scrum.models import Sprint, SprintItem
from scrum.selectors.sprints import (
    BurndownRow,
    burndown,
    compute_burndown,
    sprint_current,
    sprint_figures,
    sprint_items,
)
from scrum.services.sprints import (
    sprint_add_tasks,
    sprint_close,
    sprint_open,
    sprint_plan,
    sprint_remove_task,
    sprint_update_goal,
)
from tests.scrum import make_task, mark_done, next_monday

pytestmark = pytest.mark.django_db


def days(week_start: dt.date) -> list[dt.date]:
    return [week_start + dt.timedelta(days=offset) for offset in range(7)]


@pytest.fixture
def week():
    """Next week's Monday: a sprint the team plans ahead, so every task added now is planned from the start."""
    return next_monday()


@pytest.fixture
def sprint(ws, week):
    return sprint_open(actor=ws.pm, project=ws.project, week_start=week, goal="Запустить пилот")


# --- opening ---------------------------------------------------------------------------------------------------


def test_open_defaults_to_this_week(ws):
    sprint = sprint_open(actor=ws.pm, project=ws.project, goal="  Цель недели ")
    today = timezone.localdate()
    assert sprint.week_start == today - dt.timedelta(days=today.weekday())
    assert sprint.status == SprintStatus.OPEN
    assert sprint.goal == "Цель недели"
    assert sprint.history.first().history_user == ws.pm
    assert sprint_current(ws.pm, ws.project) == sprint


def test_open_refuses_a_week_not_starting_on_monday(ws, week):
    with pytest.raises(ValidationError) as error:
        sprint_open(actor=ws.pm, project=ws.project, week_start=week + dt.timedelta(days=2))
    assert "starts on a Monday" in str(error.value)
    assert not Sprint.objects.exists()


def test_open_refuses_a_second_sprint_for_the_same_week(ws, sprint, week):
    with pytest.raises(ValidationError) as error:
        sprint_open(actor=ws.pm, project=ws.project, week_start=week)
    assert "already has a sprint for the week" in str(error.value)
    assert Sprint.objects.count() == 1
    # Another project may have its own sprint that week.
    sprint_open(actor=None, project=ws.other, week_start=week)


def test_open_refuses_a_week_that_is_over(ws):
    last_week = next_monday() - dt.timedelta(days=14)
    with pytest.raises(ValidationError) as error:
        sprint_open(actor=ws.pm, project=ws.project, week_start=last_week)
    assert "is over" in str(error.value)


def test_open_says_when_the_previous_sprint_is_still_open(ws, sprint, week):
    later = week + dt.timedelta(days=7)
    with pytest.raises(ValidationError) as error:
        sprint_open(actor=ws.pm, project=ws.project, week_start=later, today=later + dt.timedelta(days=1))
    assert "is still open" in str(error.value)
    assert Sprint.objects.count() == 1
    # Planning the next week ahead while this one runs is fine.
    sprint_open(actor=ws.pm, project=ws.project, week_start=later, today=week + dt.timedelta(days=2))


def test_goal_changes_while_open_only(ws, sprint):
    sprint_update_goal(actor=ws.pm, sprint=sprint, goal="Новая цель")
    sprint.refresh_from_db()
    assert sprint.goal == "Новая цель"
    sprint_close(actor=ws.pm, sprint=sprint)
    with pytest.raises(ValidationError, match="is closed"):
        sprint_update_goal(actor=ws.pm, sprint=sprint, goal="Поздно")
    sprint.refresh_from_db()
    assert sprint.goal == "Новая цель"


# --- planning ------------------------------------------------------------------------------------------------


def test_plan_puts_tasks_into_the_sprint(ws, sprint):
    first = make_task(ws.project, "Согласовать ТЗ", hours=4)
    second = make_task(ws.project, "Закупка серверов", hours=6)
    items = sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[first, second])
    assert [(item.title, item.estimate_hours, item.planned) for item in items] == [
        ("Согласовать ТЗ", Decimal("4.0"), True),
        ("Закупка серверов", Decimal("6.0"), True),
    ]
    first.refresh_from_db()
    assert first.sprint == sprint
    assert first.version == 2  # a stale edit of the card now gets 409
    assert first.history.first().history_user == ws.member


def test_a_task_added_after_monday_is_marked_added_during_the_week(ws, sprint, week):
    task = make_task(ws.project, hours=2)
    (item,) = sprint_add_tasks(
        actor=ws.member, sprint=sprint, tasks=[task], today=week + dt.timedelta(days=2)
    )
    assert item.planned is False
    monday = make_task(ws.project, hours=2)
    (item,) = sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[monday], today=week)
    assert item.planned is True


@pytest.mark.parametrize("case", ["done", "other project", "twice", "other open sprint", "nothing"])
def test_plan_refuses_with_a_message_and_changes_nothing(ws, sprint, week, case):
    good = make_task(ws.project, "Годная задача")
    if case == "done":
        bad = make_task(ws.project, kind=ColumnKind.DONE)
        expected = "already done"
    elif case == "other project":
        bad = make_task(ws.other)
        expected = "belongs to another project"
    elif case == "twice":
        bad = make_task(ws.project)
        sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[bad])
        expected = "already in this sprint"
    elif case == "other open sprint":
        bad = make_task(ws.project)
        later = sprint_open(actor=ws.pm, project=ws.project, week_start=week + dt.timedelta(days=7))
        sprint_add_tasks(actor=ws.member, sprint=later, tasks=[bad])
        expected = "is planned in the sprint of the week"
    else:
        bad, good, expected = None, None, "at least one task"
    tasks = [task for task in (good, bad) if task is not None]
    before = SprintItem.objects.count()
    with pytest.raises(ValidationError) as error:
        sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=tasks)
    assert expected in str(error.value)
    assert SprintItem.objects.count() == before
    if good is not None:
        good.refresh_from_db()
        assert good.sprint is None and good.version == 1


def test_remove_frees_the_task_and_keeps_the_item_as_removed(ws, sprint):
    task = make_task(ws.project, hours=3)
    sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[task])
    item = sprint_remove_task(actor=ws.member, sprint=sprint, task=task)
    assert item.outcome == SprintItem.Outcome.REMOVED
    task.refresh_from_db()
    assert task.sprint is None and task.version == 3
    with pytest.raises(ValidationError, match="is not in this sprint"):
        sprint_remove_task(actor=ws.member, sprint=sprint, task=task)
    # Planned again, it comes back on its old row.
    (again,) = sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[task])
    assert again.pk == item.pk and again.outcome == SprintItem.Outcome.OPEN


def test_plan_makes_the_sprint_exactly_the_listed_tasks(ws, sprint, week):
    keep, drop, new = (make_task(ws.project, name) for name in ("Оставить", "Убрать", "Добавить"))
    finished = make_task(ws.project, "Сделано")
    sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[keep, drop, finished])
    mark_done(finished, week)
    open_items = sprint_plan(actor=ws.member, sprint=sprint, tasks=[keep, new])
    assert {item.title for item in open_items} == {"Оставить", "Добавить", "Сделано"}  # done work stays
    drop.refresh_from_db()
    assert drop.sprint is None


# --- closing -------------------------------------------------------------------------------------------------


def scripted_week(ws, sprint, week):
    """Three tasks planned for the week (4 h, 6 h, 10 h): the first done on Tuesday, the second on Thursday."""
    tuesday_task = make_task(ws.project, "Согласовать ТЗ", hours=4)
    thursday_task = make_task(ws.project, "Закупка серверов", hours=6, assignee=ws.member)
    unfinished = make_task(ws.project, "Миграция данных", hours=10)
    sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[tuesday_task, thursday_task, unfinished])
    mark_done(tuesday_task, week + dt.timedelta(days=1), hour=11)
    mark_done(thursday_task, week + dt.timedelta(days=3), hour=23)  # late evening in Almaty: still Thursday
    return tuesday_task, thursday_task, unfinished


def test_close_freezes_outcomes_figures_and_burndown(ws, sprint, week):
    tuesday_task, thursday_task, unfinished = scripted_week(ws, sprint, week)
    sprint_close(actor=ws.pm, sprint=sprint)
    sprint.refresh_from_db()
    assert sprint.status == SprintStatus.CLOSED and sprint.closed_by == ws.pm and sprint.closed_at
    assert (sprint.planned_count, sprint.done_count, sprint.carried_count) == (3, 2, 1)
    assert (sprint.planned_hours, sprint.done_hours) == (Decimal("20.0"), Decimal("10.0"))
    outcomes = {item.title: item.outcome for item in sprint.items.all()}
    assert outcomes == {"Согласовать ТЗ": "done", "Закупка серверов": "done", "Миграция данных": "carried"}
    assert [day["day"] for day in sprint.burndown] == [day.isoformat() for day in days(week)]
    assert [day["remaining"] for day in sprint.burndown] == [20, 16, 16, 10, 10, 10, 10]
    assert [day["remaining_tasks"] for day in sprint.burndown] == [3, 2, 2, 1, 1, 1, 1]
    ideal = [day["ideal"] for day in sprint.burndown]
    assert ideal[-1] == 0 and ideal == sorted(ideal, reverse=True) and ideal[0] < 20


def test_close_carries_unfinished_tasks_into_next_weeks_sprint(ws, sprint, week):
    _, _, unfinished = scripted_week(ws, sprint, week)
    sprint_close(actor=ws.pm, sprint=sprint)
    following = Sprint.objects.get(project=ws.project, week_start=week + dt.timedelta(days=7))
    assert following.status == SprintStatus.OPEN and following.goal == ""
    unfinished.refresh_from_db()
    assert unfinished.sprint == following
    (item,) = following.items.all()
    assert (item.task, item.planned, item.outcome) == (unfinished, True, SprintItem.Outcome.OPEN)


def test_close_carries_into_an_existing_next_sprint_keeping_its_goal(ws, sprint, week):
    following = sprint_open(
        actor=ws.pm, project=ws.project, week_start=week + dt.timedelta(days=7), goal="Дальше"
    )
    _, _, unfinished = scripted_week(ws, sprint, week)
    sprint_close(actor=ws.pm, sprint=sprint)
    following.refresh_from_db()
    assert following.goal == "Дальше"
    assert list(following.tasks.all()) == [unfinished]


def test_closed_sprint_refuses_changes(ws, sprint):
    task = make_task(ws.project)
    sprint_close(actor=ws.pm, sprint=sprint)
    for call in (
        lambda: sprint_close(actor=ws.pm, sprint=sprint),
        lambda: sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[task]),
        lambda: sprint_remove_task(actor=ws.member, sprint=sprint, task=task),
    ):
        with pytest.raises(ValidationError, match="is closed"):
            call()


def test_frozen_figures_survive_later_renames_and_deletions(ws, sprint, week):
    tuesday_task, thursday_task, unfinished = scripted_week(ws, sprint, week)
    sprint_close(actor=ws.pm, sprint=sprint)
    sprint.refresh_from_db()
    frozen = (
        sprint.planned_count,
        sprint.done_count,
        sprint.carried_count,
        sprint.planned_hours,
        sprint.done_hours,
        sprint.burndown,
    )
    Task.objects.filter(pk=tuesday_task.pk).update(title="Переименована", estimate_hours=Decimal("99"))
    thursday_task.delete()
    Task.objects.filter(pk=unfinished.pk).update(done_at=None, estimate_hours=Decimal("1"))

    sprint.refresh_from_db()
    assert (
        sprint.planned_count,
        sprint.done_count,
        sprint.carried_count,
        sprint.planned_hours,
        sprint.done_hours,
        sprint.burndown,
    ) == frozen
    items = sprint_items(sprint)
    assert sorted(item.title for item in items) == ["Закупка серверов", "Миграция данных", "Согласовать ТЗ"]
    figures = sprint_figures(sprint, items)
    assert (figures.planned, figures.done, figures.carried, figures.done_hours) == (3, 2, 1, 10.0)
    assert burndown(sprint)["days"] == frozen[-1]


def test_a_task_deleted_during_the_week_leaves_the_sprint(ws, sprint, week):
    gone = make_task(ws.project, hours=5)
    stays = make_task(ws.project, hours=3)
    sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[gone, stays])
    gone.delete()
    sprint_close(actor=ws.pm, sprint=sprint)
    sprint.refresh_from_db()
    assert (sprint.planned_count, sprint.carried_count, sprint.planned_hours) == (1, 1, Decimal("3.0"))


def test_figures_count_added_tasks_apart_and_removed_ones_not(ws, sprint, week):
    planned = make_task(ws.project, hours=4)
    removed = make_task(ws.project, hours=8)
    sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[planned, removed])
    sprint_remove_task(actor=ws.member, sprint=sprint, task=removed)
    late = make_task(ws.project, hours=2)
    sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[late], today=week + dt.timedelta(days=2))
    SprintItem.objects.filter(task=late).update(
        added_at=timezone.make_aware(dt.datetime.combine(week + dt.timedelta(days=2), dt.time(10)))
    )
    mark_done(late, week + dt.timedelta(days=3))
    figures = sprint_figures(sprint, sprint_items(sprint))
    assert (figures.planned, figures.added, figures.done, figures.open) == (1, 1, 1, 1)
    sprint_close(actor=ws.pm, sprint=sprint)
    sprint.refresh_from_db()
    assert (sprint.planned_count, sprint.done_count, sprint.carried_count) == (1, 1, 1)
    assert (sprint.planned_hours, sprint.done_hours) == (Decimal("4.0"), Decimal("2.0"))
    # The added task joins the scope on Wednesday and burns on Thursday.
    assert [day["remaining"] for day in sprint.burndown] == [4, 4, 6, 4, 4, 4, 4]


# --- burndown ------------------------------------------------------------------------------------------------


def test_live_burndown_stops_at_today(ws, sprint, week):
    scripted_week(ws, sprint, week)
    chart = burndown(sprint, today=week + dt.timedelta(days=2))
    assert chart["start"] == 20 and chart["start_tasks"] == 3
    assert [day["remaining"] for day in chart["days"]] == [20, 16, 16, None, None, None, None]


def test_ideal_line_falls_over_working_days_only():
    rows = [BurndownRow(hours=Decimal("20"), planned=True, added_on=dt.date(2026, 11, 16), done_on=None)]
    plain = compute_burndown(dt.date(2026, 11, 16), rows)
    assert [day["ideal"] for day in plain] == [16, 12, 8, 4, 0, 0, 0]
    assert [day["ideal_tasks"] for day in plain] == [0.8, 0.6, 0.4, 0.2, 0, 0, 0]
    # 16 December (Independence Day) is a holiday: the line stays flat that day.
    holiday = compute_burndown(dt.date(2026, 12, 14), rows)
    assert [day["ideal"] for day in holiday] == [15, 10, 10, 5, 0, 0, 0]


# --- live boards -----------------------------------------------------------------------------------------------


def test_planning_and_carrying_announce_the_cards_to_open_boards(
    ws, sprint, week, django_capture_on_commit_callbacks
):
    layer = get_channel_layer()

    async def listen_while(*writes):
        """Join the board's group, make the writes (committed), and read what the board hears."""
        channel = await layer.new_channel()
        await layer.group_add(events.board_group(ws.project.pk), channel)
        for write in writes:
            await sync_to_async(write)()
        heard = [await layer.receive(channel) for _ in writes]
        await layer.group_discard(events.board_group(ws.project.pk), channel)
        return heard

    def committed(call):
        def run():
            with django_capture_on_commit_callbacks(execute=True):
                call()

        return run

    task = make_task(ws.project, "Карточка", hours=1)
    planned, carried = async_to_sync(listen_while)(
        committed(lambda: sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[task])),
        committed(lambda: sprint_close(actor=ws.pm, sprint=sprint)),
    )
    following = Sprint.objects.get(week_start=week + dt.timedelta(days=7))
    assert planned["event"] == "task.updated" and planned["actor"] == ws.member.pk
    assert (planned["task"]["id"], planned["task"]["sprint"], planned["task"]["version"]) == (
        task.pk,
        sprint.pk,
        2,
    )
    assert carried["actor"] == ws.pm.pk
    assert (carried["task"]["id"], carried["task"]["sprint"], carried["task"]["version"]) == (
        task.pk,
        following.pk,
        3,
    )


def test_a_done_task_stays_in_the_sprint(ws, sprint, week):
    task = make_task(ws.project, hours=2)
    sprint_add_tasks(actor=ws.member, sprint=sprint, tasks=[task])
    mark_done(task, week)
    with pytest.raises(ValidationError, match="stays in the sprint"):
        sprint_remove_task(actor=ws.member, sprint=sprint, task=task)
    task.refresh_from_db()
    assert task.sprint == sprint
    assert SprintItem.objects.get(task=task).outcome == SprintItem.Outcome.OPEN
