"""Pages of project assignments (Rules p.81) under ``/projects/<pk>/assignments/``.

- the list of a project's assignments (the project's readers): status, addressee, appoint-by (red when late),
  due date, executors;
- the form that drafts or edits one ("change" on the project: the project manager);
- the detail page with the actions the reader may take (send / appoint / report / cancel) and the comments. The
  addressee head and the executors see it without any role on the project: for them it is drawn without the
  workspace tabs, which would lead to pages closed to them, and shows nothing of the project but its name.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views import View

from pmis.core import authorization
from pmis.core.concurrency import StaleVersion

from ..assignment_forms import AppointForm, AssignmentForm, CancelForm, ReportForm
from ..choices import AssignmentStatus
from ..selectors.assignments import assignment_get, assignment_list
from ..services import assignments as services
from .base import WorkspacePage

FIELDS = ("title", "description", "addressee_body", "addressee_unit", "addressee_head", "way", "due_on")


class AssignmentListPage(WorkspacePage):
    tab = "assignments"
    template_name = "projects/assignments.html"

    def get(self, request, pk):
        project = self.get_project()
        rows = list(assignment_list(request.user, project=project))
        return self.render_page(project, {"assignments": rows})


class AssignmentFormPage(WorkspacePage):
    """Draft a new assignment, or edit a draft. Choosing another state body reloads the form (no JavaScript
    needed: the "Reload" button), so the unit and head lists hold that body's units and people."""

    tab = "assignments"
    template_name = "projects/assignment_form.html"

    def _load(self, project):
        if "aid" not in self.kwargs:
            return None
        assignment = assignment_get(self.request.user, self.kwargs["aid"], project=project)
        if assignment.status != AssignmentStatus.DRAFT:
            raise Http404  # only drafts have an edit form; the detail page says why
        return assignment

    def _page(self, project, assignment, form, status=200):
        return self.render_page(project, {"assignment": assignment, "form": form}, status=status)

    def get(self, request, pk, aid=None):
        project = self.get_project(authorization.CHANGE)
        assignment = self._load(project)
        initial = {name: getattr(assignment, name) for name in FIELDS} if assignment else {}
        return self._page(project, assignment, AssignmentForm(initial=initial))

    def post(self, request, pk, aid=None):
        project = self.get_project(authorization.CHANGE)
        assignment = self._load(project)
        if "reload" in request.POST:  # another state body chosen: redraw with its units and people
            return self._page(project, assignment, AssignmentForm(initial=request.POST.dict()))
        form = AssignmentForm(request.POST)
        if not form.is_valid():
            return self._page(project, assignment, form, status=400)
        try:
            if assignment is None:
                assignment = services.assignment_create(
                    actor=request.user, project=project, **form.cleaned_data
                )
            else:
                assignment = services.assignment_update(
                    actor=request.user,
                    assignment=assignment,
                    version=_version(request),
                    **form.cleaned_data,
                )
        except StaleVersion:
            form.add_error(None, _stale_message())
            return self._page(project, assignment, form, status=409)
        except ValidationError as error:
            form.add_service_errors(error)
            return self._page(project, assignment, form, status=400)
        return redirect("project-assignment", project.pk, assignment.pk)


def _version(request) -> int | None:
    try:
        return int(request.POST["version"])
    except (KeyError, ValueError):
        return None


def _stale_message() -> str:
    from django.utils.translation import gettext

    return gettext("Someone changed this assignment meanwhile; reload the page to see it as it is now.")


class AssignmentDetailPage(LoginRequiredMixin, View):
    """One assignment and what the reader may do with it; POST ``…/<action>/`` performs an action."""

    ACTIONS = {
        "send": (None, services.assignment_send),
        "appoint": (AppointForm, services.assignment_appoint),
        "report": (ReportForm, services.assignment_report),
        "cancel": (CancelForm, services.assignment_cancel),
    }

    def _load(self):
        user = self.request.user
        assignment = assignment_get(user, self.kwargs["aid"])
        if assignment.project_id != self.kwargs["pk"]:
            raise Http404
        return assignment

    def _powers(self, assignment) -> dict[str, bool]:
        user = self.request.user
        project = assignment.project
        status = assignment.status
        change = authorization.can(user, authorization.CHANGE, project)
        is_executor = any(person.pk == user.pk for person in assignment.executors.all())
        return {
            "edit": status == AssignmentStatus.DRAFT and change,
            "send": status == AssignmentStatus.DRAFT
            and authorization.can(user, authorization.APPROVE, project),
            "appoint": status in services.OPEN and (assignment.addressee_head_id == user.pk or change),
            "report": status == AssignmentStatus.APPOINTED and (is_executor or change),
            "cancel": status not in (AssignmentStatus.DONE, AssignmentStatus.CANCELLED) and change,
        }

    def _render(self, assignment, forms=None, status=200):
        user = self.request.user
        project = assignment.project
        in_workspace = authorization.can(user, authorization.VIEW, project)
        forms = forms or {}
        powers = self._powers(assignment)
        context = {
            "assignment": assignment,
            "a": assignment,
            "project": project,
            "node": project,
            "tab": "assignments",
            "in_workspace": in_workspace,
            "base_template": "projects/workspace_base.html"
            if in_workspace
            else "projects/assignment_outside.html",
            "can": powers,
            "appoint_form": forms.get("appoint")
            or (
                AppointForm(
                    body=assignment.addressee_body,
                    initial={
                        "way": assignment.way,
                        "executors": [person.pk for person in assignment.executors.all()],
                    },
                )
                if powers["appoint"]
                else None
            ),
            "report_form": forms.get("report") or (ReportForm() if powers["report"] else None),
            "cancel_form": forms.get("cancel") or (CancelForm() if powers["cancel"] else None),
            "send_errors": forms.get("send_errors"),
            "today": timezone.localdate(),
        }
        if in_workspace:
            context["may"] = {
                action: authorization.can(user, action, project)
                for action in (
                    authorization.CONTRIBUTE,
                    authorization.CHANGE,
                    authorization.APPROVE,
                    authorization.DELETE,
                )
            }
        return render(self.request, "projects/assignment_detail.html", context, status=status)

    def get(self, request, pk, aid):
        return self._render(self._load())

    def post(self, request, pk, aid, action):
        if action not in self.ACTIONS:
            raise Http404
        assignment = self._load()
        form_class, service = self.ACTIONS[action]
        arguments = {"actor": request.user, "assignment": assignment, "version": _version(request)}
        form = None
        if form_class is not None:
            extra = {"body": assignment.addressee_body} if form_class is AppointForm else {}
            form = form_class(request.POST, **extra)
            if not form.is_valid():
                # A refusal of the power comes before the data's faults: the service says 403 first.
                if not self._powers(assignment)[action]:
                    raise PermissionDenied
                return self._render(assignment, {action: form}, status=400)
            arguments.update(form.cleaned_data)
        try:
            service(**arguments)
        except StaleVersion:
            return self._error(assignment, action, form, _stale_message(), status=409)
        except ValidationError as error:
            return self._error(assignment, action, form, error, status=400)
        return redirect("project-assignment", pk, aid)

    def _error(self, assignment, action, form, error, *, status):
        fresh = self._load()
        if form is None:
            messages = error.messages if isinstance(error, ValidationError) else [error]
            return self._render(fresh, {"send_errors": messages}, status=status)
        if isinstance(error, ValidationError):
            form.add_service_errors(error)
        else:
            form.add_error(None, error)
        return self._render(fresh, {action: form}, status=status)


urlpatterns = [
    path("projects/<int:pk>/assignments/", AssignmentListPage.as_view(), name="project-assignments"),
    path("projects/<int:pk>/assignments/new/", AssignmentFormPage.as_view(), name="project-assignment-new"),
    path(
        "projects/<int:pk>/assignments/<int:aid>/", AssignmentDetailPage.as_view(), name="project-assignment"
    ),
    path(
        "projects/<int:pk>/assignments/<int:aid>/edit/",
        AssignmentFormPage.as_view(),
        name="project-assignment-edit",
    ),
    path(
        "projects/<int:pk>/assignments/<int:aid>/<str:action>/",
        AssignmentDetailPage.as_view(),
        name="project-assignment-action",
    ),
]
