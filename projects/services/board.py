"""Writes of a project's board columns."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ..choices import ColumnKind
from ..models import BoardColumn, Project

#: The columns every new project's board starts with: (name, kind, WIP limit).
DEFAULT_COLUMNS = (
    (lambda: _("Backlog"), ColumnKind.BACKLOG, None),
    (lambda: _("To do"), ColumnKind.TODO, None),
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
