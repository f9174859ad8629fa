"""The serializer every level of the hierarchy shares; each app adds its parent link and its counts.

Serializers here only translate JSON to Python values and back. They never save: the viewset hands the
validated data to the level's service, which checks the rules (dates, Rules p.9, parents) and writes.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from .fields import body_ref_field

NODE_FIELDS = (
    "id",
    "ref",
    "code",
    "path",
    "name_kk",
    "name_ru",
    "name_en",
    "name",
    "goal",
    "owner_body",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "budget",
    "stage",
    "status",
    "created_at",
    "updated_at",
    "reason",
)


def count_field() -> serializers.IntegerField:
    """A number the list selector annotates on each row (projects below a node, programs of a portfolio …)."""
    return serializers.IntegerField(read_only=True)


class NodeSerializer(serializers.ModelSerializer):
    """A node of the hierarchy with its code, path, names in three languages, dates, budget, stage and status."""

    # Subclasses set Meta.model and add their parent links and counts:
    # ``fields = (*NodeSerializer.Meta.fields, "group")``.
    ref = serializers.CharField(read_only=True, help_text=_("The node's reference “kind:id”."))
    name = serializers.CharField(read_only=True, help_text=_("The name in the language of the request."))
    owner_body = body_ref_field(
        required=False, help_text=_("The owning state body; by default the parent's.")
    )
    reason = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        max_length=500,
        help_text=_("Why the change is made; kept in the node's history."),
    )

    class Meta:
        fields = NODE_FIELDS
        read_only_fields = ("code", "path", "created_at", "updated_at")
        # Uniqueness and the other rules are the services' to check, with messages beside the right field.
        validators: list = []


def validated(serializer_class, data) -> dict:
    """The input of an action checked by `serializer_class` (400 with each field's message when it is wrong)."""
    serializer = serializer_class(data=data)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)
