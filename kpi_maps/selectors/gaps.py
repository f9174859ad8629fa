"""Gap analysis (Rules p.74, p.70(6), p.17(3)): the indicators off track and the projects that should move them.

An indicator is off track in a period when its achievement is red or amber under the rule set, or when its
forecast misses the final plan. Worst first: the lowest achievement (or, without a fact, the achievement from
its contributions), those with neither last. Each lists the projects' indicators at the ends of its
decomposition with their effective share (the product of the shares along the links, summed over several
paths), their own achievement and the project's stage, status and dates; the *uncovered* share is the part of
the indicator no project is seen to move (1 − the projects' share). A project's own indicator is moved by its
project alone. A fixed number of queries: the rule set, the scores, the indicators, the links, the projects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ..access import subtree_or_404
from ..choices import Colour
from ..models import Contribution, Indicator
from ..scoring import FOUR_PLACES
from .scores import Score, rules_at, scores


@dataclass(frozen=True)
class Contributor:
    indicator_id: int
    code: str
    name: str
    share: Decimal  # effective share in the off-track indicator, 0–1
    achievement: Decimal | None
    colour: str
    project_id: int
    project_code: str
    project_name: str
    stage: str
    status: str
    planned_start: object
    planned_end: object
    actual_start: object
    actual_end: object

    @property
    def stage_label(self) -> str:
        from pmis.core.choices import Stage

        return str(Stage(self.stage).label) if self.stage in Stage.values else self.stage

    @property
    def status_label(self) -> str:
        from pmis.core.choices import Status

        return str(Status(self.status).label) if self.status in Status.values else self.status


@dataclass
class Gap:
    indicator_id: int
    code: str
    name: str
    unit: str
    node_kind: str
    node_id: int
    score: Score
    reasons: list[str]  # "red", "amber", "forecast"
    contributors: list[Contributor] = field(default_factory=list)

    @property
    def uncovered(self) -> Decimal:
        if self.node_kind == "project":
            return Decimal("0.0000")
        return (Decimal(1) - self.score.project_share).quantize(FOUR_PLACES)


@dataclass
class GapReport:
    root: object
    year: int
    quarter: int
    rules: object
    gaps: list[Gap]


def _worst_first(gap: Gap):
    score = gap.score
    value = score.achievement if score.achievement is not None else score.rolled
    return (value is None, value if value is not None else 0, gap.code)


def gaps(user, root, year: int, quarter: int) -> GapReport:
    """The off-track indicators at or under `root` for the period, worst first (404 unless `user` reads the
    whole subtree)."""
    from projects.models import Project

    subtree_or_404(user, root)
    rules = rules_at(root.path)
    found = scores(root.path, year, quarter, rules)
    indicators = {
        row.pk: row for row in Indicator.objects.filter(is_active=True, node_path__startswith=root.path)
    }
    children: dict[int, list[tuple[int, Decimal]]] = {}
    for parent_id, child_id, share in Contribution.objects.filter(
        parent__node_path__startswith=root.path, parent__is_active=True, child__is_active=True
    ).values_list("parent_id", "child_id", "share"):
        children.setdefault(parent_id, []).append((child_id, share / 100))

    result: list[Gap] = []
    for pk, score in found.items():
        reasons = []
        if score.colour in (Colour.RED, Colour.AMBER):
            reasons.append(score.colour)
        if score.misses:
            reasons.append("forecast")
        if not reasons or pk not in indicators:
            continue
        row = indicators[pk]
        result.append(
            Gap(
                indicator_id=pk,
                code=row.code,
                name=row.name,
                unit=row.unit,
                node_kind=row.node_kind,
                node_id=row.node_id,
                score=score,
                reasons=reasons,
            )
        )
    ends: dict[int, dict[int, Decimal]] = {}
    for gap in result:
        if gap.node_kind == "project":
            ends[gap.indicator_id] = {gap.indicator_id: Decimal(1)}
            continue
        weights: dict[int, Decimal] = {}
        stack = [(gap.indicator_id, Decimal(1), 0)]
        while stack:
            current, weight, depth = stack.pop()
            for child_id, share in children.get(current, []):
                if depth >= 32:
                    continue
                if child_id in indicators and indicators[child_id].node_kind == "project":
                    weights[child_id] = weights.get(child_id, Decimal(0)) + weight * share
                stack.append((child_id, weight * share, depth + 1))
        ends[gap.indicator_id] = weights
    project_ids = {indicators[pk].node_id for weights in ends.values() for pk in weights if pk in indicators}
    projects = Project.objects.in_bulk(project_ids) if project_ids else {}
    for gap in result:
        items = []
        for pk, share in ends[gap.indicator_id].items():
            row, project = indicators[pk], projects.get(indicators[pk].node_id)
            if project is None:
                continue
            own = found.get(pk)
            items.append(
                Contributor(
                    indicator_id=pk,
                    code=row.code,
                    name=row.name,
                    share=share.quantize(FOUR_PLACES),
                    achievement=own.achievement if own else None,
                    colour=own.colour if own else Colour.GREY,
                    project_id=project.pk,
                    project_code=project.code,
                    project_name=project.name,
                    stage=project.stage,
                    status=project.status,
                    planned_start=project.planned_start,
                    planned_end=project.planned_end,
                    actual_start=project.actual_start,
                    actual_end=project.actual_end,
                )
            )
        items.sort(key=lambda item: (-item.share, item.code))
        gap.contributors = items
    result.sort(key=_worst_first)
    return GapReport(root=root, year=year, quarter=quarter, rules=rules, gaps=result)
