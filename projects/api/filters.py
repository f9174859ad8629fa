"""Filters of the project list."""

import django_filters
from django.utils.translation import gettext_lazy as _

from pmis.core.api.filters import NodeFilterSet

from ..models import Project


class ProjectFilter(NodeFilterSet):
    group = django_filters.NumberFilter(
        help_text=_("Id of the group of projects the project is directly in.")
    )
    direction = django_filters.NumberFilter(
        field_name="group__direction", help_text=_("Id of the basic direction.")
    )

    class Meta(NodeFilterSet.Meta):
        model = Project
        fields = (*NodeFilterSet.Meta.fields, "group", "direction")
