"""Fields the workspace's resources share."""

from django.utils.translation import gettext_lazy as _

from pmis.core.api.fields import node_ref_field

from ..models import Project
from ..selectors import project_list


def project_field(**kwargs):
    """The project of a new workspace object: its id (or ``"project:12"``), among those the person may see."""
    return node_ref_field(Project, project_list, help_text=_("Id of the project."), **kwargs)
