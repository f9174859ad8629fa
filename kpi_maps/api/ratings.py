"""API: ``kpi/ratings/?portfolio=&kind=persons|regions&year=&quarter=`` (Rules p.66(7), p.68(10), p.34).

The heads of project groups and project managers by their indicators, or the regions on their indicators, with
the method beside the rating; for those who see the whole portfolio (others: 404).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from ..selectors.goal_map import portfolio_or_404
from ..selectors.periods import period_from
from ..selectors.ratings import person_ratings, rating_method, region_ratings
from ..selectors.scores import rules_for
from .goal_maps import PERIOD_PARAMETERS, period_data, rules_data

KINDS = ("persons", "regions")


def _number(value):
    return None if value is None else str(value)


def person_data(row) -> dict:
    return {
        "rank": row.rank,
        "person_id": row.person_id,
        "person_name": row.person_name,
        "role_code": row.role_code,
        "role_name": row.role_name,
        "nodes": [{"ref": ref, "name": name} for ref, name in row.nodes],
        "indicators": row.indicators,
        "score": _number(row.score),
        "colour": row.colour,
        "red": row.red,
    }


def region_data(row) -> dict:
    return {
        "rank": row.rank,
        "region": row.region,
        "region_name": row.region_name,
        "indicators": row.indicators,
        "score": _number(row.score),
        "colour": row.colour,
        "red": row.red,
    }


class RatingsView(APIView):
    """A rating of one portfolio for a period: `kind=persons` (default) or `kind=regions`."""

    @extend_schema(
        parameters=[
            OpenApiParameter("portfolio", int, required=True, description="Id of the portfolio."),
            OpenApiParameter("kind", str, enum=list(KINDS), description="persons (default) or regions."),
            *PERIOD_PARAMETERS,
        ],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        params = request.query_params
        if not params.get("portfolio"):
            raise ValidationError({"portfolio": _("Give the id of the portfolio.")})
        kind = params.get("kind") or "persons"
        if kind not in KINDS:
            raise ValidationError({"kind": _("The kind of rating is “persons” or “regions”.")})
        portfolio = portfolio_or_404(request.user, params["portfolio"])
        year, quarter = period_from(params, portfolio.path)
        rules, rule_set = rules_for(portfolio.pk)
        if kind == "persons":
            results = [person_data(row) for row in person_ratings(portfolio, year, quarter, rules)]
        else:
            results = [region_data(row) for row in region_ratings(portfolio, year, quarter, rules)]
        return Response(
            {
                "portfolio": {"id": portfolio.pk, "code": portfolio.code, "name": portfolio.name},
                "kind": kind,
                "period": period_data(year, quarter),
                "rules": rules_data(rules, rule_set),
                "method": rating_method(rules),
                "results": results,
            }
        )


urlpatterns = [path("ratings/", RatingsView.as_view(), name="api-kpi-ratings")]
