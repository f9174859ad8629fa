"""API of comments on a project's workspace (Rules p.15, p.89): ``/api/v1/comments/``.

- ``GET ?target=task:12`` — the thread of one object, oldest first (``?project=<id>``: every comment in a
  project the reader may see); one of the two is required;
- ``POST {"target": "task:12", "body": "…"}`` — comment; ``@username`` mentions are notified, and the answer's
  ``not_notified`` names those mentioned who cannot see the object;
- ``PATCH {"body"}`` — the author edits (only newly mentioned people are notified); ``DELETE`` — the author or
  whoever may delete in the project.

An object the reader cannot see is a 404, whether listed, commented on or named by a comment.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from pmis.core import authorization
from pmis.core.api.viewsets import DestroyThroughService, ServiceViewSet

from .. import comment_targets as targets
from ..models import Comment
from ..selectors.comments import comment_get, comment_list, comments_on, target_get
from ..services.comments import comment_add, comment_delete, comment_edit


def _person(person) -> dict:
    return {"id": person.pk, "username": person.username, "full_name": person.full_name}


_PERSON = {
    "type": "object",
    "properties": {
        "id": {"type": "integer"},
        "username": {"type": "string"},
        "full_name": {"type": "string"},
    },
}


class CommentSerializer(serializers.ModelSerializer):
    """A comment: on what (`target` as ``kind:id``), in which project, by whom, the text, the people it mentions
    (those notified), when it was written and last edited."""

    target = serializers.SerializerMethodField()
    author = serializers.SerializerMethodField()
    mentions = serializers.SerializerMethodField()

    class Meta:
        model = Comment
        fields = ("id", "target", "project", "author", "body", "mentions", "created_at", "edited_at")
        read_only_fields = fields

    def get_target(self, comment) -> str:
        return f"{targets.kind_of_type(comment.target_type_id)}:{comment.target_id}"

    @extend_schema_field(_PERSON)
    def get_author(self, comment) -> dict:
        return _person(comment.author)

    @extend_schema_field({"type": "array", "items": _PERSON})
    def get_mentions(self, comment) -> list[dict]:
        return [_person(person) for person in comment.mentions.all()]


class CommentWrittenSerializer(CommentSerializer):
    """The comment just written, with the people mentioned who cannot see its object and were not notified."""

    not_notified = serializers.SerializerMethodField()

    class Meta(CommentSerializer.Meta):
        fields = (*CommentSerializer.Meta.fields, "not_notified")
        read_only_fields = fields

    @extend_schema_field({"type": "array", "items": _PERSON})
    def get_not_notified(self, comment) -> list[dict]:
        return [_person(person) for person in self.context.get("not_notified", [])]


class CommentCreateSerializer(serializers.Serializer):
    target = serializers.CharField(
        help_text=gettext_lazy(
            "What is commented on, as kind:id: project, task, risk, change, lesson, document, assignment or "
            "milestone (task:12)."
        )
    )
    # Blank passes here so the service's message (the one the pages show) answers an empty comment.
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)


class CommentUpdateSerializer(serializers.Serializer):
    body = serializers.CharField(allow_blank=True, trim_whitespace=False)


def _target_ref(value: str, name: str = "target") -> tuple[str, str]:
    kind, sep, pk = (value or "").partition(":")
    if not sep or targets.target_kind(kind) is None or not pk.isdigit():
        raise ValidationError(
            {
                name: [
                    _(
                        "“%(ref)s” does not name what may be commented on; write it as kind:id, kind one of %(kinds)s."
                    )
                    % {"ref": value, "kinds": ", ".join(targets.KINDS)}
                ]
            }
        )
    return kind, pk


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "target",
                OpenApiTypes.STR,
                description=gettext_lazy("The object's thread, as kind:id (task:12)."),
            ),
            OpenApiParameter(
                "project", OpenApiTypes.INT, description=gettext_lazy("Every comment in a project.")
            ),
        ]
    ),
    create=extend_schema(request=CommentCreateSerializer, responses={201: CommentWrittenSerializer}),
    partial_update=extend_schema(request=CommentUpdateSerializer, responses={200: CommentWrittenSerializer}),
    update=extend_schema(request=CommentUpdateSerializer, responses={200: CommentWrittenSerializer}),
)
class CommentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    DestroyThroughService,
    ServiceViewSet,
):
    """Comments on a project or any object of its workspace, with @mentions."""

    model = Comment
    list_selector = comment_list
    serializer_class = CommentSerializer
    create_serializer_class = CommentCreateSerializer
    update_serializer_class = CommentUpdateSerializer
    filter_backends: list = []  # the thread's order is the conversation's; `target` / `project` are read below

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Comment.objects.none()
        if self.action != "list":
            return comment_list(self.request.user)
        params = self.request.query_params
        if params.get("target"):
            kind, pk = _target_ref(params["target"])
            return comments_on(target_get(self.request.user, kind, pk))
        project = params.get("project", "")
        if not project.isdigit():
            raise ValidationError(
                {"target": [_("Say whose comments to list: target=kind:id (task:12) or project=<id>.")]}
            )
        return comment_list(self.request.user).filter(project_id=int(project))

    def get_one(self, key, *, action: str = authorization.VIEW):
        return comment_get(self.request.user, key, action=action)

    def _written(self, comment, status_code) -> Response:
        fresh = comment_get(self.request.user, comment.pk)
        context = {**self.get_serializer_context(), "not_notified": getattr(comment, "not_notified", [])}
        return Response(CommentWrittenSerializer(fresh, context=context).data, status=status_code)

    def create(self, request, *args, **kwargs):
        serializer = CommentCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        kind, pk = _target_ref(serializer.validated_data["target"])
        target = target_get(request.user, kind, pk)
        comment = comment_add(actor=request.user, target=target, body=serializer.validated_data["body"])
        return self._written(comment, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        comment = self.get_object()
        serializer = CommentUpdateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        comment = comment_edit(actor=request.user, comment=comment, body=serializer.validated_data["body"])
        return self._written(comment, status.HTTP_200_OK)

    def partial_update(self, request, *args, **kwargs):
        return self.update(request, *args, **kwargs)

    def remove_object(self, comment):
        comment_delete(actor=self.request.user, comment=comment)


router = SimpleRouter()
router.register("comments", CommentViewSet, basename="api-comment")

urlpatterns = router.urls
