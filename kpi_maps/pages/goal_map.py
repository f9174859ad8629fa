"""Goal map pages (Rules p.17, Appendix 2, p.74): ``/kpi/goal-maps/<portfolio_id>/`` — the interactive tree and
the Appendix 2 form (two views), its XLSX, and the gap analysis.

They open for those who may read the whole portfolio (kpi_maps.access: 404 otherwise). The views are links
(``?view=tree`` / ``?view=form``), so they work without JavaScript; the tree is nested ``<details>`` elements,
which a keyboard opens and closes; static/js/kpi-goal-map.js adds the search, the colour filter and
expand / collapse all.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path
from django.views import View

from ..choices import QUARTERS, Colour
from ..exports import XLSX_CONTENT_TYPE, appendix2_workbook, workbook_bytes
from ..models.periods import period_label
from ..selectors.appendix2 import COLUMNS, appendix2_rows
from ..selectors.gaps import gaps
from ..selectors.goal_map import available_periods, goal_map, portfolio_or_404
from ..selectors.method import scoring_method
from ..selectors.periods import period_from
from ..selectors.scores import default_period

VIEWS = ("tree", "form")


def period_context(request, root) -> tuple[int, int, dict, list[str]]:
    """The period asked for (or the node's default, with the message why a malformed one was refused) and the
    context of the period selector."""
    try:
        year, quarter = period_from(request.GET, root.path)
        errors = []
    except ValidationError as error:
        (year, quarter), errors = default_period(root.path), error.messages
    years = available_periods(root.path)
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    return (
        year,
        quarter,
        {
            "year": year,
            "quarter": quarter,
            "period": period_label(year, quarter),
            "years": years,
            "quarters": [(0, None), *((q, period_label(year, q)) for q in QUARTERS)],
        },
        errors,
    )


class GoalMapPage(LoginRequiredMixin, View):
    """The map as a tree of nodes with their indicators, or as the Appendix 2 form."""

    def get(self, request, portfolio_id: int):
        portfolio = portfolio_or_404(request.user, portfolio_id)
        year, quarter, period, errors = period_context(request, portfolio)
        view = request.GET.get("view") if request.GET.get("view") in VIEWS else "tree"
        the_map = goal_map(request.user, portfolio, year, quarter)
        context = {
            "portfolio": portfolio,
            "map": the_map,
            "view": view,
            "keep": [("view", view)],
            "errors": errors,
            "colours": Colour.choices,
            "method": scoring_method(the_map.rules),
            **period,
        }
        if view == "form":
            context |= {"columns": COLUMNS, "rows": appendix2_rows(the_map)}
        return render(request, "kpi_maps/goal_map.html", context, status=400 if errors else 200)


class Appendix2Xlsx(LoginRequiredMixin, View):
    """The Appendix 2 form as a workbook: ``<portfolio code>-goal-map-<period>.xlsx``."""

    def get(self, request, portfolio_id: int):
        portfolio = portfolio_or_404(request.user, portfolio_id)
        year, quarter, _period, _errors = period_context(request, portfolio)
        the_map = goal_map(request.user, portfolio, year, quarter)
        content = workbook_bytes(appendix2_workbook(the_map, appendix2_rows(the_map)))
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        suffix = f"{year}" if not quarter else f"{year}-Q{quarter}"
        response["Content-Disposition"] = f'attachment; filename="{portfolio.code}-goal-map-{suffix}.xlsx"'
        return response


class GapsPage(LoginRequiredMixin, View):
    """The indicators off track, worst first, with the projects that should move them and the uncovered share."""

    def get(self, request, portfolio_id: int):
        portfolio = portfolio_or_404(request.user, portfolio_id)
        year, quarter, period, errors = period_context(request, portfolio)
        report = gaps(request.user, portfolio, year, quarter)
        return render(
            request,
            "kpi_maps/gaps.html",
            {"portfolio": portfolio, "report": report, "errors": errors, "keep": [], **period},
            status=400 if errors else 200,
        )


urlpatterns = [
    path("goal-maps/<int:portfolio_id>/", GoalMapPage.as_view(), name="kpi-goal-map"),
    path("goal-maps/<int:portfolio_id>/appendix-2.xlsx", Appendix2Xlsx.as_view(), name="kpi-goal-map-xlsx"),
    path("goal-maps/<int:portfolio_id>/gaps/", GapsPage.as_view(), name="kpi-gaps"),
]
