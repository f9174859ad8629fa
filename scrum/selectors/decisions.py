"""Reads of the decision register (Rules p.45): every outcome of every meeting a person may see, searchable and
filterable; one person's open decisions (their work list); one decision.

Restricted through `pmis.core.authorization`: a decision is seen where its meeting's node is visible, by the
meeting's schedule people, and by its owner wherever the meeting was.
"""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from pmis.core import authorization

from ..choices import BINDING_KINDS, DecisionStatus
from ..models import Decision
from .schedules import with_nodes


def _base() -> QuerySet[Decision]:
    return Decision.objects.select_related(
        "meeting", "meeting__schedule", "owner", "project", "task", "done_by", "agenda_item"
    )


def is_overdue(decision: Decision, today: dt.date | None = None) -> bool:
    """An open binding outcome whose deadline has passed."""
    today = today or timezone.localdate()
    return decision.status == DecisionStatus.OPEN and decision.due_on is not None and decision.due_on < today


def decision_list(
    user,
    *,
    q: str | None = None,
    status: str | None = None,
    owner: int | None = None,
    kind: str | None = None,
    overdue: bool | None = None,
    node: str | None = None,
    binding: bool | None = None,
    body: int | None = None,
    today: dt.date | None = None,
) -> QuerySet[Decision]:
    """The register: the outcomes of every meeting `user` may see, newest meeting first, in one query.

    `node` is a path prefix: the decisions of the meetings of that node and below; `overdue`: open ones past
    their deadline (False: the others); `binding`: the protocol decisions of a governing committee (p.45);
    `body`: the id of a governing council or committee — the decisions of the meetings of its level at its node
    (no extra query: a subquery; an expert council has no meetings, so none).
    """
    rows = authorization.restrict(_base(), user, authorization.VIEW)
    if q:
        rows = rows.filter(
            Q(text__icontains=q) | Q(report__icontains=q) | Q(meeting__protocol_number__icontains=q)
        )
    if status:
        rows = rows.filter(status=status)
    if owner:
        rows = rows.filter(owner_id=owner)
    if kind:
        rows = rows.filter(kind=kind)
    if overdue is not None:
        late = Q(status=DecisionStatus.OPEN, due_on__lt=today or timezone.localdate())
        rows = rows.filter(late if overdue else ~late)
    if node:
        rows = rows.filter(meeting__schedule__node_path__startswith=node)
    if binding is not None:
        rows = rows.filter(binding=binding)
    if body:
        rows = rows.filter(_of_body(body))
    return rows.order_by("-meeting__date", "meeting_id", "number")


def _of_body(body: int) -> Q:
    """The decisions of the meetings of the governing body `body`: its level's schedules at its node."""
    from governance.choices import BODY_SCRUM_LEVEL
    from governance.models import GoverningBody

    parts = [
        Q(meeting__schedule__level=level)
        & Exists(
            GoverningBody.objects.filter(
                pk=body,
                kind=kind,
                node_kind=OuterRef("meeting__schedule__node_kind"),
                node_id=OuterRef("meeting__schedule__node_id"),
            )
        )
        for kind, level in BODY_SCRUM_LEVEL.items()
    ]
    return reduce(or_, parts)


def my_decisions(user, *, include_done: bool = False) -> QuerySet[Decision]:
    """The person's own binding outcomes (their work list, p.45): open ones first, the earliest deadline — so the
    overdue ones — at the top; one query."""
    statuses = [DecisionStatus.OPEN, DecisionStatus.DONE] if include_done else [DecisionStatus.OPEN]
    return (
        _base()
        .filter(owner=user, kind__in=BINDING_KINDS, status__in=statuses)
        .annotate(
            open_first=Case(
                When(status=DecisionStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("open_first", "due_on", "pk")
    )


def decision_get(user, pk, *, action: str = authorization.VIEW) -> Decision:
    """One decision: 404 when `user` may not see it, 403 when they may see it but not `action` it."""
    decision = get_object_or_404(authorization.restrict(_base(), user, authorization.VIEW), pk=pk)
    if action != authorization.VIEW:
        authorization.require(user, action, decision)
    with_nodes([decision.meeting.schedule])  # the node that names its meeting
    return decision


def may_cancel(user, decision: Decision) -> bool:
    """Cancelling needs "change" on the meeting (its node, or its chair, deputy chair, secretary), never the
    owner's own power over the decision."""
    return authorization.can(user, authorization.CHANGE, decision.meeting)


def decision_history(decision: Decision):
    """The decision's recorded changes, newest first, with who made them."""
    return decision.history.select_related("history_user").order_by("-history_date")[:50]
