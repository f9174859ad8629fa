"""The governing bodies card on a portfolio's or a program's page."""

from __future__ import annotations

from django.db.models import Count, Q
from django.utils import timezone

from org.models import RoleAssignment
from pmis.core import authorization

from .choices import BODY_NODE_KIND, MEMBER_ROLES, BodyKind
from .selectors.bodies import body_list

#: Role code → the kind of body it is a membership of (each code belongs to one kind).
_KIND_OF_ROLE = {code: kind for (kind, _position), code in MEMBER_ROLES.items()}


def bodies_card(user, node) -> dict | None:
    """Context of ``governance/_node_card.html`` for `node`, or None when there is nothing to show: the active
    bodies at a portfolio or a program that `user` sees, with their member counts, and the kinds `user` may still
    create there. Two queries on a portfolio or a program, none elsewhere."""
    kinds = [kind for kind, node_kind in BODY_NODE_KIND.items() if node_kind == getattr(node, "KIND", None)]
    if not kinds:
        return None
    bodies = list(body_list(user).filter(node_kind=node.KIND, node_id=node.pk))
    may_create = authorization.can(user, authorization.MANAGE_TEAM, node)
    if not bodies and not may_create:
        return None
    if bodies:
        day = timezone.localdate()
        counts = dict(
            RoleAssignment.objects.filter(
                scope_path=node.path,
                role__code__in=[code for code, kind in _KIND_OF_ROLE.items() if kind in kinds],
                starts_on__lte=day,
            )
            .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
            .values_list("role__code")
            .annotate(count=Count("pk"))
        )
        for body in bodies:
            body.member_count = sum(
                count for code, count in counts.items() if _KIND_OF_ROLE[code] == body.kind
            )
    present = {body.kind for body in bodies}
    return {
        "node": node,
        "node_ref": f"{node.KIND}:{node.pk}",
        "bodies": bodies,
        "creatable": [(kind, BodyKind(kind).label) for kind in kinds if kind not in present]
        if may_create
        else [],
    }
