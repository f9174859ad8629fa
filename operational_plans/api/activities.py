"""API of a plan's activities (OP Rules p.3–5, Appendix 1): ``/api/v1/operational-plans/<id>/activities/``.

- ``GET …/activities/?unit=&heading=&section=1|2&q=``: the activities the person may see (a unit's people: their
  own), in the form's order, with the number of linked projects and tasks;
- ``POST …/activities/`` ``{heading?, name_kk, name_ru, budget_program, unit, deadline, term_kk, term_ru,
  completion_form_kk, completion_form_ru, projects?, tasks?, position?}``: add one (the developer unit);
- ``GET / PATCH / DELETE …/activities/<id>/``: one activity; change it (its fields only while the plan is a draft
  or being adjusted, its links ``projects`` / ``tasks`` at any time, ``position`` within its heading); delete it
  (or, when quarters were reported on it, drop it from the plan: ``is_active`` becomes false, 200 with the row).

Not visible: 404; visible but not allowed: 403; a broken rule: 400 with the reason.
"""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from pmis.core import authorization
from pmis.core.api.viewsets import CreateThroughService, ServiceViewSet, UpdateThroughService
from projects.models import Project, Task

from ..models import Activity
from ..selectors.plans import plan_activities
from ..services import structure
from .scoped import InPlan
from .serializers_plans import (
    ActivityCreateSerializer,
    ActivityQuerySerializer,
    ActivitySerializer,
    ActivityUpdateSerializer,
)

#: The ids of the linked work, read in two queries for the whole page.
LINKS = (
    Prefetch("projects", queryset=Project.objects.only("id")),
    Prefetch("tasks", queryset=Task.objects.only("id")),
)


@extend_schema_view(
    list=extend_schema(parameters=[ActivityQuerySerializer]),
    create=extend_schema(request=ActivityCreateSerializer, responses={201: ActivitySerializer}),
    partial_update=extend_schema(request=ActivityUpdateSerializer, responses={200: ActivitySerializer}),
    destroy=extend_schema(responses={200: ActivitySerializer, 204: None}),
)
class ActivityViewSet(
    InPlan,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateThroughService,
    UpdateThroughService,
    ServiceViewSet,
):
    """The activities of a plan: one row of Appendix 1 each."""

    model = Activity
    serializer_class = ActivitySerializer
    create_serializer_class = ActivityCreateSerializer
    update_serializer_class = ActivityUpdateSerializer
    filter_backends = ()
    http_method_names = ("get", "post", "patch", "delete", "head", "options")

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Activity.objects.none()
        if self.action != "list":
            return plan_activities(self.request.user, self.plan, include_inactive=True).prefetch_related(
                *LINKS
            )
        query = ActivityQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        values = dict(query.validated_data)
        if "section" in values:
            values["section"] = int(values["section"])
        return plan_activities(self.request.user, self.plan, **values).prefetch_related(*LINKS)

    def check_create(self, request) -> None:
        authorization.require(request.user, authorization.ADD, Activity(plan=self.plan))

    def create_object(self, data):
        return structure.activity_create(actor=self.request.user, plan=self.plan, **data)

    def update_object(self, obj, data):
        return structure.activity_update(actor=self.request.user, activity=obj, **data)

    def destroy(self, request, *args, **kwargs):
        activity = self.get_object()
        kept = structure.activity_delete(actor=request.user, activity=activity)
        if kept is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return self.answer(kept)


router = SimpleRouter()
router.register(r"operational-plans/(?P<plan_pk>\d+)/activities", ActivityViewSet, basename="api-op-activity")
urlpatterns = router.urls
