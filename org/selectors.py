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
