"""API representation of projects."""

from pmis.core.api.fields import node_ref_field
from pmis.core.api.serializers import NodeSerializer
from programs.models import ProjectGroup
from programs.selectors import group_list

from ..models import Project


class ProjectSerializer(NodeSerializer):
    """A project in a group of projects (Rules p.2(25)); its end may not be later than its portfolio's (p.9)."""

    group = node_ref_field(ProjectGroup, group_list)

    class Meta(NodeSerializer.Meta):
        model = Project
        fields = (*NodeSerializer.Meta.fields, "group")
