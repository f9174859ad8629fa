"""Pages of the decision register (Rules p.45): the register across meetings, one outcome with its report and
history, and the person's own open outcomes.

Reads go through ``scrum.selectors.decisions``, writes through ``scrum.services.decisions`` (which decide the
powers: the owner or whoever runs the meeting reports, only the meeting's people cancel). Not visible: 404;
visible but not allowed: 403; a broken rule or a stale version: the page again with the reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views import View

from governance.selectors.bodies import body_list
from org.models import Person
from pmis.core import authorization
from pmis.core.concurrency import StaleVersion
from pmis.core.node_views import history_entries
from pmis.core.page_input import error_messages, flag_or_none, int_or_none

from ..choices import DecisionStatus, Level, OutcomeKind
from ..selectors.decisions import decision_get, decision_list, is_overdue, may_cancel, my_decisions
from ..selectors.schedules import with_nodes
from ..services.decisions import decision_cancel, decision_reopen, decision_report

PAGE_SIZE = 50


class DecisionListPage(LoginRequiredMixin, View):
    """The register: search and filters by status, owner, kind, overdue and binding; one query for the rows."""

    def get(self, request):
        query = request.GET
        values = {
            "q": (query.get("q") or "").strip()[:100],
            "status": query.get("status") if query.get("status") in DecisionStatus.values else "",
            "owner": int_or_none(query.get("owner")),
            "kind": query.get("kind") if query.get("kind") in OutcomeKind.values else "",
            "overdue": flag_or_none(query.get("overdue")),
            "binding": flag_or_none(query.get("binding")),
            "body": int_or_none(query.get("body")),
        }
        rows = decision_list(
            request.user,
            q=values["q"] or None,
            status=values["status"] or None,
            owner=values["owner"],
            kind=values["kind"] or None,
            overdue=values["overdue"],
            binding=values["binding"],
            body=values["body"],
        )
        page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
        with_nodes(decision.meeting.schedule for decision in page.object_list)
        owner = Person.objects.filter(pk=values["owner"]).first() if values["owner"] else None
        # The governing body filtered by (a query only then); the select's other options load with htmx.
        body = body_list(request.user).filter(pk=values["body"]).first() if values["body"] else None
        return render(
            request,
            "scrum/decision_list.html",
            {
                "page_obj": page,
                "values": values,
                "owner": owner,
                "body": body,
                "statuses": DecisionStatus.choices,
                "kinds": OutcomeKind.choices,
                "today": timezone.localdate(),
                "filtered": any(value not in (None, "") for value in values.values()),
            },
        )


class DecisionDetailPage(LoginRequiredMixin, View):
    """One outcome: its text, meeting, owner, deadline, status, the binding badge (p.45), the report form for
    whoever may change it, cancel for the meeting's people, its history and the "Escalate" link."""

    def get(self, request, pk):
        decision = decision_get(request.user, pk)
        return render(request, "scrum/decision_detail.html", _detail_context(request, decision))


def _detail_context(request, decision) -> dict:
    user = request.user
    may_change = authorization.can(user, authorization.CHANGE, decision)
    return {
        "decision": decision,
        "meeting": decision.meeting,
        "schedule": decision.meeting.schedule,
        "overdue": is_overdue(decision),
        "today": timezone.localdate(),
        "may_report": may_change
        and decision.status == DecisionStatus.OPEN
        and decision.kind != OutcomeKind.INFORMATION,
        "may_reopen": may_change and decision.status == DecisionStatus.DONE,
        "may_cancel": decision.status == DecisionStatus.OPEN and may_cancel(user, decision),
        "may_escalate": decision.status == DecisionStatus.OPEN
        and decision.meeting.schedule.level != Level.COUNCIL
        and (
            decision.owner_id == user.pk
            or authorization.can(user, authorization.CONTRIBUTE, decision.meeting)
        ),
        "history": history_entries(decision),
    }


class DecisionActionView(LoginRequiredMixin, View):
    """POST only: report / reopen / cancel; back to the outcome's page with what happened."""

    action = ""

    def post(self, request, pk):
        decision = decision_get(request.user, pk)
        data = request.POST
        try:
            if self.action == "report":
                decision_report(
                    actor=request.user,
                    decision=decision,
                    version=int_or_none(data.get("version")),
                    report=data.get("report", ""),
                    done=bool(data.get("done")),
                )
            elif self.action == "reopen":
                decision_reopen(
                    actor=request.user,
                    decision=decision,
                    version=int_or_none(data.get("version")),
                    reason=data.get("reason", ""),
                )
            else:
                decision_cancel(
                    actor=request.user,
                    decision=decision,
                    version=int_or_none(data.get("version")),
                    reason=data.get("reason", ""),
                )
        except StaleVersion as stale:
            messages.error(request, str(stale))
        except ValidationError as error:
            error_messages(request, error)
        return redirect("scrum-decision-detail", pk=decision.pk)


class MyDecisionsPage(LoginRequiredMixin, View):
    """The person's own outcomes to execute, overdue first (with "include done" also the done ones)."""

    def get(self, request):
        include_done = bool(request.GET.get("done"))
        rows = list(my_decisions(request.user, include_done=include_done))
        with_nodes(decision.meeting.schedule for decision in rows)
        return render(
            request,
            "scrum/decision_mine.html",
            {"decisions": rows, "include_done": include_done, "today": timezone.localdate()},
        )


urlpatterns = [
    path("decisions/", DecisionListPage.as_view(), name="scrum-decision-list"),
    path("decisions/mine/", MyDecisionsPage.as_view(), name="scrum-my-decisions"),
    path("decisions/<int:pk>/", DecisionDetailPage.as_view(), name="scrum-decision-detail"),
    path(
        "decisions/<int:pk>/report/",
        DecisionActionView.as_view(action="report"),
        name="scrum-decision-report",
    ),
    path(
        "decisions/<int:pk>/reopen/",
        DecisionActionView.as_view(action="reopen"),
        name="scrum-decision-reopen",
    ),
    path(
        "decisions/<int:pk>/cancel/",
        DecisionActionView.as_view(action="cancel"),
        name="scrum-decision-cancel",
    ),
]
