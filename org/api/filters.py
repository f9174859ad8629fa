"""Filters of the organisation lists: bodies by kind and region, units by body, people by unit and body, role
assignments by node, person, role and day, absences by person and day, the substitution scheme by role.

Parameters name related objects the way the API writes them (a role by code, a node as ``kind:id``) and are
matched on ids and paths, so a filter never costs a query of its own.
"""

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from pmis.core.nodes import parse_ref

from ..choices import ScopeKind
from ..models import Absence, Person, Role, RoleAssignment, StateBody, Substitution, Unit


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


def _ref(name: str, value: str) -> tuple[str, int]:
    try:
        return parse_ref(value)
    except DjangoValidationError as error:
        raise ValidationError({name: error.messages}) from error


def _in_force(prefix: str, day) -> Q:
    """Rows whose inclusive period [starts_on, ends_on] covers `day` (an open end is "until further notice")."""
    return Q(**{f"{prefix}starts_on__lte": day}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gte": day})
    )


class AssignmentFilter(django_filters.FilterSet):
    node = django_filters.CharFilter(
        method="filter_node",
        help_text=_("Only the assignments held on this node itself, as “project:5”, “body:2” or “office:1”."),
    )
    within = django_filters.CharFilter(
        method="filter_within",
        help_text=_(
            "The assignments held on this node and on every node below it, as “program:3” or “body:2” "
            "(“office:1”: all of them)."
        ),
    )
    person = django_filters.NumberFilter(help_text=_("Id of the person."))
    role = django_filters.CharFilter(field_name="role__code", help_text=_("Code of the role."))
    scope_kind = django_filters.ChoiceFilter(choices=ScopeKind.choices)
    active_on = django_filters.DateFilter(
        method="filter_active_on", help_text=_("Only the assignments in force on this day (YYYY-MM-DD).")
    )

    class Meta:
        model = RoleAssignment
        fields = ("node", "within", "person", "role", "scope_kind", "active_on")

    def filter_node(self, queryset, name, value):
        kind, pk = _ref(name, value)
        column = "body" if kind in (ScopeKind.OFFICE, ScopeKind.BODY) else kind
        return queryset.filter(scope_kind=kind, **{f"{column}_id": pk})

    def filter_within(self, queryset, name, value):
        kind, pk = _ref(name, value)
        if kind == ScopeKind.OFFICE:
            return queryset  # the Office is above everything
        segment = f"{kind}:{pk}/"
        # The path lists ancestors-and-self; the segment is either the first one or follows a slash.
        return queryset.filter(Q(scope_path__startswith=segment) | Q(scope_path__contains=f"/{segment}"))

    def filter_active_on(self, queryset, name, value):
        return queryset.filter(_in_force("", value))


class AbsenceFilter(django_filters.FilterSet):
    person = django_filters.NumberFilter(help_text=_("Id of the person."))
    on = django_filters.DateFilter(method="filter_on", help_text=_("Only the absences covering this day."))

    class Meta:
        model = Absence
        fields = ("person", "kind", "on")

    def filter_on(self, queryset, name, value):
        return queryset.filter(starts_on__lte=value, ends_on__gte=value)


class SubstitutionFilter(django_filters.FilterSet):
    substitute = django_filters.CharFilter(
        field_name="substitute__code", help_text=_("Code of the role whose holders stand in.")
    )
    substituted = django_filters.CharFilter(
        field_name="substituted__code", help_text=_("Code of the role they stand in for.")
    )

    class Meta:
        model = Substitution
        fields = ("substitute", "substituted")
