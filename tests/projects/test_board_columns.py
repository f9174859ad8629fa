"""The board's columns: what the project manager configures, and what a column with cards refuses."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from projects.choices import ColumnKind
from projects.models import BoardColumn
from projects.services.board import column_create, column_delete, column_reorder, column_update
from projects.services.tasks import task_create, task_move

pytestmark = pytest.mark.django_db


def columns(project) -> list[BoardColumn]:
    return list(BoardColumn.objects.filter(project=project).order_by("position", "id"))


def test_a_new_project_has_the_default_columns(ws):
    assert [(c.kind, c.wip_limit) for c in columns(ws.project)] == [
        ("backlog", None),
        ("todo", None),
        ("doing", 5),
        ("review", 3),
        ("done", None),
    ]


def test_a_column_is_added_at_the_end_with_a_unique_name(ws):
    added = column_create(
        actor=ws.pm, project=ws.project, name="  Согласование  ", kind=ColumnKind.REVIEW, wip_limit=2
    )
    assert added.name == "Согласование" and added.position == 5 and columns(ws.project)[-1] == added
    assert added.history.first().history_user == ws.pm
    with pytest.raises(ValidationError):
        column_create(actor=ws.pm, project=ws.project, name="Согласование")
    with pytest.raises(ValidationError):
        column_create(actor=ws.pm, project=ws.project, name="Ноль", wip_limit=0)
    assert column_create(actor=ws.pm, project=ws.other, name="Согласование").project == ws.other


def test_a_column_is_renamed_and_its_limit_changed_but_nothing_else(ws):
    doing = columns(ws.project)[2]
    changed = column_update(actor=ws.pm, column=doing, name="В работе", wip_limit=None)
    assert (changed.name, changed.wip_limit) == ("В работе", None)
    with pytest.raises(ValidationError):
        column_update(actor=ws.pm, column=doing, project=ws.other)
    with pytest.raises(ValidationError):
        column_update(actor=ws.pm, column=doing, name=columns(ws.project)[0].name)


def test_a_lower_limit_leaves_the_cards_and_refuses_the_next_one(ws):
    doing = columns(ws.project)[2]
    cards = [
        task_create(actor=ws.pm, project=ws.project, title=f"Задача {n}", column=doing) for n in range(3)
    ]
    column_update(actor=ws.pm, column=doing, wip_limit=2)
    assert doing.tasks.count() == 3
    newcomer = task_create(actor=ws.pm, project=ws.project, title="Новая")
    with pytest.raises(ValidationError):
        task_move(actor=ws.pm, task=newcomer, column=doing, version=1)
    # Reordering inside the full column stays possible.
    task_move(actor=ws.pm, task=cards[2], column=doing, before=cards[0].pk, version=1)


def test_a_column_with_cards_is_not_deleted_and_the_last_one_stays(ws):
    todo = columns(ws.project)[1]
    task_create(actor=ws.pm, project=ws.project, title="Задача", column=todo)
    with pytest.raises(ValidationError) as error:
        column_delete(actor=ws.pm, column=todo)
    assert "move them" in error.value.messages[0]
    assert BoardColumn.objects.filter(pk=todo.pk).exists()
    for column in columns(ws.other)[:-1]:
        column_delete(actor=ws.pm, column=column)
    (last,) = columns(ws.other)
    with pytest.raises(ValidationError):
        column_delete(actor=ws.pm, column=last)


def test_columns_are_reordered_with_every_id_once(ws):
    ids = [c.pk for c in columns(ws.project)]
    new = [ids[4], ids[0], ids[1], ids[2], ids[3]]
    column_reorder(actor=ws.pm, project=ws.project, order=new)
    assert [c.pk for c in columns(ws.project)] == new
    for order in (ids[:-1], [*ids, ids[0]], [*ids[:-1], columns(ws.other)[0].pk], ["x"]):
        with pytest.raises(ValidationError):
            column_reorder(actor=ws.pm, project=ws.project, order=order)
    assert [c.pk for c in columns(ws.project)] == new
