"""API shapes of the kanban board: a card, a task's detail, the writes of tasks and columns.

The card is written by `projects.selectors.board.card_data`, the same function the live events use, so the
board, the API and the websocket always agree; the fields declared here describe it in the OpenAPI schema.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from org.models import Person

from ..choices import ColumnKind, Priority
from ..models import BoardColumn, Milestone, Task
from ..selectors.board import card_data, column_data


class TaskCardSerializer(serializers.Serializer):
    """A card on the board."""

    id = serializers.IntegerField(read_only=True)
    number = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    column = serializers.IntegerField(read_only=True)
    position = serializers.IntegerField(read_only=True)
    assignee = serializers.IntegerField(read_only=True, allow_null=True)
    due_on = serializers.DateField(read_only=True, allow_null=True)
    starts_on = serializers.DateField(read_only=True, allow_null=True)
    priority = serializers.ChoiceField(choices=Priority.choices, read_only=True)
    labels = serializers.ListField(child=serializers.CharField(), read_only=True)
    blocked = serializers.BooleanField(read_only=True)
    estimate_hours = serializers.CharField(read_only=True, allow_null=True, help_text=_('Hours, e.g. "4.0".'))
    checklist_done = serializers.IntegerField(read_only=True)
    checklist_total = serializers.IntegerField(read_only=True)
    blocked_by = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    sprint = serializers.IntegerField(read_only=True, allow_null=True)
    version = serializers.IntegerField(read_only=True)

    def to_representation(self, instance: Task) -> dict:
        return card_data(instance)


class ChecklistItemSerializer(serializers.Serializer):
    text = serializers.CharField()
    done = serializers.BooleanField(default=False)


class AttachmentSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    size = serializers.IntegerField(read_only=True)
    url = serializers.CharField(
        read_only=True, help_text=_("Where the file is downloaded (signed-in, authorized).")
    )

    def to_representation(self, attachment) -> dict:
        return attachment_data(attachment)


def attachment_data(attachment) -> dict:
    return {
        "id": attachment.pk,
        "name": attachment.name,
        "size": attachment.size,
        "url": reverse("api-task-attachment", kwargs={"pk": attachment.task_id, "aid": attachment.pk}),
    }


class TaskDetailSerializer(TaskCardSerializer):
    """A task with everything it says: the card and its description, checklist, milestone, files …"""

    project = serializers.IntegerField(read_only=True)
    description = serializers.CharField(read_only=True)
    blocked_reason = serializers.CharField(read_only=True)
    checklist = ChecklistItemSerializer(many=True, read_only=True)
    milestone = serializers.IntegerField(read_only=True, allow_null=True)
    created_by = serializers.IntegerField(read_only=True, allow_null=True)
    created_at = serializers.DateTimeField(read_only=True)
    updated_at = serializers.DateTimeField(read_only=True)
    done_at = serializers.DateTimeField(read_only=True, allow_null=True)
    attachments = AttachmentSerializer(many=True, read_only=True)

    def to_representation(self, instance: Task) -> dict:
        field = serializers.DateTimeField()
        return {
            **card_data(instance),
            "project": instance.project_id,
            "description": instance.description,
            "blocked_reason": instance.blocked_reason,
            "checklist": instance.checklist,
            "milestone": instance.milestone_id,
            "created_by": instance.created_by_id,
            "created_at": field.to_representation(instance.created_at),
            "updated_at": field.to_representation(instance.updated_at),
            "done_at": field.to_representation(instance.done_at) if instance.done_at else None,
            "attachments": [attachment_data(attachment) for attachment in instance.attachments.all()],
        }


class _TaskFieldsSerializer(serializers.Serializer):
    """The editable fields of a task, as the services take them."""

    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True)
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.filter(is_active=True), required=False, allow_null=True
    )
    starts_on = serializers.DateField(required=False, allow_null=True)
    due_on = serializers.DateField(required=False, allow_null=True)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    labels = serializers.ListField(child=serializers.CharField(allow_blank=True), required=False)
    checklist = serializers.JSONField(required=False, help_text=_('[{"text": "…", "done": false}, …]'))
    blocked = serializers.BooleanField(required=False)
    blocked_reason = serializers.CharField(required=False, allow_blank=True)
    estimate_hours = serializers.DecimalField(max_digits=6, decimal_places=1, required=False, allow_null=True)
    blocked_by = serializers.ListField(child=serializers.IntegerField(), required=False)
    milestone = serializers.PrimaryKeyRelatedField(
        queryset=Milestone.objects.all(), required=False, allow_null=True
    )


class TaskCreateSerializer(_TaskFieldsSerializer):
    project = serializers.IntegerField(help_text=_("Id of the project."))
    column = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Id of the column; default: the first “to do” column.")
    )
    before = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Id of the card to put it before; default: at the end.")
    )
    override_reason = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Why the column's WIP limit may be exceeded.")
    )


class TaskUpdateSerializer(_TaskFieldsSerializer):
    title = serializers.CharField(max_length=300, required=False)
    version = serializers.IntegerField(
        help_text=_("The version of the task you saw; a stale one answers 409.")
    )

    def validate(self, attrs):
        # A PATCH is partial, but never without the version the change was made on.
        if "version" not in attrs:
            raise serializers.ValidationError({"version": [_("Give the version of the task you changed.")]})
        return attrs


class TaskMoveSerializer(serializers.Serializer):
    column = serializers.IntegerField(help_text=_("Id of the target column."))
    before = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("Id of the card to put it before; empty: at the end.")
    )
    version = serializers.IntegerField(
        help_text=_("The version of the task you saw; a stale one answers 409.")
    )
    override_reason = serializers.CharField(
        required=False, allow_blank=True, help_text=_("Why the column's WIP limit may be exceeded.")
    )


class AttachmentUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class StaleSerializer(serializers.Serializer):
    """409: someone changed the task; `current` is the task as it is now."""

    detail = serializers.CharField()
    current = TaskDetailSerializer()


class BoardColumnSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    project = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    kind = serializers.ChoiceField(choices=ColumnKind.choices, read_only=True)
    position = serializers.IntegerField(read_only=True)
    wip_limit = serializers.IntegerField(read_only=True, allow_null=True)

    def to_representation(self, instance: BoardColumn) -> dict:
        return {**column_data(instance), "project": instance.project_id}


class BoardColumnCreateSerializer(serializers.Serializer):
    project = serializers.IntegerField(help_text=_("Id of the project."))
    name = serializers.CharField(max_length=80)
    kind = serializers.ChoiceField(choices=ColumnKind.choices, default=ColumnKind.TO_DO)
    wip_limit = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class BoardColumnUpdateSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=80, required=False)
    kind = serializers.ChoiceField(choices=ColumnKind.choices, required=False)
    wip_limit = serializers.IntegerField(required=False, allow_null=True, min_value=1)


class BoardColumnReorderSerializer(serializers.Serializer):
    project = serializers.IntegerField(help_text=_("Id of the project."))
    order = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Every column's id, in order.")
    )
