"""Writes of the governing bodies: creating, changing and dissolving a body, its members and the approval of its
personal composition.

Who may (asked through `pmis.core.authorization`):
- a governing council (Rules p.29, p.36) is created, changed and dissolved with "manage team" on its portfolio
  (the curator, or the Office); a program governing committee (p.44) or an expert council (p.50) with "manage team"
  on its program (the program manager, the head of the project office of the owner body, the Office);
- members are added and ended by the same people: membership is a role assignment of the body's position
  (`choices.MEMBER_ROLES`) on its node, made through the org assignment services, which keep the catalogue's rules
  (one chair, one secretary …); a change of the members withdraws an earlier approval of the composition;
- the personal composition is approved (p.66(2)) with "approve" and "manage team" on the node: the program manager
  (the committee, the expert council), the curator (the council); a chair or member of the body approves nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.choices import BasisKind
from org.models import Person, Role, RoleAssignment
from org.scopes import Scope
from org.services.assignments import assignment_create, assignment_update
from org.services.notifications import notify
from pmis.core import authorization
from pmis.core.recording import refuse_unknown, save_recorded

from ..choices import BODY_NODE_KIND, MEMBER_ROLES, BodyKind
from ..models import GoverningBody

KIND_MEMBER_ADDED = "governance.member_added"
KIND_COMPOSITION_APPROVED = "governance.composition_approved"

EDITABLE = ("name_ru", "name_kk", "name_en", "sphere", "basis", "established_on")


def body_roles(kind: str) -> dict[str, str]:
    """Position → role code of the body's kind."""
    return {position: code for (body_kind, position), code in MEMBER_ROLES.items() if body_kind == kind}


def _require_manage(actor, node) -> None:
    authorization.require(actor, authorization.MANAGE_TEAM, node)


@transaction.atomic
def body_create(
    *,
    actor: Person,
    kind: str,
    node,
    name_ru: str,
    name_kk: str = "",
    name_en: str = "",
    sphere: str = "",
    basis: str = "",
    established_on: dt.date | None = None,
) -> GoverningBody:
    """Create a body of `kind` at `node` (a portfolio for a council, a program for a committee or an expert
    council); one active body of a kind per node."""
    if kind not in BodyKind.values:
        raise ValidationError({"kind": _("Choose the kind of the body.")})
    wanted = BODY_NODE_KIND[kind]
    if getattr(node, "KIND", None) != wanted:
        raise ValidationError(
            _(
                "A governing council sits at a portfolio; a governing committee and an expert council at a program."
            )
        )
    _require_manage(actor, node)
    if GoverningBody.objects.filter(kind=kind, node_kind=node.KIND, node_id=node.pk, is_active=True).exists():
        raise ValidationError(_("This node already has an active body of this kind."))
    body = GoverningBody(
        kind=kind,
        node_kind=node.KIND,
        node_id=node.pk,
        node_path=node.path,
        name_ru=name_ru,
        name_kk=name_kk,
        name_en=name_en,
        sphere=sphere if kind == BodyKind.EXPERT_COUNCIL else "",
        basis=basis,
        established_on=established_on,
    )
    return save_recorded(body, actor, _("Created"))


@transaction.atomic
def body_update(*, actor: Person, body: GoverningBody, **values) -> GoverningBody:
    """Change the names, sphere, basis or date of establishment of an active body."""
    refuse_unknown(values, EDITABLE)
    authorization.require(actor, authorization.MANAGE_TEAM, body)
    body = GoverningBody.objects.select_for_update().get(pk=body.pk)
    if not body.is_active:
        raise ValidationError(_("The body is dissolved; it cannot be changed."))
    for name, value in values.items():
        setattr(body, name, value)
    if body.kind != BodyKind.EXPERT_COUNCIL:
        body.sphere = ""
    return save_recorded(body, actor, _("Changed"))


@transaction.atomic
def body_dissolve(*, actor: Person, body: GoverningBody, on: dt.date | None = None) -> GoverningBody:
    """Dissolve the body: it stays in the record, inactive, and its members' assignments end on `on` (today)."""
    authorization.require(actor, authorization.MANAGE_TEAM, body)
    body = GoverningBody.objects.select_for_update().get(pk=body.pk)
    if not body.is_active:
        raise ValidationError(_("The body is already dissolved."))
    day = on or timezone.localdate()
    for assignment in _live_assignments(body, day):
        assignment_update(actor=actor, assignment=assignment, ends_on=max(day, assignment.starts_on))
    body.is_active = False
    return save_recorded(body, actor, _("Dissolved"))


def _live_assignments(body: GoverningBody, day: dt.date):
    from django.db.models import Q

    return (
        RoleAssignment.objects.filter(
            scope_path=body.node_path, role__code__in=body_roles(body.kind).values(), starts_on__lte=day
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))
        .select_related("role", "person")
    )


def _withdraw_approval(body: GoverningBody, actor) -> None:
    if body.composition_approved_on is not None:
        body.composition_approved_on = None
        body.composition_approved_by = None
        save_recorded(body, actor, _("Composition changed; approval withdrawn"))


@transaction.atomic
def member_add(
    *,
    actor: Person,
    body: GoverningBody,
    person: Person,
    position: str,
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
    basis: str = "",
) -> RoleAssignment:
    """Make `person` a member of the body in `position`: a role assignment of the position's role on the body's
    node (the catalogue's rules apply: one chair, one deputy chair, one secretary)."""
    authorization.require(actor, authorization.MANAGE_TEAM, body)
    body = GoverningBody.objects.select_for_update().get(pk=body.pk)
    if not body.is_active:
        raise ValidationError(_("The body is dissolved; its composition cannot be changed."))
    code = MEMBER_ROLES.get((body.kind, position))
    if code is None:
        raise ValidationError({"position": _("This body has no such position.")})
    role = Role.objects.get(code=code)
    assignment = assignment_create(
        actor=actor,
        person=person,
        role=role,
        scope=Scope.of(body.node),
        starts_on=starts_on,
        ends_on=ends_on,
        basis_kind=BasisKind.ORDER,
        basis_number=basis[:100],
    )
    _withdraw_approval(body, actor)
    notify(
        recipients=[person],
        actor=actor,
        kind=KIND_MEMBER_ADDED,
        target=body,
        url=body.get_absolute_url(),
        params={"body": body.name, "position": position},
    )
    return assignment


def member_assignment(body: GoverningBody, assignment_pk) -> RoleAssignment:
    """The body's member assignment `assignment_pk` (a ValidationError when it is not one of the body's)."""
    assignment = (
        RoleAssignment.objects.filter(
            pk=assignment_pk, scope_path=body.node_path, role__code__in=body_roles(body.kind).values()
        )
        .select_related("role", "person")
        .first()
    )
    if assignment is None:
        raise ValidationError(_("This is not a member of the body."))
    return assignment


@transaction.atomic
def member_end(
    *, actor: Person, body: GoverningBody, assignment: RoleAssignment, ends_on: dt.date | None = None
) -> RoleAssignment:
    """End a member's assignment on `ends_on` (today): the record of the membership stays."""
    authorization.require(actor, authorization.MANAGE_TEAM, body)
    assignment = member_assignment(body, assignment.pk)
    day = ends_on or timezone.localdate()
    if assignment.ends_on is not None and assignment.ends_on < day:
        raise ValidationError(_("This membership has already ended."))
    assignment = assignment_update(actor=actor, assignment=assignment, ends_on=day)
    body = GoverningBody.objects.select_for_update().get(pk=body.pk)
    _withdraw_approval(body, actor)
    return assignment


def may_approve_composition(user, body: GoverningBody) -> bool:
    """The program manager (the curator for a council): "approve" and "manage team" on the body's node."""
    return authorization.can(user, authorization.APPROVE, body) and authorization.can(
        user, authorization.MANAGE_TEAM, body
    )


@transaction.atomic
def composition_approve(*, actor: Person, body: GoverningBody, on: dt.date | None = None) -> GoverningBody:
    """Approve the personal composition of the body (Rules p.66(2)); it must have its chair (a secretary for an
    expert council)."""
    if not may_approve_composition(actor, body):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    body = GoverningBody.objects.select_for_update().get(pk=body.pk)
    if not body.is_active:
        raise ValidationError(_("The body is dissolved."))
    day = on or timezone.localdate()
    live = list(_live_assignments(body, day))
    if not live:
        raise ValidationError(_("The body has no members yet; there is no composition to approve."))
    codes = {assignment.role.code for assignment in live}
    roles = body_roles(body.kind)
    needed = "secretary" if body.kind == BodyKind.EXPERT_COUNCIL else "chair"
    if roles[needed] not in codes:
        raise ValidationError(
            _("The body has no secretary (Rules p.50).")
            if needed == "secretary"
            else _("The body has no chair.")
        )
    body.composition_approved_by = actor
    body.composition_approved_on = day
    save_recorded(body, actor, _("Composition approved"))
    notify(
        recipients=[assignment.person for assignment in live],
        actor=actor,
        kind=KIND_COMPOSITION_APPROVED,
        target=body,
        url=body.get_absolute_url(),
        params={"body": body.name, "on": day.isoformat()},
    )
    return body
