"""API of the organisation under ``/api/v1/org/``: ``bodies/``, ``units/``, ``people/`` (read), ``roles/`` and
``substitutions/`` (the catalogue and Appendix 4, editable because the Rules change), ``assignments/`` and
``absences/`` (who holds which role where, and who is away), ``acting/`` (who acts for a role on a node on a
day, Rules p.99) and ``access/`` (explicit grants on a node).

Reads go through org.selectors, which restrict to what the user may see; writes through org.services, whose
ValidationErrors become 400 in the project's exception handler; permissions through pmis.core.authorization
(not visible → 404, visible but not allowed → 403).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from pmis.core import authorization
from pmis.core.api.viewsets import (
    CreateThroughService,
    DestroyThroughService,
    SelectorReadOnlyViewSet,
    ServiceViewSet,
    UpdateThroughService,
)
from pmis.core.nodes import NODE_MODELS, parse_ref

from .. import selectors, services
from ..models import Absence, Person, Role, RoleAssignment, StateBody, Substitution, Unit
from .filters import (
    AbsenceFilter,
    AssignmentFilter,
    BodyFilter,
    PersonFilter,
    RoleFilter,
    SubstitutionFilter,
    UnitFilter,
)
from .serializers import (
    AbsenceCreateSerializer,
    AbsenceSerializer,
    AbsenceUpdateSerializer,
    AccessCreateSerializer,
    AccessSerializer,
    ActingQuerySerializer,
    ActingSerializer,
    AssignmentCreateSerializer,
    AssignmentSerializer,
    AssignmentUpdateSerializer,
    BodySerializer,
    PersonSerializer,
    RoleSerializer,
    RoleWriteSerializer,
    SubstitutionSerializer,
    SubstitutionWriteSerializer,
    UnitSerializer,
)

NAMES = ("name_kk", "name_ru", "name_en")
PERSON_SEARCH = ("person__username", "person__last_name", "person__first_name", "person__patronymic")


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


def _write_schema(read, write, update=None):
    """The schema of a resource whose requests and answers differ in shape."""
    views = {
        "create": extend_schema(request=write, responses={201: read}),
    }
    if update is not None:
        views["update"] = extend_schema(request=update, responses={200: read})
        views["partial_update"] = extend_schema(request=update, responses={200: read})
    return extend_schema_view(**views)


@_write_schema(RoleSerializer, RoleWriteSerializer, RoleWriteSerializer)
class RoleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateThroughService,
    UpdateThroughService,
    ServiceViewSet,
):
    """The project-role catalogue (Rules p.2, Appendix 1); a role is addressed by its code (DESIGN.md §4).

    Adding and changing roles needs "add" / "change" on the catalogue (the Office, or the Django permission).
    A role is retired with ``is_active: false``, never deleted: assignments name it.
    """

    model = Role
    list_selector = selectors.role_list
    serializer_class = RoleSerializer
    create_serializer_class = RoleWriteSerializer
    update_serializer_class = RoleWriteSerializer
    filterset_class = RoleFilter
    search_fields = ("code", *NAMES)
    ordering_fields = ("code", "level")
    ordering = ("level", "code")
    lookup_field = "code"
    lookup_value_regex = r"[-\w]+"

    def check_create(self, request):
        authorization.require(request.user, authorization.ADD, Role)

    def create_object(self, data):
        return services.role_create(actor=self.request.user, **data)

    def update_object(self, role, data):
        return services.role_update(actor=self.request.user, role=role, **data)


@_write_schema(SubstitutionSerializer, SubstitutionWriteSerializer)
class SubstitutionViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateThroughService,
    DestroyThroughService,
    ServiceViewSet,
):
    """The substitution scheme (Rules p.99, Appendix 4), one "+" cell a row; adding and removing cells needs
    "add" / "delete" on the catalogue."""

    model = Substitution
    list_selector = selectors.substitution_list
    serializer_class = SubstitutionSerializer
    create_serializer_class = SubstitutionWriteSerializer
    filterset_class = SubstitutionFilter
    search_fields = ("substitute__code", "substituted__code")
    ordering_fields = ("substitute__code", "substituted__code")
    ordering = ("substituted__code", "substitute__code")

    def check_create(self, request):
        authorization.require(request.user, authorization.ADD, Substitution)

    def create_object(self, data):
        return services.substitution_add(actor=self.request.user, **data)

    def remove_object(self, row):
        services.substitution_remove(actor=self.request.user, substitution=row)


@_write_schema(AssignmentSerializer, AssignmentCreateSerializer, AssignmentUpdateSerializer)
class AssignmentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateThroughService,
    UpdateThroughService,
    DestroyThroughService,
    ServiceViewSet,
):
    """Role assignments (Rules p.95, Appendix 1): a person holds a role on a node, a state body or the Office.

    Visible where the node is (those on state bodies and the Office to everyone); made, changed and removed with
    "manage team" on the node. Only the period, basis, employment and note change; the rest is a new assignment.
    """

    model = RoleAssignment
    list_selector = selectors.assignment_list
    serializer_class = AssignmentSerializer
    create_serializer_class = AssignmentCreateSerializer
    update_serializer_class = AssignmentUpdateSerializer
    filterset_class = AssignmentFilter
    search_fields = (*PERSON_SEARCH, "role__code")
    ordering_fields = ("starts_on", "ends_on", "scope_path", "role__code", "person__last_name")
    ordering = ("scope_path", "role__level", "role__code", "starts_on", "id")

    def create_object(self, data):
        # The node's "manage team" was asked when the node field was read (403 before anything else is said).
        return services.assignment_create(actor=self.request.user, scope=data.pop("node"), **data)

    def update_object(self, assignment, data):
        return services.assignment_update(actor=self.request.user, assignment=assignment, **data)

    def remove_object(self, assignment):
        services.assignment_delete(actor=self.request.user, assignment=assignment)


@_write_schema(AbsenceSerializer, AbsenceCreateSerializer, AbsenceUpdateSerializer)
class AbsenceViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateThroughService,
    UpdateThroughService,
    DestroyThroughService,
    ServiceViewSet,
):
    """Absences — leave, business trips, illness — during which substitutes act (Rules p.99).

    A person records their own; whoever manages the team of one of a person's roles records theirs.
    """

    model = Absence
    list_selector = selectors.absence_list
    serializer_class = AbsenceSerializer
    create_serializer_class = AbsenceCreateSerializer
    update_serializer_class = AbsenceUpdateSerializer
    filterset_class = AbsenceFilter
    search_fields = PERSON_SEARCH
    ordering_fields = ("starts_on", "ends_on", "person__last_name")
    ordering = ("-starts_on", "id")

    def create_object(self, data):
        # Another person's absence was checked when the field was read (403 before anything else is said).
        person = data.pop("person", None) or self.request.user
        return services.absence_create(actor=self.request.user, person=person, **data)

    def update_object(self, absence, data):
        return services.absence_update(actor=self.request.user, absence=absence, **data)

    def remove_object(self, absence):
        services.absence_delete(actor=self.request.user, absence=absence)


# --- who acts for a role -----------------------------------------------------------------------------------------


def _parameters(query: serializers.Serializer) -> dict:
    """The validated query parameters, or a 400 naming the missing or malformed ones."""
    query.is_valid(raise_exception=True)
    return query.validated_data


class ActingView(APIView):
    """Who acts for a role on a node on a day: its present holders and the substitutes of Appendix 4 standing
    in for absent holders or for a vacancy (Rules p.99)."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "role",
                OpenApiTypes.STR,
                required=True,
                description=gettext_lazy("Code of the role, e.g. “po_head”."),
            ),
            OpenApiParameter(
                "node",
                OpenApiTypes.STR,
                required=True,
                description=gettext_lazy(
                    "The Office, a state body or a node: “office:1”, “body:2”, “project:5”."
                ),
            ),
            OpenApiParameter(
                "date", OpenApiTypes.DATE, description=gettext_lazy("The day, YYYY-MM-DD; default: today.")
            ),
        ],
        responses={200: ActingSerializer},
    )
    def get(self, request):
        params = _parameters(ActingQuerySerializer(data=request.query_params))
        user = request.user
        role = selectors.role_by_code(params["role"])
        try:
            scope = selectors.scope_get(user, params["node"])
        except DjangoValidationError as error:  # well formed, but names nothing: as if not visible
            raise Http404 from error
        acting = selectors.acting(user, role=role, scope=scope, on=params.get("date"))
        return Response(ActingSerializer(acting).data)


# --- explicit grants on a node -----------------------------------------------------------------------------------


class AccessQuerySerializer(serializers.Serializer):
    node = serializers.CharField(help_text=gettext_lazy("A node of the hierarchy, as “project:5”."))


class AccessTypeSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=[("person", "person"), ("group", "group")])


def _node_for_access(user, ref: str):
    """The hierarchy node whose grants are asked for: 400 for a malformed reference or one that names no node of
    the hierarchy, 404 for a node that does not exist or that the user may not see."""
    try:
        kind, pk = parse_ref(ref)
    except DjangoValidationError as error:
        raise serializers.ValidationError({"node": error.messages}) from error
    if kind not in NODE_MODELS:
        raise serializers.ValidationError(
            {"node": [_("Explicit grants are given on nodes of the hierarchy.")]}
        )
    try:
        return selectors.scope_get(user, f"{kind}:{pk}").obj
    except DjangoValidationError as error:
        raise Http404 from error


class AccessListView(APIView):
    """Explicit grants on one node (django-guardian object permissions): an expert on a project, a public
    monitoring group on a program. They reach the node and everything below it."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "node",
                OpenApiTypes.STR,
                required=True,
                description=gettext_lazy("A node of the hierarchy, as “project:5”."),
            )
        ],
        responses={200: AccessSerializer(many=True)},
    )
    def get(self, request):
        params = _parameters(AccessQuerySerializer(data=request.query_params))
        node = _node_for_access(request.user, params["node"])
        return Response(AccessSerializer(selectors.access_list(node), many=True).data)

    @extend_schema(request=AccessCreateSerializer, responses={201: AccessSerializer})
    def post(self, request):
        serializer = AccessCreateSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        permission = services.access_grant(
            actor=request.user,
            node=data["node"],
            action=data["action"],
            person=data.get("person"),
            group=data.get("group"),
        )
        holder_type = "person" if data.get("person") is not None else "group"
        grant = selectors.access_get(request.user, permission.pk, holder_type)
        return Response(AccessSerializer(grant).data, status=status.HTTP_201_CREATED)


class AccessDetailView(APIView):
    """One explicit grant; ``?type=person`` or ``?type=group`` says which table its id is in."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "type",
                OpenApiTypes.STR,
                enum=["person", "group"],
                required=True,
                description=gettext_lazy("Whether the grant is held by a person or a group."),
            )
        ],
        responses={204: None},
    )
    def delete(self, request, pk: int):
        holder_type = _parameters(AccessTypeSerializer(data=request.query_params))["type"]
        grant = selectors.access_get(request.user, pk, holder_type, action=authorization.MANAGE_TEAM)
        services.access_revoke(
            actor=request.user,
            node=grant.node,
            action=grant.action,
            person=grant.person,
            group=grant.group,
        )
        return Response(status=status.HTTP_204_NO_CONTENT)
