"""API of the organisation: ``/api/v1/org/bodies/``, ``units/``, ``people/``, ``roles/`` (read-only)."""

from pmis.core.api.viewsets import SelectorReadOnlyViewSet

from .. import selectors
from ..models import Person, Role, StateBody, Unit
from .filters import BodyFilter, PersonFilter, RoleFilter, UnitFilter
from .serializers import BodySerializer, PersonSerializer, RoleSerializer, UnitSerializer

NAMES = ("name_kk", "name_ru", "name_en")


class BodyViewSet(SelectorReadOnlyViewSet):
    """State bodies: central, local executive (with their region) and the national project Office."""

    model = StateBody
    list_selector = selectors.body_list
    serializer_class = BodySerializer
    filterset_class = BodyFilter
    search_fields = ("code", "short_name", *NAMES)
    ordering_fields = ("code", "kind", "name_ru")
    ordering = ("kind", "code")


class UnitViewSet(SelectorReadOnlyViewSet):
    """Structural units and subordinate organisations of the state bodies."""

    model = Unit
    list_selector = selectors.unit_list
    serializer_class = UnitSerializer
    filterset_class = UnitFilter
    search_fields = ("code", *NAMES)
    ordering_fields = ("code", "name_ru")
    ordering = ("body", "code")


class PersonViewSet(SelectorReadOnlyViewSet):
    """Active people of the PMIS with their unit and state body."""

    model = Person
    list_selector = selectors.person_list
    serializer_class = PersonSerializer
    filterset_class = PersonFilter
    search_fields = ("username", "last_name", "first_name", "patronymic", "position")
    ordering_fields = ("last_name", "username")
    ordering = ("last_name", "first_name", "patronymic", "id")


class RoleViewSet(SelectorReadOnlyViewSet):
    """The project-role catalogue (Rules p.2, Appendix 1); a role is addressed by its code (DESIGN.md §4)."""

    model = Role
    list_selector = selectors.role_list
    serializer_class = RoleSerializer
    filterset_class = RoleFilter
    search_fields = ("code", *NAMES)
    ordering_fields = ("code", "level")
    ordering = ("level", "code")
    lookup_field = "code"
    lookup_value_regex = r"[-\w]+"
