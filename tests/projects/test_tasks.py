"""The board's task services: numbering, the card's rules, optimistic versions, moves with WIP limits and an
order kept exactly (gaps, renumbering, concurrent moves into one column)."""

from __future__ import annotations

import asyncio
import datetime as dt
import threading
from decimal import Decimal

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmis.core import events
from pmis.core.concurrency import StaleVersion
from projects.choices import ColumnKind
from projects.models import BoardColumn, Milestone, Task
from projects.services.tasks import (
    STEP,
    WipLimitExceeded,
    task_attach,
    task_create,
    task_delete,
    task_move,
    task_update,
)
from tests.factories import make_workspace

pytestmark = pytest.mark.django_db


def column(project, kind) -> BoardColumn:
    return BoardColumn.objects.filter(project=project, kind=kind).order_by("position").first()


def order_of(col) -> list[int]:
    return list(Task.objects.filter(column=col).order_by("position", "id").values_list("pk", flat=True))


def fresh(task) -> Task:
    return Task.objects.get(pk=task.pk)


class Listener:
    """A real channel on the real Redis layer, in the board's group: what the services publish arrives here.

    Messages are read in one event loop per call (`receive(n)`), as a consumer would read them.
    """

    def __init__(self, project):
        self.layer = get_channel_layer()
        self.group = events.board_group(project.pk)
        self.channel = async_to_sync(self.layer.new_channel)()
        async_to_sync(self.layer.group_add)(self.group, self.channel)

    def receive(self, count: int = 1) -> list[dict]:
        async def read():
            return [await asyncio.wait_for(self.layer.receive(self.channel), 5) for _ in range(count)]

        return async_to_sync(read)()

    def close(self):
        async_to_sync(self.layer.group_discard)(self.group, self.channel)


def test_numbers_follow_each_other_per_project_and_cards_go_to_the_end_of_to_do(ws):
    first = task_create(actor=ws.pm, project=ws.project, title="Подготовить ТЗ")
    second = task_create(actor=ws.member, project=ws.project, title="Согласовать ТЗ")
    elsewhere = task_create(actor=None, project=ws.other, title="Чужая задача")
    assert (first.number, second.number, elsewhere.number) == (1, 2, 1)
    todo = column(ws.project, ColumnKind.TO_DO)
    assert first.column == todo and second.column == todo
    assert order_of(todo) == [first.pk, second.pk]
    assert second.position - first.position == STEP
    assert first.created_by == ws.pm and first.version == 1
    assert first.history.first().history_user == ws.pm


def test_a_card_can_be_created_before_another_and_in_a_done_column(ws):
    first = task_create(actor=ws.pm, project=ws.project, title="Первая")
    top = task_create(actor=ws.pm, project=ws.project, title="Срочная", before=first.pk)
    assert order_of(first.column) == [top.pk, first.pk]
    done = task_create(
        actor=ws.pm, project=ws.project, title="Уже сделано", column=column(ws.project, "done")
    )
    assert done.done_at is not None


def test_a_column_of_another_project_is_refused(ws):
    with pytest.raises(ValidationError) as error:
        task_create(
            actor=ws.pm, project=ws.project, title="Задача", column=column(ws.other, ColumnKind.TO_DO)
        )
    assert "column" in error.value.message_dict
    assert not Task.objects.exists()


def test_a_blocked_task_needs_a_reason_and_unblocking_clears_it(ws):
    with pytest.raises(ValidationError) as error:
        task_create(actor=ws.pm, project=ws.project, title="Закуп", blocked=True, blocked_reason="  ")
    assert "blocked_reason" in error.value.message_dict
    task = task_create(actor=ws.pm, project=ws.project, title="Закуп")
    with pytest.raises(ValidationError):
        task_update(actor=ws.pm, task=task, version=1, blocked=True)
    assert fresh(task).blocked is False and fresh(task).version == 1
    task = task_update(actor=ws.pm, task=task, version=1, blocked=True, blocked_reason="Ждём заключение КГД")
    assert task.blocked and task.version == 2
    task = task_update(actor=ws.pm, task=task, version=2, blocked=False)
    assert fresh(task).blocked_reason == ""


def test_labels_are_trimmed_unique_and_short_and_the_checklist_is_checked(ws):
    task = task_create(
        actor=ws.pm,
        project=ws.project,
        title="Задача",
        labels=["  НПА ", "НПА", "закуп", ""],
        checklist=[{"text": " Проект приказа ", "done": True}, {"text": "Согласование"}],
    )
    assert task.labels == ["НПА", "закуп"]
    assert task.checklist == [
        {"text": "Проект приказа", "done": True},
        {"text": "Согласование", "done": False},
    ]
    for labels in (["x" * 41], "НПА"):
        with pytest.raises(ValidationError) as error:
            task_update(actor=ws.pm, task=task, version=1, labels=labels)
        assert "labels" in error.value.message_dict
    for checklist in (
        [{"text": "a", "done": "yes"}],
        [{"title": "a"}],
        ["a"],
        {"text": "a"},
        [{"text": " "}],
    ):
        with pytest.raises(ValidationError) as error:
            task_update(actor=ws.pm, task=task, version=1, checklist=checklist)
        assert "checklist" in error.value.message_dict
    assert fresh(task).version == 1


def test_blocked_by_only_other_tasks_of_the_same_project_and_never_in_a_circle(ws):
    a = task_create(actor=ws.pm, project=ws.project, title="A")
    b = task_create(actor=ws.pm, project=ws.project, title="B", blocked_by=[a.pk])
    c = task_create(actor=ws.pm, project=ws.project, title="C", blocked_by=[b.pk])
    foreign = task_create(actor=None, project=ws.other, title="Чужая")
    assert list(c.blocked_by.all()) == [b]
    for blockers, task in (([a.pk], a), ([foreign.pk], a), ([c.pk], a), ([c.pk], b), ([999999], a)):
        with pytest.raises(ValidationError) as error:
            task_update(actor=ws.pm, task=task, version=fresh(task).version, blocked_by=blockers)
        assert "blocked_by" in error.value.message_dict, blockers
    assert not a.blocked_by.exists()
    a = task_update(actor=ws.pm, task=a, version=1, blocked_by=[])
    c = task_update(actor=ws.pm, task=c, version=1, blocked_by=[a.pk, b.pk])
    assert sorted(c.blocked_by.values_list("pk", flat=True)) == sorted([a.pk, b.pk])


def test_milestone_and_assignee_must_belong_to_the_project(ws, outsider):
    task = task_create(actor=ws.pm, project=ws.project, title="Задача")
    theirs = Milestone.objects.create(project=ws.other, title="Чужая веха", due_on=dt.date(2027, 1, 1))
    ours = Milestone.objects.create(project=ws.project, title="Веха", due_on=dt.date(2027, 1, 1))
    with pytest.raises(ValidationError) as error:
        task_update(actor=ws.pm, task=task, version=1, milestone=theirs)
    assert "milestone" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        task_update(actor=ws.pm, task=task, version=1, assignee=outsider)
    assert "assignee" in error.value.message_dict
    task = task_update(actor=ws.pm, task=task, version=1, milestone=ours, assignee=ws.member)
    assert (task.milestone, task.assignee, task.version) == (ours, ws.member, 2)


def test_the_sprint_column_and_position_are_not_edited_here(ws):
    task = task_create(actor=ws.pm, project=ws.project, title="Задача")
    for field in ("column", "position", "sprint", "number"):
        with pytest.raises(ValidationError):
            task_update(actor=ws.pm, task=task, version=1, **{field: None})


def test_a_stale_version_is_refused_with_the_current_task(ws):
    task = task_create(actor=ws.pm, project=ws.project, title="Задача")
    task_update(actor=ws.member, task=task, version=1, title="Задача (уточнено)", estimate_hours=Decimal("4"))
    with pytest.raises(StaleVersion) as error:
        task_update(actor=ws.pm, task=task, version=1, title="Моя правка")
    assert error.value.current.title == "Задача (уточнено)" and error.value.current.version == 2
    with pytest.raises(StaleVersion):
        task_move(actor=ws.pm, task=task, column=column(ws.project, "doing"), version=1)
    current = fresh(task)
    assert current.title == "Задача (уточнено)" and current.column.kind == ColumnKind.TO_DO
    assert current.history.count() == 2


def test_the_wip_limit_refuses_a_move_and_changes_nothing_unless_overridden_with_a_reason(ws):
    review = column(ws.project, ColumnKind.REVIEW)
    review.wip_limit = 2
    review.save()
    there = [
        task_create(actor=ws.pm, project=ws.project, title=f"На проверке {n}", column=review)
        for n in range(2)
    ]
    task = task_create(actor=ws.pm, project=ws.project, title="Ещё одна")
    with pytest.raises(WipLimitExceeded) as error:
        task_move(actor=ws.member, task=task, column=review, version=1)
    assert error.value.error_dict["column"][0].code == "wip_limit"
    assert (
        "2" in error.value.message_dict["column"][0] and review.name in error.value.message_dict["column"][0]
    )
    assert fresh(task).column.kind == ColumnKind.TO_DO and fresh(task).version == 1
    assert order_of(review) == [t.pk for t in there]
    with pytest.raises(WipLimitExceeded):
        task_create(actor=ws.pm, project=ws.project, title="Сразу на проверку", column=review)

    moved = task_move(
        actor=ws.member, task=task, column=review, version=1, override_reason="Срочно к заседанию"
    )
    assert moved.column == review and moved.version == 2
    row = moved.history.first()
    assert row.history_user == ws.member
    assert "Срочно к заседанию" in row.history_change_reason
    # Moving inside a full column is no new card in it.
    again = task_move(actor=ws.member, task=moved, column=review, before=there[0].pk, version=2)
    assert order_of(review) == [again.pk, there[0].pk, there[1].pk]


def test_moving_into_done_sets_done_at_and_out_of_it_clears_it(ws):
    task = task_create(actor=ws.pm, project=ws.project, title="Задача")
    task = task_move(actor=ws.pm, task=task, column=column(ws.project, "done"), version=1)
    assert task.done_at is not None and fresh(task).done_at is not None
    task = task_move(actor=ws.pm, task=task, column=column(ws.project, "doing"), version=2)
    assert fresh(task).done_at is None


def test_a_move_is_at_most_ten_statements_with_its_audit_row(ws, django_assert_max_num_queries):
    cards = [task_create(actor=ws.pm, project=ws.project, title=f"Задача {n}") for n in range(5)]
    doing = column(ws.project, ColumnKind.DOING)
    with django_assert_max_num_queries(10):
        moved = task_move(actor=ws.member, task=cards[0], column=doing, version=1)
    assert moved.history.count() == 2 and moved.history.first().history_type == "~"
    with django_assert_max_num_queries(10):
        task_move(actor=ws.member, task=cards[1], column=doing, before=moved.pk, version=1)
    assert order_of(doing) == [cards[1].pk, cards[0].pk]


def test_renumbering_when_the_gaps_run_out_keeps_the_order_and_announces_it(
    ws, django_capture_on_commit_callbacks
):
    todo = column(ws.project, ColumnKind.TO_DO)
    first = task_create(actor=ws.pm, project=ws.project, title="Первая")
    last = task_create(actor=ws.pm, project=ws.project, title="Последняя")
    expected = [first.pk, last.pk]
    inserted = []
    # Always between the first card and the one right after it: the gap halves each time and runs out.
    for n in range(14):
        task = task_create(actor=ws.pm, project=ws.project, title=f"Вставка {n}", column=todo)
        task_move(actor=ws.pm, task=task, column=todo, before=expected[1], version=1)
        expected.insert(1, task.pk)
        inserted.append(task.pk)
        assert order_of(todo) == expected
    positions = list(Task.objects.filter(column=todo).values_list("position", flat=True))
    assert len(set(positions)) == len(positions)

    listener = Listener(ws.project)
    try:
        # Fill the smallest gap on purpose, then move one more card into it: this one must renumber.
        ordered = list(Task.objects.filter(column=todo).order_by("position", "id"))
        gap_owner = min(range(1, len(ordered)), key=lambda i: ordered[i].position - ordered[i - 1].position)
        target = ordered[gap_owner]
        Task.objects.filter(pk=target.pk).update(position=ordered[gap_owner - 1].position + 1)
        mover = task_create(
            actor=ws.pm, project=ws.project, title="Ещё одна", column=column(ws.project, "doing")
        )
        with django_capture_on_commit_callbacks(execute=True):
            task_move(actor=ws.member, task=mover, column=todo, before=target.pk, version=1)
        expected = [t.pk for t in ordered]
        expected.insert(gap_owner, mover.pk)
        assert order_of(todo) == expected
        steps = sorted(
            Task.objects.filter(column=todo).exclude(pk=mover.pk).values_list("position", flat=True)
        )
        assert steps == [STEP * (n + 1) for n in range(len(steps))]
        renumbered, moved = listener.receive(2)
        assert renumbered["event"] == "column.renumbered"
        assert renumbered["column"] == todo.pk and renumbered["order"] == expected
        assert renumbered["positions"] == sorted(renumbered["positions"])
        assert moved["event"] == "task.moved" and moved["task"]["id"] == mover.pk
        assert moved["actor"] == ws.member.pk
    finally:
        listener.close()


def test_every_write_announces_its_delta(ws, django_capture_on_commit_callbacks):
    listener = Listener(ws.project)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            task = task_create(actor=ws.pm, project=ws.project, title="Задача", assignee=ws.member)
        (created,) = listener.receive()
        assert created["event"] == "task.created" and created["actor"] == ws.pm.pk
        assert created["task"]["id"] == task.pk and created["task"]["assignee"] == ws.member.pk
        assert created["people"] == [{"id": ws.member.pk, "name": "Касымова А.Б.", "initials": "АК"}]
        with django_capture_on_commit_callbacks(execute=True):
            task_update(actor=ws.pm, task=task, version=1, labels=["ИТ"])
        (updated,) = listener.receive()
        assert updated["event"] == "task.updated" and updated["task"]["labels"] == ["ИТ"]
        assert updated["task"]["version"] == 2
        with django_capture_on_commit_callbacks(execute=True):
            task_delete(actor=ws.pm, task=task)
        (deleted,) = listener.receive()
        assert deleted == {
            "type": "pmis.event",
            "event": "task.deleted",
            "actor": ws.pm.pk,
            "id": task.pk,
            "column": task.column_id,
        }
    finally:
        listener.close()
    assert not Task.objects.filter(pk=task.pk).exists()
    assert Task.history.filter(id=task.pk, history_type="-").get().history_user == ws.pm


def test_attachments_have_a_size_limit(ws, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    task = task_create(actor=ws.pm, project=ws.project, title="Задача")
    attachment = task_attach(actor=ws.member, task=task, file=SimpleUploadedFile("акт.pdf", b"%PDF-1.4 test"))
    assert (attachment.name, attachment.size, attachment.uploaded_by) == ("акт.pdf", 13, ws.member)
    big = SimpleUploadedFile("big.bin", b"0")
    big.size = 20 * 1024 * 1024 + 1
    with pytest.raises(ValidationError) as error:
        task_attach(actor=ws.member, task=task, file=big)
    assert "file" in error.value.message_dict
    assert task.attachments.count() == 1


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    moves=st.lists(
        st.tuples(st.integers(0, 5), st.integers(0, 2), st.integers(0, 6)), min_size=1, max_size=25
    )
)
def test_the_order_is_kept_exactly_whatever_the_moves(moves):
    """A model of the board (lists of ids per column) and the database agree after any sequence of moves."""
    with transaction.atomic():  # each example rolls back to here
        ws = make_workspace()
        columns = list(BoardColumn.objects.filter(project=ws.project).exclude(wip_limit__isnull=False)[:3])
        model = {col.pk: [] for col in columns}
        cards = []
        for n in range(6):
            task = task_create(actor=ws.pm, project=ws.project, title=f"К{n}", column=columns[n % 3])
            model[columns[n % 3].pk].append(task.pk)
            cards.append(task.pk)
        for card_index, column_index, before_index in moves:
            pk = cards[card_index]
            target = columns[column_index]
            for ids in model.values():
                if pk in ids:
                    ids.remove(pk)
            others = model[target.pk]
            before = others[before_index] if before_index < len(others) else None
            task = Task.objects.get(pk=pk)
            task_move(actor=ws.pm, task=task, column=target, before=before, version=task.version)
            others.insert(before_index if before is not None else len(others), pk)
            for col in columns:
                assert order_of(col) == model[col.pk]
        transaction.set_rollback(True)


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_moves_into_one_column_are_both_kept_in_a_consistent_order():
    ws = make_workspace()
    doing = column(ws.project, ColumnKind.DOING)
    already = task_create(actor=ws.pm, project=ws.project, title="Уже в работе", column=doing)
    movers = [task_create(actor=ws.pm, project=ws.project, title=f"Задача {n}") for n in range(2)]
    barrier = threading.Barrier(2)
    errors = []

    def move(task):
        try:
            barrier.wait(timeout=10)
            # Both into the same slot, before the same card: one waits for the other's lock on the column.
            task_move(actor=ws.member, task=task, column=doing, before=already.pk, version=1)
        except Exception as error:  # noqa: BLE001 - reported to the main thread
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=move, args=(task,)) for task in movers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    order = order_of(doing)
    assert sorted(order) == sorted([already.pk, *(t.pk for t in movers)])
    assert order[-1] == already.pk
    positions = list(Task.objects.filter(column=doing).values_list("position", flat=True))
    assert len(set(positions)) == 3
    assert all(fresh(t).version == 2 for t in movers)


def test_the_demo_board_is_filled_once_through_the_services(ws):
    from django.utils import timezone

    from pmis.demo import board as demo_board

    demo_board.build(
        project=ws.project, actor=ws.pm, team=[ws.pm, ws.member, ws.monitor], today=timezone.localdate()
    )
    tasks = Task.objects.filter(project=ws.project)
    assert tasks.count() == len(demo_board.TASKS) >= 20
    assert {task.column.kind for task in tasks} == set(ColumnKind.values)
    assert tasks.filter(blocked=True).exclude(blocked_reason="").count() >= 2
    assert Task.blocked_by.through.objects.filter(from_task__project=ws.project).count() >= 2
    assert {task.assignee_id for task in tasks} == {ws.pm.pk, ws.member.pk, ws.monitor.pk}
    for kind, limit in (("doing", 5), ("review", 3)):
        assert tasks.filter(column__kind=kind).count() <= limit
    assert not Task.history.filter(project=ws.project, history_change_reason__contains="WIP").exists()
    demo_board.build(project=ws.project, actor=ws.pm, team=[ws.pm], today=timezone.localdate())
    assert tasks.count() == len(demo_board.TASKS)
