"""API of the weekly sprints (Rules p.2(58), p.84(3)): ``/api/v1/scrum/sprints/``.

- ``GET sprints/?project=<id>&status=open|closed``: the sprints the person may see, newest week first;
- ``GET sprints/<id>/``: one sprint with its items and burndown (live while open, frozen once closed);
- ``POST sprints/`` ``{"project", "week_start"?, "goal"?}``: open a sprint (this week by default);
- ``PATCH sprints/<id>/`` ``{"goal"}``: change the goal of an open sprint;
- ``POST sprints/<id>/plan/`` ``{"tasks": [ids], "replace"?}``: plan tasks into it;
- ``POST sprints/<id>/remove/`` ``{"task": id}``: take a task out of it;
- ``POST sprints/<id>/close/``: close it — outcomes, figures and burndown frozen, unfinished tasks carried over.

Opening, the goal and closing need "change" on the project (the project manager), planning needs "contribute"
(the team). A sprint the person may not see is 404, one they may see but not act on 403; a broken rule is a 400
with a message from scrum.services.
"""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from pmis.core import authorization
from pmis.core.api.viewsets import CreateThroughService, ServiceViewSet, UpdateThroughService
from projects.choices import SprintStatus

from ..models import Sprint
from ..selectors.sprints import sprint_items, sprint_list
from ..services import sprints as services
from .serializers import (
    SprintDetailSerializer,
    SprintGoalSerializer,
    SprintOpenSerializer,
    SprintPlanSerializer,
    SprintRemoveSerializer,
    SprintSerializer,
)


class SprintFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(help_text=_("Id of the project."))
    status = django_filters.ChoiceFilter(choices=SprintStatus.choices)
    week_start = django_filters.DateFilter(help_text=_("The Monday of the sprint's week."))

    class Meta:
        model = Sprint
        fields = ("project", "status", "week_start")


@extend_schema_view(
    retrieve=extend_schema(responses={200: SprintDetailSerializer}),
    create=extend_schema(request=SprintOpenSerializer, responses={201: SprintDetailSerializer}),
    update=extend_schema(request=SprintGoalSerializer, responses={200: SprintDetailSerializer}),
    partial_update=extend_schema(request=SprintGoalSerializer, responses={200: SprintDetailSerializer}),
    plan=extend_schema(request=SprintPlanSerializer, responses={200: SprintDetailSerializer}),
    remove=extend_schema(request=SprintRemoveSerializer, responses={200: SprintDetailSerializer}),
    close=extend_schema(request=None, responses={200: SprintDetailSerializer}),
)
class SprintViewSet(
    mixins.ListModelMixin,
    CreateThroughService,
    UpdateThroughService,
    ServiceViewSet,
):
    """The weekly sprints of the projects: one per project and week (Monday to Sunday), its goal, the tasks
    planned for the week and, once closed, the frozen figures (planned, done, carried over, hours)."""

    model = Sprint
    list_selector = sprint_list
    serializer_class = SprintSerializer
    create_serializer_class = SprintOpenSerializer
    update_serializer_class = SprintGoalSerializer
    filterset_class = SprintFilter
    ordering_fields = ("week_start",)
    ordering = ("-week_start", "project")
    http_method_names = ("get", "post", "put", "patch", "head", "options")
    #: The power each write needs on the sprint (its project).
    object_actions = {
        "update": authorization.CHANGE,
        "partial_update": authorization.CHANGE,
        "close": authorization.CHANGE,
        "plan": authorization.CONTRIBUTE,
        "remove": authorization.CONTRIBUTE,
    }

    def answer(self, sprint, status_code=status.HTTP_200_OK) -> Response:
        fresh = self.get_one(sprint.pk)
        context = {**self.get_serializer_context(), "items": sprint_items(fresh)}
        return Response(SprintDetailSerializer(fresh, context=context).data, status=status_code)

    def retrieve(self, request, *args, **kwargs):
        return self.answer(self.get_object())

    # --- writes ------------------------------------------------------------------------------------------

    def create_object(self, data):
        project = data.pop("project")
        authorization.require(self.request.user, authorization.CHANGE, project)
        return services.sprint_open(actor=self.request.user, project=project, **data)

    def update_object(self, sprint, data):
        if "goal" not in data:
            return sprint
        return services.sprint_update_goal(actor=self.request.user, sprint=sprint, goal=data["goal"])

    def _input(self, serializer_class, sprint):
        serializer = serializer_class(
            data=self.request.data, context={**self.get_serializer_context(), "sprint": sprint}
        )
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    @action(detail=True, methods=["post"])
    def plan(self, request, pk=None):
        """Plan tasks of the sprint's project into it (or, with ``replace``, make its plan exactly them)."""
        sprint = self.get_object()
        data = self._input(SprintPlanSerializer, sprint)
        service = services.sprint_plan if data["replace"] else services.sprint_add_tasks
        service(actor=request.user, sprint=sprint, tasks=data["tasks"])
        return self.answer(sprint)

    @action(detail=True, methods=["post"])
    def remove(self, request, pk=None):
        """Take a task out of the sprint: it stays listed as removed and is not counted."""
        sprint = self.get_object()
        data = self._input(SprintRemoveSerializer, sprint)
        services.sprint_remove_task(actor=request.user, sprint=sprint, task=data["task"])
        return self.answer(sprint)

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        """Close the sprint: freeze its figures and burndown and carry the unfinished tasks to next week."""
        sprint = self.get_object()
        services.sprint_close(actor=request.user, sprint=sprint)
        return self.answer(sprint)


router = SimpleRouter()
router.register("sprints", SprintViewSet, basename="api-sprint")
urlpatterns = router.urls
