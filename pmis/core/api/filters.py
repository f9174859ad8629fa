"""The filters every hierarchy list shares: ``?status=``, ``?stage=``, ``?owner_body=``, ``?code=``, ``?within=``.

Parent links are filtered by id with number filters, not model-choice filters, so a filtered list costs no
extra query to look the parent up.
"""

from __future__ import annotations

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError

from pmis.core.choices import Stage, Status
from pmis.core.nodes import parse_ref


class NodeFilterSet(django_filters.FilterSet):
    """Subclasses set ``Meta.model`` and add their parent filters: ``group = NumberFilter()``."""

    status = django_filters.MultipleChoiceFilter(choices=Status.choices)
    stage = django_filters.MultipleChoiceFilter(choices=Stage.choices)
    owner_body = django_filters.NumberFilter(help_text=_("Id of the owning state body."))
    code = django_filters.CharFilter(
        lookup_expr="iexact", help_text=_("The identification code, e.g. PRJ-2026-00042.")
    )
    within = django_filters.CharFilter(
        method="filter_within",
        help_text=_("Only nodes at or below this node, given as a reference “program:3” or “body:5”."),
    )

    class Meta:
        fields = ("status", "stage", "owner_body", "code", "within")

    def filter_within(self, queryset, name, value):
        try:
            kind, pk = parse_ref(value)
        except DjangoValidationError as error:
            raise ValidationError({name: error.messages}) from error
        segment = f"{kind}:{pk}/"
        # The path lists ancestors-and-self; the segment is either the first one or follows a slash.
        return queryset.filter(Q(path__startswith=segment) | Q(path__contains=f"/{segment}"))
