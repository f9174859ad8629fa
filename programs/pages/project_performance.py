"""A project's performance facts, which the program's ratios read (Rules p.64): stakeholders' expectations,
actual cost, consultants. Writes go through ``projects.services.performance``.
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
from projects.choices import Expectations
from projects.services.performance import performance_update

from ..completion_selectors import (
    project_for_performance,
)


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


urlpatterns = [
    path(
        "programs/projects/<int:project_pk>/performance/",
        ProjectPerformancePage.as_view(),
        name="project-performance",
    ),
]
