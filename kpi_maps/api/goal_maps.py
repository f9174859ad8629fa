"""API: ``kpi/goal-maps/{portfolio_id}/`` — the map of goals of a national priority (Rules p.17, Appendix 2).

Read only, for those who see the whole portfolio (kpi_maps.access.subtree_or_404: anyone else gets 404). The
answer: the portfolio, the period, the rule set with its method, the nodes with the role and the persons
responsible for them today (through substitution), the indicators with their monitoring and the links.
Figures are decimal strings; achievements are fractions (1 = met).
"""

from __future__ import annotations

from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from ..models.periods import period_label
from ..selectors.goal_map import goal_map, portfolio_or_404
from ..selectors.method import scoring_method
from ..selectors.periods import period_from

PERIOD_PARAMETERS = [
    OpenApiParameter("year", int, description="The year; the latest year with facts when absent."),
    OpenApiParameter("quarter", int, description="1–4, or 0 (default) for the whole year."),
]


def _number(value):
    return None if value is None else str(value)


def period_data(year: int, quarter: int) -> dict:
    return {"year": year, "quarter": quarter, "label": period_label(year, quarter)}


def rules_data(rules, rule_set) -> dict:
    from django.utils.translation import gettext as _

    return {
        "name": rule_set.name if rule_set is not None else _("Default rule set"),
        "higher_formula": str(rules.higher_formula),
        "lower_formula": str(rules.lower_formula),
        "cap": _number(rules.cap),
        "green": _number(rules.green),
        "amber": _number(rules.amber),
        "method": scoring_method(rules),
    }


def _score(score) -> dict:
    if score is None:
        return {}
    return {
        "plan": _number(score.plan),
        "plan_high": _number(score.plan_high),
        "approved_plan": _number(score.approved_plan),
        "fact": _number(score.fact),
        "deviation": _number(score.deviation),
        "achievement": _number(score.achievement),
        "colour": score.colour,
        "rolled": _number(score.rolled),
        "rolled_colour": score.rolled_colour,
        "covered": _number(score.covered),
        "project_share": _number(score.project_share),
        "decomposed": score.decomposed,
        "final_year": score.final_year,
        "final_quarter": score.final_quarter,
        "final_plan": _number(score.final_plan),
        "forecast": _number(score.forecast),
        "misses": score.misses,
    }


def goal_map_data(the_map) -> dict:
    portfolio = the_map.portfolio
    return {
        "portfolio": {"id": portfolio.pk, "code": portfolio.code, "name": portfolio.name},
        "period": period_data(the_map.year, the_map.quarter),
        "rules": rules_data(the_map.rules, the_map.rule_set),
        "nodes": [
            {
                "ref": node.ref,
                "kind": node.kind,
                "id": node.id,
                "code": node.code,
                "name": node.name,
                "parent": node.parent_ref,
                "level": node.level,
                "stage": node.stage,
                "status": node.status,
                "role": {"code": node.role_code, "name": node.role_name},
                "responsible": [
                    {
                        "person_id": person.person_id,
                        "name": person.name,
                        "acting_for": person.acting_for,
                        "vacancy": person.vacancy,
                    }
                    for person in node.responsible
                ],
            }
            for node in the_map.nodes
        ],
        "indicators": [
            {
                "id": item.id,
                "code": item.code,
                "name": item.name,
                "unit": item.unit,
                "kind": item.kind,
                "direction": item.direction,
                "node": item.node.ref,
                "level": item.level,
                **_score(item.score),
            }
            for item in the_map.indicators
        ],
        "links": [
            {"parent": parent, "child": child, "share": _number(share)}
            for parent, child, share in the_map.links
        ],
    }


class GoalMapView(APIView):
    """The goal map of a portfolio for a period: nodes, indicators with plan, fact, achievement, colour,
    roll-up, coverage and forecast, decomposition links with shares, and who is responsible."""

    @extend_schema(
        parameters=PERIOD_PARAMETERS, responses={200: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT}
    )
    def get(self, request, pk: int):
        portfolio = portfolio_or_404(request.user, pk)
        year, quarter = period_from(request.query_params, portfolio.path)
        return Response(goal_map_data(goal_map(request.user, portfolio, year, quarter)))


urlpatterns = [path("goal-maps/<int:pk>/", GoalMapView.as_view(), name="api-kpi-goal-map")]
