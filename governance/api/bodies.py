"""API of the governing bodies: ``/api/v1/governance/bodies/``.

- ``GET bodies/?kind=``: the bodies at the nodes the person sees; ``GET bodies/<id>/``: one body;
- ``POST bodies/`` ``{"kind", "node": "program:2", "name_ru", …}``: "manage team" on the node (the curator for a
  council; the program manager, the head of the project office for a committee or an expert council);
- ``PATCH bodies/<id>/`` ``{"name_ru", "sphere", "basis", "established_on", …}``: "manage team" on the node;
- ``GET bodies/<id>/members/``: the live members, chair first; ``POST bodies/<id>/members/``
  ``{"person", "position", "starts_on"?, "basis"?}``: a role assignment of the position's role on the node;
- ``POST bodies/<id>/end-member/`` ``{"assignment", "ends_on"?}``: end a membership;
- ``POST bodies/<id>/approve-composition/``: the program manager (the curator for a council) approves the
  personal composition (Rules p.66(2));
- ``POST bodies/<id>/dissolve/``.

The body's decisions are in the register: ``GET /api/v1/scrum/decisions/?body=<id>``. Not visible: 404; visible
but not allowed: 403; a broken rule: 400 with the reason.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from org.models import Person
from org.selectors import person_list
from pmis.core import authorization
from pmis.core.api.fields import NodeRefField
from pmis.core.api.serializers import validated
from pmis.core.api.viewsets import CreateThroughService, ServiceViewSet, UpdateThroughService

from ..choices import BodyKind, Position
from ..models import GoverningBody
from ..selectors.bodies import body_get, body_list, body_members
from ..services import bodies as services


class GoverningBodySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    node = serializers.CharField(source="node_ref", read_only=True, help_text=_("“program:2”."))

    class Meta:
        model = GoverningBody
        fields = (
            "id",
            "kind",
            "name",
            "name_ru",
            "name_kk",
            "name_en",
            "node",
            "sphere",
            "basis",
            "established_on",
            "composition_approved_by",
            "composition_approved_on",
            "is_active",
        )
        read_only_fields = fields


class GoverningBodyCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=BodyKind.choices)
    node = NodeRefField(kinds=("portfolio", "program"))
    name_ru = serializers.CharField(max_length=500)
    name_kk = serializers.CharField(max_length=500, required=False, allow_blank=True)
    name_en = serializers.CharField(max_length=500, required=False, allow_blank=True)
    sphere = serializers.CharField(max_length=300, required=False, allow_blank=True)
    basis = serializers.CharField(max_length=300, required=False, allow_blank=True)
    established_on = serializers.DateField(required=False, allow_null=True)


class GoverningBodyUpdateSerializer(serializers.Serializer):
    name_ru = serializers.CharField(max_length=500, required=False)
    name_kk = serializers.CharField(max_length=500, required=False, allow_blank=True)
    name_en = serializers.CharField(max_length=500, required=False, allow_blank=True)
    sphere = serializers.CharField(max_length=300, required=False, allow_blank=True)
    basis = serializers.CharField(max_length=300, required=False, allow_blank=True)
    established_on = serializers.DateField(required=False, allow_null=True)


class BodyMemberSerializer(serializers.Serializer):
    assignment = serializers.IntegerField(source="pk", read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    person_name = serializers.CharField(source="person.full_name", read_only=True)
    position = serializers.CharField(read_only=True)
    role = serializers.CharField(source="role.code", read_only=True)
    starts_on = serializers.DateField(read_only=True)
    ends_on = serializers.DateField(read_only=True)


class BodyMemberAddSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(queryset=Person.objects.none())
    position = serializers.ChoiceField(choices=Position.choices)
    starts_on = serializers.DateField(required=False, allow_null=True)
    basis = serializers.CharField(max_length=100, required=False, allow_blank=True)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["person"].queryset = person_list(user)


class BodyMemberEndSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    ends_on = serializers.DateField(required=False, allow_null=True)


class GoverningBodyQuerySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=BodyKind.choices, required=False)


@extend_schema_view(
    list=extend_schema(parameters=[GoverningBodyQuerySerializer]),
    members=extend_schema(request=BodyMemberAddSerializer, responses={200: BodyMemberSerializer(many=True)}),
    end_member=extend_schema(
        request=BodyMemberEndSerializer, responses={200: BodyMemberSerializer(many=True)}
    ),
    approve_composition=extend_schema(request=None, responses={200: GoverningBodySerializer}),
    dissolve=extend_schema(request=None, responses={200: GoverningBodySerializer}),
)
class GoverningBodyViewSet(
    CreateThroughService,
    UpdateThroughService,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceViewSet,
):
    """Governing councils, program governing committees and expert councils (Rules p.29, p.44, p.50)."""

    model = GoverningBody
    list_selector = body_list
    serializer_class = GoverningBodySerializer
    create_serializer_class = GoverningBodyCreateSerializer
    update_serializer_class = GoverningBodyUpdateSerializer
    filter_backends = ()
    http_method_names = ("get", "post", "patch", "head", "options")
    object_actions = {
        "partial_update": authorization.MANAGE_TEAM,
        "update": authorization.MANAGE_TEAM,
        "end_member": authorization.MANAGE_TEAM,
        "dissolve": authorization.MANAGE_TEAM,
    }

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return GoverningBody.objects.none()
        if self.action != "list":
            return body_list(self.request.user, active=None)
        query = validated(GoverningBodyQuerySerializer, self.request.query_params)
        return body_list(self.request.user, kind=query.get("kind"))

    def get_one(self, key, *, action: str = authorization.VIEW):
        return body_get(self.request.user, key, action=action)

    def create_object(self, data: dict):
        return services.body_create(actor=self.request.user, **data)

    def update_object(self, obj, data: dict):
        return services.body_update(actor=self.request.user, body=obj, **data)

    def _members(self, body) -> Response:
        return Response(BodyMemberSerializer(body_members(body), many=True).data)

    @action(detail=True, methods=["get", "post"])
    def members(self, request, pk=None):
        """GET the live members; POST add one (``person``, ``position``, ``starts_on``, ``basis``)."""
        body = self.get_object()
        if request.method == "GET":
            return self._members(body)
        authorization.require(request.user, authorization.MANAGE_TEAM, body)
        serializer = BodyMemberAddSerializer(data=request.data, user=request.user)
        serializer.is_valid(raise_exception=True)
        services.member_add(actor=request.user, body=body, **serializer.validated_data)
        return Response(
            BodyMemberSerializer(body_members(body), many=True).data, status=status.HTTP_201_CREATED
        )

    @action(detail=True, methods=["post"], url_path="end-member")
    def end_member(self, request, pk=None):
        """End a membership (``assignment``, ``ends_on`` — today by default)."""
        body = self.get_object()
        data = validated(BodyMemberEndSerializer, request.data)
        assignment = services.member_assignment(body, data["assignment"])
        services.member_end(actor=request.user, body=body, assignment=assignment, ends_on=data.get("ends_on"))
        return self._members(body)

    @action(detail=True, methods=["post"], url_path="approve-composition")
    def approve_composition(self, request, pk=None):
        """The program manager (the curator for a council) approves the personal composition (p.66(2))."""
        body = self.get_object()
        services.composition_approve(actor=request.user, body=body)
        return self.answer(body)

    @action(detail=True, methods=["post"])
    def dissolve(self, request, pk=None):
        """Dissolve the body; its members' assignments end today."""
        body = self.get_object()
        services.body_dissolve(actor=request.user, body=body)
        return self.answer(body)


router = SimpleRouter()
router.register("governance/bodies", GoverningBodyViewSet, basename="api-governing-body")
urlpatterns = router.urls
