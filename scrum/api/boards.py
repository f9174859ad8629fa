"""API of the weekly information boards (Rules p.2(3), p.68(4)): ``/api/v1/scrum/information-boards/``.

- ``GET information-boards/?program=<id>&week_start=YYYY-MM-DD``: the boards of the programs whose whole
  subtree the person may read, newest week first, each with its totals;
- ``GET information-boards/<id>/``: one board with all its figures (scrum.selectors.boards.board_figures);
- ``POST information-boards/generate/`` ``{"program": id, "week_start"?: "YYYY-MM-DD"}``: take the program's
  board of that week (this week by default) now — a new one (201) or fresh figures in the one taken before (200).

A program (or a board) the person may not read as a whole is 404 — whoever works in one project sees the program
only as the context of their work; a week that is not a Monday, or has not begun, is a 400.
"""

from __future__ import annotations

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from pmis.core.api.viewsets import ServiceViewSet
from pmis.core.workdays import monday_of

from ..models import InformationBoard
from ..selectors.boards import board_list, board_program
from ..services.boards import board_generate


class BoardSerializer(serializers.ModelSerializer):
    """A board as a row of the list: its program, week, when and by whom it was taken, and the program's totals."""

    program_code = serializers.CharField(source="program.code", read_only=True)
    program_name = serializers.CharField(source="program.name", read_only=True)
    generated_by_name = serializers.SerializerMethodField()
    totals = serializers.SerializerMethodField(help_text=_("The program's figures of the week."))

    class Meta:
        model = InformationBoard
        fields = (
            "id",
            "program",
            "program_code",
            "program_name",
            "week_start",
            "generated_at",
            "generated_by",
            "generated_by_name",
            "totals",
        )
        read_only_fields = fields

    def get_generated_by_name(self, board) -> str:
        return board.generated_by.full_name if board.generated_by else ""

    def get_totals(self, board) -> dict:
        return board.figures.get("totals", {})


class BoardDetailSerializer(BoardSerializer):
    """A board with all its figures: totals, the rows of directions, groups and projects, the open escalations by
    level and the worst deviations of the key national indicators."""

    figures = serializers.JSONField(read_only=True)

    class Meta(BoardSerializer.Meta):
        fields = (*BoardSerializer.Meta.fields, "figures")
        read_only_fields = fields


class BoardGenerateSerializer(serializers.Serializer):
    program = serializers.IntegerField(help_text=_("Id of the program."))
    week_start = serializers.DateField(
        required=False, help_text=_("The Monday of the week; this week when not given.")
    )


class BoardFilter(django_filters.FilterSet):
    program = django_filters.NumberFilter(help_text=_("Id of the program."))
    week_start = django_filters.DateFilter(help_text=_("The Monday of the board's week."))

    class Meta:
        model = InformationBoard
        fields = ("program", "week_start")


@extend_schema_view(
    retrieve=extend_schema(responses={200: BoardDetailSerializer}),
    generate=extend_schema(request=BoardGenerateSerializer, responses={200: BoardDetailSerializer}),
)
class InformationBoardViewSet(mixins.ListModelMixin, ServiceViewSet):
    """The weekly information boards of the programs: what each week looked like for the program manager."""

    model = InformationBoard
    list_selector = board_list
    serializer_class = BoardSerializer
    filterset_class = BoardFilter
    ordering_fields = ("week_start",)
    ordering = ("-week_start", "program")
    http_method_names = ("get", "post", "head", "options")

    def retrieve(self, request, *args, **kwargs):
        board = self.get_object()
        return Response(BoardDetailSerializer(board, context=self.get_serializer_context()).data)

    @action(detail=False, methods=["post"])
    def generate(self, request):
        """Take the program's board of the week now (any person who may read the whole program may)."""
        data = BoardGenerateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        program = board_program(request.user, data.validated_data["program"])
        week_start = data.validated_data.get("week_start") or monday_of(timezone.localdate())
        board = board_generate(program=program, week_start=week_start, actor=request.user)
        fresh = self.get_one(board.pk)
        return Response(
            BoardDetailSerializer(fresh, context=self.get_serializer_context()).data,
            status=status.HTTP_200_OK if board.taken_again else status.HTTP_201_CREATED,
        )


router = SimpleRouter()
router.register("information-boards", InformationBoardViewSet, basename="api-information-board")
urlpatterns = router.urls
