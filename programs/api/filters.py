"""Filters of the lists of programs, basic directions and groups of projects."""

import django_filters
from django.utils.translation import gettext_lazy as _

from pmis.core.api.filters import NodeFilterSet

from ..models import BasicDirection, Program, ProjectGroup


class ProgramFilter(NodeFilterSet):
    portfolio = django_filters.NumberFilter(help_text=_("Id of the portfolio."))

    class Meta(NodeFilterSet.Meta):
        model = Program
        fields = (*NodeFilterSet.Meta.fields, "portfolio", "kind", "region")


class DirectionFilter(NodeFilterSet):
    program = django_filters.NumberFilter(help_text=_("Id of the program."))

    class Meta(NodeFilterSet.Meta):
        model = BasicDirection
        fields = (*NodeFilterSet.Meta.fields, "program", "is_standard")


class GroupFilter(NodeFilterSet):
    direction = django_filters.NumberFilter(help_text=_("Id of the basic direction."))
    parent = django_filters.NumberFilter(help_text=_("Id of the parent group."))
    top_level = django_filters.BooleanFilter(
        field_name="parent",
        lookup_expr="isnull",
        help_text=_("Only groups directly in their basic direction."),
    )

    class Meta(NodeFilterSet.Meta):
        model = ProjectGroup
        fields = (*NodeFilterSet.Meta.fields, "direction", "parent", "top_level", "standard_kind")
