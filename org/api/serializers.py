"""API representation of the organisation: state bodies, units, people, the role catalogue and its substitution
scheme, role assignments, absences, who acts for a role, and explicit grants on a node.

Serializers only translate JSON to Python values and back; they never save. The viewsets hand validated data to
the services (org.services), which check the rules and write. Writes that name other objects take them in the
form DESIGN.md §4 gives (a person by id, a role by code, a node as ``kind:id``) and answer with the object spelled
out (``{"id", "full_name", "short_name"}``, ``{"code", "name"}``), so the request and response shapes differ and
each write has its own input serializer.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmis.core import authorization
from pmis.core.nodes import NODE_MODELS, parse_ref

from .. import selectors
from ..choices import Power, ScopeKind
from ..models import Absence, Person, Role, RoleAssignment, StateBody, Substitution, Unit
from ..services.absences import EDITABLE as ABSENCE_EDITABLE
from ..services.assignments import EDITABLE as ASSIGNMENT_EDITABLE
from ..services.catalogue import ROLE_FIELDS

NAMES = ("name_kk", "name_ru", "name_en", "name")


class BodySerializer(serializers.ModelSerializer):
    """A state body; `ref` is how node references name it (“body:3”, or “office:1” for the Office)."""

    ref = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)
    unit_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = StateBody
        fields = ("id", "ref", "code", "short_name", *NAMES, "kind", "region", "unit_count")
        read_only_fields = fields


class UnitSerializer(serializers.ModelSerializer):
    """A structural unit or subordinate organisation of a state body."""

    name = serializers.CharField(read_only=True)

    class Meta:
        model = Unit
        fields = ("id", "body", "parent", "kind", "code", "head", *NAMES)
        read_only_fields = fields


class PersonSerializer(serializers.ModelSerializer):
    """A person with the unit and state body they work in."""

    full_name = serializers.CharField(read_only=True)
    short_name = serializers.CharField(read_only=True)
    body = serializers.IntegerField(source="unit.body_id", read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = (
            "id",
            "username",
            "full_name",
            "short_name",
            "last_name",
            "first_name",
            "patronymic",
            "position",
            "unit",
            "body",
            "language",
        )
        read_only_fields = fields


# --- references in requests, short forms in answers --------------------------------------------------------


class PersonBriefSerializer(serializers.Serializer):
    """A person as other resources show them: id and the name written in full and short."""

    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    short_name = serializers.CharField(read_only=True)


class RoleBriefSerializer(serializers.Serializer):
    """A role as other resources show it: its code and its name in the language of the request."""

    code = serializers.CharField(read_only=True)
    name = serializers.CharField(read_only=True)


class PersonField(serializers.PrimaryKeyRelatedField):
    """An active person given by id, read through `person_list(user)`."""

    default_error_messages = {
        "does_not_exist": gettext_lazy("There is no active person with the id {pk_value}.")
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", gettext_lazy("Id of the person."))
        super().__init__(queryset=Person.objects.none(), **kwargs)

    def get_queryset(self):
        return selectors.person_list(self.context["request"].user)


class RoleCodeField(serializers.CharField):
    """A role of the catalogue given by its code; an unknown code is a 400 naming it."""

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", gettext_lazy("Code of the role, e.g. “project_manager”."))
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        code = super().to_internal_value(data)
        try:
            return selectors.role_by_code(code)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error

    def to_representation(self, value):
        return value.code if isinstance(value, Role) else value


def scope_of(user, ref, *, action: str):
    """The Office, state body or node named by ``kind:id`` for a write that needs `action` on it.

    A malformed reference, one naming nothing and one naming a node the user may not see all give the same
    400, so the answer never tells whether an invisible node exists; a visible node without `action` is a 403.
    """
    try:
        kind, pk = parse_ref(ref)
    except DjangoValidationError as error:
        raise serializers.ValidationError(error.messages) from error
    try:
        return selectors.scope_get(user, f"{kind}:{pk}", action=action)
    except (DjangoValidationError, Http404) as error:
        raise serializers.ValidationError(_("%(ref)s does not exist.") % {"ref": ref}) from error


class ScopeField(serializers.CharField):
    """Where a role is held, as ``"project:5"``, ``"body:2"`` or ``"office:1"``; needs "manage team" there."""

    def __init__(self, *, action: str = authorization.MANAGE_TEAM, **kwargs):
        self.action = action
        kwargs.setdefault(
            "help_text",
            gettext_lazy("The Office, a state body or a node, as “office:1”, “body:2” or “project:5”."),
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return scope_of(self.context["request"].user, super().to_internal_value(data), action=self.action)

    def to_representation(self, value):
        return getattr(value, "ref", value)


def _not_editable(data, editable, message: str) -> None:
    """A change may name only the editable fields; anything else is a 400 beside that field."""
    fixed = sorted(set(data) - set(editable)) if isinstance(data, Mapping) else []
    if fixed:
        raise serializers.ValidationError({name: [message] for name in fixed})


# --- the role catalogue and the substitution scheme --------------------------------------------------------


class RoleSerializer(serializers.ModelSerializer):
    """A project role of the catalogue; other resources name a role by its `code`."""

    name = serializers.CharField(read_only=True)

    class Meta:
        model = Role
        fields = ("id", *ROLE_FIELDS, "name")  # what a client may write, and the name in its language
        read_only_fields = fields


class RoleWriteSerializer(serializers.ModelSerializer):
    """A role to add to the catalogue or to change: the Rules changed (role_create / role_update)."""

    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=ScopeKind.choices),
        required=False,
        help_text=gettext_lazy("The kinds of node this role may be assigned on."),
    )
    powers = serializers.ListField(
        child=serializers.ChoiceField(choices=Power.choices),
        required=False,
        help_text=gettext_lazy("What the role allows on its node and everything below it."),
    )

    class Meta:
        model = Role
        fields = ROLE_FIELDS
        # Uniqueness and the catalogue's rules are the service's to check.
        extra_kwargs = {"code": {"validators": []}}


class SubstitutionSerializer(serializers.ModelSerializer):
    """One "+" cell of Appendix 4: the holders of `substitute` act for `substituted` (Rules p.99)."""

    substitute = RoleBriefSerializer(read_only=True)
    substituted = RoleBriefSerializer(read_only=True)

    class Meta:
        model = Substitution
        fields = ("id", "substitute", "substituted")


class SubstitutionWriteSerializer(serializers.Serializer):
    """A cell to add to the scheme, both roles by code."""

    substitute = RoleCodeField(help_text=gettext_lazy("Code of the role whose holders stand in."))
    substituted = RoleCodeField(help_text=gettext_lazy("Code of the role they stand in for."))


# --- role assignments ---------------------------------------------------------------------------------------


class AssignmentSerializer(serializers.ModelSerializer):
    """A person holding a role on a node, a state body or the Office for a period (Rules p.95, Appendix 1)."""

    person = PersonBriefSerializer(read_only=True)
    role = RoleBriefSerializer(read_only=True)
    node = serializers.SerializerMethodField(help_text=gettext_lazy("Where the role is held, as “kind:id”."))
    node_name = serializers.CharField(source="scope.name", read_only=True)
    in_force = serializers.SerializerMethodField(
        help_text=gettext_lazy("Whether the assignment holds today.")
    )

    class Meta:
        model = RoleAssignment
        fields = (
            "id",
            "person",
            "role",
            "node",
            "node_name",
            "scope_kind",
            "starts_on",
            "ends_on",
            "basis_kind",
            "basis_number",
            "basis_date",
            "employment",
            "note",
            "in_force",
        )
        read_only_fields = fields

    def get_node(self, assignment) -> str:
        return "{}:{}".format(*assignment.scope_ref)

    def get_in_force(self, assignment) -> bool:
        return assignment.is_in_force(timezone.localdate())


class AssignmentCreateSerializer(serializers.ModelSerializer):
    """A new assignment: who (person id), what (role code), where (``kind:id``), when and by which document."""

    node = ScopeField()
    person = PersonField()
    role = RoleCodeField()

    class Meta:
        model = RoleAssignment
        fields = ("node", "person", "role", *ASSIGNMENT_EDITABLE)
        extra_kwargs = {
            "starts_on": {"required": False, "help_text": gettext_lazy("Default: today.")},
            "employment": {
                "required": False,
                "help_text": gettext_lazy("Default: the role's usual employment."),
            },
        }
        validators: list = []


class AssignmentUpdateSerializer(serializers.ModelSerializer):
    """The period, basis, employment and note of an assignment; the person, role and node never change."""

    class Meta:
        model = RoleAssignment
        fields = ASSIGNMENT_EDITABLE
        validators: list = []

    def to_internal_value(self, data):
        _not_editable(
            data,
            ASSIGNMENT_EDITABLE,
            _(
                "Only the period, basis, employment and note of an assignment can be changed; to change the "
                "rest, end it and make a new one."
            ),
        )
        return super().to_internal_value(data)


# --- absences -----------------------------------------------------------------------------------------------


class AbsenceBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Absence
        fields = ("id", "kind", "starts_on", "ends_on")
        read_only_fields = fields


class AbsenceSerializer(serializers.ModelSerializer):
    """A period a person is away — leave, business trip, illness — during which substitutes act (Rules p.99)."""

    person = PersonBriefSerializer(read_only=True)

    class Meta:
        model = Absence
        fields = ("id", "person", "kind", "starts_on", "ends_on", "note")
        read_only_fields = fields


class AbsenceCreateSerializer(serializers.ModelSerializer):
    """A new absence; `person` defaults to the person asking."""

    person = PersonField(required=False, help_text=gettext_lazy("Id of the person; default: yourself."))

    class Meta:
        model = Absence
        fields = ("person", *ABSENCE_EDITABLE)
        validators: list = []

    def validate_person(self, person):
        # Before the rest is checked: who may not record this person's absence learns that first (403).
        authorization.require(self.context["request"].user, authorization.ADD, Absence(person=person))
        return person


class AbsenceUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Absence
        fields = ABSENCE_EDITABLE
        validators: list = []

    def to_internal_value(self, data):
        _not_editable(
            data, ABSENCE_EDITABLE, _("Only the kind, period and note of an absence can be changed.")
        )
        return super().to_internal_value(data)


# --- who acts for a role ------------------------------------------------------------------------------------


class ActingQuerySerializer(serializers.Serializer):
    """The parameters of ``GET /api/v1/org/acting/``."""

    role = serializers.CharField(help_text=gettext_lazy("Code of the role, e.g. “po_head”."))
    node = serializers.CharField(
        help_text=gettext_lazy("The Office, a state body or a node, as “office:1”, “body:2” or “project:5”.")
    )
    date = serializers.DateField(
        required=False, help_text=gettext_lazy("The day, YYYY-MM-DD; default: today.")
    )

    def validate_node(self, value):
        try:
            kind, pk = parse_ref(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from error
        return f"{kind}:{pk}"


class ActingForSerializer(serializers.Serializer):
    """The absent holder a substitute stands in for, and that holder's absence."""

    assignment = serializers.IntegerField(source="acting_for.pk")
    person = PersonBriefSerializer(source="acting_for.person")
    absence = AbsenceBriefSerializer()


class HolderSerializer(serializers.Serializer):
    """A person who acts for the role: its assignee, or a substitute through a role of their own."""

    person = PersonBriefSerializer()
    kind = serializers.CharField(
        help_text=gettext_lazy(
            "“assignee”: holds the role; “substitute”: stands in through a role of their own."
        )
    )
    assignment = serializers.IntegerField(
        source="assignment.pk", help_text=gettext_lazy("Their own assignment.")
    )
    role = serializers.CharField(
        source="assignment.role.code", help_text=gettext_lazy("The role through which they act.")
    )
    node = serializers.SerializerMethodField(help_text=gettext_lazy("Where their own assignment is held."))
    vacancy = serializers.BooleanField(help_text=gettext_lazy("Standing in because nobody holds the role."))
    acting_for = serializers.SerializerMethodField()

    def get_node(self, holder) -> str:
        return "{}:{}".format(*holder.assignment.scope_ref)

    @extend_schema_field(ActingForSerializer(allow_null=True))
    def get_acting_for(self, holder):
        return ActingForSerializer(holder).data if holder.acting_for is not None else None


class AbsentSerializer(serializers.Serializer):
    """A holder of the role who is away that day, and the absence."""

    assignment = serializers.IntegerField(source="assignment.pk")
    person = PersonBriefSerializer(source="assignment.person")
    absence = AbsenceBriefSerializer()


class ActingSerializer(serializers.Serializer):
    """Who acts for a role on a node on a day (Rules p.99, Appendix 4)."""

    role = RoleBriefSerializer()
    node = serializers.CharField(source="scope.ref")
    node_name = serializers.CharField(source="scope.name")
    date = serializers.DateField(source="day")
    vacant = serializers.BooleanField(help_text=gettext_lazy("Nobody holds the role over the node."))
    holders = HolderSerializer(many=True)
    absent = serializers.SerializerMethodField()

    @extend_schema_field(AbsentSerializer(many=True))
    def get_absent(self, acting):
        rows = [{"assignment": assignment, "absence": absence} for assignment, absence in acting.absent]
        return AbsentSerializer(rows, many=True).data


# --- explicit grants on a node ------------------------------------------------------------------------------

ACCESS_ACTIONS = (("view", gettext_lazy("View")), ("change", gettext_lazy("Change")))


class AccessSerializer(serializers.Serializer):
    """An explicit grant on a node and everything below it: an expert, a public monitoring group (read-only)."""

    id = serializers.IntegerField(read_only=True)
    holder_type = serializers.ChoiceField(choices=[("person", "person"), ("group", "group")], read_only=True)
    person = PersonBriefSerializer(read_only=True, allow_null=True)
    group = serializers.SerializerMethodField()
    action = serializers.ChoiceField(choices=ACCESS_ACTIONS, read_only=True)
    node = serializers.CharField(source="node_ref", read_only=True)

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
        }
    )
    def get_group(self, grant):
        return None if grant.group is None else {"id": grant.group.pk, "name": grant.group.name}


class AccessCreateSerializer(serializers.Serializer):
    """A grant to add: a node of the hierarchy, one person or one group, and "view" or "change"."""

    node = serializers.CharField(help_text=gettext_lazy("A node of the hierarchy, as “project:5”."))
    person = PersonField(required=False, allow_null=True)
    group = serializers.PrimaryKeyRelatedField(
        queryset=Group.objects.all(),
        required=False,
        allow_null=True,
        help_text=gettext_lazy("Id of the group."),
    )
    action = serializers.ChoiceField(choices=ACCESS_ACTIONS, default="view")

    def validate_node(self, value):
        if value.partition(":")[0] not in NODE_MODELS:
            raise serializers.ValidationError(_("Explicit grants are given on nodes of the hierarchy."))
        return scope_of(self.context["request"].user, value, action=authorization.MANAGE_TEAM).obj

    def validate(self, attrs):
        if (attrs.get("person") is None) == (attrs.get("group") is None):
            raise serializers.ValidationError(_("Grant access to one person or to one group."))
        return attrs
