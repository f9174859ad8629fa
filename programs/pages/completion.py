"""The program completion report (Rules p.63, p.100, p.102): the draft, its issue and reopening, its PDF.

Reads go through ``programs.completion_selectors``, writes through ``programs.completion_services`` (which decide
the powers). Not visible: 404; visible but not allowed: 403; a broken rule or a stale version: the page again
with the reason.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from org.forms import ServiceForm
from pmis.core import authorization
from pmis.core.concurrency import StaleVersion
from pmis.core.page_input import error_messages, int_or_none

from ..choices import ReportStatus
from ..completion_selectors import (
    completion_report_of,
    present_figures,
    program_for_performance,
)
from ..completion_services import (
    completion_report_issue,
    completion_report_reopen,
    completion_report_update,
    completion_snapshot,
    role_holders,
)


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


urlpatterns = [
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
]
