"""Writes of programs, basic directions and groups of projects, including a state body's standard direction."""

from __future__ import annotations

from typing import Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import override

from org.models import Person, StateBody
from pmis.core.node_services import NodeFields, node_create, node_delete, node_update
from portfolios.models import Portfolio

from .choices import ProgramKind, StandardGroup
from .models import BasicDirection, Program, ProjectGroup

# --- programs ----------------------------------------------------------------------------------------------


def program_create(
    *,
    actor: Person | None,
    portfolio: Portfolio,
    kind: str = ProgramKind.PROGRAM,
    region: str = "",
    reason: str = "",
    **fields: Unpack[NodeFields],
) -> Program:
    """Create a program (national project, program, regional development plan, other; Rules p.39)."""
    fields.setdefault("owner_body", portfolio.owner_body)
    return node_create(
        Program,
        actor=actor,
        parent_path=portfolio.path,
        links={"portfolio": portfolio, "kind": kind, "region": region},
        fields=fields,
        reason=reason,
    )


def program_update(
    *,
    actor: Person | None,
    program: Program,
    portfolio: Portfolio | None = None,
    kind: str | None = None,
    region: str | None = None,
    reason: str = "",
    **fields: Unpack[NodeFields],
) -> Program:
    links = {
        name: value
        for name, value in (("portfolio", portfolio), ("kind", kind), ("region", region))
        if value is not None
    }
    return node_update(
        program,
        actor=actor,
        parent_path=portfolio.path if portfolio is not None else None,
        links=links,
        fields=fields,
        reason=reason,
    )


def program_delete(*, actor: Person | None, program: Program, reason: str = "") -> None:
    node_delete(program, actor=actor, reason=reason)


# --- basic directions --------------------------------------------------------------------------------------


def direction_create(
    *, actor: Person | None, program: Program, reason: str = "", **fields: Unpack[NodeFields]
) -> BasicDirection:
    """Create a basic direction of a program (Rules p.41)."""
    fields.setdefault("owner_body", program.owner_body)
    return node_create(
        BasicDirection,
        actor=actor,
        parent_path=program.path,
        links={"program": program, "is_standard": False},
        fields=fields,
        reason=reason,
    )


def direction_update(
    *,
    actor: Person | None,
    direction: BasicDirection,
    program: Program | None = None,
    reason: str = "",
    **fields: Unpack[NodeFields],
) -> BasicDirection:
    if program is not None and direction.is_standard:
        raise ValidationError(
            {"program": _("The standard basic direction belongs to its state body, not a program.")}
        )
    return node_update(
        direction,
        actor=actor,
        parent_path=program.path if program is not None else None,
        links={"program": program} if program is not None else {},
        fields=fields,
        reason=reason,
    )


def direction_delete(*, actor: Person | None, direction: BasicDirection, reason: str = "") -> None:
    node_delete(direction, actor=actor, reason=reason)


@transaction.atomic
def standard_direction_create(*, actor: Person | None, body: StateBody) -> BasicDirection:
    """Create a state body's standard basic direction with its six standard groups of projects (Rules p.56).

    Idempotent: a body that has one gets it back, with any missing standard group added.
    """
    direction = BasicDirection.objects.filter(owner_body=body, is_standard=True).first()
    if direction is None:
        names = {}
        for language in ("kk", "ru", "en"):
            with override(language):
                names[f"name_{language}"] = _("Standard basic direction: %(body)s") % {
                    "body": body.short_name or getattr(body, f"name_{language}") or body.name
                }
        direction = node_create(
            BasicDirection,
            actor=actor,
            parent_path=f"{body.ref}/",
            links={"is_standard": True, "program": None},
            fields={
                **names,
                "owner_body": body,
                "goal": _("Continuous improvement of public administration in the sphere of the state body."),
                "stage": "implementation",
            },
            reason=_("Standard basic direction (Rules p.56)"),
        )
    existing = set(direction.groups.values_list("standard_kind", flat=True))
    for kind in StandardGroup:
        if kind.value in existing:
            continue
        names = {}
        for language in ("kk", "ru", "en"):
            with override(language):
                names[f"name_{language}"] = str(kind.label)
        node_create(
            ProjectGroup,
            actor=actor,
            parent_path=direction.path,
            links={"direction": direction, "parent": None, "standard_kind": kind.value},
            fields={**names, "owner_body": body, "stage": "implementation"},
            reason=_("Standard group of projects (Rules p.56)"),
        )
    return direction


# --- groups of projects ------------------------------------------------------------------------------------


def _group_parent(
    direction: BasicDirection | None, parent: ProjectGroup | None
) -> tuple[BasicDirection, str]:
    """A group sits in a basic direction, directly or inside another group of it (Rules p.42)."""
    if parent is not None:
        if direction is not None and parent.direction_id != direction.pk:
            raise ValidationError({"parent": _("The parent group belongs to another basic direction.")})
        return parent.direction, parent.path
    if direction is None:
        raise ValidationError({"direction": _("Choose the basic direction or the parent group.")})
    return direction, direction.path


def group_create(
    *,
    actor: Person | None,
    direction: BasicDirection | None = None,
    parent: ProjectGroup | None = None,
    reason: str = "",
    **fields: Unpack[NodeFields],
) -> ProjectGroup:
    """Create a group of projects in a basic direction or nested in another group."""
    direction, parent_path = _group_parent(direction, parent)
    fields.setdefault("owner_body", direction.owner_body)
    return node_create(
        ProjectGroup,
        actor=actor,
        parent_path=parent_path,
        links={"direction": direction, "parent": parent},
        fields=fields,
        reason=reason,
    )


def group_update(
    *,
    actor: Person | None,
    group: ProjectGroup,
    direction: BasicDirection | None = None,
    parent: ProjectGroup | None = None,
    detach: bool = False,
    reason: str = "",
    **fields: Unpack[NodeFields],
) -> ProjectGroup:
    """Change a group; giving `direction` or `parent` (or `detach` from the parent group) moves it."""
    if direction is None and parent is None and not detach:
        return node_update(group, actor=actor, fields=fields, reason=reason)
    if parent is not None and (parent.pk == group.pk or parent.path.startswith(group.path)):
        raise ValidationError({"parent": _("A group cannot be placed inside itself or its own subgroup.")})
    direction, parent_path = _group_parent(direction or (None if parent else group.direction), parent)
    if group.standard_kind and direction.pk != group.direction_id:
        raise ValidationError({"direction": _("A standard group stays in its standard basic direction.")})
    # Subgroups move with the group: their direction follows.
    moved = node_update(
        group,
        actor=actor,
        parent_path=parent_path,
        links={"direction": direction, "parent": parent},
        fields=fields,
        reason=reason,
    )
    ProjectGroup.objects.filter(path__startswith=moved.path).exclude(pk=moved.pk).update(direction=direction)
    return moved


def group_delete(*, actor: Person | None, group: ProjectGroup, reason: str = "") -> None:
    node_delete(group, actor=actor, reason=reason)
