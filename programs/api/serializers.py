"""API representation of programs, basic directions and groups of projects."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from pmis.core.api.fields import node_ref_field
from pmis.core.api.serializers import NodeSerializer, count_field
from portfolios.models import Portfolio
from portfolios.selectors import portfolio_list

from ..models import BasicDirection, Program, ProjectGroup
from ..selectors import direction_list, group_list, program_list

COUNTS = ("project_count", "active_project_count")


class ProgramSerializer(NodeSerializer):
    """A program of a portfolio (Rules p.39); its end may not be later than the portfolio's (p.9)."""

    portfolio = node_ref_field(Portfolio, portfolio_list)
    direction_count = count_field()
    project_count = count_field()
    active_project_count = count_field()

    class Meta(NodeSerializer.Meta):
        model = Program
        fields = (*NodeSerializer.Meta.fields, "portfolio", "kind", "region", "direction_count", *COUNTS)


class DirectionSerializer(NodeSerializer):
    """A basic direction of a program (Rules p.41), or a state body's standard one (p.56)."""

    # Null for a state body's standard basic direction, which is made with the body, never through the API.
    program = node_ref_field(Program, program_list, allow_null=True)
    group_count = count_field()
    project_count = count_field()
    active_project_count = count_field()

    class Meta(NodeSerializer.Meta):
        model = BasicDirection
        fields = (*NodeSerializer.Meta.fields, "program", "is_standard", "group_count", *COUNTS)
        read_only_fields = (*NodeSerializer.Meta.read_only_fields, "is_standard")

    def validate_program(self, program):
        if program is None and (self.instance is None or not self.instance.is_standard):
            raise serializers.ValidationError(_("Choose the program the basic direction belongs to."))
        return program


class GroupSerializer(NodeSerializer):
    """A group of projects in a basic direction, possibly nested in another group (Rules p.42)."""

    direction = node_ref_field(
        BasicDirection,
        direction_list,
        required=False,
        help_text=_("The basic direction; may be left out when the parent group is given."),
    )
    parent = node_ref_field(
        ProjectGroup,
        group_list,
        required=False,
        allow_null=True,
        help_text=_(
            "The group this group is nested in (Rules p.42); null for a group directly in its direction."
        ),
    )
    project_count = count_field()
    active_project_count = count_field()

    class Meta(NodeSerializer.Meta):
        model = ProjectGroup
        fields = (*NodeSerializer.Meta.fields, "direction", "parent", "standard_kind", *COUNTS)
        read_only_fields = (*NodeSerializer.Meta.read_only_fields, "standard_kind")
