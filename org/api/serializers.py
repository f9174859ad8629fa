"""API representation of state bodies, their units, people and the role catalogue (all read-only here)."""

from rest_framework import serializers

from ..models import Person, Role, StateBody, Unit

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
        fields = ("id", "body", "parent", "kind", "code", *NAMES)
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


class RoleSerializer(serializers.ModelSerializer):
    """A project role of the catalogue; other resources name a role by its `code`."""

    name = serializers.CharField(read_only=True)

    class Meta:
        model = Role
        fields = ("id", "code", "level", *NAMES, "source", "is_active")
        read_only_fields = fields
