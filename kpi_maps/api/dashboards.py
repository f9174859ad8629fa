"""API: ``kpi/dashboards/{portfolio_id}/?year=&quarter=`` — the curators' dashboard of a portfolio (Rules p.20,
p.87(1)) as the page embeds it. 404 for anyone who may not read the whole portfolio; 400 for a wrong period."""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.views import APIView

from portfolios.models import Portfolio

from ..access import subtree_or_404
from ..selectors.dashboard import dashboard, dashboard_json
from ..selectors.periods import period_asked


class DashboardView(APIView):
    """Plan/fact of the portfolio's key national indicators, its programs' timeframe, budget and status mix, the
    worst deviations, the heat map of the goal map and the rating tables, for one period (default: the latest
    year with facts). Decimals and dates are strings."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", int, description="Year of the period (default: the latest with facts)."),
            OpenApiParameter("quarter", int, description="1–4, or 0 for the whole year (default 0)."),
        ],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )
    def get(self, request, portfolio_id: int):
        portfolio = subtree_or_404(request.user, Portfolio.objects.filter(pk=portfolio_id).first())
        year, quarter = period_asked(request.query_params)
        return HttpResponse(
            dashboard_json(dashboard(portfolio, year, quarter)), content_type="application/json"
        )


urlpatterns = [
    path("dashboards/<int:portfolio_id>/", DashboardView.as_view(), name="api-kpi-dashboard"),
]
