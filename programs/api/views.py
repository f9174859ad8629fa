"""API of programs, basic directions and groups of projects: ``/api/v1/programs/``, ``directions/``,
``project-groups/``."""

from pmis.core.api.viewsets import NodeViewSet

from .. import selectors, services
from ..models import BasicDirection, Program, ProjectGroup
from .filters import DirectionFilter, GroupFilter, ProgramFilter
from .serializers import DirectionSerializer, GroupSerializer, ProgramSerializer


class ProgramViewSet(NodeViewSet):
    """Programs of a portfolio (Rules p.39); moving one to another portfolio is a PATCH of `portfolio`."""

    model = Program
    serializer_class = ProgramSerializer
    filterset_class = ProgramFilter
    list_selector = selectors.program_list
    get_selector = selectors.program_get
    create_service = services.program_create
    update_service = services.program_update
    delete_service = services.program_delete
    service_arg = "program"


class DirectionViewSet(NodeViewSet):
    """Basic directions of programs (Rules p.41) and, read-only in their link, the standard ones (p.56)."""

    model = BasicDirection
    serializer_class = DirectionSerializer
    filterset_class = DirectionFilter
    list_selector = selectors.direction_list
    get_selector = selectors.direction_get
    create_service = services.direction_create
    update_service = services.direction_update
    delete_service = services.direction_delete
    service_arg = "direction"


class GroupViewSet(NodeViewSet):
    """Groups of projects (Rules p.42), directly in a basic direction or nested in another group."""

    model = ProjectGroup
    serializer_class = GroupSerializer
    filterset_class = GroupFilter
    list_selector = selectors.group_list
    get_selector = selectors.group_get
    create_service = services.group_create
    update_service = services.group_update
    delete_service = services.group_delete
    service_arg = "group"

    def update_arguments(self, data: dict, node) -> dict:
        """Turn the sent `direction` / `parent` into a move only when they differ from where the group is.

        A PATCH that repeats the current place keeps the group where it is; ``parent: null`` takes it out of
        its parent group to the top of its direction; a new direction alone puts it at the top of that one.
        """
        has_direction, has_parent = "direction" in data, "parent" in data
        direction, parent = data.pop("direction", None), data.pop("parent", None)
        same_direction = not has_direction or direction.pk == node.direction_id
        same_parent = not has_parent or getattr(parent, "pk", None) == node.parent_id
        if same_direction and same_parent:
            return data
        if has_parent:
            return {**data, "direction": direction, "parent": parent, "detach": parent is None}
        return {**data, "direction": direction, "parent": None, "detach": True}
