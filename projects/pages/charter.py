"""The charter page of a project (Rules p.2(30), p.77, p.78) with its stage stepper (p.9, p.91), and the forms
that change the charter, its budget lines and milestones, the Office's requirements, its approval and the stage.

Reading needs "view" on the project (404 otherwise); the text, budget, schedule and stage need "change", the
approval "approve", marking a milestone reached "contribute", the Office's requirements "change" on the Office
(403 otherwise). A service's ValidationError re-renders the page or form with the message (400).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pmis.core import authorization
from pmis.core.concurrency import StaleVersion

from ..charter_forms import CharterForm, FundingLineForm, MilestoneForm, RequirementsForm, StageForm
from ..selectors.charter import charter_of, charter_page, funding_line_list, may_change_office, milestone_list
from ..services import charter as services
from ..services.lifecycle import project_advance
from .base import WorkspacePage


def _charter_url(project) -> str:
    return reverse("project-charter", args=[project.pk])


class CharterView(WorkspacePage):
    """``/projects/<pk>/charter/``: the charter, its budget table, milestones, roles and the stage stepper."""

    tab = "charter"
    template_name = "projects/charter.html"

    def page(self, project, *, errors: list[str] | None = None, status: int = 200):
        return self.render_page(
            project,
            {"page": charter_page(self.request.user, project), "errors": errors or []},
            status=status,
        )

    def get(self, request, pk):
        return self.page(self.get_project())


class CharterAction(CharterView):
    """A button on the charter page (POST): on a refusal the page comes back with the message, status 400."""

    action = authorization.CHANGE

    def post(self, request, pk, **kwargs):
        project = self.get_project(self.action)
        try:
            message = self.perform(project)
        except ValidationError as error:
            return self.page(project, errors=error.messages, status=400)
        messages.success(request, message)
        return redirect(_charter_url(project))

    def get(self, request, pk, **kwargs):
        return redirect(_charter_url(self.get_project()))


class CharterApproveView(CharterAction):
    """``POST /projects/<pk>/charter/approve/``: the sponsor (or whoever may approve) approves the charter."""

    action = authorization.APPROVE

    def perform(self, project) -> str:
        services.charter_approve(actor=self.request.user, project=project)
        return _("The charter is approved.")


class CharterRequirementsView(CharterAction):
    """``POST /projects/<pk>/charter/requirements/``: the Office's requirements (Rules p.78(5, 6))."""

    action = authorization.VIEW

    def perform(self, project) -> str:
        if not may_change_office(self.request.user):
            raise PermissionDenied
        form = RequirementsForm(self.request.POST)
        form.is_valid()  # two check boxes: always valid
        services.charter_set_requirements(actor=self.request.user, project=project, **form.cleaned_data)
        return _("The Office's requirements are saved.")


class StageView(CharterAction):
    """``POST /projects/<pk>/stage/``: move the project to the next stage, or back one with a reason."""

    def perform(self, project) -> str:
        form = StageForm(self.request.POST)
        if not form.is_valid():
            raise ValidationError(_("Choose a stage."))
        project = project_advance(
            actor=self.request.user,
            project=project,
            to_stage=form.cleaned_data["stage"],
            reason=form.cleaned_data["reason"],
        )
        return _("The project is now at the stage “%(stage)s”.") % {"stage": project.get_stage_display()}


class MilestoneReachedView(CharterAction):
    """``POST /projects/<pk>/charter/milestones/<id>/reached/``: mark reached today, or not reached."""

    action = authorization.CONTRIBUTE

    def perform(self, project) -> str:
        milestone = get_object_or_404(
            milestone_list(self.request.user), project=project, pk=self.kwargs["item"]
        )
        reached = self.request.POST.get("reached") == "1"
        services.milestone_set_reached(
            actor=self.request.user, milestone=milestone, done_on=timezone.localdate() if reached else None
        )
        if reached:
            return _("“%(title)s” is reached.") % {"title": milestone.title}
        return _("“%(title)s” is marked as not reached.") % {"title": milestone.title}


# --- the forms on their own pages --------------------------------------------------------------------------------


class CharterFormPage(WorkspacePage):
    """A form page of the charter; subclasses name the form, its initial values and the service call."""

    tab = "charter"
    template_name = "projects/charter_form.html"
    title = ""

    def get_object(self, project):
        return None

    def handle(self, request, pk):
        project = self.get_project(authorization.CHANGE)
        obj = self.get_object(project)
        form = self.make_form(project, obj, request.POST if request.method == "POST" else None)
        status = 200
        conflict = ""
        if request.method == "POST":
            if form.is_valid():
                try:
                    message = self.save(project, obj, form)
                except StaleVersion as error:
                    form = self.make_form(
                        project, error.current, None
                    )  # the current text, to start again from
                    conflict = str(error) + " " + _("The form now shows the current text.")
                    status = 409
                except ValidationError as error:
                    form.add_service_errors(error)
                    status = 400
                else:
                    messages.success(request, message)
                    return redirect(_charter_url(project))
            else:
                status = 400
        return self.render_page(
            project,
            {
                "form": form,
                "title": self.title_of(obj),
                "cancel_url": _charter_url(project),
                "object": obj,
                "conflict": conflict,
            },
            status=status,
        )

    def title_of(self, obj) -> str:
        return self.title

    def get(self, request, pk, **kwargs):
        return self.handle(request, pk)

    def post(self, request, pk, **kwargs):
        return self.handle(request, pk)


class CharterEditView(CharterFormPage):
    """``/projects/<pk>/charter/edit/``: content, results, stakeholders."""

    def get_object(self, project):
        return charter_of(project)

    def make_form(self, project, charter, data):
        initial = {name: getattr(charter, name) for name in services.CHARTER_FIELDS}
        initial["version"] = charter.version
        return CharterForm(data, initial=initial)

    def title_of(self, obj) -> str:
        return _("Edit the charter")

    def save(self, project, charter, form) -> str:
        services.charter_update(actor=self.request.user, project=project, **form.service_kwargs())
        return _("The charter is saved.")


class FundingLineFormView(CharterFormPage):
    """``/projects/<pk>/charter/funding/new/`` and ``…/funding/<id>/edit/``."""

    def get_object(self, project):
        if "item" not in self.kwargs:
            return None
        return get_object_or_404(
            funding_line_list(self.request.user), project=project, pk=self.kwargs["item"]
        )

    def make_form(self, project, line, data):
        initial = {name: getattr(line, name) for name in services.FUNDING_FIELDS} if line else {}
        if line is None and project.planned_start:
            initial["year"] = max(project.planned_start.year, timezone.localdate().year)
        return FundingLineForm(data, initial=initial)

    def title_of(self, obj) -> str:
        return _("Edit the budget line") if obj else _("New budget line")

    def save(self, project, line, form) -> str:
        if line is None:
            services.funding_line_create(actor=self.request.user, project=project, **form.service_kwargs())
        else:
            services.funding_line_update(actor=self.request.user, line=line, **form.service_kwargs())
        return _("The budget line is saved.")


class MilestoneFormView(CharterFormPage):
    """``/projects/<pk>/charter/milestones/new/`` and ``…/milestones/<id>/edit/``."""

    def get_object(self, project):
        if "item" not in self.kwargs:
            return None
        return get_object_or_404(milestone_list(self.request.user), project=project, pk=self.kwargs["item"])

    def make_form(self, project, milestone, data):
        initial = {name: getattr(milestone, name) for name in services.MILESTONE_FIELDS} if milestone else {}
        return MilestoneForm(data, initial=initial)

    def title_of(self, obj) -> str:
        return _("Edit the milestone") if obj else _("New milestone")

    def save(self, project, milestone, form) -> str:
        if milestone is None:
            services.milestone_create(actor=self.request.user, project=project, **form.service_kwargs())
        else:
            services.milestone_update(actor=self.request.user, milestone=milestone, **form.service_kwargs())
        return _("The milestone is saved.")


class FundingLineDeleteView(CharterAction):
    def perform(self, project) -> str:
        line = get_object_or_404(
            funding_line_list(self.request.user), project=project, pk=self.kwargs["item"]
        )
        services.funding_line_delete(actor=self.request.user, line=line)
        return _("The budget line is deleted.")


class MilestoneDeleteView(CharterAction):
    def perform(self, project) -> str:
        milestone = get_object_or_404(
            milestone_list(self.request.user), project=project, pk=self.kwargs["item"]
        )
        services.milestone_delete(actor=self.request.user, milestone=milestone)
        return _("The milestone is deleted.")


urlpatterns = [
    path("projects/<int:pk>/charter/", CharterView.as_view(), name="project-charter"),
    path("projects/<int:pk>/charter/edit/", CharterEditView.as_view(), name="project-charter-edit"),
    path("projects/<int:pk>/charter/approve/", CharterApproveView.as_view(), name="project-charter-approve"),
    path(
        "projects/<int:pk>/charter/requirements/",
        CharterRequirementsView.as_view(),
        name="project-charter-requirements",
    ),
    path("projects/<int:pk>/stage/", StageView.as_view(), name="project-stage"),
    path(
        "projects/<int:pk>/charter/funding/new/", FundingLineFormView.as_view(), name="project-funding-create"
    ),
    path(
        "projects/<int:pk>/charter/funding/<int:item>/edit/",
        FundingLineFormView.as_view(),
        name="project-funding-edit",
    ),
    path(
        "projects/<int:pk>/charter/funding/<int:item>/delete/",
        FundingLineDeleteView.as_view(),
        name="project-funding-delete",
    ),
    path(
        "projects/<int:pk>/charter/milestones/new/",
        MilestoneFormView.as_view(),
        name="project-milestone-create",
    ),
    path(
        "projects/<int:pk>/charter/milestones/<int:item>/edit/",
        MilestoneFormView.as_view(),
        name="project-milestone-edit",
    ),
    path(
        "projects/<int:pk>/charter/milestones/<int:item>/delete/",
        MilestoneDeleteView.as_view(),
        name="project-milestone-delete",
    ),
    path(
        "projects/<int:pk>/charter/milestones/<int:item>/reached/",
        MilestoneReachedView.as_view(),
        name="project-milestone-reached",
    ),
]
