"""Reads of the organisation app."""

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
