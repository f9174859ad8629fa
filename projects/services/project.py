"""Writes of projects."""

from __future__ import annotations

from typing import Unpack

from django.db import transaction

from org.models import Person
from org.services import check_charter_roles, check_one_active_project
from pmis.core.choices import Stage, Status
from pmis.core.node_services import NodeFields, node_create, node_delete, node_update
from programs.models import ProjectGroup

from ..models import Project
from .board import board_set_up


def project_create(
    *, actor: Person | None, group: ProjectGroup, reason: str = "", **fields: Unpack[NodeFields]
) -> Project:
    """Create a project in a group of projects with its board's standard columns; its deadline may not exceed
    its portfolio's (Rules p.9)."""
    fields.setdefault("owner_body", group.owner_body)
    with transaction.atomic():
        project = node_create(
            Project, actor=actor, parent_path=group.path, links={"group": group}, fields=fields, reason=reason
        )
        board_set_up(project=project)  # every project's board starts with the standard columns
    return project


@transaction.atomic
def project_update(
    *,
    actor: Person | None,
    project: Project,
    group: ProjectGroup | None = None,
    reason: str = "",
    **fields: Unpack[NodeFields],
) -> Project:
    """Change a project; giving another `group` moves it there.

    Leaving initiation needs the charter roles (Rules p.77); becoming active again needs its manager to manage
    no other active project (p.79).
    """
    # One stage at a time, with what each transition needs (projects.services.lifecycle).
    if "stage" in fields:
        from .lifecycle import check_transition

        current = Project.objects.select_for_update().get(pk=project.pk)
        if fields["stage"] != current.stage:
            check_transition(current, fields["stage"], reason=reason)
    if fields.get("stage", Stage.INITIATION) != Stage.INITIATION and project.stage == Stage.INITIATION:
        check_charter_roles(project)
    if fields.get("status") == Status.ACTIVE and project.status != Status.ACTIVE:
        check_one_active_project(project)
    return node_update(
        project,
        actor=actor,
        parent_path=group.path if group is not None else None,
        links={"group": group} if group is not None else {},
        fields=fields,
        reason=reason,
    )


def project_delete(*, actor: Person | None, project: Project, reason: str = "") -> None:
    node_delete(project, actor=actor, reason=reason)
