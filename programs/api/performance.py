"""API of the program's performance (Rules p.63–64, p.100, p.102), under ``/api/v1/``:

- ``GET programs/{id}/ratios/?on=``: the five ratios of p.64 (numerator, denominator, share, the ids counted and not
  counted, the projects at risk of the terms ratio);
- ``GET programs/{id}/completion-report/``: the report (figures live until issued, frozen after);
  ``PATCH`` ``{"version", "summary"?, "deviations"?, "incentives"? (person ids), "competition_nominated"?}``: the
  project office drafts it; ``POST …/issue/`` ``{"version"?}`` freezes it; ``POST …/reopen/`` ``{"reason",
  "version"?}`` ("approve" on the program) opens it again;
- ``GET programs/{id}/lessons/?stage=&went_well=``: the program's and its projects' lessons; ``POST`` a lesson of
  the program;
- ``GET / PUT projects/{id}/performance/``: a project's performance facts;
- ``GET certifications/?person=&mine=``, ``POST certifications/`` ``{"person"?, "kind", "number"?, "issued_on",
  "valid_until"?}``, ``GET / DELETE certifications/{id}/``: certificates in project management.

Not visible: 404; visible but not allowed: 403; a broken rule: 400 with the reason; a stale version: 409 with the
current object.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from org.models import Certification, Person
from org.services.certifications import certification_add, certification_delete
from pmis.core import authorization
from pmis.core.api.serializers import validated
from pmis.core.choices import Stage
from pmis.core.concurrency import StaleVersion
from projects.choices import Expectations
from projects.models import ProjectPerformance
from projects.services.performance import performance_update

from ..choices import ReportStatus
from ..completion_selectors import (
    certification_list,
    completion_report_of,
    lessons_log,
    program_for_performance,
    project_for_performance,
)
from ..completion_services import (
    completion_report_issue,
    completion_report_reopen,
    completion_report_update,
    completion_snapshot,
    program_lesson_create,
)
from ..models import CompletionReport
from ..ratios import program_ratios


def _conflict(stale: StaleVersion, data) -> Response:
    return Response({"detail": str(stale), "current": data}, status=status.HTTP_409_CONFLICT)


# --- ratios ---------------------------------------------------------------------------------------------------


class ProgramRatioSerializer(serializers.Serializer):
    key = serializers.CharField()
    title = serializers.CharField()
    definition = serializers.CharField()
    subject = serializers.ChoiceField(choices=(("project", "project"), ("person", "person")))
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True)
    counted = serializers.ListField(child=serializers.IntegerField())
    not_counted = serializers.ListField(child=serializers.IntegerField())
    at_risk = serializers.ListField(child=serializers.IntegerField())


class RatiosQuerySerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False, help_text=_("The day the ratios are computed on (default: today).")
    )


class RatiosView(APIView):
    """The performance and efficiency ratios of the program (Rules p.64), live."""

    @extend_schema(parameters=[RatiosQuerySerializer], responses={200: ProgramRatioSerializer(many=True)})
    def get(self, request, pk):
        program = program_for_performance(request.user, pk)
        day = validated(RatiosQuerySerializer, request.query_params).get("on")
        rows = [
            {**ratio.as_data(), "title": ratio.title, "definition": ratio.definition}
            for ratio in program_ratios(program, on=day)
        ]
        return Response(ProgramRatioSerializer(rows, many=True).data)


# --- completion report ----------------------------------------------------------------------------------------


class CompletionReportSerializer(serializers.ModelSerializer):
    figures = serializers.SerializerMethodField(
        help_text=_("The ratios, projects by status and lessons counts: live until issued, frozen after.")
    )

    class Meta:
        model = CompletionReport
        fields = (
            "id",
            "program",
            "summary",
            "deviations",
            "incentives",
            "competition_nominated",
            "status",
            "figures",
            "issued_by",
            "issued_at",
            "version",
        )
        read_only_fields = fields

    def get_figures(self, report) -> dict:
        if report.status == ReportStatus.ISSUED:
            return report.snapshot
        return completion_snapshot(report.program)


class CompletionUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    summary = serializers.CharField(required=False, allow_blank=True)
    deviations = serializers.CharField(required=False, allow_blank=True)
    incentives = serializers.ListField(child=serializers.IntegerField(), required=False)
    competition_nominated = serializers.BooleanField(required=False)


class CompletionIssueSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, required=False, allow_null=True)


class CompletionReopenSerializer(CompletionIssueSerializer):
    reason = serializers.CharField(allow_blank=True, max_length=300)


def _report_data(program) -> dict:
    report = completion_report_of(program)
    data = CompletionReportSerializer(report).data
    if report.pk is None:
        data["incentives"] = []
    return data


class CompletionReportView(APIView):
    """The program's completion report (Rules p.63)."""

    @extend_schema(responses={200: CompletionReportSerializer})
    def get(self, request, pk):
        return Response(_report_data(program_for_performance(request.user, pk)))

    @extend_schema(request=CompletionUpdateSerializer, responses={200: CompletionReportSerializer})
    def patch(self, request, pk):
        program = program_for_performance(request.user, pk)
        authorization.require(request.user, authorization.CHANGE, program)
        data = validated(CompletionUpdateSerializer, request.data)
        try:
            completion_report_update(actor=request.user, program=program, **data)
        except StaleVersion as stale:
            return _conflict(stale, _report_data(program))
        return Response(_report_data(program))


class CompletionActionView(APIView):
    action = ""

    @extend_schema(request=CompletionReopenSerializer, responses={200: CompletionReportSerializer})
    def post(self, request, pk):
        program = program_for_performance(request.user, pk)
        try:
            if self.action == "issue":
                authorization.require(request.user, authorization.CHANGE, program)
                completion_report_issue(
                    actor=request.user, program=program, **validated(CompletionIssueSerializer, request.data)
                )
            else:
                authorization.require(request.user, authorization.APPROVE, program)
                completion_report_reopen(
                    actor=request.user, program=program, **validated(CompletionReopenSerializer, request.data)
                )
        except StaleVersion as stale:
            return _conflict(stale, _report_data(program))
        return Response(_report_data(program))


# --- lessons --------------------------------------------------------------------------------------------------


class ProgramLessonRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = serializers.SerializerMethodField(help_text=_("“program” or “project”."))
    project = serializers.SerializerMethodField()
    project_name = serializers.SerializerMethodField()
    stage = serializers.CharField()
    title = serializers.CharField()
    went_well = serializers.BooleanField()
    situation = serializers.CharField()
    recommendation = serializers.CharField()
    recorded_by = serializers.IntegerField(source="recorded_by_id", allow_null=True)
    created_at = serializers.DateTimeField()

    def get_source(self, lesson) -> str:
        return "project" if lesson.project else "program"

    def get_project(self, lesson) -> int | None:
        return lesson.project.pk if lesson.project else None

    def get_project_name(self, lesson) -> str:
        return str(lesson.project.name) if lesson.project else ""


class ProgramLessonQuerySerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    went_well = serializers.BooleanField(required=False, allow_null=True, default=None)


class ProgramLessonCreateSerializer(serializers.Serializer):
    stage = serializers.ChoiceField(choices=Stage.choices)
    title = serializers.CharField(max_length=300)
    went_well = serializers.BooleanField(default=False)
    situation = serializers.CharField()
    recommendation = serializers.CharField()


class LessonsView(APIView):
    """The program's lessons log: its own lessons and its projects' (Rules p.63)."""

    @extend_schema(
        parameters=[ProgramLessonQuerySerializer], responses={200: ProgramLessonRowSerializer(many=True)}
    )
    def get(self, request, pk):
        program = program_for_performance(request.user, pk)
        query = validated(ProgramLessonQuerySerializer, request.query_params)
        rows = lessons_log(request.user, program, stage=query.get("stage"), went_well=query.get("went_well"))
        return Response(ProgramLessonRowSerializer(rows, many=True).data)

    @extend_schema(request=ProgramLessonCreateSerializer, responses={201: ProgramLessonRowSerializer})
    def post(self, request, pk):
        program = program_for_performance(request.user, pk)
        authorization.require(request.user, authorization.CHANGE, program)
        lesson = program_lesson_create(
            actor=request.user, program=program, **validated(ProgramLessonCreateSerializer, request.data)
        )
        lesson.project = None
        return Response(ProgramLessonRowSerializer(lesson).data, status=status.HTTP_201_CREATED)


# --- project performance --------------------------------------------------------------------------------------


class ProjectPerformanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProjectPerformance
        fields = (
            "project",
            "expectations",
            "expectations_note",
            "actual_cost",
            "consultants_involved",
            "consultant",
            "assessed_by",
            "assessed_on",
            "version",
        )
        read_only_fields = fields


class ProjectPerformanceUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, required=False, allow_null=True)
    expectations = serializers.ChoiceField(choices=Expectations.choices)
    expectations_note = serializers.CharField(required=False, allow_blank=True, default="")
    actual_cost = serializers.DecimalField(
        max_digits=18, decimal_places=2, required=False, allow_null=True, default=None
    )
    consultants_involved = serializers.BooleanField(default=False)
    consultant = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


def _performance_data(project) -> dict:
    performance = ProjectPerformance.objects.filter(project=project).first() or ProjectPerformance(
        project=project, version=0
    )
    return ProjectPerformanceSerializer(performance).data


class ProjectPerformanceView(APIView):
    """A project's performance facts (Rules p.64); "version" 0 means none recorded yet."""

    @extend_schema(responses={200: ProjectPerformanceSerializer})
    def get(self, request, pk):
        return Response(_performance_data(project_for_performance(request.user, pk)))

    @extend_schema(request=ProjectPerformanceUpdateSerializer, responses={200: ProjectPerformanceSerializer})
    def put(self, request, pk):
        project = project_for_performance(request.user, pk)
        authorization.require(request.user, authorization.CHANGE, project)
        data = validated(ProjectPerformanceUpdateSerializer, request.data)
        try:
            performance_update(actor=request.user, project=project, **data)
        except StaleVersion as stale:
            return _conflict(stale, _performance_data(project))
        return Response(_performance_data(project))


# --- certifications -------------------------------------------------------------------------------------------


class CertificationSerializer(serializers.ModelSerializer):
    person_name = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Certification
        fields = ("id", "person", "person_name", "kind", "number", "issued_on", "valid_until")
        read_only_fields = fields


class CertificationCreateSerializer(serializers.Serializer):
    person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.filter(is_active=True), required=False, help_text=_("Default: yourself.")
    )
    kind = serializers.ChoiceField(choices=Certification._meta.get_field("kind").choices)
    number = serializers.CharField(required=False, allow_blank=True, default="", max_length=100)
    issued_on = serializers.DateField()
    valid_until = serializers.DateField(required=False, allow_null=True, default=None)


class CertificationQuerySerializer(serializers.Serializer):
    person = serializers.IntegerField(required=False)
    mine = serializers.BooleanField(required=False, default=False)


class CertificationsView(APIView):
    """Certificates in project management: everyone who works in the PMIS reads them; a person adds their own,
    the Office anyone's."""

    @extend_schema(
        parameters=[CertificationQuerySerializer], responses={200: CertificationSerializer(many=True)}
    )
    def get(self, request):
        query = validated(CertificationQuerySerializer, request.query_params)
        rows = certification_list(request.user)
        if query.get("mine"):
            rows = rows.filter(person=request.user)
        elif query.get("person"):
            rows = rows.filter(person_id=query["person"])
        return Response(CertificationSerializer(rows, many=True).data)

    @extend_schema(request=CertificationCreateSerializer, responses={201: CertificationSerializer})
    def post(self, request):
        data = validated(CertificationCreateSerializer, request.data)
        person = data.pop("person", None) or request.user
        certification = certification_add(actor=request.user, person=person, **data)
        return Response(CertificationSerializer(certification).data, status=status.HTTP_201_CREATED)


class CertificationView(APIView):
    @extend_schema(responses={200: CertificationSerializer})
    def get(self, request, pk):
        return Response(
            CertificationSerializer(get_object_or_404(certification_list(request.user), pk=pk)).data
        )

    @extend_schema(responses={204: None})
    def delete(self, request, pk):
        certification = get_object_or_404(certification_list(request.user), pk=pk)
        certification_delete(actor=request.user, certification=certification)
        return Response(status=status.HTTP_204_NO_CONTENT)


urlpatterns = [
    path("programs/<int:pk>/ratios/", RatiosView.as_view(), name="api-program-ratios"),
    path(
        "programs/<int:pk>/completion-report/",
        CompletionReportView.as_view(),
        name="api-program-completion-report",
    ),
    path(
        "programs/<int:pk>/completion-report/issue/",
        CompletionActionView.as_view(action="issue"),
        name="api-program-completion-issue",
    ),
    path(
        "programs/<int:pk>/completion-report/reopen/",
        CompletionActionView.as_view(action="reopen"),
        name="api-program-completion-reopen",
    ),
    path("programs/<int:pk>/lessons/", LessonsView.as_view(), name="api-program-lessons"),
    path("projects/<int:pk>/performance/", ProjectPerformanceView.as_view(), name="api-project-performance"),
    path("certifications/", CertificationsView.as_view(), name="api-certification-list"),
    path("certifications/<int:pk>/", CertificationView.as_view(), name="api-certification-detail"),
]
