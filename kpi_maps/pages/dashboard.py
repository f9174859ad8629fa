"""The curators' dashboard of a portfolio (Rules p.20, p.87(1), p.37(2)): ``/kpi/dashboards/<portfolio_id>/``.

It opens for those who may read the whole portfolio (404 otherwise) and embeds the same JSON the API answers, so
the browser makes no second request on load; the charts and the live updates over the socket read it.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import path
from django.views import View

from portfolios.models import Portfolio

from ..access import subtree_or_404
from ..selectors.dashboard import dashboard
from ..selectors.periods import period_asked


class DashboardPage(LoginRequiredMixin, View):
    def get(self, request, portfolio_id: int):
        portfolio = subtree_or_404(request.user, Portfolio.objects.filter(pk=portfolio_id).first())
        try:
            year, quarter = period_asked(request.GET)
        except ValidationError as error:
            year, quarter, errors = None, None, error.messages
        else:
            errors = []
        data = dashboard(portfolio, year, quarter)
        return render(
            request,
            "kpi_maps/dashboard.html",
            {
                "portfolio": portfolio,
                "data": data,
                "errors": errors,
                "ws_path": f"/ws/kpi/dashboards/{portfolio.pk}/",
            },
            status=400 if errors else 200,
        )


urlpatterns = [
    path("dashboards/<int:portfolio_id>/", DashboardPage.as_view(), name="kpi-dashboard"),
]
