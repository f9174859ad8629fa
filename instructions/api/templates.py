"""API of the standard checklists (Rules p.94): ``/api/v1/instruction-templates/``.

- ``GET instruction-templates/?active=``: every template with its steps (everyone in the PMIS reads them);
- ``POST instruction-templates/`` ``{"form", "name_ru", "name_kk"?}``, ``PATCH instruction-templates/<id>/``
  ``{"name_ru"?, "name_kk"?, "form"?, "is_active"?}``, ``POST instruction-templates/<id>/deactivate/``;
- ``POST instruction-templates/<id>/steps/`` ``{"text_ru", "text_kk"?, "days"?}`` appends a step;
  ``PATCH`` / ``DELETE instruction-templates/<id>/steps/<step_id>/``;
  ``POST instruction-templates/<id>/reorder/`` ``{"order": [step ids]}``.

Writes: the Office ("change" on the ChecklistTemplate class); anyone else 403.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from pmis.core.api.serializers import validated
from pmis.core.api.viewsets import CreateThroughService, ServiceViewSet, UpdateThroughService

from ..choices import Form
from ..models import ChecklistTemplate, ChecklistTemplateStep
from ..selectors.instructions import template_list
from ..services import templates as services


class ChecklistStepSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistTemplateStep
        fields = ("id", "position", "text_ru", "text_kk", "days")
        read_only_fields = fields


class ChecklistTemplateSerializer(serializers.ModelSerializer):
    steps = ChecklistStepSerializer(many=True, read_only=True)

    class Meta:
        model = ChecklistTemplate
        fields = ("id", "form", "name_ru", "name_kk", "is_active", "steps", "created_at")
        read_only_fields = fields


class ChecklistTemplateCreateSerializer(serializers.Serializer):
    form = serializers.ChoiceField(choices=Form.choices)
    name_ru = serializers.CharField(max_length=300)
    name_kk = serializers.CharField(max_length=300, required=False, allow_blank=True)


class ChecklistTemplateUpdateSerializer(serializers.Serializer):
    form = serializers.ChoiceField(choices=Form.choices, required=False)
    name_ru = serializers.CharField(max_length=300, required=False)
    name_kk = serializers.CharField(max_length=300, required=False, allow_blank=True)
    is_active = serializers.BooleanField(required=False)


class ChecklistStepInputSerializer(serializers.Serializer):
    text_ru = serializers.CharField(max_length=500)
    text_kk = serializers.CharField(max_length=500, required=False, allow_blank=True)
    days = serializers.IntegerField(min_value=0, max_value=365, required=False, allow_null=True)


class ChecklistStepUpdateSerializer(ChecklistStepInputSerializer):
    text_ru = serializers.CharField(max_length=500, required=False)


class ChecklistReorderSerializer(serializers.Serializer):
    order = serializers.ListField(
        child=serializers.IntegerField(), help_text=_("Every step's id, in the new order.")
    )


@extend_schema_view(
    create=extend_schema(
        request=ChecklistTemplateCreateSerializer, responses={201: ChecklistTemplateSerializer}
    ),
    partial_update=extend_schema(
        request=ChecklistTemplateUpdateSerializer, responses={200: ChecklistTemplateSerializer}
    ),
    steps=extend_schema(request=ChecklistStepInputSerializer, responses={201: ChecklistTemplateSerializer}),
    step=extend_schema(request=ChecklistStepUpdateSerializer, responses={200: ChecklistTemplateSerializer}),
    reorder=extend_schema(request=ChecklistReorderSerializer, responses={200: ChecklistTemplateSerializer}),
    deactivate=extend_schema(request=None, responses={200: ChecklistTemplateSerializer}),
)
class TemplateViewSet(
    CreateThroughService,
    UpdateThroughService,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    ServiceViewSet,
):
    """The Office's standard checklists for written and oral instructions (Rules p.94)."""

    model = ChecklistTemplate
    list_selector = template_list
    serializer_class = ChecklistTemplateSerializer
    create_serializer_class = ChecklistTemplateCreateSerializer
    update_serializer_class = ChecklistTemplateUpdateSerializer
    filter_backends = ()
    http_method_names = ("get", "post", "patch", "delete", "head", "options")
    object_actions: dict = {}  # the services ask the Office's power

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ChecklistTemplate.objects.none()
        active = self.request.query_params.get("active") in ("1", "true") if self.action == "list" else False
        return template_list(self.request.user, active_only=active)

    def create_object(self, data: dict) -> ChecklistTemplate:
        return services.template_create(actor=self.request.user, **data)

    def update_object(self, obj: ChecklistTemplate, data: dict) -> ChecklistTemplate:
        return services.template_update(actor=self.request.user, template=obj, **data)

    def destroy(self, request, *args, **kwargs):  # the router maps DELETE only for the steps below
        return Response(status=status.HTTP_405_METHOD_NOT_ALLOWED)

    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        """Out of use: no longer offered for new instructions."""
        template = self.get_object()
        services.template_deactivate(actor=request.user, template=template)
        return self.answer(template)

    @action(detail=True, methods=["post"])
    def steps(self, request, pk=None):
        """Append a step."""
        template = self.get_object()
        services.template_step_add(
            actor=request.user, template=template, **validated(ChecklistStepInputSerializer, request.data)
        )
        return self.answer(template, status.HTTP_201_CREATED)

    @action(detail=True, methods=["patch", "delete"], url_path=r"steps/(?P<step_id>\d+)", url_name="step")
    def step(self, request, pk=None, step_id=None):
        """Change (PATCH) or delete (DELETE) a step."""
        template = self.get_object()
        step = get_object_or_404(template.steps.all(), pk=step_id)
        if request.method == "DELETE":
            services.template_step_delete(actor=request.user, step=step)
        else:
            services.template_step_update(
                actor=request.user, step=step, **validated(ChecklistStepUpdateSerializer, request.data)
            )
        return self.answer(template)

    @action(detail=True, methods=["post"])
    def reorder(self, request, pk=None):
        """Put the steps in a new order."""
        template = self.get_object()
        services.template_step_reorder(
            actor=request.user, template=template, **validated(ChecklistReorderSerializer, request.data)
        )
        return self.answer(template)


router = SimpleRouter()
router.register("instruction-templates", TemplateViewSet, basename="api-instruction-template")
urlpatterns = router.urls
