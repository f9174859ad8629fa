"""Serializers of the plan's API: the plan, its headings, activities and versions (OP Rules p.2–7, p.18).

A state body is given as ``"body:3"`` or its id and answered with its id (`pmis.core.api.fields.body_ref_field`,
as the hierarchy's ``owner_body``); units, people, indicators, projects and tasks by id. Choices the person may not
see are refused with a 400 by the services.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from kpi_maps.models import Indicator
from org.models import Person, Unit
from pmis.core.api.fields import body_ref_field
from projects.models import Project, Task

from ..choices import HeadingKind, PlanStatus
from ..models import Activity, Heading, OperationalPlan, PlanVersion
from ..selectors.plans import adjustment_warning, approval_state


class PlanSerializer(serializers.ModelSerializer):
    body_name = serializers.SerializerMethodField()
    developer_unit_name = serializers.SerializerMethodField()
    monitoring_unit_name = serializers.SerializerMethodField()
    approver_name = serializers.SerializerMethodField()
    approval_deadline = serializers.DateField(read_only=True)
    approval_state = serializers.SerializerMethodField(
        help_text=_("none / left / overdue / met / late, with the days (OP Rules p.6).")
    )
    adjustment_warning = serializers.SerializerMethodField(
        help_text=_(
            "Said after 30 September: an adjustment then does not lower indicators (Methodology p.210)."
        )
    )

    class Meta:
        model = OperationalPlan
        fields = (
            "id",
            "body",
            "body_name",
            "year",
            "status",
            "version",
            "development_plan_signed_on",
            "approval_deadline",
            "approval_state",
            "developer_unit",
            "developer_unit_name",
            "monitoring_unit",
            "monitoring_unit_name",
            "approver",
            "approver_name",
            "approved_on",
            "adjustment_warning",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_body_name(self, plan) -> str:
        return plan.body.name

    def get_developer_unit_name(self, plan) -> str:
        return plan.developer_unit.name if plan.developer_unit else ""

    def get_monitoring_unit_name(self, plan) -> str:
        return plan.monitoring_unit.name if plan.monitoring_unit else ""

    def get_approver_name(self, plan) -> str:
        return plan.approver.full_name if plan.approver else ""

    def get_approval_state(self, plan) -> dict:
        state = approval_state(plan)
        return {"state": state.state, "days": state.days}

    def get_adjustment_warning(self, plan) -> str:
        return adjustment_warning(plan) if plan.status != PlanStatus.DRAFT else ""


class PlanUpdateSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100, required=False)
    development_plan_signed_on = serializers.DateField(required=False, allow_null=True)
    developer_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False)
    monitoring_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False)
    approver = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.filter(is_active=True), required=False
    )


class PlanCreateSerializer(PlanUpdateSerializer):
    body = body_ref_field()
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    developer_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    monitoring_unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    approver = serializers.PrimaryKeyRelatedField(queryset=Person.objects.filter(is_active=True))


class PlanQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    body = body_ref_field(required=False)
    status = serializers.ChoiceField(choices=PlanStatus.choices, required=False)


class ApproveSerializer(serializers.Serializer):
    approved_on = serializers.DateField(required=False, allow_null=True, help_text=_("By default: today."))
    basis = serializers.CharField(required=False, allow_blank=True, default="")


class AdjustSerializer(serializers.Serializer):
    basis = serializers.CharField(allow_blank=True, help_text=_("Why the plan is adjusted (OP Rules p.18)."))


class CompareQuerySerializer(serializers.Serializer):
    a = serializers.CharField(help_text=_("A version number, or “current”."))
    b = serializers.CharField(default="current", help_text=_("A version number, or “current” (default)."))


class PlanVersionSerializer(serializers.ModelSerializer):
    approved_by_name = serializers.SerializerMethodField()

    class Meta:
        model = PlanVersion
        fields = ("id", "number", "approved_on", "approved_by", "approved_by_name", "basis", "created_at")
        read_only_fields = fields

    def get_approved_by_name(self, version) -> str:
        return version.approved_by.full_name


class PlanChangeSerializer(serializers.Serializer):
    element = serializers.CharField()
    id = serializers.IntegerField()
    label = serializers.CharField()
    change = serializers.CharField(help_text=_("added / removed / changed"))
    field = serializers.CharField()
    field_label = serializers.CharField()
    old = serializers.CharField()
    new = serializers.CharField()


class PlanLineSerializer(serializers.Serializer):
    """A line of the Appendix 1 form (`operational_plans.layout.Line`)."""

    kind = serializers.CharField()
    number = serializers.CharField()
    text = serializers.CharField()
    depth = serializers.IntegerField()
    activity_id = serializers.IntegerField(allow_null=True)
    heading_id = serializers.IntegerField(allow_null=True)
    indicator_id = serializers.IntegerField(allow_null=True)
    budget_program = serializers.CharField()
    unit = serializers.CharField()
    unit_id = serializers.IntegerField(allow_null=True)
    term = serializers.CharField()
    completion_form = serializers.CharField()


# --- headings --------------------------------------------------------------------------------------------


class HeadingSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    indicator_code = serializers.SerializerMethodField()

    class Meta:
        model = Heading
        fields = (
            "id",
            "plan",
            "kind",
            "parent",
            "number",
            "name",
            "name_kk",
            "name_ru",
            "indicator",
            "indicator_code",
            "position",
        )
        read_only_fields = fields

    def get_indicator_code(self, heading) -> str:
        return heading.indicator.code if heading.indicator else ""


class HeadingUpdateSerializer(serializers.Serializer):
    number = serializers.CharField(required=False, allow_blank=True, max_length=20)
    name_kk = serializers.CharField(required=False, allow_blank=True)
    name_ru = serializers.CharField(required=False, allow_blank=True)
    indicator = serializers.PrimaryKeyRelatedField(
        queryset=Indicator.objects.all(), required=False, allow_null=True
    )
    position = serializers.IntegerField(required=False, min_value=0)


class HeadingCreateSerializer(HeadingUpdateSerializer):
    kind = serializers.ChoiceField(choices=HeadingKind.choices)
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Heading.objects.all(), required=False, allow_null=True
    )


# --- activities ------------------------------------------------------------------------------------------


class ActivitySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True)
    unit_name = serializers.SerializerMethodField()
    section = serializers.SerializerMethodField(help_text=_("1: under an indicator heading; 2: other tasks."))
    project_count = serializers.IntegerField(read_only=True)
    task_count = serializers.IntegerField(read_only=True)
    projects = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    tasks = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Activity
        fields = (
            "id",
            "plan",
            "heading",
            "section",
            "position",
            "name",
            "name_kk",
            "name_ru",
            "budget_program",
            "unit",
            "unit_name",
            "deadline",
            "term_kk",
            "term_ru",
            "completion_form_kk",
            "completion_form_ru",
            "projects",
            "tasks",
            "project_count",
            "task_count",
            "is_active",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_unit_name(self, activity) -> str:
        return activity.unit.name

    def get_section(self, activity) -> int:
        return 2 if activity.heading_id is None else 1


class ActivityUpdateSerializer(serializers.Serializer):
    heading = serializers.PrimaryKeyRelatedField(
        queryset=Heading.objects.all(), required=False, allow_null=True
    )
    name_kk = serializers.CharField(required=False, allow_blank=True)
    name_ru = serializers.CharField(required=False, allow_blank=True)
    budget_program = serializers.CharField(required=False, allow_blank=True, max_length=20)
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all(), required=False)
    deadline = serializers.DateField(required=False)
    term_kk = serializers.CharField(required=False, allow_blank=True, max_length=200)
    term_ru = serializers.CharField(required=False, allow_blank=True, max_length=200)
    completion_form_kk = serializers.CharField(required=False, allow_blank=True, max_length=500)
    completion_form_ru = serializers.CharField(required=False, allow_blank=True, max_length=500)
    projects = serializers.PrimaryKeyRelatedField(queryset=Project.objects.all(), many=True, required=False)
    tasks = serializers.PrimaryKeyRelatedField(queryset=Task.objects.all(), many=True, required=False)
    position = serializers.IntegerField(
        required=False, min_value=1, help_text=_("1-based, within its heading.")
    )


class ActivityCreateSerializer(ActivityUpdateSerializer):
    unit = serializers.PrimaryKeyRelatedField(queryset=Unit.objects.all())
    deadline = serializers.DateField()


class ActivityQuerySerializer(serializers.Serializer):
    unit = serializers.IntegerField(required=False, help_text=_("Id of the responsible executor."))
    heading = serializers.IntegerField(required=False, help_text=_("Id of the heading."))
    section = serializers.ChoiceField(choices=[(1, "1"), (2, "2")], required=False)
    q = serializers.CharField(required=False, help_text=_("Words of the name or the budget program code."))
