"""Pages of projects: the generic hierarchy pages configured for the bottom level."""

from django.utils.translation import gettext_lazy as _

from pmis.core.node_views import NodeLevel, ParentParam
from programs.selectors import group_get

from .forms import ProjectForm
from .models import Project
from .selectors import project_get, project_list
from .selectors.summary import workspace_summary
from .services import project_create, project_delete, project_update

PROJECT = NodeLevel(
    kind="project",
    plural="projects",
    model=Project,
    list_selector=project_list,
    get_selector=project_get,
    create=project_create,
    update=project_update,
    delete=project_delete,
    form_class=ProjectForm,
    parent_params=(ParentParam("group", group_get),),
    parent=lambda project: project.group,
    parent_label=_("Group of projects"),
    show_place=True,
    panel=lambda project: ("projects/_summary.html", {"summary": workspace_summary(project)}),
    icon="briefcase",
)
