"""Filters of the organisation lists: bodies by kind and region, units by body, people by unit and body."""

import django_filters
from django.utils.translation import gettext_lazy as _

from ..models import Person, Role, StateBody, Unit


class BodyFilter(django_filters.FilterSet):
    class Meta:
        model = StateBody
        fields = ("kind", "region", "code")


class UnitFilter(django_filters.FilterSet):
    body = django_filters.NumberFilter(help_text=_("Id of the state body."))
    parent = django_filters.NumberFilter(help_text=_("Id of the parent unit."))

    class Meta:
        model = Unit
        fields = ("body", "parent", "kind", "code")


class PersonFilter(django_filters.FilterSet):
    unit = django_filters.NumberFilter(help_text=_("Id of the unit."))
    body = django_filters.NumberFilter(field_name="unit__body", help_text=_("Id of the state body."))

    class Meta:
        model = Person
        fields = ("unit", "body")


class RoleFilter(django_filters.FilterSet):
    class Meta:
        model = Role
        fields = ("level", "is_active")
