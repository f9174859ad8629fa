"""Reads of a project's kanban board (Rules p.2(57)): the whole board as one JSON document, its columns, and the
shapes of a card, a column and a person that the board, the API and the live events share.

The board of a project with thousands of tasks is built by PostgreSQL in ONE statement (``row_to_json`` and
``string_agg`` over the cards, columns, people, labels and the week's sprint): Python only glues the parts
together, so the cost grows with the rows in the database engine, not in the interpreter, and the number of
queries never grows with the cards.
"""

from __future__ import annotations

import json

from django.db import connection
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from org.models import Person, RoleAssignment
from pmis.core import authorization
from pmis.core.workdays import monday_of
from scrum.models import Sprint

from ..choices import SprintStatus
from ..models import BoardColumn, Project, Task


def person_initials(person: Person) -> str:
    """Two letters for an avatar: first name and surname, "Ерлан Жанибеков" → "ЕЖ"."""
    letters = (person.first_name[:1] + person.last_name[:1]).upper()
    return letters or person.username[:2].upper()


def person_data(person: Person) -> dict:
    """A person as the board shows them: ``{"id", "name" (short name), "initials"}``."""
    return {"id": person.pk, "name": person.short_name, "initials": person_initials(person)}


def column_data(column: BoardColumn) -> dict:
    return {
        "id": column.pk,
        "name": column.name,
        "kind": column.kind,
        "position": column.position,
        "wip_limit": column.wip_limit,
    }


def _checklist_done(checklist) -> int:
    return sum(1 for item in checklist or () if isinstance(item, dict) and item.get("done") is True)


def card_data(task: Task, blocked_by: list[int] | None = None) -> dict:
    """A task as a card of the board; the same keys, in the same order, as the cards of `board_json`.

    `blocked_by` defaults to the task's ``blocked_ids`` annotation (the selectors and `task_move` add it),
    and only then to a query.
    """
    if blocked_by is None:
        blocked_by = getattr(task, "blocked_ids", None)
    if blocked_by is None:
        blocked_by = list(task.blocked_by.values_list("pk", flat=True))
    return {
        "id": task.pk,
        "number": task.number,
        "title": task.title,
        "column": task.column_id,
        "position": task.position,
        "assignee": task.assignee_id,
        "due_on": task.due_on.isoformat() if task.due_on else None,
        "starts_on": task.starts_on.isoformat() if task.starts_on else None,
        "priority": task.priority,
        "labels": list(task.labels),
        "blocked": task.blocked,
        "estimate_hours": None if task.estimate_hours is None else f"{task.estimate_hours:.1f}",
        "checklist_done": _checklist_done(task.checklist),
        "checklist_total": len(task.checklist or ()),
        "blocked_by": sorted(blocked_by),
        "sprint": task.sprint_id,
        "version": task.version,
    }


# A person's short name ("Жанибеков Е.Б.") and initials, computed the way `Person.short_name` and
# `person_initials` compute them.
_PERSON_NAME = """COALESCE(NULLIF(TRIM(p.last_name || ' '
    || CASE WHEN p.first_name <> '' THEN LEFT(p.first_name, 1) || '.' ELSE '' END
    || CASE WHEN p.patronymic <> '' THEN LEFT(p.patronymic, 1) || '.' ELSE '' END), ''), p.username)"""
_PERSON_INITIALS = """COALESCE(NULLIF(UPPER(LEFT(p.first_name, 1) || LEFT(p.last_name, 1)), ''),
    UPPER(LEFT(p.username, 2)))"""


def _board_sql() -> str:
    task = Task._meta.db_table
    column = BoardColumn._meta.db_table
    links = Task.blocked_by.through._meta.db_table
    person = Person._meta.db_table
    role = RoleAssignment._meta.db_table
    sprint = Sprint._meta.db_table
    # string_agg with ',' rather than json_agg: json_agg puts ", \n " between elements, bytes on every card.
    return f"""
WITH cols AS (
    SELECT id, name, kind, position, wip_limit FROM {column} WHERE project_id = %(project)s
),
links AS (
    SELECT m.from_task_id, array_agg(m.to_task_id ORDER BY m.to_task_id) AS ids
    FROM {links} m JOIN {task} f ON f.id = m.from_task_id
    WHERE f.project_id = %(project)s
    GROUP BY m.from_task_id
),
cards AS (
    SELECT t.id, t.number, t.title, t.column_id AS "column", t.position, t.assignee_id AS assignee,
        t.due_on, t.starts_on, t.priority, t.labels, t.blocked, t.estimate_hours::text AS estimate_hours,
        jsonb_array_length(jsonb_path_query_array(t.checklist, '$[*] ? (@.done == true)')) AS checklist_done,
        jsonb_array_length(t.checklist) AS checklist_total,
        COALESCE(l.ids, '{{}}') AS blocked_by, t.sprint_id AS sprint, t.version
    FROM {task} t LEFT JOIN links l ON l.from_task_id = t.id
    WHERE t.project_id = %(project)s
),
people AS (
    SELECT p.id, {_PERSON_NAME} AS name, {_PERSON_INITIALS} AS initials, p.last_name, p.first_name
    FROM {person} p
    WHERE p.id IN (
        SELECT person_id FROM {role}
        WHERE project_id = %(project)s AND starts_on <= %(today)s AND (ends_on IS NULL OR ends_on >= %(today)s)
        UNION
        SELECT assignee_id FROM {task} WHERE project_id = %(project)s AND assignee_id IS NOT NULL
    )
)
SELECT
    (SELECT '[' || COALESCE(string_agg(row_to_json(c)::text, ',' ORDER BY c.position, c.id), '') || ']'
        FROM cols c),
    (SELECT '[' || COALESCE(string_agg(row_to_json(k)::text, ',' ORDER BY o.position, k.position, k.id), '')
        || ']' FROM cards k JOIN cols o ON o.id = k."column"),
    (SELECT '[' || COALESCE(string_agg(json_build_object('id', p.id, 'name', p.name, 'initials', p.initials)::text,
        ',' ORDER BY p.last_name, p.first_name, p.id), '') || ']' FROM people p),
    (SELECT COALESCE(array_to_json(array_agg(DISTINCT x ORDER BY x))::text, '[]')
        FROM {task} t, unnest(t.labels) x WHERE t.project_id = %(project)s),
    (SELECT row_to_json(s)::text FROM (
        SELECT id, week_start, goal FROM {sprint}
        WHERE project_id = %(project)s AND week_start = %(week)s AND status = %(open)s
    ) s)
"""


def _compact(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def board_json(user, project: Project) -> str:
    """The project's board as JSON text (the API answers it as is; the page embeds it):

    ``{"project": {"id", "code", "name"}, "columns": [...], "cards": [... by column, then position],
    "people": [... the project's role holders and every assignee], "labels": [... sorted],
    "sprint": {"id", "week_start", "goal"} | null, "may": {"contribute", "change"}}``.

    Two queries at most whatever the number of cards: the reader's grants (once per request, usually already
    read by whoever loaded the project) and the board.
    """
    if not authorization.can(user, authorization.VIEW, project):
        raise Http404
    today = timezone.localdate()
    with connection.cursor() as cursor:
        cursor.execute(
            _board_sql(),
            {"project": project.pk, "today": today, "week": monday_of(today), "open": SprintStatus.OPEN},
        )
        columns, cards, people, labels, sprint = cursor.fetchone()
    head = _compact({"id": project.pk, "code": project.code, "name": project.name})
    may = _compact(
        {
            "contribute": authorization.can(user, authorization.CONTRIBUTE, project),
            "change": authorization.can(user, authorization.CHANGE, project),
        }
    )
    return (
        f'{{"project":{head},"columns":{columns},"cards":{cards},"people":{people},'
        f'"labels":{labels},"sprint":{sprint or "null"},"may":{may}}}'
    )


def column_list(user, *, project: int | None = None) -> QuerySet[BoardColumn]:
    """The board columns of the projects the user may see, in board order."""
    columns = authorization.restrict(BoardColumn.objects.all(), user, authorization.VIEW)
    if project is not None:
        columns = columns.filter(project_id=project)
    return columns.order_by("project_id", "position", "id")


def column_get(user, pk, *, action: str = authorization.VIEW) -> BoardColumn:
    """One column: 404 when its project is hidden from the user, 403 when they may not `action` it."""
    column = column_list(user).select_related("project").filter(pk=pk).first()
    if column is None:
        raise Http404
    if action != authorization.VIEW:
        authorization.require(user, action, column)
    return column
