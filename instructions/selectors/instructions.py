"""Reads of the instructions on control (Rules p.92–94), restricted through `pmis.core.authorization`: an
instruction is seen where its scope is visible (its node, the controlling body, the Office) and, without any
role, by its executors and the one who put it on control."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from pmis.core import authorization
from pmis.core.nodes import node_model

from ..choices import InstructionStatus
from ..models import ChecklistItem, ChecklistTemplate, Instruction


def _base() -> QuerySet[Instruction]:
    return Instruction.objects.select_related(
        "executor", "put_by", "controller_body", "template", "executed_by", "removed_by"
    )


def is_overdue(instruction: Instruction, today: dt.date | None = None) -> bool:
    """On control and past the deadline."""
    today = today or timezone.localdate()
    return instruction.status == InstructionStatus.ON_CONTROL and instruction.deadline < today


def days_left(instruction: Instruction, today: dt.date | None = None) -> int:
    """Calendar days to the deadline (negative: days overdue)."""
    return (instruction.deadline - (today or timezone.localdate())).days


def instruction_list(
    user,
    *,
    q: str | None = None,
    status: str | None = None,
    source: str | None = None,
    overdue: bool | None = None,
    executor: int | None = None,
    mine: str | None = None,
    today: dt.date | None = None,
) -> QuerySet[Instruction]:
    """The instructions `user` may see, the nearest deadline first, with their co-executors and the checklist's
    counts (`steps`, `steps_done`): one query for the rows and one for the co-executors.

    `mine`: "execute" — `user` is an executor or co-executor; "control" — `user` put it on control; "any" — either.
    `overdue`: on control past the deadline (False: the others).
    """
    rows = restricted(user)
    if q:
        rows = rows.filter(
            Q(text__icontains=q)
            | Q(code__icontains=q)
            | Q(issuer_name__icontains=q)
            | Q(document_number__icontains=q)
            | Q(report__icontains=q)
        )
    if status:
        rows = rows.filter(status=status)
    if source:
        rows = rows.filter(source=source)
    if overdue is not None:
        late = Q(status=InstructionStatus.ON_CONTROL, deadline__lt=today or timezone.localdate())
        rows = rows.filter(late if overdue else ~late)
    if executor:
        rows = rows.filter(Q(executor_id=executor) | Q(pk__in=_co_executing(executor)))
    if mine in ("execute", "any"):
        executing = Q(executor=user) | Q(pk__in=_co_executing(user.pk))
        rows = rows.filter(executing | Q(put_by=user) if mine == "any" else executing)
    elif mine == "control":
        rows = rows.filter(put_by=user)
    return (
        rows.annotate(
            steps=Count("checklist", distinct=True),
            steps_done=Count("checklist", filter=Q(checklist__done_at__isnull=False), distinct=True),
        )
        .prefetch_related("co_executors")
        .order_by("deadline", "pk")
    )


def _co_executing(person_id: int):
    return Instruction.co_executors.through.objects.filter(person_id=person_id).values("instruction_id")


def restricted(user) -> QuerySet[Instruction]:
    return authorization.restrict(_base(), user, authorization.VIEW)


def status_counts(user) -> dict[str, int]:
    """How many visible instructions are in each status (every status present, zero when none): one query."""
    counts = dict.fromkeys(InstructionStatus.values, 0)
    rows = restricted(user).order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    counts.update(dict(rows))
    return counts


def instruction_get(user, pk, *, action: str = authorization.VIEW) -> Instruction:
    """One instruction with its co-executors and checklist: 404 when not visible, 403 when `action` is not allowed."""
    checklist = Prefetch(
        "checklist", queryset=ChecklistItem.objects.select_related("done_by").order_by("position")
    )
    instruction = get_object_or_404(restricted(user).prefetch_related("co_executors", checklist), pk=pk)
    if action != authorization.VIEW:
        authorization.require(user, action, instruction)
    return instruction


def instruction_node(user, instruction: Instruction):
    """The node the instruction concerns, when `user` may see it (else None): one query."""
    if not instruction.node_kind:
        return None
    nodes = node_model(instruction.node_kind).objects.filter(pk=instruction.node_id)
    return authorization.restrict(nodes, user, authorization.VIEW).first()


def template_list(user, *, active_only: bool = False) -> QuerySet[ChecklistTemplate]:
    """The standard checklists (open to every person in the PMIS), with their steps in order."""
    rows = ChecklistTemplate.objects.prefetch_related("steps")
    if active_only:
        rows = rows.filter(is_active=True)
    return authorization.restrict(rows, user, authorization.VIEW).order_by("form", "name_ru")


def template_get(user, pk) -> ChecklistTemplate:
    return get_object_or_404(template_list(user), pk=pk)


def controller_bodies(user) -> list:
    """The Office and the state bodies whose instructions `user` may put on control (Rules p.92: the Office, a
    body's project office — "add" on the body itself; the Office's people control everywhere): one query."""
    from org.choices import BodyKind
    from org.models import StateBody

    bodies = StateBody.objects.order_by("-kind", "name_ru")
    ids = authorization.bodies_where(user, authorization.ADD)
    if ids is None:
        return list(bodies)
    return list(bodies.filter(pk__in=ids).exclude(kind=BodyKind.OFFICE))


def is_controller(user, instruction: Instruction) -> bool:
    """The person who put it on control (or a superuser): returns, removes, extends and changes it (Rules p.92)."""
    return bool(user.is_active and (user.is_superuser or instruction.put_by_id == user.pk))
