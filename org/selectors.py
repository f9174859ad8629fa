"""Reads of the organisation app."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from pmis.core import authorization

from .models import Absence, Person, Role, RoleAssignment, StateBody, Substitution, Unit
from .scopes import Scope
from .substitution import Acting, ActingFor, acting_for, acting_holders


def body_list(user) -> QuerySet[StateBody]:
    return authorization.restrict(StateBody.objects.annotate(unit_count=Count("units")), user)


def unit_list(user) -> QuerySet[Unit]:
    return authorization.restrict(Unit.objects.select_related("body", "parent"), user)


def person_list(user) -> QuerySet[Person]:
    return authorization.restrict(
        Person.objects.filter(is_active=True).select_related("unit", "unit__body"), user
    )


def role_list(user) -> QuerySet[Role]:
    return authorization.restrict(Role.objects.all(), user)


def body_get(user, pk) -> StateBody:
    """One state body the user may see, or Http404."""
    from pmis.core.selectors import node_get

    return node_get(body_list(user), user, pk)


def person_get(user, pk) -> Person:
    """One active person the user may see, with their unit and its body joined, or Http404."""
    from pmis.core.selectors import node_get

    return node_get(person_list(user), user, pk)


# --- roles, assignments, absences, substitution --------------------------------------------------------------


def substitution_list(user) -> QuerySet[Substitution]:
    """The cells of the substitution scheme (Appendix 4), with both roles joined."""
    return authorization.restrict(Substitution.objects.select_related("substitute", "substituted"), user)


def assignment_list(user) -> QuerySet[RoleAssignment]:
    """The role assignments `user` may see, with the person, role and scope joined: one query for any page."""
    return authorization.restrict(
        RoleAssignment.objects.select_related(
            "person", "role", "body", "portfolio", "program", "direction", "group", "project"
        ),
        user,
    )


def assignment_get(user, pk, *, action: str = authorization.VIEW) -> RoleAssignment:
    """One assignment the user may see (else 404), and may `action` (else 403: managing needs "manage team")."""
    from pmis.core.selectors import node_get

    return node_get(assignment_list(user), user, pk, action=action)


def absence_list(user) -> QuerySet[Absence]:
    """The absences `user` may see: their own and those of the people whose team they manage."""
    return authorization.restrict(Absence.objects.select_related("person"), user)


def absence_get(user, pk, *, action: str = authorization.VIEW) -> Absence:
    from pmis.core.selectors import node_get

    return node_get(absence_list(user), user, pk, action=action)


def scope_get(user, ref: str, *, action: str = authorization.VIEW) -> Scope:
    """The Office, state body or node named by ``kind:id`` that `user` may see (else Http404), and may
    `action` (else PermissionDenied); a malformed reference is a ValidationError."""
    from django.http import Http404

    scope = Scope.from_ref(ref) if isinstance(ref, str) else Scope.of(ref)
    if not authorization.can(user, authorization.VIEW, scope.obj):
        raise Http404
    if action != authorization.VIEW:
        authorization.require(user, action, scope.obj)
    return scope


def role_by_code(code: str) -> Role:
    """The catalogue role with this code, or a ValidationError naming it."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    role = Role.objects.filter(code=(code or "").strip()).first()
    if role is None:
        raise ValidationError({"role": _("There is no role with the code “%(code)s”.") % {"code": code}})
    return role


def acting(user, *, role: Role, scope: Scope, on=None) -> Acting:
    """Who acts for `role` on `scope` on a day (Rules p.99); the caller has checked the user may see `scope`."""
    return acting_holders(role, scope, on)


def person_acting_for(person, on=None) -> list[ActingFor]:
    """What `person` acts for on a day: absent holders' roles and vacancies (Rules p.99, Appendix 4)."""
    return acting_for(person, on)


def person_assignments(user, person) -> QuerySet[RoleAssignment]:
    """All the roles of `person` that `user` may see, current first, then by end date."""
    return assignment_list(user).filter(person=person).order_by("-starts_on", "role__code")


# --- explicit grants (django-guardian object permissions) on a node --------------------------------------------


@dataclass(frozen=True)
class AccessGrant:
    """One explicit grant on a node: a person or a group may "view" or "change" it and everything below it."""

    id: int  # the object permission's id, in the table of its holder type
    holder_type: str  # "person" or "group"
    person: Person | None
    group: object | None
    action: str  # "view" or "change"
    node: object

    @property
    def node_ref(self) -> str:
        return self.node.ref


_HOLDER_FIELDS = {"person": "user", "group": "group"}


def _grant_models() -> dict:
    from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

    return {"person": get_user_obj_perms_model(), "group": get_group_obj_perms_model()}


def _grant(row, holder_type: str, node) -> AccessGrant:
    holder = getattr(row, _HOLDER_FIELDS[holder_type])
    return AccessGrant(
        id=row.pk,
        holder_type=holder_type,
        person=holder if holder_type == "person" else None,
        group=holder if holder_type == "group" else None,
        action=row.permission.codename.split("_", 1)[0],
        node=node,
    )


def access_list(node) -> list[AccessGrant]:
    """The explicit grants held on `node` itself, people first then groups: two queries."""
    meta = node._meta
    where = {
        "content_type__app_label": meta.app_label,
        "content_type__model": meta.model_name,
        "object_pk": str(node.pk),
        "permission__codename__in": [f"{action}_{meta.model_name}" for action in ("view", "change")],
    }
    found = []
    for holder_type, model in _grant_models().items():
        holder = _HOLDER_FIELDS[holder_type]
        order = ("user__last_name", "user__first_name", "pk") if holder == "user" else ("group__name", "pk")
        rows = model.objects.filter(**where).select_related(holder, "permission").order_by(*order)
        found.extend(_grant(row, holder_type, node) for row in rows)
    return found


def access_get(user, pk, holder_type: str, *, action: str = authorization.VIEW) -> AccessGrant:
    """One explicit grant on a node `user` may see (else Http404), and may `action` (else PermissionDenied)."""
    from django.http import Http404

    from pmis.core.nodes import node_models

    model = _grant_models().get(holder_type)
    row = (
        model.objects.select_related(_HOLDER_FIELDS[holder_type], "permission", "content_type")
        .filter(pk=pk)
        .first()
        if model is not None
        else None
    )
    node_model = row.content_type.model_class() if row is not None else None
    node = node_model.objects.filter(pk=row.object_pk).first() if node_model in node_models() else None
    if node is None or not authorization.can(user, authorization.VIEW, node):
        raise Http404
    if action != authorization.VIEW:
        authorization.require(user, action, node)
    return _grant(row, holder_type, node)
