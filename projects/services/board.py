"""Writes of a project's board columns: the default ones of a new project, and what the project manager
configures (name, meaning, WIP limit, order). Every change is announced to the board's channel group."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from org.models import Person
from pmis.core import events
from pmis.core.recording import delete_recorded, refuse_unknown, save_recorded

from ..choices import ColumnKind
from ..models import BoardColumn, Project
from ..selectors.board import column_data

#: The columns every new project's board starts with: (name, kind, WIP limit).
DEFAULT_COLUMNS = (
    (lambda: _("Backlog"), ColumnKind.BACKLOG, None),
    (lambda: _("To do"), ColumnKind.TO_DO, None),
    (lambda: _("In progress"), ColumnKind.DOING, 5),
    (lambda: _("Review"), ColumnKind.REVIEW, 3),
    (lambda: _("Done"), ColumnKind.DONE, None),
)


@transaction.atomic
def board_set_up(*, project: Project) -> list[BoardColumn]:
    """Give a project without columns the default ones (named in the language of whoever creates it)."""
    existing = list(project.columns.all())
    if existing:
        return existing
    return BoardColumn.objects.bulk_create(
        BoardColumn(project=project, name=name(), kind=kind, position=index, wip_limit=limit)
        for index, (name, kind, limit) in enumerate(DEFAULT_COLUMNS)
    )


# --- columns: what the project manager configures (CHANGE on the project) ------------------------------------

COLUMN_EDITABLE = ("name", "kind", "wip_limit")


def _publish_column(column: BoardColumn, event: str, actor) -> None:
    events.publish(
        [events.board_group(column.project_id)],
        event,
        {"actor": getattr(actor, "pk", None), "column": column_data(column)},
    )


def _save_column(column: BoardColumn, actor, reason: str) -> BoardColumn:
    column.name = " ".join((column.name or "").split())
    return save_recorded(column, actor, reason)


@transaction.atomic
def column_create(
    *,
    actor: Person | None,
    project: Project,
    name: str,
    kind: str = ColumnKind.TO_DO,
    wip_limit: int | None = None,
) -> BoardColumn:
    """Add a column at the right end of the project's board."""
    Project.objects.select_for_update().filter(pk=project.pk).values_list("pk", flat=True).first()
    last = BoardColumn.objects.filter(project=project).aggregate(last=Max("position"))["last"]
    column = BoardColumn(
        project=project, name=name, kind=kind, wip_limit=wip_limit, position=0 if last is None else last + 1
    )
    _save_column(column, actor, _("Created"))
    _publish_column(column, "column.created", actor)
    return column


@transaction.atomic
def column_update(*, actor: Person | None, column: BoardColumn, **fields) -> BoardColumn:
    """Rename a column, change what it means or its WIP limit (a lower limit leaves the cards where they are:
    it refuses the next move in)."""
    refuse_unknown(fields, COLUMN_EDITABLE)
    column = BoardColumn.objects.select_for_update().get(pk=column.pk)
    for name, value in fields.items():
        setattr(column, name, value)
    _save_column(column, actor, _("Changed"))
    _publish_column(column, "column.updated", actor)
    return column


@transaction.atomic
def column_delete(*, actor: Person | None, column: BoardColumn) -> None:
    """Remove an empty column; a board keeps at least one."""
    column = BoardColumn.objects.select_for_update().get(pk=column.pk)
    cards = column.tasks.count()
    if cards:
        raise ValidationError(
            _("The column “%(name)s” still holds %(count)d cards: move them to another column first.")
            % {"name": column.name, "count": cards}
        )
    if not BoardColumn.objects.filter(project_id=column.project_id).exclude(pk=column.pk).exists():
        raise ValidationError(_("A board needs at least one column."))
    pk, project_id = column.pk, column.project_id
    delete_recorded(column, actor, _("Deleted"))
    events.publish(
        [events.board_group(project_id)], "column.deleted", {"actor": getattr(actor, "pk", None), "id": pk}
    )


@transaction.atomic
def column_reorder(*, actor: Person | None, project: Project, order: list[int]) -> list[BoardColumn]:
    """Put the project's columns in the given order (every column's id, once)."""
    Project.objects.select_for_update().filter(pk=project.pk).values_list("pk", flat=True).first()
    columns = {column.pk: column for column in BoardColumn.objects.filter(project=project)}
    try:
        order = [int(pk) for pk in order]
    except (TypeError, ValueError) as error:
        raise ValidationError({"order": _("Give the ids of the board's columns.")}) from error
    if sorted(order) != sorted(columns):
        raise ValidationError({"order": _("Give every column of the board once, in the new order.")})
    result = []
    for position, pk in enumerate(order):
        column = columns[pk]
        if column.position != position:
            column.position = position
            save_recorded(column, actor, _("Reordered"), clean=False, update_fields=["position"])
            _publish_column(column, "column.updated", actor)
        result.append(column)
    return result
