"""Reads of the project's risk register (Rules p.2(39)): the register, one risk, the heat map and the people
a risk may be given to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from org.models import Person
from pmis.core import authorization

from ..choices import RiskLevel, RiskStatus
from ..models import Project, Risk

#: The score from which a risk is red, and from which it is amber (probability × impact on 1…5 each).
RED_FROM = 15
AMBER_FROM = 8


def risk_list(user, *, project: Project | None = None) -> QuerySet[Risk]:
    """The risks `user` may see, highest score first, with project and owner joined."""
    queryset = Risk.objects.select_related("project", "owner", "created_by").order_by("-score", "number")
    if project is not None:
        queryset = queryset.filter(project=project)
    return authorization.restrict(queryset, user, authorization.VIEW)


def risk_get(user, pk, *, project: Project | None = None, action: str = authorization.VIEW) -> Risk:
    """One risk `user` may see (404 otherwise), then 403 unless they may `action` it."""
    risk = get_object_or_404(risk_list(user, project=project), pk=pk)
    if action != authorization.VIEW:
        authorization.require(user, action, risk)
    return risk


def risk_level(score: int) -> str:
    """ "high" (red), "medium" (amber) or "low" (green) for a score."""
    if score >= RED_FROM:
        return "high"
    if score >= AMBER_FROM:
        return "medium"
    return "low"


def risk_review_overdue(risk: Risk, today: dt.date) -> bool:
    """An open risk whose next review day has passed."""
    return risk.status != RiskStatus.CLOSED and risk.review_on is not None and risk.review_on < today


@dataclass
class HeatCell:
    probability: int
    impact: int
    count: int = 0

    @property
    def score(self) -> int:
        return self.probability * self.impact

    @property
    def level(self) -> str:
        return risk_level(self.score)


@dataclass
class HeatRow:
    probability: int
    label: str
    cells: list[HeatCell] = field(default_factory=list)


def risk_heat_map(risks) -> list[HeatRow]:
    """The 5×5 probability × impact matrix of the given risks, highest probability on top (no query)."""
    counts: dict[tuple[int, int], int] = {}
    for risk in risks:
        counts[(risk.probability, risk.impact)] = counts.get((risk.probability, risk.impact), 0) + 1
    rows = []
    for probability in sorted(RiskLevel.values, reverse=True):
        row = HeatRow(probability=probability, label=str(RiskLevel(probability).label))
        for impact in sorted(RiskLevel.values):
            row.cells.append(HeatCell(probability, impact, counts.get((probability, impact), 0)))
        rows.append(row)
    return rows


def project_people(project: Project, *, include: list[int] | tuple = ()) -> QuerySet[Person]:
    """The people who hold a role on the project itself (its team and cast), plus the ids in `include` (a risk's
    current owner): the choices for an owner, in one query."""
    from django.db.models import Q

    condition = Q(role_assignments__project=project)
    ids = [pk for pk in include if pk]
    if ids:
        condition |= Q(pk__in=ids)
    return (
        Person.objects.filter(condition, is_active=True).distinct().order_by("last_name", "first_name", "id")
    )
