"""API of public monitoring (Rules p.18): ``/api/v1/governance/monitoring-groups/`` and
``/api/v1/governance/monitoring-results/``.

- ``GET monitoring-groups/``: the groups the person sees (of the bodies whose team they manage, or their own),
  with members and granted projects; ``GET monitoring-groups/<id>/``: one;
- ``POST monitoring-groups/`` ``{"body", "name", "basis"?}``: the project office forms a group (403 for whoever
  manages no state body's team);
- ``POST`` / ``DELETE monitoring-groups/<id>/members/`` ``{"person": id}``: a person joins / leaves;
- ``POST`` / ``DELETE monitoring-groups/<id>/projects/`` ``{"project": id or "project:5"}``: read-only access to a
  project of a program is granted / revoked (needs "manage team" on the project too);
- ``POST monitoring-groups/<id>/deactivate/``: the group's work is over, every grant is revoked;
- ``GET monitoring-results/?group=&project=&status=``: the results the person sees; ``GET …/<id>/``: one;
- ``POST monitoring-results/`` ``{"group", "project", "period_start", "period_end", "terms", "quality", "cost",
  "social_results"?, "findings"}``: a member files results on a granted project;
- ``POST monitoring-results/<id>/consider/`` ``{"response"}``: the project office considers them.

Not visible: 404; visible but not allowed: 403; a broken rule: 400 with the reason.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.decorators import action
from rest_framework.routers import SimpleRouter

from org.models import Person
from pmis.core.api.fields import body_ref_field, node_ref_field
from pmis.core.api.serializers import validated
from pmis.core.api.viewsets import CreateThroughService, ServiceViewSet
from projects.models import Project
from projects.selectors.project import project_list

from ..choices import ResultStatus
from ..models import MonitoringGroup, MonitoringResult
from ..selectors import monitoring as selectors
from ..services import monitoring as services


class _PersonBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class _ProjectBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    stage = serializers.CharField()
    status = serializers.CharField()


class MonitoringGroupSerializer(serializers.ModelSerializer):
    body_name = serializers.CharField(source="body.name", read_only=True)
    member_count = serializers.IntegerField(read_only=True)
    project_count = serializers.IntegerField(read_only=True)
    awaiting = serializers.IntegerField(read_only=True, help_text=_("Results not yet considered."))
    members = serializers.SerializerMethodField()
    projects = serializers.SerializerMethodField()

    class Meta:
        model = MonitoringGroup
        fields = (
            "id",
            "name",
            "body",
            "body_name",
            "basis",
            "is_active",
            "created_at",
            "member_count",
            "project_count",
            "awaiting",
            "members",
            "projects",
        )
        read_only_fields = fields

    def get_members(self, group) -> list[dict]:
        people = getattr(group.auth_group, "member_list", None)
        if people is None:
            people = selectors.members_of(group)
        return _PersonBriefSerializer(people, many=True).data

    def get_projects(self, group) -> list[dict]:
        projects = getattr(group, "granted", None)
        if projects is None:
            projects = selectors.granted_projects([group])[group.pk]
        return _ProjectBriefSerializer(projects, many=True).data


class MonitoringGroupCreateSerializer(serializers.Serializer):
    body = body_ref_field(help_text=_("The state body whose project office forms the group: id or “body:3”."))
    name = serializers.CharField(max_length=300)
    basis = serializers.CharField(max_length=300, required=False, allow_blank=True)


class MemberSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), help_text=_("Id of the person.")
    )


class GrantSerializer(serializers.Serializer):
    project = node_ref_field(Project, project_list)


class DeactivateSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=90)


def _with_projects(groups) -> None:
    groups = list(groups)
    granted = selectors.granted_projects(groups)
    for group in groups:
        group.granted = granted[group.pk]


@extend_schema_view(
    create=extend_schema(request=MonitoringGroupCreateSerializer, responses={201: MonitoringGroupSerializer}),
    members=extend_schema(request=MemberSerializer, responses={200: MonitoringGroupSerializer}),
    projects=extend_schema(request=GrantSerializer, responses={200: MonitoringGroupSerializer}),
    deactivate=extend_schema(request=DeactivateSerializer, responses={200: MonitoringGroupSerializer}),
)
class MonitoringGroupViewSet(
    CreateThroughService, mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet
):
    """Public monitoring groups (Rules p.18): formed by the project office of a state body; their members see
    the granted projects read-only."""

    model = MonitoringGroup
    serializer_class = MonitoringGroupSerializer
    create_serializer_class = MonitoringGroupCreateSerializer
    filter_backends = ()
    http_method_names = ("get", "post", "delete", "head", "options")

    @staticmethod
    def list_selector(user):
        return selectors.group_list(user).prefetch_related(selectors.group_members_prefetch())

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        _with_projects(page or ())
        return page

    def get_one(self, key, *, action: str = "view"):
        group = selectors.group_get(self.request.user, key)
        if action != "view" and not selectors.may_manage(self.request.user, group):
            raise PermissionDenied
        return group

    def get_object(self):
        manage = self.action in ("members", "projects", "deactivate")
        return self.get_one(self.kwargs["pk"], action="manage" if manage else "view")

    def check_create(self, request) -> None:
        if not selectors.may_form_groups(request.user):
            raise PermissionDenied

    def create_object(self, data):
        return services.group_create(actor=self.request.user, **data)

    @action(detail=True, methods=["post", "delete"])
    def members(self, request, pk=None):
        """``POST``: the person joins the group; ``DELETE``: the person leaves it."""
        group = self.get_object()
        person = validated(MemberSerializer, request.data)["person"]
        if request.method == "POST":
            services.member_add(actor=request.user, group=group, person=person)
        else:
            services.member_remove(actor=request.user, group=group, person=person)
        return self.answer(group)

    @action(detail=True, methods=["post", "delete"])
    def projects(self, request, pk=None):
        """``POST``: grant the group read-only access to a project of a program; ``DELETE``: revoke it."""
        group = self.get_object()
        serializer = GrantSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        project = serializer.validated_data["project"]
        if request.method == "POST":
            services.project_grant(actor=request.user, group=group, project=project)
        else:
            services.project_revoke(actor=request.user, group=group, project=project)
        return self.answer(group)

    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        """The group's work is over: every project granted to it is revoked."""
        group = self.get_object()
        data = validated(DeactivateSerializer, request.data)
        services.group_deactivate(actor=request.user, group=group, reason=data.get("reason", ""))
        return self.answer(group)


class _GroupField(serializers.PrimaryKeyRelatedField):
    """A monitoring group the person sees (404-free: an unseen id is a 400)."""

    def get_queryset(self):
        return selectors.group_list(self.context["request"].user)


class MonitoringResultSerializer(serializers.ModelSerializer):
    group_name = serializers.CharField(source="group.name", read_only=True)
    body = serializers.IntegerField(source="group.body_id", read_only=True)
    project_code = serializers.CharField(source="project.code", read_only=True)
    project_name = serializers.CharField(source="project.name", read_only=True)
    submitted_by_name = serializers.CharField(source="submitted_by.full_name", read_only=True)
    received_by_name = serializers.SerializerMethodField()

    class Meta:
        model = MonitoringResult
        fields = (
            "id",
            "group",
            "group_name",
            "body",
            "project",
            "project_code",
            "project_name",
            "period_start",
            "period_end",
            "terms",
            "quality",
            "cost",
            "social_results",
            "findings",
            "status",
            "submitted_by",
            "submitted_by_name",
            "submitted_at",
            "response",
            "received_by",
            "received_by_name",
            "received_at",
        )
        read_only_fields = fields

    def get_received_by_name(self, result) -> str:
        return result.received_by.full_name if result.received_by else ""


class MonitoringResultCreateSerializer(serializers.Serializer):
    group = _GroupField(queryset=MonitoringGroup.objects.none(), help_text=_("Id of the monitoring group."))
    project = node_ref_field(Project, project_list)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    terms = serializers.ChoiceField(choices=MonitoringResult._meta.get_field("terms").choices)
    quality = serializers.ChoiceField(choices=MonitoringResult._meta.get_field("quality").choices)
    cost = serializers.ChoiceField(choices=MonitoringResult._meta.get_field("cost").choices)
    social_results = serializers.CharField(required=False, allow_blank=True)
    findings = serializers.CharField(allow_blank=True)


class ResultQuerySerializer(serializers.Serializer):
    group = serializers.IntegerField(required=False, help_text=_("Id of the monitoring group."))
    project = serializers.IntegerField(required=False, help_text=_("Id of the project."))
    status = serializers.ChoiceField(choices=ResultStatus.choices, required=False)


class ConsiderSerializer(serializers.Serializer):
    response = serializers.CharField(allow_blank=True)


@extend_schema_view(
    list=extend_schema(parameters=[ResultQuerySerializer]),
    create=extend_schema(
        request=MonitoringResultCreateSerializer, responses={201: MonitoringResultSerializer}
    ),
    consider=extend_schema(request=ConsiderSerializer, responses={200: MonitoringResultSerializer}),
)
class MonitoringResultViewSet(
    CreateThroughService, mixins.ListModelMixin, mixins.RetrieveModelMixin, ServiceViewSet
):
    """Results of public monitoring filed to the project office (Rules p.18)."""

    model = MonitoringResult
    list_selector = selectors.result_list
    serializer_class = MonitoringResultSerializer
    create_serializer_class = MonitoringResultCreateSerializer
    filter_backends = ()
    http_method_names = ("get", "post", "head", "options")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return MonitoringResult.objects.none()
        if self.action != "list":
            return selectors.result_list(self.request.user)
        values = validated(ResultQuerySerializer, self.request.query_params)
        return selectors.result_list(
            self.request.user,
            group=values.get("group"),
            project=values.get("project"),
            status=values.get("status"),
        )

    def get_one(self, key, *, action: str = "view"):
        return selectors.result_get(self.request.user, key)

    def create_object(self, data):
        return services.result_submit(actor=self.request.user, **data)

    @action(detail=True, methods=["post"])
    def consider(self, request, pk=None):
        """The project office considers the results and answers (its response is required)."""
        result = self.get_object()
        data = validated(ConsiderSerializer, request.data)
        services.result_consider(actor=request.user, result=result, response=data["response"])
        return self.answer(result)


router = SimpleRouter()
router.register("governance/monitoring-groups", MonitoringGroupViewSet, basename="api-monitoring-group")
router.register("governance/monitoring-results", MonitoringResultViewSet, basename="api-monitoring-result")
urlpatterns = router.urls
