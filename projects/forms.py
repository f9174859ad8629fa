"""The create/edit form of a project."""

from pmis.core.node_forms import NodeForm, node_form_fields
from programs.models import ProjectGroup

from .models import Project


class ProjectForm(NodeForm):
    """A project always sits in a group of projects (Rules p.27, p.42); changing the group moves it."""

    parent_fields = ("group",)

    class Meta(NodeForm.Meta):
        model = Project
        fields = node_form_fields("group")

    def limit_parents(self) -> None:
        self.node_choice("group", ProjectGroup)
