"""Reads of the organisation app."""

from django.db.models import Count, QuerySet

from pmis.core import authorization

from .models import Person, Role, StateBody, Unit


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
