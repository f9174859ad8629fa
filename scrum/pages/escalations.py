"""Pages of the escalation ladder (Rules p.72(2), p.98): the list (filters by status and level, "at my levels",
"raised by me"), one escalation with its whole path as a vertical ladder, the parties' positions and the actions
the person may take, the raise form for a task, risk, project assignment, decision or disagreement, and the
protocol of disagreements as a PDF.

Reads go through ``scrum.selectors.escalations``, writes through ``scrum.services.escalations`` (which decide the
powers). Not visible: 404; visible but not allowed: 403; a broken rule: the page again with the reason.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from pmis.core import authorization
from pmis.core.nodes import resolve_ref
from pmis.core.page_input import error_messages
from projects.models import ProjectAssignment, Risk, Task

from ..choices import LADDER, LEVEL_NODE_KIND, EscalationStatus, Level, SubjectKind, level_above
from ..disagreements import disagreement_pdf
from ..selectors.decisions import decision_get
from ..selectors.escalations import (
    escalation_get,
    escalation_list,
    escalation_path,
    escalation_positions,
    may_act_at,
    node_of,
)
from ..services import escalations as services

PAGE_SIZE = 50


class EscalationListPage(LoginRequiredMixin, View):
    """The escalations the person may see: filters by status and level; views "all", "at my levels" (where
    they may act) and "raised by me". One query for the rows whatever their number."""

    VIEWS = ("all", "levels", "mine")

    def get(self, request):
        query = request.GET
        status = query.get("status", EscalationStatus.OPEN)
        status = status if status in EscalationStatus.values else ""
        level = query.get("level") if query.get("level") in LADDER else ""
        view = query.get("view") if query.get("view") in self.VIEWS else "all"
        q = (query.get("q") or "").strip()[:100]
        rows = escalation_list(
            request.user,
            status=status or None,
            level=level or None,
            mine=view == "mine",
            at_my_levels=view == "levels",
            q=q or None,
        )
        page = Paginator(rows, PAGE_SIZE).get_page(query.get("page"))
        return render(
            request,
            "scrum/escalation_list.html",
            {
                "page_obj": page,
                "status": status,
                "level": level,
                "view": view,
                "q": q,
                "statuses": EscalationStatus.choices,
                "levels": Level.choices,
            },
        )


def _subject_link(escalation) -> tuple[str, str]:
    """(label, url) of what was escalated, "" url when it has no page (or is gone)."""
    from django.urls import NoReverseMatch, reverse

    def url(name, *args):
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            return ""

    if escalation.task_id and escalation.task is not None:
        task = escalation.task
        return f"#{task.number} {task.title}", url("project-board", task.project_id) + f"?task={task.pk}"
    if escalation.risk_id and escalation.risk is not None:
        risk = escalation.risk
        return f"R-{risk.number} {risk.title}", url("project-risk-detail", risk.project_id, risk.pk)
    if escalation.assignment_id and escalation.assignment is not None:
        assignment = escalation.assignment
        return (
            f"{assignment.number} {assignment.title}",
            url("project-assignment", assignment.project_id, assignment.pk),
        )
    if escalation.decision_id and escalation.decision is not None:
        decision = escalation.decision
        return f"{decision.number}. {decision.text[:120]}", url("scrum-decision-detail", decision.pk)
    return "", ""


class EscalationDetailPage(LoginRequiredMixin, View):
    """One escalation: its subject, the whole path as a ladder (level, node, meeting, who, when, note), the
    positions, and the actions the person may take here."""

    def get(self, request, pk):
        escalation = escalation_get(request.user, pk)
        user = request.user
        is_open = escalation.status == EscalationStatus.OPEN
        acting = is_open and may_act_at(user, escalation)
        subject_label, subject_url = _subject_link(escalation)
        ladder = [
            {"level": value, "label": label, "current": value == escalation.level, "passed": False}
            for value, label in Level.choices
        ]
        start = LADDER.index(escalation.origin_level)
        now = LADDER.index(escalation.level)
        for index, rung in enumerate(ladder):
            rung["passed"] = start <= index <= now
        return render(
            request,
            "scrum/escalation_detail.html",
            {
                "escalation": escalation,
                "path": escalation_path(escalation),
                "positions": list(escalation_positions(escalation)),
                "ladder": list(reversed(ladder)),
                "node": node_of(escalation.node_path),
                "origin": node_of(escalation.origin_path),
                "subject_label": subject_label,
                "subject_url": subject_url,
                "may_escalate": acting and level_above(escalation.level) is not None,
                "may_resolve": acting,
                "may_disagree": acting and escalation.level in services.DISAGREEMENT_LEVELS,
                "may_state": is_open and services.may_state_position(user, escalation),
                "may_withdraw": is_open and escalation.raised_by_id == user.pk,
            },
        )


class EscalationActionView(LoginRequiredMixin, View):
    """POST only: escalate / resolve / position / disagree / withdraw; back to the escalation's page."""

    action = ""

    def post(self, request, pk):
        escalation = escalation_get(request.user, pk)
        data = request.POST
        actor = request.user
        try:
            if self.action == "escalate":
                services.escalation_escalate(actor=actor, escalation=escalation, note=data.get("note", ""))
            elif self.action == "resolve":
                services.escalation_resolve(
                    actor=actor, escalation=escalation, resolution=data.get("resolution", "")
                )
            elif self.action == "position":
                services.escalation_position_add(
                    actor=actor,
                    escalation=escalation,
                    party=data.get("party", ""),
                    position=data.get("position", ""),
                )
            elif self.action == "disagree":
                services.escalation_disagree(actor=actor, escalation=escalation, note=data.get("note", ""))
            else:
                services.escalation_withdraw(
                    actor=actor, escalation=escalation, reason=data.get("reason", "")
                )
        except ValidationError as error:
            error_messages(request, error)
        return redirect("scrum-escalation-detail", pk=escalation.pk)


class DisagreementProtocolView(LoginRequiredMixin, View):
    """The signed protocol of disagreements as a PDF (404 while none is signed)."""

    def get(self, request, pk):
        escalation = escalation_get(request.user, pk)
        if not escalation.disagreement_number:
            raise Http404
        response = HttpResponse(disagreement_pdf(escalation), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{escalation.disagreement_number}.pdf"'
        return response


def _subject_from(request) -> dict:
    """The subject named in the query string (or the posted form): a task, risk, assignment, decision, or a
    node and a level for a disagreement. 404 when it names something the person may not see."""
    data = request.POST if request.method == "POST" else request.GET
    user = request.user

    def visible(model, key):
        try:
            pk = int(data.get(key))
        except (TypeError, ValueError) as error:
            raise Http404 from error
        return get_object_or_404(authorization.restrict(model.objects.select_related("project"), user), pk=pk)

    if data.get("task"):
        subject = visible(Task, "task")
        return {"subject_kind": SubjectKind.TASK, "task": subject, "project": subject.project}
    if data.get("risk"):
        subject = visible(Risk, "risk")
        return {"subject_kind": SubjectKind.RISK, "risk": subject, "project": subject.project}
    if data.get("assignment"):
        subject = visible(ProjectAssignment, "assignment")
        return {"subject_kind": SubjectKind.ASSIGNMENT, "assignment": subject, "project": subject.project}
    if data.get("decision"):
        try:
            decision = decision_get(user, int(data.get("decision")))
        except ValueError as error:
            raise Http404 from error
        return {"subject_kind": SubjectKind.DECISION, "decision": decision}
    if data.get("node"):
        try:
            node = resolve_ref(data.get("node"))
        except ValidationError as error:
            raise Http404 from error
        if not authorization.can(user, authorization.VIEW, node):
            raise Http404
        level = data.get("level") if data.get("level") in LADDER else ""
        if not level:
            level = next((value for value in LADDER if LEVEL_NODE_KIND[value] == node.KIND), "")
        return {"subject_kind": SubjectKind.DISAGREEMENT, "node": node, "level": level}
    raise Http404


class EscalationCreatePage(LoginRequiredMixin, View):
    """``/scrum/escalations/new/?task=<id>`` (or risk=, assignment=, decision=, node=kind:id&level=): the problem
    and the proposed solutions, raised one level up from the subject's place."""

    def _context(self, subject, **extra) -> dict:
        return {
            "subject": subject,
            "hidden": {
                key: (subject[key].pk if key != "node" else f"{subject[key].KIND}:{subject[key].pk}")
                for key in ("task", "risk", "assignment", "decision", "node")
                if key in subject
            },
            "levels": [(value, label) for value, label in Level.choices if value != Level.COUNCIL],
            **extra,
        }

    def get(self, request):
        subject = _subject_from(request)
        return render(request, "scrum/escalation_form.html", self._context(subject, title="", description=""))

    def post(self, request):
        subject = _subject_from(request)
        arguments = {key: value for key, value in subject.items() if key != "project"}
        try:
            escalation = services.escalation_raise(
                actor=request.user,
                title=request.POST.get("title", ""),
                description=request.POST.get("description", ""),
                **arguments,
            )
        except ValidationError as error:
            error_messages(request, error)
            context = self._context(
                subject, title=request.POST.get("title", ""), description=request.POST.get("description", "")
            )
            return render(request, "scrum/escalation_form.html", context, status=400)
        except PermissionDenied:
            raise
        messages.success(
            request, _("Escalated one level up: %(level)s.") % {"level": escalation.get_level_display()}
        )
        return redirect("scrum-escalation-detail", pk=escalation.pk)


urlpatterns = [
    path("escalations/", EscalationListPage.as_view(), name="scrum-escalation-list"),
    path("escalations/new/", EscalationCreatePage.as_view(), name="scrum-escalation-create"),
    path("escalations/<int:pk>/", EscalationDetailPage.as_view(), name="scrum-escalation-detail"),
    path(
        "escalations/<int:pk>/escalate/",
        EscalationActionView.as_view(action="escalate"),
        name="scrum-escalation-escalate",
    ),
    path(
        "escalations/<int:pk>/resolve/",
        EscalationActionView.as_view(action="resolve"),
        name="scrum-escalation-resolve",
    ),
    path(
        "escalations/<int:pk>/positions/",
        EscalationActionView.as_view(action="position"),
        name="scrum-escalation-position",
    ),
    path(
        "escalations/<int:pk>/disagree/",
        EscalationActionView.as_view(action="disagree"),
        name="scrum-escalation-disagree",
    ),
    path(
        "escalations/<int:pk>/withdraw/",
        EscalationActionView.as_view(action="withdraw"),
        name="scrum-escalation-withdraw",
    ),
    path(
        "escalations/<int:pk>/disagreement.pdf",
        DisagreementProtocolView.as_view(),
        name="scrum-escalation-protocol",
    ),
]
