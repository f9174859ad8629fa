"""The create/edit forms of programs, basic directions and groups of projects."""

from django.utils.translation import gettext_lazy as _

from pmis.core.node_forms import NodeForm, node_form_fields
from portfolios.models import Portfolio

from .models import BasicDirection, Program, ProjectGroup


class ProgramForm(NodeForm):
    parent_fields = ("portfolio", "kind", "region")
    own_legend = _("Portfolio, kind and region")

    class Meta(NodeForm.Meta):
        model = Program
        fields = node_form_fields("portfolio", "kind", "region")

    def limit_parents(self) -> None:
        self.node_choice("portfolio", Portfolio)


class DirectionForm(NodeForm):
    """A basic direction of a program; the standard one of a state body (Rules p.56) has no program to pick."""

    parent_fields = ("program",)

    class Meta(NodeForm.Meta):
        model = BasicDirection
        fields = node_form_fields("program")

    def limit_parents(self) -> None:
        if self.instance.is_standard:
            del self.fields["program"]
        else:
            self.node_choice("program", Program, required=True)


class GroupForm(NodeForm):
    """A group of projects sits in a basic direction, directly or inside another group (Rules p.42)."""

    parent_fields = ("direction", "parent")

    class Meta(NodeForm.Meta):
        model = ProjectGroup
        fields = node_form_fields("direction", "parent")

    def limit_parents(self) -> None:
        self.node_choice("direction", BasicDirection)
        groups = self.parent_choices("parent", ProjectGroup)
        if self.instance.pk:
            # A group cannot go inside itself or its own subgroups; the service refuses it too.
            groups = groups.exclude(path__startswith=self.instance.path)
        self.node_choice("parent", ProjectGroup, queryset=groups)

    def service_kwargs(self) -> dict:
        kwargs = super().service_kwargs()
        if self.instance.pk:
            # An emptied parent means "directly in the direction": the service calls that detaching.
            kwargs["detach"] = kwargs.get("parent") is None
        return kwargs
