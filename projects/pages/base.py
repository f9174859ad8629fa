"""What every page of a project's workspace shares: the project read through the authorization module and the
workspace's header and tabs."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.views import View

from pmis.core import authorization

from ..models import Project
from ..selectors import project_get


class WorkspacePage(LoginRequiredMixin, View):
    """A page about one project at ``/projects/<pk>/…``: 404 when the reader may not see the project.

    `tab` names the workspace tab the page belongs to; `template_name` extends
    ``projects/workspace_base.html``. `context(project)` adds the page's own data.
    """

    tab = ""
    template_name = ""

    def get_project(self, action: str = authorization.VIEW) -> Project:
        """The project of the URL; 404 if hidden from the reader, 403 if they may see but not `action` it."""
        project = project_get(self.request.user, self.kwargs["pk"])
        if action != authorization.VIEW:
            authorization.require(self.request.user, action, project)
        return project

    def powers(self, project: Project) -> dict[str, bool]:
        """What the reader may do in the project's workspace, for the templates to show or hide actions."""
        user = self.request.user
        return {
            action: authorization.can(user, action, project)
            for action in (
                authorization.CONTRIBUTE,
                authorization.CHANGE,
                authorization.APPROVE,
                authorization.DELETE,
            )
        }

    def render_page(self, project: Project, context: dict, status: int = 200):
        return render(
            self.request,
            self.template_name,
            {"project": project, "node": project, "tab": self.tab, "may": self.powers(project), **context},
            status=status,
        )
