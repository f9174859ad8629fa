"""Pages of change requests and the change log (Rules p.78(6)): the requests by status with their impact and
the project's change log, one request with its decision panel, and the forms to draft and edit a request.

Reads go through ``projects.selectors.changes``, writes through ``projects.services.changes``, which decide the
powers: the team drafts and submits, those who approve on the project decide (not the project manager), the
project manager marks an approved change implemented. A refused step re-renders the page with the reason (400).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _

from pmis.core import authorization
from pmis.core.concurrency import StaleVersion
from pmis.core.node_views import history_entries

from ..choices import ChangeStatus
from ..register_forms import ChangeRequestForm, DecisionForm
from ..selectors.changes import change_log_list, change_request_get, change_request_list
from ..services import changes as services
from .base import WorkspacePage


class ChangesPage(WorkspacePage):
    """The project's change requests grouped by status, with counts and the net impact of the approved and
    implemented ones, and the change log, newest first (two queries whatever the number of rows)."""

    tab = "changes"
    template_name = "projects/changes.html"

    def get(self, request, pk):
        project = self.get_project()
        changes = list(change_request_list(request.user, project=project))
        groups = []
        for status, label in ChangeStatus.choices:
            rows = [change for change in changes if change.status == status]
            groups.append({"status": status, "label": label, "rows": rows})
        accepted = [c for c in changes if c.status in (ChangeStatus.APPROVED, ChangeStatus.IMPLEMENTED)]
        return self.render_page(
            project,
            {
                "groups": groups,
                "total": len(changes),
                "impact_days": sum(c.impact_days or 0 for c in accepted),
                "impact_budget": sum((c.impact_budget or 0) for c in accepted),
                "waiting": sum(1 for c in changes if c.status == ChangeStatus.SUBMITTED),
                "log": list(change_log_list(request.user, project=project)),
            },
        )


class ChangeFormPage(WorkspacePage):
    """Draft a change request (no `change_pk`) or edit a draft; refusals re-render the form (400, 409 stale)."""

    tab = "changes"
    template_name = "projects/change_form.html"

    def _change(self, project):
        if "change_pk" not in self.kwargs:
            return None
        return change_request_get(
            self.request.user, self.kwargs["change_pk"], project=project, action=authorization.CONTRIBUTE
        )

    def _page(self, project, form, change, status=200):
        return self.render_page(project, {"form": form, "change": change}, status=status)

    def get(self, request, pk, change_pk=None):
        project = self.get_project(authorization.CONTRIBUTE)
        change = self._change(project)
        return self._page(project, ChangeRequestForm(change=change), change)

    def post(self, request, pk, change_pk=None):
        project = self.get_project(authorization.CONTRIBUTE)
        change = self._change(project)
        form = ChangeRequestForm(request.POST, change=change)
        if not form.is_valid():
            return self._page(project, form, change, status=400)
        try:
            if change is None:
                change = services.change_request_create(
                    actor=request.user, project=project, **form.service_kwargs()
                )
                messages.success(
                    request, _("Change request CR-%(number)s drafted.") % {"number": change.number}
                )
            else:
                change = services.change_request_update(
                    actor=request.user,
                    change_request=change,
                    version=form.cleaned_data["version"],
                    **form.service_kwargs(),
                )
                messages.success(
                    request, _("Change request CR-%(number)s saved.") % {"number": change.number}
                )
        except StaleVersion as stale:
            form.add_error(None, str(stale))
            return self._page(project, form, change, status=409)
        except ValidationError as error:
            form.add_service_errors(error)
            return self._page(project, form, change, status=400)
        return redirect("project-change-detail", project.pk, change.pk)


class ChangeDetailPage(WorkspacePage):
    """One change request: what, why, impact, its way so far, the decision panel for those who may approve, the
    actions of its status, its lines of the change log, history and comments."""

    tab = "changes"
    template_name = "projects/change_detail.html"

    def page(self, project, change, *, decision_form=None, errors=(), status=200):
        user = self.request.user
        log = list(change_log_list(user, project=project).filter(change_request=change))
        return self.render_page(
            project,
            {
                "change": change,
                "log": log,
                "history": history_entries(change),
                "decision_form": decision_form or DecisionForm(),
                "errors": list(errors),
                "is_draft": change.status == ChangeStatus.DRAFT,
                "may_decide": change.status == ChangeStatus.SUBMITTED
                and authorization.can(user, authorization.APPROVE, change),
                "may_delete_draft": change.status == ChangeStatus.DRAFT
                and services.change_request_may_delete(user, change),
            },
            status=status,
        )

    def get(self, request, pk, change_pk):
        project = self.get_project()
        return self.page(project, change_request_get(request.user, change_pk, project=project))


class ChangeActionPage(ChangeDetailPage):
    """POST one step of a request's way: ``submit``, ``decide``, ``implement`` or ``delete``."""

    http_method_names = ["post"]

    def post(self, request, pk, change_pk, step):
        project = self.get_project()
        change = change_request_get(request.user, change_pk, project=project)
        decision_form = None
        try:
            if step == "submit":
                services.change_request_submit(actor=request.user, change_request=change)
                messages.success(request, _("Submitted for decision; the approvers have been notified."))
            elif step == "decide":
                decision_form = DecisionForm(request.POST)
                if not decision_form.is_valid():
                    return self.page(project, change, decision_form=decision_form, status=400)
                approve = decision_form.cleaned_data["decision"] == "approve"
                services.change_request_decide(
                    actor=request.user,
                    change_request=change,
                    approve=approve,
                    note=decision_form.cleaned_data["note"],
                )
                messages.success(
                    request, _("Change request approved.") if approve else _("Change request rejected.")
                )
            elif step == "implement":
                services.change_request_implement(
                    actor=request.user, change_request=change, note=request.POST.get("note", "")
                )
                messages.success(
                    request,
                    _(
                        "Marked implemented. Change the charter's dates, budget and content accordingly if not done yet."
                    ),
                )
            elif step == "delete":
                services.change_request_delete(actor=request.user, change_request=change)
                messages.success(request, _("The draft has been deleted."))
                return redirect("project-changes", project.pk)
            else:
                raise Http404
        except ValidationError as error:
            if decision_form is not None:  # beside the note it concerns
                decision_form.add_service_errors(error)
                return self.page(project, change, decision_form=decision_form, status=400)
            return self.page(project, change, errors=error.messages, status=400)
        return redirect("project-change-detail", project.pk, change.pk)


urlpatterns = [
    path("projects/<int:pk>/changes/", ChangesPage.as_view(), name="project-changes"),
    path("projects/<int:pk>/changes/new/", ChangeFormPage.as_view(), name="project-change-create"),
    path(
        "projects/<int:pk>/changes/<int:change_pk>/", ChangeDetailPage.as_view(), name="project-change-detail"
    ),
    path(
        "projects/<int:pk>/changes/<int:change_pk>/edit/",
        ChangeFormPage.as_view(),
        name="project-change-edit",
    ),
    path(
        "projects/<int:pk>/changes/<int:change_pk>/<slug:step>/",
        ChangeActionPage.as_view(),
        name="project-change-action",
    ),
]
