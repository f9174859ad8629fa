"""Ratings page (Rules p.66(7), p.68(10), p.34): ``/kpi/ratings/?portfolio=<id>&year=&quarter=`` — the heads of
project groups and project managers by their indicators and the regions, each table with its method beside it.
Opens for those who may read the whole portfolio (404 otherwise)."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.urls import path
from django.views import View

from ..selectors.goal_map import portfolio_or_404
from ..selectors.ratings import person_ratings, rating_method, region_ratings
from ..selectors.scores import rules_for
from .goal_map import period_context


class RatingsPage(LoginRequiredMixin, View):
    def get(self, request):
        portfolio = portfolio_or_404(request.user, request.GET.get("portfolio", ""))
        year, quarter, period, errors = period_context(request, portfolio)
        rules, rule_set = rules_for(portfolio.pk)
        return render(
            request,
            "kpi_maps/ratings.html",
            {
                "portfolio": portfolio,
                "persons": person_ratings(portfolio, year, quarter, rules),
                "regions": region_ratings(portfolio, year, quarter, rules),
                "method": rating_method(rules),
                "rule_set": rule_set,
                "errors": errors,
                "keep": [("portfolio", portfolio.pk)],
                **period,
            },
            status=400 if errors else 200,
        )


urlpatterns = [path("ratings/", RatingsPage.as_view(), name="kpi-ratings")]
