"""Writes of change requests and the project's change log (Rules p.78(6))."""

from __future__ import annotations

from django.db import transaction

from org.models import Person

from ..models import ChangeLogEntry, ChangeRequest, Project


@transaction.atomic
def change_log_add(
    *,
    project: Project,
    actor: Person | None,
    event: str,
    summary: str,
    change_request: ChangeRequest | None = None,
) -> ChangeLogEntry:
    """Append a line to the project's change log; the log is never edited, only added to."""
    entry = ChangeLogEntry(
        project=project, actor=actor, event=event, summary=summary, change_request=change_request
    )
    entry.full_clean()
    entry.save()
    return entry
