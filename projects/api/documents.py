"""API of the project's archive of governing documents (Rules p.90–91):

- ``documents/`` list (``?project=``, ``?stage=``, ``?kind=``), create (multipart: the fields and the first
  ``file``; "contribute"), retrieve with the versions, delete ("delete"; refused while the storage period runs);
- ``documents/{id}/versions/`` POST multipart ``file`` and ``note``: a new version ("contribute");
- ``documents/{id}/versions/{n}/download/``: the file of version n (404 for anyone who may not see the project).
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import SimpleRouter

from pmis.core import authorization
from pmis.core.api.viewsets import CreateThroughService, DestroyThroughService, ServiceViewSet
from pmis.core.choices import Stage
from pmis.core.downloads import file_response

from ..choices import DocumentKind
from ..models import Document, DocumentVersion
from ..selectors import project_get
from ..selectors.documents import document_kept_until, document_list, version_get
from ..services import documents as services


class DocumentFilter(django_filters.FilterSet):
    project = django_filters.NumberFilter(help_text=_("Id of the project."))

    class Meta:
        model = Document
        fields = ("project", "stage", "kind")


class VersionSerializer(serializers.ModelSerializer):
    uploaded_by = serializers.IntegerField(source="uploaded_by_id", read_only=True, allow_null=True)
    download = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = ("number", "name", "size", "sha256", "note", "uploaded_by", "uploaded_at", "download")
        read_only_fields = fields

    def get_download(self, version) -> str:
        return reverse(
            "api-document-download",
            args=[version.document_id, version.number],
            request=self.context.get("request"),
        )


class DocumentSerializer(serializers.ModelSerializer):
    project = serializers.IntegerField(source="project_id", read_only=True)
    created_by = serializers.IntegerField(source="created_by_id", read_only=True, allow_null=True)
    kept_until = serializers.SerializerMethodField(
        help_text=_("The last day of the storage period; null: permanent, or the project has not closed.")
    )
    versions = VersionSerializer(many=True, read_only=True)

    class Meta:
        model = Document
        fields = (
            "id",
            "project",
            "stage",
            "kind",
            "title",
            "number",
            "dated",
            "retention_years",
            "kept_until",
            "created_by",
            "created_at",
            "versions",
        )
        read_only_fields = fields

    def get_kept_until(self, document) -> dt.date | None:
        return document_kept_until(document, document.project)


class DocumentCreateSerializer(serializers.Serializer):
    project = serializers.IntegerField()
    title = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=DocumentKind.choices, default=DocumentKind.OTHER)
    stage = serializers.ChoiceField(
        choices=Stage.choices, required=False, help_text=_("Default: the project's current stage.")
    )
    number = serializers.CharField(required=False, allow_blank=True, default="", max_length=60)
    dated = serializers.DateField(required=False, allow_null=True, default=None)
    retention_years = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=100,
        help_text=_("Storage period in years; null: permanent; absent: the kind's default (Rules p.90)."),
    )
    file = serializers.FileField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class VersionCreateSerializer(serializers.Serializer):
    file = serializers.FileField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


@extend_schema_view(
    create=extend_schema(
        request={"multipart/form-data": DocumentCreateSerializer}, responses={201: DocumentSerializer}
    )
)
class DocumentViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    CreateThroughService,
    DestroyThroughService,
    ServiceViewSet,
):
    """Governing documents by stage with their versions and storage periods."""

    model = Document
    list_selector = staticmethod(document_list)
    serializer_class = DocumentSerializer
    create_serializer_class = DocumentCreateSerializer
    filterset_class = DocumentFilter
    parser_classes = (MultiPartParser, FormParser, JSONParser)
    ordering_fields = ("created_at", "title", "dated")
    ordering = ("stage", "-created_at", "-id")
    search_fields = ("title", "number")

    def create_object(self, data):
        project = project_get(self.request.user, data.pop("project"))
        authorization.require(self.request.user, authorization.CONTRIBUTE, project)
        if "retention_years" not in data:
            data["retention_years"] = services.BY_KIND
        return services.document_create(actor=self.request.user, project=project, **data)

    def remove_object(self, obj):
        services.document_delete(actor=self.request.user, document=obj)

    @extend_schema(
        request={"multipart/form-data": VersionCreateSerializer}, responses={201: VersionSerializer}
    )
    @action(detail=True, methods=["post"], url_path="versions")
    def versions(self, request, pk=None):
        document = self.get_one(pk, action=authorization.CONTRIBUTE)
        data = VersionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        version = services.document_add_version(actor=request.user, document=document, **data.validated_data)
        return Response(
            VersionSerializer(version, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(
        detail=True,
        methods=["get"],
        url_path=r"versions/(?P<number>\d+)/download",
        url_name="download",
    )
    def download(self, request, pk=None, number=None):
        version = version_get(request.user, pk, number)
        return file_response(version.file, version.name)


router = SimpleRouter()
router.register("documents", DocumentViewSet, basename="api-document")

urlpatterns = router.urls
