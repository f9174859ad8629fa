"""Reads of the escalation ladder (Rules p.72(2), p.98): the escalations a person may see, one escalation with its
whole path, the open escalations waiting at a level, and who may act at an escalation's current level.

Everything is restricted through `pmis.core.authorization`: an escalation is seen by whoever sees the node it was
raised at (its origin), and every level above it sees that node too.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from pmis.core import authorization
from pmis.core.nodes import last_ref, node_model

from ..choices import EscalationStatus, Level, ScheduleStatus
from ..models import Escalation, EscalationStep, Meeting, Schedule
from .schedules import next_meeting, schedule_at

__all__ = [
    "escalation_get",
    "escalation_list",
    "escalation_path",
    "escalation_positions",
    "level_escalations",
    "may_act_at",
    "next_meeting",
    "node_of",
    "schedule_at",
]


def _base() -> QuerySet[Escalation]:
    return Escalation.objects.select_related(
        "raised_by", "resolved_by", "task", "risk", "assignment", "decision", "decision__meeting"
    )


def escalation_list(
    user,
    *,
    status: str | None = None,
    level: str | None = None,
    node: str | None = None,
    mine: bool | None = None,
    at_my_levels: bool | None = None,
    q: str | None = None,
) -> QuerySet[Escalation]:
    """The escalations `user` may see, newest first, in a fixed number of queries whatever their number.

    `node` is a path prefix ("portfolio:1/program:2/"): escalations currently at that node or below it; `mine`:
    those the person raised; `at_my_levels`: those whose current level the person may act at as a node role
    ("contribute" or "approve" there) or as the chair, deputy chair or secretary of that level's schedule.
    """
    rows = authorization.restrict(_base(), user, authorization.VIEW)
    if status:
        rows = rows.filter(status=status)
    if level:
        rows = rows.filter(level=level)
    if node:
        rows = rows.filter(node_path__startswith=node)
    if mine:
        rows = rows.filter(raised_by=user)
    if at_my_levels:
        rows = rows.filter(_acting_levels_q(user))
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(description__icontains=q) | Q(resolution__icontains=q))
    return rows.order_by("-raised_at", "-pk")


def _acting_levels_q(user) -> Q:
    """Escalations whose current node and level `user` may act at (one filter, no loop over rows)."""
    from pmis.core.grants import grants_of

    if user.is_superuser:
        return Q()
    grants = grants_of(user)
    condition = Q(pk__in=[])
    for action in (authorization.CONTRIBUTE, authorization.APPROVE):
        if grants.everywhere(action):
            return Q()
        for prefix in grants.prefixes(action):
            condition |= Q(node_path__startswith=prefix)
    chaired = Schedule.objects.exclude(status=ScheduleStatus.ARCHIVED).filter(
        Q(chair=user) | Q(deputy_chair=user) | Q(secretary=user)
    )
    for level, path in chaired.values_list("level", "node_path"):
        condition |= Q(level=level, node_path=path)
    return condition


def escalation_get(user, pk, *, action: str = authorization.VIEW) -> Escalation:
    """One escalation: 404 when `user` may not see it, 403 when they may see it but not `action` it."""
    escalation = get_object_or_404(escalation_list(user), pk=pk)
    if action != authorization.VIEW:
        authorization.require(user, action, escalation)
    return escalation


def level_escalations(level: str, node_path: str) -> QuerySet[Escalation]:
    """The open escalations waiting at one level and node (for the agenda builder and the level's pages)."""
    return (
        _base().filter(level=level, node_path=node_path, status=EscalationStatus.OPEN).order_by("raised_at")
    )


# --- who may act at the current level ------------------------------------------------------------------------


def node_of(path: str):
    """The hierarchy node a path ends at."""
    kind, pk = last_ref(path)
    return node_model(kind).objects.get(pk=pk)


def may_act_at(
    user, escalation: Escalation, *, level: str | None = None, node_path: str | None = None
) -> bool:
    """May `user` act (escalate further, resolve, sign a protocol of disagreements) at the escalation's current
    level — or at the given `level` and `node_path`? "contribute" or "approve" on that node, or being the chair,
    deputy chair or secretary of that level's scrum schedule there."""
    if not authorization.can(user, authorization.VIEW, escalation):
        return False
    level = level or escalation.level
    node_path = node_path or escalation.node_path
    node = node_of(node_path)
    if authorization.can(user, authorization.CONTRIBUTE, node) or authorization.can(
        user, authorization.APPROVE, node
    ):
        return True
    schedule = schedule_at(level, node_path)
    return schedule is not None and user.pk in {
        schedule.chair_id,
        schedule.deputy_chair_id,
        schedule.secretary_id,
    }


# --- the whole path -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PathStep:
    """One entry of an escalation's path, with its node and meeting resolved for display."""

    step: EscalationStep
    level_label: str
    node: object | None
    meeting: Meeting | None


def escalation_path(escalation: Escalation) -> list[PathStep]:
    """Every step of the escalation in order: level, node (named), meeting (linked), who, when, note.

    Three queries whatever the length: the steps with their people and meetings, then the nodes of each kind.
    """
    steps = list(
        EscalationStep.objects.filter(escalation=escalation)
        .select_related("actor", "meeting", "meeting__schedule")
        .order_by("created_at", "pk")
    )
    wanted: dict[str, set[int]] = {}
    for step in steps:
        if step.node_path:
            kind, pk = last_ref(step.node_path)
            wanted.setdefault(kind, set()).add(pk)
    nodes = {
        (kind, node.pk): node
        for kind, ids in wanted.items()
        for node in node_model(kind).objects.filter(pk__in=ids)
    }
    labels = dict(Level.choices)
    return [
        PathStep(
            step=step,
            level_label=str(labels.get(step.level, step.level)),
            node=nodes.get(last_ref(step.node_path)) if step.node_path else None,
            meeting=step.meeting,
        )
        for step in steps
    ]


def escalation_positions(escalation: Escalation):
    """The parties' positions in a disagreement, in the order they were stated."""
    return escalation.positions.select_related("person").order_by("created_at", "pk")
