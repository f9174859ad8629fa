"""Pages of the units' quarterly information (OP Rules p.11–14).

- ``op-submission-list`` ``<plan>/submissions/?quarter=``: who has submitted on the quarter (the monitoring
  unit's view of every unit: late flags, the deadline; a unit's view of its own, with "Fill in" / "Open");
- ``op-submission-open`` (POST unit, quarter): opens the unit's information (pre-filled) and goes to it;
- ``op-submission-detail`` ``<plan>/submissions/<pk>/``: the rows as one form in the form's order; POST saves it
  (``action=save``) or saves and submits it (``action=submit``, the head, with the confirmation of p.14);
- ``op-submission-return`` (POST reason): the monitoring unit returns it for correction;
- ``op-submission-refresh`` (POST): suggest again from the linked work.

Reads go through ``operational_plans.selectors.submissions``, writes through ``services.submissions``, which decide
the powers. Not visible: 404; visible but not allowed: 403; a broken rule or a stale version: the page again with
the reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from org.models import Unit
from pmis.core.concurrency import StaleVersion
from pmis.core.page_input import error_messages, int_or_none

from ..choices import QUARTERS, ExecutionStatus
from ..selectors.plans import plan_get
from ..selectors.submissions import (
    default_quarter,
    may_open,
    submission_get,
    submission_overview,
    submission_page,
)
from ..services.submissions import (
    submission_open,
    submission_refresh,
    submission_return,
    submission_save,
    submission_submit,
)


class SubmissionListPage(LoginRequiredMixin, View):
    """Who has submitted on the quarter: each unit the person may see, its head, activities, state, deadline."""

    def get(self, request, plan_pk):
        plan = plan_get(request.user, plan_pk)
        today = timezone.localdate()
        quarter = int_or_none(request.GET.get("quarter"))
        if quarter not in QUARTERS:
            quarter = default_quarter(plan, today)
        rows = submission_overview(request.user, plan, quarter, today=today)
        for row in rows:
            row.may_open = may_open(request.user, plan, row.unit, quarter)
        return render(
            request,
            "operational_plans/submission_list.html",
            {
                "plan": plan,
                "quarter": quarter,
                "quarters": QUARTERS,
                "rows": rows,
                "deadline": rows[0].deadline if rows else None,
                "waiting": sum(1 for row in rows if row.state not in ("submitted", "submitted_late")),
                "late": sum(1 for row in rows if row.late),
                "today": today,
            },
        )


class SubmissionOpenView(LoginRequiredMixin, View):
    """POST unit, quarter: open the unit's information (pre-filled from the linked work) and go to it."""

    def post(self, request, plan_pk):
        plan = plan_get(request.user, plan_pk)
        quarter = int_or_none(request.POST.get("quarter"))
        unit = get_object_or_404(Unit, pk=int_or_none(request.POST.get("unit")) or 0, body_id=plan.body_id)
        try:
            submission = submission_open(actor=request.user, plan=plan, unit=unit, quarter=quarter or 0)
        except ValidationError as error:
            error_messages(request, error)
            return redirect(f"{reverse('op-submission-list', args=[plan.pk])}?quarter={quarter or ''}")
        return redirect(submission.get_absolute_url())


def _rows_from(data, page) -> list[dict]:
    rows = []
    for row in page.rows:
        prefix = f"row-{row.activity_id}-"
        values = {"activity": row.activity_id}
        for field, name in (("status", "status"), ("actual", "actual_execution"), ("reasons", "reasons")):
            if prefix + field in data:
                values[name] = data.get(prefix + field, "")
        if len(values) > 1:
            rows.append(values)
    return rows


class SubmissionDetailPage(LoginRequiredMixin, View):
    """The unit's information as one form; POST saves it, or saves and submits it (the head)."""

    def get(self, request, plan_pk, pk):
        plan = plan_get(request.user, plan_pk)
        submission = submission_get(request.user, plan, pk)
        return render(request, "operational_plans/submission_detail.html", _context(request, submission))

    def post(self, request, plan_pk, pk):
        plan = plan_get(request.user, plan_pk)
        submission = submission_get(request.user, plan, pk)
        page = submission_page(request.user, submission)
        submitting = request.POST.get("action") == "submit"
        if not (page.may_submit if submitting else page.may_edit):
            if page.locked or page.submission.status not in ("draft", "returned"):
                messages.error(request, _("The information can no longer be changed."))
                return redirect(submission.get_absolute_url())
            raise PermissionDenied
        if submitting and not request.POST.get("confirm"):
            messages.error(
                request,
                _(
                    "Confirm the accuracy, completeness and timeliness of the information to submit it (OP Rules p.14)."
                ),
            )
            return redirect(submission.get_absolute_url())
        try:
            saved = submission_save(
                actor=request.user,
                submission=submission,
                rows=_rows_from(request.POST, page),
                version=int_or_none(request.POST.get("version")),
            )
            if submitting:
                submitted = submission_submit(actor=request.user, submission=saved, version=saved.version)
                if submitted.late:
                    messages.warning(request, _("The information is submitted, after its deadline."))
                else:
                    messages.success(request, _("The information is submitted."))
            else:
                messages.success(request, _("The information is saved."))
        except StaleVersion as stale:
            messages.error(request, str(stale))
        except ValidationError as error:
            error_messages(request, error)
        return redirect(submission.get_absolute_url())


def _context(request, submission) -> dict:
    page = submission_page(request.user, submission)
    return {
        "plan": submission.plan,
        "submission": submission,
        "page": page,
        "statuses": ExecutionStatus.choices,
    }


class SubmissionActionView(LoginRequiredMixin, View):
    """POST only: return (the monitoring unit, with a reason) or refresh (suggest again); back to the page."""

    action = ""

    def post(self, request, plan_pk, pk):
        plan = plan_get(request.user, plan_pk)
        submission = submission_get(request.user, plan, pk)
        version = int_or_none(request.POST.get("version"))
        try:
            if self.action == "return":
                submission_return(
                    actor=request.user,
                    submission=submission,
                    reason=request.POST.get("reason", ""),
                    version=version,
                )
                messages.success(request, _("The information is returned for correction."))
            else:
                submission_refresh(actor=request.user, submission=submission, version=version)
                messages.success(request, _("The suggestions of the linked work are updated."))
        except StaleVersion as stale:
            messages.error(request, str(stale))
        except ValidationError as error:
            error_messages(request, error)
        return redirect(submission.get_absolute_url())


urlpatterns = [
    path("<int:plan_pk>/submissions/", SubmissionListPage.as_view(), name="op-submission-list"),
    path("<int:plan_pk>/submissions/open/", SubmissionOpenView.as_view(), name="op-submission-open"),
    path("<int:plan_pk>/submissions/<int:pk>/", SubmissionDetailPage.as_view(), name="op-submission-detail"),
    path(
        "<int:plan_pk>/submissions/<int:pk>/return/",
        SubmissionActionView.as_view(action="return"),
        name="op-submission-return",
    ),
    path(
        "<int:plan_pk>/submissions/<int:pk>/refresh/",
        SubmissionActionView.as_view(action="refresh"),
        name="op-submission-refresh",
    ),
]
