"""API of the kanban board (Rules p.2(57)): ``projects/{id}/board/`` (the whole board in one answer),
``tasks/`` (+ ``tasks/{id}/move/`` and ``tasks/{id}/attachments/``) and ``board-columns/``.

Reading needs "view" on the project (404 otherwise); tasks and their files are written with "contribute" (403
otherwise), columns with "change". A write that carries a stale `version` answers 409 with the current task; a
move or create over a column's WIP limit answers 400 with ``"code": "wip_limit"`` unless it gives
``override_reason``.
"""

from __future__ import annotations

import django_filters
from django.http import HttpResponse
from django.urls import path
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.views import APIView

from pmis.core import authorization
from pmis.core.api.exceptions import _as_detail
from pmis.core.api.viewsets import (
    CreateThroughService,
    DestroyThroughService,
    ServiceViewSet,
    StaleVersionAs409,
    UpdateThroughService,
)
from pmis.core.downloads import file_response

from ..models import BoardColumn, Task
from ..selectors import project_get
from ..selectors.board import board_json, card_data, column_get, column_list
from ..selectors.tasks import attachment_get, filter_tasks, task_get, task_list
from ..services.board import column_create, column_delete, column_reorder, column_update
from ..services.tasks import (
    WipLimitExceeded,
    task_attach,
    task_create,
    task_delete,
    task_detach,
    task_move,
    task_update,
)
from .board_serializers import (
    AttachmentSerializer,
    AttachmentUploadSerializer,
    BoardColumnCreateSerializer,
    BoardColumnReorderSerializer,
    BoardColumnSerializer,
    BoardColumnUpdateSerializer,
    StaleSerializer,
    TaskCardSerializer,
    TaskCreateSerializer,
    TaskDetailSerializer,
    TaskMoveSerializer,
    TaskUpdateSerializer,
    attachment_data,
)


class BoardView(APIView):
    """The project's whole board: columns, cards, people, labels, the week's sprint and what the reader may do.

    The JSON is built by PostgreSQL in one statement and sent as it comes: no serializer touches the cards.
    """

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, pk: int):
        project = project_get(request.user, pk)
        return HttpResponse(board_json(request.user, project), content_type="application/json")


class TaskFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(method="filter_task", help_text=gettext_lazy("Id of the project."))
    assignee = django_filters.NumberFilter(
        method="filter_task", help_text=gettext_lazy("Id of the assignee.")
    )
    label = django_filters.CharFilter(method="filter_task", help_text=gettext_lazy("Tasks with this label."))
    overdue = django_filters.BooleanFilter(
        method="filter_task", help_text=gettext_lazy("Past the due date and not done.")
    )
    blocked = django_filters.BooleanFilter(method="filter_task")
    mine = django_filters.BooleanFilter(method="filter_task", help_text=gettext_lazy("Assigned to me."))
    column = django_filters.NumberFilter(method="filter_task", help_text=gettext_lazy("Id of the column."))

    class Meta:
        model = Task
        fields = ("project", "assignee", "label", "overdue", "blocked", "mine", "column")

    def filter_task(self, queryset, name, value):
        if value is None or value == "":
            return queryset
        return filter_tasks(queryset, self.request.user, **{name: value})


_WRITE_ERRORS = {400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT}


@extend_schema_view(
    create=extend_schema(
        request=TaskCreateSerializer, responses={201: TaskDetailSerializer, **_WRITE_ERRORS}
    ),
    partial_update=extend_schema(
        request=TaskUpdateSerializer,
        responses={200: TaskDetailSerializer, 409: StaleSerializer, **_WRITE_ERRORS},
    ),
)
class TaskViewSet(
    StaleVersionAs409,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateThroughService,
    UpdateThroughService,
    DestroyThroughService,
    ServiceViewSet,
):
    """Tasks of projects' boards; ``PATCH`` needs the `version` you saw (409 with the current task if stale)."""

    model = Task
    list_selector = task_list
    serializer_class = TaskDetailSerializer
    create_serializer_class = TaskCreateSerializer
    update_serializer_class = TaskUpdateSerializer
    filterset_class = TaskFilter
    search_fields = ("title", "description")
    ordering_fields = ("number", "due_on", "position", "priority", "updated_at")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def _action_power(self) -> str:
        return authorization.VIEW if self.request.method in SAFE_METHODS else authorization.CONTRIBUTE

    def get_object(self):
        return task_get(self.request.user, self.kwargs["pk"], action=self._action_power())

    def get_one(self, key, *, action: str = authorization.VIEW):
        return task_get(self.request.user, key, action=action)

    def handle_exception(self, exc):
        if isinstance(exc, WipLimitExceeded):
            return Response({**_as_detail(exc), "code": "wip_limit"}, status=status.HTTP_400_BAD_REQUEST)
        return super().handle_exception(exc)

    def create_object(self, data):
        project = project_get(self.request.user, data.pop("project"))
        authorization.require(self.request.user, authorization.CONTRIBUTE, project)
        return task_create(actor=self.request.user, project=project, **data)

    def update_object(self, task, data):
        version = data.pop("version")
        return task_update(actor=self.request.user, task=task, version=version, **data)

    def remove_object(self, task):
        task_delete(actor=self.request.user, task=task)

    @extend_schema(
        request=TaskMoveSerializer, responses={200: TaskCardSerializer, 409: StaleSerializer, **_WRITE_ERRORS}
    )
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move the card into a column, before the card `before` (or at the end)."""
        task = task_get(request.user, pk, action=authorization.CONTRIBUTE, full=False)
        serializer = TaskMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        moved = task_move(actor=request.user, task=task, **serializer.validated_data)
        return Response(card_data(moved))

    @extend_schema(
        request={"multipart/form-data": AttachmentUploadSerializer}, responses={201: AttachmentSerializer}
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def attachments(self, request, pk=None):
        """Attach a file (multipart field `file`, at most 20 MB)."""
        task = task_get(request.user, pk, action=authorization.CONTRIBUTE, full=False)
        serializer = AttachmentUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        attachment = task_attach(actor=request.user, task=task, file=serializer.validated_data["file"])
        return Response(attachment_data(attachment), status=status.HTTP_201_CREATED)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"], url_path=r"attachments/(?P<aid>\d+)", url_name="attachment")
    def attachment(self, request, pk=None, aid=None):
        """Download an attached file."""
        task = task_get(request.user, pk, full=False)
        attachment = attachment_get(request.user, task, aid)
        return file_response(attachment.file, attachment.name)

    @extend_schema(responses={204: None})
    @attachment.mapping.delete
    def attachment_delete(self, request, pk=None, aid=None):
        """Remove an attached file."""
        task = task_get(request.user, pk, action=authorization.CONTRIBUTE, full=False)
        task_detach(actor=request.user, attachment=attachment_get(request.user, task, aid))
        return Response(status=status.HTTP_204_NO_CONTENT)


class BoardColumnFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(
        field_name="project_id", help_text=gettext_lazy("Id of the project.")
    )

    class Meta:
        model = BoardColumn
        fields = ("project",)


@extend_schema_view(
    create=extend_schema(request=BoardColumnCreateSerializer, responses={201: BoardColumnSerializer}),
    partial_update=extend_schema(request=BoardColumnUpdateSerializer, responses={200: BoardColumnSerializer}),
)
class BoardColumnViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateThroughService,
    UpdateThroughService,
    DestroyThroughService,
    ServiceViewSet,
):
    """The columns of projects' boards; the project manager ("change" on the project) configures them."""

    model = BoardColumn
    list_selector = column_list
    serializer_class = BoardColumnSerializer
    create_serializer_class = BoardColumnCreateSerializer
    update_serializer_class = BoardColumnUpdateSerializer
    filterset_class = BoardColumnFilter
    search_fields = ("name",)
    ordering_fields = ("position", "name")
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_object(self):
        power = authorization.VIEW if self.request.method in SAFE_METHODS else authorization.CHANGE
        return column_get(self.request.user, self.kwargs["pk"], action=power)

    def get_one(self, key, *, action: str = authorization.VIEW):
        return column_get(self.request.user, key, action=action)

    def create_object(self, data):
        project = project_get(self.request.user, data.pop("project"), action=authorization.CHANGE)
        return column_create(actor=self.request.user, project=project, **data)

    def update_object(self, column, data):
        return column_update(actor=self.request.user, column=column, **data)

    def remove_object(self, column):
        column_delete(actor=self.request.user, column=column)

    @extend_schema(request=BoardColumnReorderSerializer, responses={200: BoardColumnSerializer(many=True)})
    @action(detail=False, methods=["post"])
    def reorder(self, request):
        """Put the project's columns in a new order (every column's id once)."""
        serializer = BoardColumnReorderSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        project = project_get(request.user, serializer.validated_data["project"], action=authorization.CHANGE)
        columns = column_reorder(
            actor=request.user, project=project, order=serializer.validated_data["order"]
        )
        return Response(BoardColumnSerializer(columns, many=True).data)


router = SimpleRouter()
router.register("tasks", TaskViewSet, basename="api-task")
router.register("board-columns", BoardColumnViewSet, basename="api-board-column")

urlpatterns = [
    path("projects/<int:pk>/board/", BoardView.as_view(), name="api-project-board"),
    *router.urls,
]
