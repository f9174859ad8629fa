"""Reads of the governing bodies: the bodies a person may see, one body, its live members, the checks of its
composition, its scrum schedule and meetings.

Restricted through `pmis.core.authorization`: a body is decided as its node's workspace (`SCOPE_LOOKUP`), so it
is seen by whoever may view its portfolio or program (with the roles reaching it).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import RoleAssignment
from pmis.core import authorization

from ..choices import BODY_SCRUM_LEVEL, MEMBER_ROLES, BodyKind, Position
from ..models import GoverningBody

#: The order members are listed in: the chair first.
POSITION_ORDER = (Position.CHAIR, Position.DEPUTY_CHAIR, Position.SECRETARY, Position.MEMBER)


def body_list(user, *, kind: str | None = None, active: bool | None = True) -> QuerySet[GoverningBody]:
    """The bodies at the nodes `user` may view (active ones unless `active` is None/False), in one query."""
    rows = authorization.restrict(GoverningBody.objects.all(), user, authorization.VIEW)
    if kind:
        rows = rows.filter(kind=kind)
    if active is not None:
        rows = rows.filter(is_active=active)
    return rows.order_by("node_path", "kind", "pk")


def with_nodes(bodies) -> list[GoverningBody]:
    """The bodies with their nodes filled in: one query per kind of node present (at most two)."""
    from scrum.selectors.schedules import with_nodes as fill

    return fill(bodies)


def body_get(user, pk, *, action: str = authorization.VIEW) -> GoverningBody:
    """One body (active or dissolved): 404 when `user` may not see it, 403 when they may not `action` it."""
    body = body_list(user, active=None).filter(pk=pk).first() if str(pk).isdigit() else None
    if body is None:
        raise Http404
    if action != authorization.VIEW:
        authorization.require(user, action, body)
    return body


def _position_of(kind: str) -> dict[str, str]:
    return {code: position for (body_kind, position), code in MEMBER_ROLES.items() if body_kind == kind}


def body_members(body: GoverningBody, *, on: dt.date | None = None) -> list[RoleAssignment]:
    """The live member assignments of the body on `on` (today), chair first, each with `position` set: one
    query."""
    day = on or timezone.localdate()
    positions = _position_of(body.kind)
    rank = Case(
        *[
            When(role__code=code, then=Value(POSITION_ORDER.index(position)))
            for code, position in positions.items()
        ],
        default=Value(len(POSITION_ORDER)),
        output_field=IntegerField(),
    )
    rows = list(
        RoleAssignment.objects.filter(
            scope_path=body.node_path, role__code__in=list(positions), starts_on__lte=day
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("person", "role")
        .annotate(rank=rank)
        .order_by("rank", "person__last_name", "person__first_name", "pk")
    )
    for row in rows:
        row.position = positions[row.role.code]
        row.position_label = Position(row.position).label
    return rows


def composition_warnings(body: GoverningBody, members: list[RoleAssignment], *, on: dt.date | None = None):
    """What the Rules expect of the composition and is missing: the chair (the council, the committee); the
    committee's deputy chair is the head of the project office of the program's owner body (p.44, at most one
    query); the expert council's secretary (p.50)."""
    positions = {member.position: member for member in members}
    warnings: list[str] = []
    if body.kind in (BodyKind.COUNCIL, BodyKind.COMMITTEE) and Position.CHAIR not in positions:
        warnings.append(_("The body has no chair."))
    if body.kind == BodyKind.EXPERT_COUNCIL and Position.SECRETARY not in positions:
        warnings.append(_("The expert council has no secretary (Rules p.50)."))
    if body.kind == BodyKind.COMMITTEE:
        deputy = positions.get(Position.DEPUTY_CHAIR)
        if deputy is None:
            warnings.append(
                _("The committee has no deputy chair; the head of the project office is one (Rules p.44).")
            )
        else:
            day = on or timezone.localdate()
            node = body.node
            owner_id = getattr(node, "owner_body_id", None)
            heads = (
                RoleAssignment.objects.filter(
                    person_id=deputy.person_id,
                    role__code="po_head",
                    scope_kind="body",
                    body_id=owner_id,
                    starts_on__lte=day,
                )
                .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
                .exists()
            )
            if not heads:
                warnings.append(
                    _(
                        "The deputy chair %(person)s is not the head of the project office of the program's "
                        "owner body; the Rules make the head of the project office the deputy chair (p.44)."
                    )
                    % {"person": deputy.person.short_name}
                )
    return warnings


def body_schedule(body: GoverningBody):
    """The scrum schedule whose meetings are the body's (its level at its node, the newest not archived), or
    None (an expert council records discussions instead)."""
    from scrum.choices import ScheduleStatus
    from scrum.models import Schedule

    level = BODY_SCRUM_LEVEL.get(body.kind)
    if level is None:
        return None
    return (
        Schedule.objects.filter(level=level, node_kind=body.node_kind, node_id=body.node_id)
        .exclude(status=ScheduleStatus.ARCHIVED)
        .select_related("chair", "deputy_chair", "secretary")
        .order_by("-valid_from", "-pk")
        .first()
    )


def body_meetings(user, schedule, *, today: dt.date | None = None, recent: int = 5):
    """(next meetings, recent meetings) of the schedule the user may see: two short lists, one query."""
    from scrum.models import Meeting

    if schedule is None:
        return [], []
    today = today or timezone.localdate()
    rows = list(
        authorization.restrict(Meeting.objects.filter(schedule=schedule), user, authorization.VIEW).filter(
            date__gte=today - dt.timedelta(days=120), date__lte=today + dt.timedelta(days=60)
        )
    )
    upcoming = sorted((m for m in rows if m.date >= today), key=lambda m: (m.date, m.starts_at))[:3]
    past = sorted((m for m in rows if m.date < today), key=lambda m: (m.date, m.starts_at), reverse=True)
    return upcoming, past[:recent]
