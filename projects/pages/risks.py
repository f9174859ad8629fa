"""Pages of the risk register (Rules p.2(39)): the register with its 5×5 heat map, one risk with its history
and comments, and the forms to add, edit and remove a risk.

Reads go through ``projects.selectors.risks``, writes through ``projects.services.risks`` (which decide the
powers: "contribute" to add and change, "delete" to remove); a stale edit shows the current risk (409).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pmis.core import authorization
from pmis.core.concurrency import StaleVersion
from pmis.core.node_views import history_entries
from pmis.core.page_input import int_or_none

from ..choices import RiskLevel, RiskStatus
from ..register_forms import RiskForm
from ..selectors.risks import risk_get, risk_heat_map, risk_level, risk_list, risk_review_overdue
from ..services.risks import risk_create, risk_delete, risk_update
from .base import WorkspacePage

#: The status filter's extra value: every risk that is not closed.
OPEN = "open"


class RiskRow:
    """A risk as the register shows it: its colour by score and whether its review is overdue."""

    def __init__(self, risk, today):
        self.risk = risk
        self.level = risk_level(risk.score)
        self.review_overdue = risk_review_overdue(risk, today)


class RiskRegisterPage(WorkspacePage):
    """The register: heat map (counts per probability × impact cell, a cell filters the table) and the risks by
    score, filtered by status, owner and kind. One query for the risks whatever their number."""

    tab = "risks"
    template_name = "projects/risks.html"

    def get(self, request, pk):
        project = self.get_project()
        today = timezone.localdate()
        everything = list(risk_list(request.user, project=project))
        query = request.GET
        status = query.get("status", "")
        owner = int_or_none(query.get("owner"))
        kind = query.get("kind", "")
        probability, impact = int_or_none(query.get("p")), int_or_none(query.get("i"))

        risks = everything
        if status == OPEN:
            risks = [risk for risk in risks if risk.status != RiskStatus.CLOSED]
        elif status in RiskStatus.values:
            risks = [risk for risk in risks if risk.status == status]
        if owner:
            risks = [risk for risk in risks if risk.owner_id == owner]
        if kind in ("threat", "opportunity"):
            risks = [risk for risk in risks if risk.is_opportunity == (kind == "opportunity")]
        heat_map = risk_heat_map(risks)
        cell = probability in RiskLevel.values and impact in RiskLevel.values
        if cell:
            risks = [risk for risk in risks if risk.probability == probability and risk.impact == impact]

        owners = {risk.owner_id: risk.owner for risk in everything if risk.owner_id}
        rows = [RiskRow(risk, today) for risk in risks]
        base_query = query.copy()
        for name in ("p", "i"):
            base_query.pop(name, None)
        return self.render_page(
            project,
            {
                "rows": rows,
                "total": len(everything),
                "heat_map": heat_map,
                "impact_levels": [(value, label) for value, label in RiskLevel.choices],
                "cell": (probability, impact) if cell else None,
                "owners": sorted(owners.values(), key=lambda person: person.full_name),
                "statuses": RiskStatus.choices,
                "filters": {"status": status, "owner": owner, "kind": kind},
                "filtered": bool(status or owner or kind or cell),
                "base_query": base_query.urlencode(),
                "overdue_count": sum(1 for row in rows if row.review_overdue),
            },
        )


class RiskFormPage(WorkspacePage):
    """Add a risk (no `risk_pk`) or edit one; a service's refusal re-renders the form (400, 409 when stale)."""

    tab = "risks"
    template_name = "projects/risk_form.html"

    def _risk(self, project):
        if "risk_pk" not in self.kwargs:
            return None
        return risk_get(
            self.request.user, self.kwargs["risk_pk"], project=project, action=authorization.CONTRIBUTE
        )

    def _page(self, project, form, risk, status=200, current=None):
        return self.render_page(project, {"form": form, "risk": risk, "current": current}, status=status)

    def get(self, request, pk, risk_pk=None):
        project = self.get_project(authorization.CONTRIBUTE)
        risk = self._risk(project)
        return self._page(project, RiskForm(project=project, risk=risk), risk)

    def post(self, request, pk, risk_pk=None):
        project = self.get_project(authorization.CONTRIBUTE)
        risk = self._risk(project)
        form = RiskForm(request.POST, project=project, risk=risk)
        if not form.is_valid():
            return self._page(project, form, risk, status=400)
        try:
            if risk is None:
                risk = risk_create(actor=request.user, project=project, **form.service_kwargs())
                messages.success(
                    request, _("Risk R-%(number)s added to the register.") % {"number": risk.number}
                )
            else:
                risk = risk_update(
                    actor=request.user,
                    risk=risk,
                    version=form.cleaned_data["version"],
                    **form.service_kwargs(),
                )
                messages.success(request, _("Risk R-%(number)s saved.") % {"number": risk.number})
        except StaleVersion as stale:
            form.add_error(None, str(stale))
            current = risk_get(request.user, risk.pk, project=project)
            return self._page(project, form, risk, status=409, current=current)
        except ValidationError as error:
            form.add_service_errors(error)
            return self._page(project, form, risk, status=400)
        return redirect("project-risk-detail", project.pk, risk.pk)


class RiskDetailPage(WorkspacePage):
    """One risk: its assessment, response, dates, history and comments."""

    tab = "risks"
    template_name = "projects/risk_detail.html"

    def get(self, request, pk, risk_pk):
        project = self.get_project()
        risk = risk_get(request.user, risk_pk, project=project)
        return self.render_page(
            project,
            {
                "risk": risk,
                "row": RiskRow(risk, timezone.localdate()),
                "history": history_entries(risk),
            },
        )


class RiskDeletePage(WorkspacePage):
    """Remove a risk (POST; "delete" power), then back to the register."""

    def post(self, request, pk, risk_pk):
        project = self.get_project()
        risk = risk_get(request.user, risk_pk, project=project, action=authorization.DELETE)
        risk_delete(actor=request.user, risk=risk)
        messages.success(request, _("Risk R-%(number)s removed from the register.") % {"number": risk.number})
        return redirect(reverse("project-risks", args=[project.pk]))


urlpatterns = [
    path("projects/<int:pk>/risks/", RiskRegisterPage.as_view(), name="project-risks"),
    path("projects/<int:pk>/risks/new/", RiskFormPage.as_view(), name="project-risk-create"),
    path("projects/<int:pk>/risks/<int:risk_pk>/", RiskDetailPage.as_view(), name="project-risk-detail"),
    path("projects/<int:pk>/risks/<int:risk_pk>/edit/", RiskFormPage.as_view(), name="project-risk-edit"),
    path(
        "projects/<int:pk>/risks/<int:risk_pk>/delete/", RiskDeletePage.as_view(), name="project-risk-delete"
    ),
]
