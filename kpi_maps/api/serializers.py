"""Serializers of the goal map's indicators, plans, facts and links (DESIGN.md §4).

Nodes are named as ``"program:3"``; an indicator by its id. Reads answer the rows as the selectors give them;
writes validate the shape of the input and hand it to the services, which keep the rules.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from pmis.core.api import fields

from ..choices import Direction, IndicatorKind, Periodicity, SourceType
from ..models import Contribution, Indicator, Target, Value
from ..selectors.indicators import indicator_list


class NodeRefField(fields.NodeRefField):
    """A node an indicator is attached to, as ``"program:3"``, among the nodes the person may see."""

    default_error_messages = {
        "kind": _("Indicators are attached to a portfolio, program, basic direction, group or project.")
    }


class IndicatorField(serializers.PrimaryKeyRelatedField):
    """An indicator by id, among those the person may see."""

    def __init__(self, **kwargs):
        super().__init__(queryset=Indicator.objects.none(), **kwargs)

    def get_queryset(self):
        return indicator_list(self.context["request"].user)


class IndicatorSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    unit = serializers.CharField(read_only=True)
    node = serializers.CharField(source="node_ref", read_only=True, help_text=_("The node, as “kind:id”."))
    level = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=_("Level of personal responsibility 1–4 (Rules p.17).")
    )

    class Meta:
        model = Indicator
        fields = (
            "id",
            "code",
            "name",
            "name_kk",
            "name_ru",
            "name_en",
            "unit",
            "unit_kk",
            "unit_ru",
            "unit_en",
            "kind",
            "direction",
            "source_type",
            "source_name",
            "periodicity",
            "methodology",
            "base_value",
            "base_year",
            "node",
            "node_kind",
            "node_id",
            "node_path",
            "level",
            "is_active",
            "version",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields


class IndicatorUpdateSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=50, required=False)
    name_kk = serializers.CharField(max_length=500, required=False, allow_blank=True)
    name_ru = serializers.CharField(max_length=500, required=False, allow_blank=True)
    name_en = serializers.CharField(max_length=500, required=False, allow_blank=True)
    unit_kk = serializers.CharField(max_length=100, required=False, allow_blank=True)
    unit_ru = serializers.CharField(max_length=100, required=False, allow_blank=True)
    unit_en = serializers.CharField(max_length=100, required=False, allow_blank=True)
    kind = serializers.ChoiceField(choices=IndicatorKind.choices, required=False)
    direction = serializers.ChoiceField(choices=Direction.choices, required=False)
    source_type = serializers.ChoiceField(choices=SourceType.choices, required=False)
    source_name = serializers.CharField(max_length=300, required=False, allow_blank=True)
    periodicity = serializers.ChoiceField(choices=Periodicity.choices, required=False)
    methodology = serializers.CharField(required=False, allow_blank=True)
    base_value = serializers.DecimalField(max_digits=20, decimal_places=4, required=False, allow_null=True)
    base_year = serializers.IntegerField(required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("The version the edit was made on; a stale one is refused (409)."),
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=300)


class IndicatorCreateSerializer(IndicatorUpdateSerializer):
    node = NodeRefField(help_text=_("The node the indicator is attached to, e.g. “program:3”."))
    code = serializers.CharField(max_length=50)
    is_active = None
    version = None
    reason = None


class TargetSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period_label", read_only=True)
    is_adjusted = serializers.BooleanField(read_only=True)
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)

    class Meta:
        model = Target
        fields = (
            "id",
            "indicator",
            "indicator_code",
            "year",
            "quarter",
            "period",
            "value",
            "value_high",
            "approved_value",
            "approved_value_high",
            "is_adjusted",
            "basis",
            "version",
            "updated_by",
            "updated_at",
        )
        read_only_fields = fields


class TargetUpdateSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=20, decimal_places=4)
    value_high = serializers.DecimalField(max_digits=20, decimal_places=4, required=False, allow_null=True)
    basis = serializers.CharField(max_length=300, required=False, allow_blank=True)
    reason = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        help_text=_("Required when adjusting an approved plan."),
    )
    version = serializers.IntegerField(required=False, min_value=1)


class TargetCreateSerializer(TargetUpdateSerializer):
    indicator = IndicatorField()
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(required=False, default=0, help_text=_("0 for the whole year."))


class ValueSerializer(serializers.ModelSerializer):
    period = serializers.CharField(source="period_label", read_only=True)
    indicator_code = serializers.CharField(source="indicator.code", read_only=True)
    entered_by_name = serializers.SerializerMethodField()
    evidence_name = serializers.SerializerMethodField()

    class Meta:
        model = Value
        fields = (
            "id",
            "indicator",
            "indicator_code",
            "year",
            "quarter",
            "period",
            "value",
            "source",
            "evidence_name",
            "entered_by",
            "entered_by_name",
            "entered_at",
            "version",
        )
        read_only_fields = fields

    def get_entered_by_name(self, value) -> str:
        return value.entered_by.full_name if value.entered_by else ""

    def get_evidence_name(self, value) -> str:
        return value.evidence.name.rsplit("/", 1)[-1] if value.evidence else ""


class ValueUpdateSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=20, decimal_places=4)
    source = serializers.CharField(max_length=300, required=False, allow_blank=True)
    evidence = serializers.FileField(required=False, allow_null=True)
    reason = serializers.CharField(
        max_length=300, required=False, allow_blank=True, help_text=_("Required when correcting a fact.")
    )
    version = serializers.IntegerField(required=False, min_value=1)


class ValueCreateSerializer(ValueUpdateSerializer):
    indicator = IndicatorField()
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(required=False, default=0)


class BulkRowSerializer(serializers.Serializer):
    indicator = serializers.IntegerField()
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(required=False, default=0)
    value = serializers.CharField(required=False, allow_blank=True, allow_null=True)
    source = serializers.CharField(required=False, allow_blank=True, default="")
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    version = serializers.IntegerField(required=False, allow_null=True)


class BulkSerializer(serializers.Serializer):
    rows = BulkRowSerializer(many=True, allow_empty=False)


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("An .xlsx workbook: code, year, quarter, value, source, reason.")
    )


class ContributionSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", read_only=True)
    child_code = serializers.CharField(source="child.code", read_only=True)

    class Meta:
        model = Contribution
        fields = (
            "id",
            "parent",
            "parent_code",
            "child",
            "child_code",
            "share",
            "note",
            "created_by",
            "created_at",
        )
        read_only_fields = fields


class ContributionUpdateSerializer(serializers.Serializer):
    share = serializers.DecimalField(max_digits=5, decimal_places=2)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ContributionCreateSerializer(ContributionUpdateSerializer):
    parent = IndicatorField()
    child = IndicatorField()
