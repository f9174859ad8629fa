"""API of projects: ``/api/v1/projects/``."""

from pmis.core.api.viewsets import NodeViewSet

from .. import selectors, services
from ..models import Project
from .filters import ProjectFilter
from .serializers import ProjectSerializer


class ProjectViewSet(NodeViewSet):
    """Projects (Rules p.2(25)); moving one to another group is a PATCH of `group`, its code stays."""

    model = Project
    serializer_class = ProjectSerializer
    filterset_class = ProjectFilter
    list_selector = selectors.project_list
    get_selector = selectors.project_get
    create_service = services.project_create
    update_service = services.project_update
    delete_service = services.project_delete
    service_arg = "project"
