"""Serializers of the weekly sprints' API: a sprint as a list row, with its items and burndown in the detail, and
the inputs of opening, the goal and planning."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pmis.core.api.fields import node_ref_field
from projects.models import Project, Task
from projects.selectors import project_list

from ..models import Sprint, SprintItem
from ..selectors.sprints import burndown


class SprintSerializer(serializers.ModelSerializer):
    """A sprint as a row of the list. The figures are frozen on close and null while the sprint is open."""

    week_end = serializers.SerializerMethodField(help_text=_("The Sunday the sprint's week ends on."))
    closed_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Sprint
        fields = (
            "id",
            "project",
            "week_start",
            "week_end",
            "goal",
            "status",
            "closed_at",
            "closed_by",
            "closed_by_name",
            "planned_count",
            "done_count",
            "carried_count",
            "planned_hours",
            "done_hours",
        )
        read_only_fields = fields

    def get_week_end(self, sprint) -> dt.date:
        return sprint.week_start + dt.timedelta(days=6)

    def get_closed_by_name(self, sprint) -> str:
        return sprint.closed_by.full_name if sprint.closed_by else ""


class SprintItemSerializer(serializers.ModelSerializer):
    """A task as it stands in the sprint: its title and estimate as copied (frozen on close), whether it was
    planned at the start, and its outcome (open, done, carried, removed)."""

    number = serializers.SerializerMethodField(
        help_text=_("The task's number in its project; null once deleted.")
    )

    class Meta:
        model = SprintItem
        fields = (
            "id",
            "task",
            "number",
            "title",
            "estimate_hours",
            "planned",
            "outcome",
            "added_at",
            "done_at",
        )
        read_only_fields = fields

    def get_number(self, item) -> int | None:
        return item.task.number if item.task is not None else None


class BurndownDaySerializer(serializers.Serializer):
    day = serializers.DateField()
    remaining = serializers.FloatField(allow_null=True, help_text=_("Hours left at the end of the day."))
    remaining_tasks = serializers.IntegerField(allow_null=True)
    ideal = serializers.FloatField()
    ideal_tasks = serializers.FloatField()


class BurndownSerializer(serializers.Serializer):
    start = serializers.FloatField(help_text=_("Hours planned at the start of the week."))
    start_tasks = serializers.IntegerField()
    days = BurndownDaySerializer(many=True)


class SprintDetailSerializer(SprintSerializer):
    """A sprint with its items and its burndown (live while open, frozen once closed). The view passes the
    items it has read in the context (``items``)."""

    items = serializers.SerializerMethodField()
    burndown = serializers.SerializerMethodField()

    class Meta(SprintSerializer.Meta):
        fields = (*SprintSerializer.Meta.fields, "items", "burndown")
        read_only_fields = fields

    @extend_schema_field(SprintItemSerializer(many=True))
    def get_items(self, sprint):
        return SprintItemSerializer(self.context["items"], many=True).data

    @extend_schema_field(BurndownSerializer)
    def get_burndown(self, sprint):
        return burndown(sprint, self.context["items"])


class SprintOpenSerializer(serializers.Serializer):
    project = node_ref_field(Project, project_list, help_text=_("Id of the project."))
    week_start = serializers.DateField(
        required=False, help_text=_("The Monday of the sprint's week; this week when left out.")
    )
    goal = serializers.CharField(required=False, allow_blank=True, default="")


class SprintGoalSerializer(serializers.Serializer):
    goal = serializers.CharField(allow_blank=True)


class SprintPlanSerializer(serializers.Serializer):
    tasks = serializers.ListField(
        child=serializers.IntegerField(min_value=1), help_text=_("Ids of tasks of the sprint's project.")
    )
    replace = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "False (default): add the tasks to the sprint. True: make the sprint's plan exactly these tasks "
            "(open tasks not listed are removed; done ones stay)."
        ),
    )

    def validate_tasks(self, ids: list[int]) -> list[Task]:
        sprint = self.context["sprint"]
        # Tasks are looked up in the sprint's project only: another project's id is simply not found here.
        found = {task.pk: task for task in Task.objects.filter(project_id=sprint.project_id, pk__in=ids)}
        missing = [str(pk) for pk in ids if pk not in found]
        if missing:
            raise serializers.ValidationError(
                _("The project has no task with the id %(ids)s.") % {"ids": ", ".join(missing)}
            )
        return [found[pk] for pk in dict.fromkeys(ids)]


class SprintRemoveSerializer(serializers.Serializer):
    task = serializers.IntegerField(min_value=1, help_text=_("Id of a task in the sprint."))

    def validate_task(self, pk: int) -> Task:
        task = Task.objects.filter(project_id=self.context["sprint"].project_id, pk=pk).first()
        if task is None:
            raise serializers.ValidationError(_("The project has no task with the id %(id)s.") % {"id": pk})
        return task
