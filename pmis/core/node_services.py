"""The create / update / delete of a hierarchy node that every level's services share.

Each app's services.py names its own keyword arguments and the parent rule of its level, then calls these.
Every write is one transaction, validated with full_clean, recorded in the node's history with the actor and
a reason, and announced to the node's and its ancestors' Channels groups on commit.
"""

from __future__ import annotations

from typing import TypedDict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from pmis.core.recording import refuse_unknown, save_recorded

from . import events
from .hierarchy import assign_identity, check_portfolio_deadline, move_subtree
from .nodes import path_refs

#: Fields every level accepts from a form or an API call.
NODE_FIELDS = (
    "name_kk",
    "name_ru",
    "name_en",
    "goal",
    "owner_body",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "budget",
    "stage",
    "status",
)


class NodeFields(TypedDict, total=False):
    name_kk: str
    name_ru: str
    name_en: str
    goal: str
    owner_body: object
    planned_start: object
    planned_end: object
    actual_start: object
    actual_end: object
    budget: object
    stage: str
    status: str


def _announce(node, *, actor, action: str) -> None:
    groups = [events.node_group(kind, pk) for kind, pk in path_refs(node.path)]
    events.publish(
        groups,
        "node.changed",
        {
            "action": action,
            "ref": node.ref,
            "code": node.code,
            "actor": getattr(actor, "pk", None),
            "actor_name": getattr(actor, "full_name", ""),
        },
    )


def _save(node, *, actor, reason: str, insert: bool = False) -> None:
    save_recorded(node, actor, reason, exclude=["code", "path"], force_insert=insert)


@transaction.atomic
def node_create(model, *, actor, parent_path: str, links: dict, fields: NodeFields, reason: str = ""):
    """Insert a node under the node whose path is `parent_path`; `links` are its parent foreign keys."""
    refuse_unknown(fields, NODE_FIELDS)
    node = model(**links, **fields)
    check_portfolio_deadline_for(node, parent_path)
    assign_identity(node, parent_path)
    _save(node, actor=actor, reason=reason or _("Created"), insert=True)
    _announce(node, actor=actor, action="created")
    return node


@transaction.atomic
def node_update(node, *, actor, parent_path: str | None = None, links: dict | None = None,
                fields: NodeFields, reason: str = ""):  # fmt: skip
    """Change a node's fields and, when `parent_path` differs from its parent's, move its whole subtree."""
    refuse_unknown(fields, NODE_FIELDS)
    node = type(node).objects.select_for_update().get(pk=node.pk)
    old_path = node.path
    for name, value in {**(links or {}), **fields}.items():
        setattr(node, name, value)
    new_path = old_path if parent_path is None else f"{parent_path}{node.KIND}:{node.pk}/"
    if new_path != old_path and new_path.startswith(old_path):
        raise ValidationError(_("A node cannot be moved inside itself."))
    check_portfolio_deadline_for(node, new_path)
    node.path = new_path
    _save(node, actor=actor, reason=reason or _("Changed"))
    move_subtree(old_path, new_path)
    _announce(node, actor=actor, action="updated")
    return node


@transaction.atomic
def node_delete(node, *, actor, reason: str = "") -> None:
    """Delete a node that has nothing below it; a node with children is refused with a message."""
    from kpi_maps.models import Indicator

    # Indicators name their node by reference, not by a foreign key: the database cannot protect them.
    indicators = Indicator.objects.filter(node_kind=node.KIND, node_id=node.pk).count()
    if indicators:
        raise ValidationError(
            _("“%(name)s” cannot be deleted while %(count)s indicators of the goal map are attached to it.")
            % {"name": node.name, "count": indicators}
        )
    node._history_user = actor
    node._change_reason = reason or _("Deleted")
    _announce(node, actor=actor, action="deleted")
    try:
        node.delete()
    except ProtectedError as error:
        raise ValidationError(
            _("“%(name)s” cannot be deleted while it has %(count)s nested items; move or delete them first.")
            % {"name": node.name, "count": len(error.protected_objects)}
        ) from error


def check_portfolio_deadline_for(node, parent_path: str) -> None:
    """Programs and projects may not outlast their portfolio (Rules p.9)."""
    if node.KIND in ("program", "project"):
        check_portfolio_deadline(planned_end=node.planned_end, parent_path=parent_path)
