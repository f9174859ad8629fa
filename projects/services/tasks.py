"""Writes of the tasks on a project's kanban board (Rules p.2(57)): create, edit, move, delete, attach files.

Rules kept here:
- a task's number is the next one in its project (the project row is locked while numbering);
- a column holds at most its WIP limit of cards: a create or move over it is refused (``wip_limit``) unless the
  person gives a reason, which the task's history keeps;
- edits and moves carry the `version` the person saw: a stale one is refused (`StaleVersion`, the API's 409), so
  nobody overwrites a change they have not seen; every write bumps it;
- the order of a column is kept exactly: positions have gaps (`STEP`), a card goes between its neighbours, and
  when no gap is left the column is renumbered in one statement and the new order is announced;
- a move is one transaction that locks the target column (two moves into it take turns), writes the card and
  its historical row, and nothing else: at most ten statements;
- every write publishes a delta to the board's channel group once committed.
"""

from __future__ import annotations

import os
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Person
from pmis.core import authorization, events
from pmis.core.concurrency import StaleVersion
from pmis.core.recording import delete_recorded, refuse_unknown, save_recorded

from ..choices import ColumnKind
from ..models import BoardColumn, Milestone, Project, Task, TaskAttachment
from ..selectors.board import card_data, person_data
from ..selectors.tasks import with_blocked_ids
from .numbering import next_number

#: The gap between neighbouring cards' positions after a renumbering and at the end of a column.
STEP = 1024
#: The largest attachment accepted.
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_LABEL_LENGTH = 40
#: What `task_update` may change; the sprint belongs to the sprint services, column and position to `task_move`.
EDITABLE = (
    "title",
    "description",
    "assignee",
    "starts_on",
    "due_on",
    "priority",
    "labels",
    "checklist",
    "blocked",
    "blocked_reason",
    "estimate_hours",
    "blocked_by",
    "milestone",
)


class WipLimitExceeded(ValidationError):
    """A create or move over a column's WIP limit without a reason to override it (code ``wip_limit``)."""


# --- events --------------------------------------------------------------------------------------------------


def task_publish(task: Task, event: str, actor: Person | None) -> None:
    """Announce a task's card to its board once the transaction commits (``task.created`` / ``task.updated``
    / ``task.moved``); the sprint services call it too when they change a task's sprint."""
    people = [person_data(task.assignee)] if task.assignee_id else []
    events.publish(
        [events.board_group(task.project_id)],
        event,
        {"actor": getattr(actor, "pk", None), "task": card_data(task), "people": people},
    )


# --- checks --------------------------------------------------------------------------------------------------


def _clean_labels(labels) -> list[str]:
    if labels is None:
        return []
    if isinstance(labels, str) or not isinstance(labels, list | tuple):
        raise ValidationError({"labels": _("Labels are a list of words.")})
    cleaned: list[str] = []
    for label in labels:
        if not isinstance(label, str):
            raise ValidationError({"labels": _("Labels are a list of words.")})
        label = " ".join(label.split())
        if len(label) > MAX_LABEL_LENGTH:
            raise ValidationError(
                {
                    "labels": _("A label may be at most %(limit)d characters long: “%(label)s”.")
                    % {"limit": MAX_LABEL_LENGTH, "label": label}
                }
            )
        if label and label not in cleaned:
            cleaned.append(label)
    return cleaned


def _clean_checklist(checklist) -> list[dict]:
    if checklist is None:
        return []
    message = _(
        'A checklist is a list of items, each with a text and a done mark: [{"text": "…", "done": false}].'
    )
    if not isinstance(checklist, list | tuple):
        raise ValidationError({"checklist": message})
    cleaned = []
    for item in checklist:
        if (
            not isinstance(item, dict)
            or set(item) - {"text", "done"}
            or not isinstance(item.get("text"), str)
        ):
            raise ValidationError({"checklist": message})
        done = item.get("done", False)
        text = item["text"].strip()
        if not isinstance(done, bool) or not text:
            raise ValidationError({"checklist": message})
        cleaned.append({"text": text, "done": done})
    return cleaned


def _check_assignee(task: Task, assignee: Person | None) -> None:
    if assignee is not None and not authorization.can(assignee, authorization.VIEW, task.project):
        raise ValidationError(
            {"assignee": _("%(person)s has no access to this project.") % {"person": assignee.short_name}}
        )


def _check_milestone(task: Task, milestone: Milestone | None) -> None:
    if milestone is not None and milestone.project_id != task.project_id:
        raise ValidationError({"milestone": _("The milestone belongs to another project.")})


def _check_blocked_by(task: Task, ids) -> list[int]:
    """The blocking tasks must be other tasks of the same project, and blocking must not go round in a circle."""
    try:
        ids = sorted({int(pk) for pk in ids or ()})
    except (TypeError, ValueError) as error:
        raise ValidationError({"blocked_by": _("Give the ids of the blocking tasks.")}) from error
    if not ids:
        return []
    if task.pk in ids:
        raise ValidationError({"blocked_by": _("A task cannot be blocked by itself.")})
    found = set(Task.objects.filter(pk__in=ids, project_id=task.project_id).values_list("pk", flat=True))
    if found != set(ids):
        raise ValidationError(
            {"blocked_by": _("A task can only be blocked by other tasks of the same project.")}
        )
    if task.pk is not None:
        links = Task.blocked_by.through._meta.db_table
        with connection.cursor() as cursor:
            # Does any new blocker, following what blocks it and so on, come back to this task?
            cursor.execute(
                f"""
                WITH RECURSIVE chain(id) AS (
                    SELECT to_task_id FROM {links} WHERE from_task_id = ANY(%(ids)s)
                    UNION
                    SELECT m.to_task_id FROM {links} m JOIN chain c ON m.from_task_id = c.id
                )
                SELECT EXISTS (SELECT 1 FROM chain WHERE id = %(task)s)
                """,
                {"ids": ids, "task": task.pk},
            )
            if cursor.fetchone()[0]:
                raise ValidationError(
                    {"blocked_by": _("This would make the tasks block each other in a circle.")}
                )
    return ids


def _check_blocked(task: Task) -> None:
    task.blocked_reason = (task.blocked_reason or "").strip()
    if task.blocked and not task.blocked_reason:
        raise ValidationError({"blocked_reason": _("Say why the task is blocked.")})
    if not task.blocked:
        task.blocked_reason = ""


def _check_wip(column: BoardColumn, cards: int, override_reason: str) -> bool:
    """`cards`: how many other cards the column holds now. True when the limit is overridden with a reason."""
    if column.wip_limit is None or cards < column.wip_limit:
        return False
    if override_reason.strip():
        return True
    raise WipLimitExceeded(
        {
            "column": ValidationError(
                _(
                    "The column “%(column)s” already holds %(count)d cards, its limit is %(limit)d. "
                    "Finish a card there first or give a reason to go over the limit."
                )
                % {"column": column.name, "count": cards, "limit": column.wip_limit},
                code="wip_limit",
            )
        }
    )


# --- positions -----------------------------------------------------------------------------------------------

_PLACE_SQL = """
SELECT count(*),
       max(position),
       max(position) FILTER (WHERE id = %(before)s),
       max(position) FILTER (WHERE (position, id) < (
           SELECT position, id FROM {table} WHERE id = %(before)s AND column_id = %(column)s))
FROM {table} WHERE column_id = %(column)s AND id <> %(task)s
"""

_RENUMBER_SQL = """
UPDATE {table} t SET position = r.rank * {step}
FROM (SELECT id, row_number() OVER (ORDER BY position, id) AS rank
      FROM {table} WHERE column_id = %(column)s AND id <> %(task)s) r
WHERE t.id = r.id
RETURNING t.id, t.position
"""


def _place(column: BoardColumn, before: int | None, task_pk: int | None) -> tuple[int, int, dict | None]:
    """Where a card goes in `column` (locked): before the card `before`, or at the end.

    Returns (the number of other cards in the column, the position, and — only when the column had to be
    renumbered for want of a gap — the other cards' new positions by id). One statement, two when renumbering.
    """
    table = Task._meta.db_table
    params = {"column": column.pk, "task": task_pk or 0, "before": before or 0}
    with connection.cursor() as cursor:
        cursor.execute(_PLACE_SQL.format(table=table), params)
        count, last, before_position, previous = cursor.fetchone()
        if before is None:
            return count, (last or 0) + STEP, None
        if before_position is None:
            raise ValidationError({"before": _("The card to put this one before is not in that column.")})
        if previous is None:
            return count, before_position - STEP, None
        if before_position - previous >= 2:
            return count, previous + (before_position - previous) // 2, None
        # No gap left between the neighbours: spread the column out again in one statement.
        cursor.execute(_RENUMBER_SQL.format(table=table, step=STEP), params)
        renumbered = dict(cursor.fetchall())
    return count, renumbered[before] - STEP // 2, renumbered


def _publish_renumbered(column: BoardColumn, renumbered: dict | None, task: Task, actor) -> None:
    """After a renumbering: the column's whole order (with the card just placed) and the new positions."""
    if renumbered is None:
        return
    positions = {**renumbered, task.pk: task.position}
    order = sorted(positions, key=positions.get)
    events.publish(
        [events.board_group(column.project_id)],
        "column.renumbered",
        {
            "actor": getattr(actor, "pk", None),
            "column": column.pk,
            "order": order,
            "positions": [positions[pk] for pk in order],
        },
    )


def _lock_column(project_id: int, column) -> BoardColumn:
    pk = column.pk if isinstance(column, BoardColumn) else column
    found = BoardColumn.objects.select_for_update().filter(pk=pk, project_id=project_id).first()
    if found is None:
        raise ValidationError({"column": _("The column is not on this project's board.")})
    return found


def _done_at(task: Task, column: BoardColumn):
    if column.kind != ColumnKind.DONE:
        return None
    return task.done_at or timezone.now()


# --- writes --------------------------------------------------------------------------------------------------


@transaction.atomic
def task_create(
    *,
    actor: Person | None,
    project: Project,
    title: str,
    column: BoardColumn | int | None = None,
    before: int | None = None,
    override_reason: str = "",
    **fields,
) -> Task:
    """Put a new card on the project's board: in `column` (default: the first "to do" column), before the card
    `before` or at the end, numbered next in the project."""
    refuse_unknown(fields, EDITABLE)
    if column is None:
        columns = BoardColumn.objects.filter(project=project).order_by("position", "id")
        column = columns.filter(kind=ColumnKind.TO_DO).first() or columns.first()
        if column is None:
            raise ValidationError({"column": _("The project's board has no columns; add one first.")})
    column = _lock_column(project.pk, column)
    blocked_by = fields.pop("blocked_by", None)
    number = next_number(Task, project)
    task = Task(project=project, column=column, number=number, title=title, created_by=actor, **fields)
    task.labels = _clean_labels(task.labels)
    task.checklist = _clean_checklist(task.checklist)
    _check_blocked(task)
    _check_assignee(task, task.assignee)
    _check_milestone(task, task.milestone)
    count, task.position, renumbered = _place(column, before, None)
    overridden = _check_wip(column, count, override_reason)
    task.done_at = _done_at(task, column)
    reason = override_reason.strip()
    save_recorded(
        task,
        actor,
        _("Created over the WIP limit: %(reason)s") % {"reason": reason} if overridden else _("Created"),
    )
    ids = _check_blocked_by(task, blocked_by) if blocked_by else []
    if ids:
        task.blocked_by.set(ids)
    task.blocked_ids = ids
    _publish_renumbered(column, renumbered, task, actor)
    task_publish(task, "task.created", actor)
    return task


def _locked(task: Task, version: int, related: tuple[str, ...] = ("assignee",)) -> Task:
    """The task locked for the write, with its blockers' ids and the assignee the event names; `StaleVersion`
    if `version` is not the current one."""
    current = (
        with_blocked_ids(Task.objects.select_for_update(of=("self",)))
        .select_related(*related)
        .filter(pk=task.pk)
        .first()
    )
    if current is None:
        raise ValidationError(_("The task has been deleted."))
    if version is None or int(version) != current.version:
        raise StaleVersion(
            current, _("Someone changed the task while you were working on it; here is the current one.")
        )
    return current


@transaction.atomic
def task_update(*, actor: Person | None, task: Task, version: int, **fields) -> Task:
    """Change what the card says (title, description, assignee, dates, priority, labels, checklist, blocked
    flag and reason, estimate, blockers, milestone) if nobody changed it since `version`."""
    refuse_unknown(fields, EDITABLE)
    task = _locked(task, version, related=("assignee", "project"))
    blocked_by = fields.pop("blocked_by", None)
    for name, value in fields.items():
        setattr(task, name, value)
    if "labels" in fields:
        task.labels = _clean_labels(task.labels)
    if "checklist" in fields:
        task.checklist = _clean_checklist(task.checklist)
    if "estimate_hours" in fields and task.estimate_hours is not None:
        task.estimate_hours = Decimal(task.estimate_hours)
    _check_blocked(task)
    if "assignee" in fields:
        _check_assignee(task, task.assignee)
    if "milestone" in fields:
        _check_milestone(task, task.milestone)
    ids = _check_blocked_by(task, blocked_by) if blocked_by is not None else None
    task.version += 1
    save_recorded(task, actor, _("Changed"))
    if ids is not None:
        task.blocked_by.set(ids)
        task.blocked_ids = ids
    task_publish(task, "task.updated", actor)
    return task


@transaction.atomic
def task_move(
    *,
    actor: Person | None,
    task: Task,
    column: BoardColumn | int,
    before: int | None = None,
    version: int,
    override_reason: str = "",
) -> Task:
    """Move the card into `column` (the same or another), before the card `before` or at the end.

    Statements: lock the target column, lock the task (with its blockers), read the neighbours and the count,
    [renumber the column], update the task, insert its historical row. Only column, position, done_at and
    version change and each is set here from checked values, so the model's full_clean (a query per foreign
    key and constraint) is not run.
    """
    target = _lock_column(task.project_id, column)
    task = _locked(task, version)
    count, position, renumbered = _place(target, before, task.pk)
    overridden = target.pk != task.column_id and _check_wip(target, count, override_reason)
    reason = override_reason.strip()
    task.column = target
    task.position = position
    task.done_at = _done_at(task, target)
    task.version += 1
    save_recorded(
        task,
        actor,
        _("Moved over the WIP limit: %(reason)s") % {"reason": reason} if overridden else _("Moved"),
        clean=False,
        update_fields=["column", "position", "done_at", "version", "updated_at"],
    )
    _publish_renumbered(target, renumbered, task, actor)
    task_publish(task, "task.moved", actor)
    return task


@transaction.atomic
def task_delete(*, actor: Person | None, task: Task) -> None:
    """Remove the task (its history stays) and, once committed, its attached files."""
    task = Task.objects.select_for_update(of=("self",)).filter(pk=task.pk).first()
    if task is None:
        return
    files = [attachment.file.name for attachment in task.attachments.all()]
    project_id, column_id, pk = task.project_id, task.column_id, task.pk
    delete_recorded(task, actor, _("Deleted"))
    storage = TaskAttachment._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in files])
    events.publish(
        [events.board_group(project_id)],
        "task.deleted",
        {"actor": getattr(actor, "pk", None), "id": pk, "column": column_id},
    )


@transaction.atomic
def task_attach(*, actor: Person | None, task: Task, file: UploadedFile) -> TaskAttachment:
    """Attach a file (at most 20 MB) to the task."""
    if file.size is not None and file.size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(
            {
                "file": _("The file is %(size).1f MB; at most %(limit)d MB may be attached.")
                % {"size": file.size / 1024 / 1024, "limit": MAX_ATTACHMENT_BYTES // 1024 // 1024}
            }
        )
    name = os.path.basename(file.name or "")[:255] or _("file")
    attachment = TaskAttachment(task=task, name=name, size=file.size or 0, uploaded_by=actor)
    attachment.file.save(name, file, save=False)
    attachment.full_clean()
    attachment.save()
    task_publish(
        with_blocked_ids(Task.objects.select_related("assignee")).get(pk=task.pk), "task.updated", actor
    )
    return attachment


@transaction.atomic
def task_detach(*, actor: Person | None, attachment: TaskAttachment) -> None:
    """Remove an attached file."""
    name = attachment.file.name
    task_id = attachment.task_id
    attachment.delete()
    storage = TaskAttachment._meta.get_field("file").storage
    transaction.on_commit(lambda: storage.delete(name))
    task_publish(
        with_blocked_ids(Task.objects.select_related("assignee")).get(pk=task_id), "task.updated", actor
    )
