"""Pages of the program's performance (Rules p.63–64, p.100, p.102): the five performance ratios with what they
count, the completion report, the lessons log; and the pages that feed the ratios: a project's performance facts
and a person's certificates in project management.

Reads go through ``programs.completion_selectors``, writes through ``programs.completion_services``,
``projects.services.performance`` and ``org.services.certifications`` (which decide the powers). Not visible:
404; visible but not allowed: 403; a broken rule or a stale version: the page again with the reason.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from org.choices import CertificateKind
from org.forms import ServiceForm
from org.models import Certification
from org.services.certifications import (
    certification_add,
    certification_delete,
    may_keep_certificates,
)
from pmis.core import authorization
from pmis.core.choices import Stage
from pmis.core.concurrency import StaleVersion
from pmis.core.node_forms import DateInput
from pmis.core.page_input import error_messages, int_or_none
from projects.choices import Expectations
from projects.services.performance import performance_update

from .. import completion_exports  # noqa: F401  (registers the "program.completion.pdf" export)
from ..choices import ReportStatus
from ..completion_selectors import (
    certification_list,
    completion_report_of,
    lessons_log,
    person_or_404,
    present_figures,
    program_for_performance,
    program_lesson_get,
    project_for_performance,
    ratios_with_subjects,
)
from ..completion_services import (
    completion_report_issue,
    completion_report_reopen,
    completion_report_update,
    completion_snapshot,
    program_lesson_create,
    program_lesson_delete,
    role_holders,
)


def _flag(value) -> bool | None:
    return {"1": True, "0": False}.get(value or "")


# --- the ratios -----------------------------------------------------------------------------------------------


class RatiosPage(LoginRequiredMixin, View):
    """The five ratios of p.64 as cards, each with the projects or people counted and not counted."""

    def get(self, request, pk):
        program = program_for_performance(request.user, pk)
        data = ratios_with_subjects(program)
        cards = []
        for ratio in data["ratios"]:
            source = data["projects"] if ratio.subject == "project" else data["people"]
            cards.append(
                {
                    "ratio": ratio,
                    "counted": [source[pk] for pk in ratio.counted if pk in source],
                    "not_counted": [source[pk] for pk in ratio.not_counted if pk in source],
                    "at_risk": [source[pk] for pk in ratio.at_risk if pk in source],
                }
            )
        return render(request, "programs/ratios.html", {"program": program, "cards": cards})


# --- the completion report --------------------------------------------------------------------------------------


class CompletionForm(ServiceForm):
    summary = forms.CharField(
        label=gettext_lazy("Summary of results"), widget=forms.Textarea(attrs={"rows": 5})
    )
    deviations = forms.CharField(
        label=gettext_lazy("Deviations and their reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )
    incentives = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Recommended for incentive measures (p.100)"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    competition_nominated = forms.BooleanField(
        label=gettext_lazy("Nominate for the National competition for project management (p.102)"),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    LAYOUT = (
        (
            gettext_lazy("Report"),
            (
                ("summary", "col-12"),
                ("deviations", "col-12"),
                ("incentives", "col-md-8"),
                ("competition_nominated", "col-md-4"),
            ),
        ),
    )

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["incentives"].queryset = role_holders(program).order_by("last_name", "first_name")
        self._style_widgets()


def _completion_context(request, program, form=None) -> dict:
    report = completion_report_of(program)
    issued = report.status == ReportStatus.ISSUED
    may_change = authorization.can(request.user, authorization.CHANGE, program)
    if form is None and may_change and not issued:
        form = CompletionForm(
            program=program,
            initial={
                "summary": report.summary,
                "deviations": report.deviations,
                "incentives": list(report.incentives.all()) if report.pk else [],
                "competition_nominated": report.competition_nominated,
                "version": report.version if report.pk else None,
            },
        )
    figures = report.snapshot if issued else completion_snapshot(program)
    return {
        "program": program,
        "report": report,
        "issued": issued,
        "form": form if may_change and not issued else None,
        "may_issue": may_change and not issued,
        "may_reopen": issued and authorization.can(request.user, authorization.APPROVE, program),
        "figures": present_figures(figures),
    }


class CompletionPage(LoginRequiredMixin, View):
    """The report: live figures while drafted, frozen after issue; the draft form for the project office."""

    def get(self, request, pk):
        program = program_for_performance(request.user, pk)
        return render(request, "programs/completion_report.html", _completion_context(request, program))

    def post(self, request, pk):
        program = program_for_performance(request.user, pk)
        if not authorization.can(request.user, authorization.CHANGE, program):
            raise PermissionDenied
        form = CompletionForm(request.POST, program=program)
        if form.is_valid():
            data = form.cleaned_data
            try:
                completion_report_update(
                    actor=request.user,
                    program=program,
                    version=data["version"],
                    summary=data["summary"],
                    deviations=data["deviations"],
                    incentives=[person.pk for person in data["incentives"]],
                    competition_nominated=data["competition_nominated"],
                )
            except StaleVersion as stale:
                form.add_error(None, str(stale))
            except ValidationError as error:
                form.add_service_errors(error)
                if completion_report_of(program).status == ReportStatus.ISSUED:
                    error_messages(request, error)  # no form is shown on an issued report: say it above
            else:
                messages.success(request, _("The report is saved."))
                return redirect("program-completion", pk=program.pk)
        context = _completion_context(request, program, form)
        return render(request, "programs/completion_report.html", context, status=400)


class CompletionActionView(LoginRequiredMixin, View):
    """POST only: issue or reopen; back to the report with what happened."""

    action = ""

    def post(self, request, pk):
        program = program_for_performance(request.user, pk)
        try:
            if self.action == "issue":
                completion_report_issue(
                    actor=request.user, program=program, version=int_or_none(request.POST.get("version"))
                )
                messages.success(request, _("The report is issued: its figures are frozen."))
            else:
                completion_report_reopen(
                    actor=request.user,
                    program=program,
                    reason=request.POST.get("reason", ""),
                    version=int_or_none(request.POST.get("version")),
                )
                messages.success(request, _("The report is reopened."))
        except StaleVersion as stale:
            messages.error(request, str(stale))
        except ValidationError as error:
            error_messages(request, error)
        return redirect("program-completion", pk=program.pk)


class CompletionPdfView(LoginRequiredMixin, View):
    """POST: make the report's PDF in the background; on to the export's progress page."""

    def post(self, request, pk):
        from pmis.core.exporting import export_start

        program = program_for_performance(request.user, pk)
        job = export_start(
            owner=request.user,
            kind="program.completion.pdf",
            params={"program": program.pk},
            title=_("Completion report: %(program)s") % {"program": program},
        )
        return redirect("export-detail", pk=job.pk)


# --- the lessons log --------------------------------------------------------------------------------------------


class LessonForm(ServiceForm):
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), choices=Stage.choices)
    title = forms.CharField(label=gettext_lazy("Lesson"), max_length=300)
    went_well = forms.BooleanField(label=gettext_lazy("What went well"), required=False)
    situation = forms.CharField(label=gettext_lazy("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    recommendation = forms.CharField(
        label=gettext_lazy("Recommendation for future programs"), widget=forms.Textarea(attrs={"rows": 3})
    )

    LAYOUT = (
        (
            gettext_lazy("New lesson of the program"),
            (
                ("stage", "col-md-4"),
                ("title", "col-md-6"),
                ("went_well", "col-md-2"),
                ("situation", "col-md-6"),
                ("recommendation", "col-md-6"),
            ),
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class LessonsPage(LoginRequiredMixin, View):
    """The program's lessons and its projects' lessons in one list, filtered by stage and "went well"."""

    def get(self, request, pk, form=None, status=200):
        program = program_for_performance(request.user, pk)
        query = request.GET
        values = {
            "stage": query.get("stage") if query.get("stage") in Stage.values else "",
            "went_well": _flag(query.get("went_well")),
        }
        may_change = authorization.can(request.user, authorization.CHANGE, program)
        rows = lessons_log(
            request.user, program, stage=values["stage"] or None, went_well=values["went_well"]
        )
        return render(
            request,
            "programs/completion_lessons.html",
            {
                "program": program,
                "lessons": rows,
                "values": values,
                "stages": Stage.choices,
                "filtered": bool(values["stage"]) or values["went_well"] is not None,
                "may_change": may_change,
                "form": (form or LessonForm()) if may_change else None,
            },
            status=status,
        )

    def post(self, request, pk):
        program = program_for_performance(request.user, pk)
        if not authorization.can(request.user, authorization.CHANGE, program):
            raise PermissionDenied
        form = LessonForm(request.POST)
        if form.is_valid():
            try:
                program_lesson_create(actor=request.user, program=program, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The lesson is recorded."))
                return redirect("program-lessons", pk=program.pk)
        return self.get(request, pk, form=form, status=400)


class LessonDeleteView(LoginRequiredMixin, View):
    def post(self, request, pk, lesson_pk):
        program = program_for_performance(request.user, pk)
        lesson = program_lesson_get(request.user, program, lesson_pk, action=authorization.CHANGE)
        program_lesson_delete(actor=request.user, lesson=lesson)
        messages.success(request, _("The lesson is deleted."))
        return redirect("program-lessons", pk=program.pk)


# --- a project's performance facts ----------------------------------------------------------------------------


class PerformanceForm(ServiceForm):
    expectations = forms.ChoiceField(
        label=gettext_lazy("Stakeholders' expectations"), choices=Expectations.choices
    )
    expectations_note = forms.CharField(
        label=gettext_lazy("How they were assessed"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    actual_cost = forms.DecimalField(
        label=gettext_lazy("Actual cost, KZT"), max_digits=18, decimal_places=2, min_value=0, required=False
    )
    consultants_involved = forms.BooleanField(
        label=gettext_lazy("Professional project management consultants involved"), required=False
    )
    consultant = forms.CharField(label=gettext_lazy("Consultant (project organization)"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    LAYOUT = (
        (
            gettext_lazy("Performance"),
            (
                ("expectations", "col-md-4"),
                ("actual_cost", "col-md-4"),
                ("consultants_involved", "col-md-4"),
                ("expectations_note", "col-md-8"),
                ("consultant", "col-md-4"),
            ),
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


def _performance_initial(project) -> dict:
    performance = getattr(project, "performance", None)
    if performance is None:
        return {"expectations": Expectations.NOT_ASSESSED}
    return {
        "expectations": performance.expectations,
        "expectations_note": performance.expectations_note,
        "actual_cost": performance.actual_cost,
        "consultants_involved": performance.consultants_involved,
        "consultant": performance.consultant,
        "version": performance.version,
    }


class ProjectPerformancePage(LoginRequiredMixin, View):
    """The facts the ratios read about one project: dates, budget against actual cost, expectations,
    consultants; the form for the project manager and the project office."""

    def get(self, request, project_pk, form=None, status=200):
        project = project_for_performance(request.user, project_pk)
        may_change = authorization.can(request.user, authorization.CHANGE, project)
        if form is None and may_change:
            form = PerformanceForm(initial=_performance_initial(project))
        return render(
            request,
            "projects/performance_form.html",
            {
                "project": project,
                "performance": getattr(project, "performance", None),
                "form": form if may_change else None,
            },
            status=status,
        )

    def post(self, request, project_pk):
        project = project_for_performance(request.user, project_pk)
        if not authorization.can(request.user, authorization.CHANGE, project):
            raise PermissionDenied
        form = PerformanceForm(request.POST)
        if form.is_valid():
            try:
                performance_update(actor=request.user, project=project, **form.cleaned_data)
            except StaleVersion as stale:
                form.add_error(None, str(stale))
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The project's performance is recorded."))
                return redirect("project-performance", project_pk=project.pk)
        return self.get(request, project_pk, form=form, status=400)


# --- a person's certificates ----------------------------------------------------------------------------------


class CertificationForm(ServiceForm):
    kind = forms.ChoiceField(label=gettext_lazy("Certificate"), choices=CertificateKind.choices)
    number = forms.CharField(label=gettext_lazy("Number"), max_length=100, required=False)
    issued_on = forms.DateField(label=gettext_lazy("Issued on"), widget=DateInput)
    valid_until = forms.DateField(label=gettext_lazy("Valid until"), widget=DateInput, required=False)

    LAYOUT = (
        (
            gettext_lazy("New certificate"),
            (
                ("kind", "col-md-4"),
                ("number", "col-md-3"),
                ("issued_on", "col-md-2"),
                ("valid_until", "col-md-3"),
            ),
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class CertificationsPage(LoginRequiredMixin, View):
    """A person's certificates in project management; the person (or the Office) adds and removes them."""

    def get(self, request, person_pk, form=None, status=200):
        person = person_or_404(person_pk)
        may_keep = may_keep_certificates(request.user, person)
        return render(
            request,
            "org/certifications.html",
            {
                "person": person,
                "certifications": list(certification_list(request.user, person=person)),
                "may_keep": may_keep,
                "form": (form or CertificationForm()) if may_keep else None,
            },
            status=status,
        )

    def post(self, request, person_pk):
        person = person_or_404(person_pk)
        if not may_keep_certificates(request.user, person):
            raise PermissionDenied
        form = CertificationForm(request.POST)
        if form.is_valid():
            try:
                certification_add(actor=request.user, person=person, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The certificate is recorded."))
                return redirect("person-certifications", person_pk=person.pk)
        return self.get(request, person_pk, form=form, status=400)


class CertificationDeleteView(LoginRequiredMixin, View):
    def post(self, request, person_pk, pk):
        person = person_or_404(person_pk)
        certification = get_object_or_404(Certification, pk=pk, person=person)
        certification_delete(actor=request.user, certification=certification)
        messages.success(request, _("The certificate is deleted."))
        return redirect("person-certifications", person_pk=person.pk)


urlpatterns = [
    path("programs/<int:pk>/performance/", RatiosPage.as_view(), name="program-ratios"),
    path("programs/<int:pk>/completion/", CompletionPage.as_view(), name="program-completion"),
    path(
        "programs/<int:pk>/completion/issue/",
        CompletionActionView.as_view(action="issue"),
        name="program-completion-issue",
    ),
    path(
        "programs/<int:pk>/completion/reopen/",
        CompletionActionView.as_view(action="reopen"),
        name="program-completion-reopen",
    ),
    path("programs/<int:pk>/completion/pdf/", CompletionPdfView.as_view(), name="program-completion-pdf"),
    path("programs/<int:pk>/lessons/", LessonsPage.as_view(), name="program-lessons"),
    path(
        "programs/<int:pk>/lessons/<int:lesson_pk>/delete/",
        LessonDeleteView.as_view(),
        name="program-lesson-delete",
    ),
    path(
        "programs/projects/<int:project_pk>/performance/",
        ProjectPerformancePage.as_view(),
        name="project-performance",
    ),
    path(
        "programs/people/<int:person_pk>/certifications/",
        CertificationsPage.as_view(),
        name="person-certifications",
    ),
    path(
        "programs/people/<int:person_pk>/certifications/<int:pk>/delete/",
        CertificationDeleteView.as_view(),
        name="person-certification-delete",
    ),
]
