"""API of the lessons-learned log (Rules p.2(21), p.84(6)): ``lessons/``.

Reads go through ``projects.selectors.lessons``; writes through ``projects.services.lessons``: the team records
and edits lessons ("contribute"); a lesson is removed by its author or by whoever may delete in the project.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers
from rest_framework.routers import SimpleRouter

from pmis.core import authorization
from pmis.core.api.viewsets import (
    CreateThroughService,
    DestroyThroughService,
    ServiceViewSet,
    UpdateThroughService,
)
from pmis.core.choices import Stage

from ..models import Lesson
from ..selectors.lessons import lesson_list
from ..services import lessons as services
from .fields import project_field


class LessonSerializer(serializers.ModelSerializer):
    recorded_by_name = serializers.SerializerMethodField()

    class Meta:
        model = Lesson
        fields = (
            "id",
            "project",
            "stage",
            "title",
            "went_well",
            "situation",
            "recommendation",
            "recorded_by",
            "recorded_by_name",
            "created_at",
            "updated_at",
        )
        read_only_fields = fields

    def get_recorded_by_name(self, lesson) -> str:
        return lesson.recorded_by.full_name if lesson.recorded_by else ""


class LessonUpdateSerializer(serializers.ModelSerializer):
    class Meta:
        model = Lesson
        fields = ("stage", "title", "went_well", "situation", "recommendation")


class LessonCreateSerializer(serializers.ModelSerializer):
    project = project_field()
    stage = serializers.ChoiceField(
        choices=Stage.choices, required=False, help_text=_("Defaults to the project's current stage.")
    )

    class Meta:
        model = Lesson
        fields = ("project", "stage", "title", "went_well", "situation", "recommendation")


class LessonFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(help_text=_("Id of the project."))

    class Meta:
        model = Lesson
        fields = ("project", "stage", "went_well")


@extend_schema_view(
    create=extend_schema(request=LessonCreateSerializer, responses={201: LessonSerializer}),
    update=extend_schema(request=LessonUpdateSerializer, responses={200: LessonSerializer}),
    partial_update=extend_schema(request=LessonUpdateSerializer, responses={200: LessonSerializer}),
)
class LessonViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateThroughService,
    UpdateThroughService,
    DestroyThroughService,
    ServiceViewSet,
):
    """The projects' lessons-learned logs: what went well and what to improve, by stage."""

    model = Lesson
    list_selector = lesson_list
    serializer_class = LessonSerializer
    create_serializer_class = LessonCreateSerializer
    update_serializer_class = LessonUpdateSerializer
    filterset_class = LessonFilter
    search_fields = ("title", "situation", "recommendation")
    ordering_fields = ("created_at", "stage")
    ordering = ("-created_at", "-id")
    object_actions = {"update": authorization.CONTRIBUTE, "partial_update": authorization.CONTRIBUTE}

    def create_object(self, data):
        return services.lesson_create(actor=self.request.user, **data)

    def update_object(self, lesson, data):
        return services.lesson_update(actor=self.request.user, lesson=lesson, **data)

    def remove_object(self, lesson):
        services.lesson_delete(actor=self.request.user, lesson=lesson)


router = SimpleRouter()
router.register("lessons", LessonViewSet, basename="api-lesson")
urlpatterns = router.urls
