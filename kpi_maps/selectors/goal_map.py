"""The map of goals of a national priority (Rules p.17, Appendix 2): a portfolio's indicators decomposed down its
programs, basic directions, groups of projects (nested) and projects, with the level of personal responsibility
of each indicator, the person who bears it today (through role assignments and substitution, Rules p.99) and
its monitoring for one period (kpi_maps.selectors.scores).

A fixed number of queries whatever the size of the map: the rule set, the nodes (one query per kind below the
portfolio), the indicators, the links, the scores, the roles and their assignments, the absences, and — when a
holder is away or a role vacant — the substitutes (org.substitution.acting_holders_many).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from pmis.core.nodes import node_model

from ..access import subtree_or_404
from ..choices import RESPONSIBILITY, STANDARD_DIRECTION_ROLE
from ..models import Contribution, Indicator
from ..scoring import Rules
from .scores import Score, rules_for, scores

#: The kinds of node below a portfolio, top-down.
BELOW = ("program", "direction", "group", "project")


@dataclass(frozen=True)
class Responsible:
    """One person who bears the responsibility today: the holder, or a substitute acting for an absent holder
    or for a vacancy."""

    person_id: int
    name: str
    short_name: str
    acting_for: str | None = None  # the absent holder's name, when a substitute acts for them
    vacancy: bool = False  # acting because nobody holds the role

    @property
    def label(self) -> str:
        from django.utils.translation import gettext as _

        if self.acting_for:
            return _("%(name)s (acting for %(holder)s)") % {
                "name": self.short_name,
                "holder": self.acting_for,
            }
        if self.vacancy:
            return _("%(name)s (acting, vacant role)") % {"name": self.short_name}
        return self.short_name


@dataclass
class MapNode:
    kind: str
    id: int
    code: str
    name: str
    path: str
    parent_ref: str | None
    depth: int  # 0 for the portfolio
    goal: str
    stage: str
    status: str
    planned_start: object
    planned_end: object
    is_standard: bool
    role_code: str
    role_name: str
    level: int | None
    responsible: list[Responsible] = field(default_factory=list)
    children: list[MapNode] = field(default_factory=list)
    indicators: list[MapIndicator] = field(default_factory=list)

    @property
    def ref(self) -> str:
        return f"{self.kind}:{self.id}"

    @property
    def responsible_label(self) -> str:
        from django.utils.translation import gettext as _

        if not self.responsible:
            return _("vacant")
        # Appendix 4 lets many roles stand in; the form names the nearest one and counts the others.
        shown, more = self.responsible[:SHOWN_RESPONSIBLE], len(self.responsible) - SHOWN_RESPONSIBLE
        label = "; ".join(person.label for person in shown)
        if more > 0:
            label += " " + _("(and %(count)s more who may act)") % {"count": more}
        return label


#: How many responsible persons a node names on the map and the form before counting the others.
SHOWN_RESPONSIBLE = 2


@dataclass
class MapIndicator:
    id: int
    code: str
    name: str
    unit: str
    kind: str
    direction: str
    node: MapNode
    score: Score | None
    parents: list[tuple[int, Decimal]] = field(default_factory=list)  # (parent id, share %)
    children: list[tuple[int, Decimal]] = field(default_factory=list)

    @property
    def level(self) -> int | None:
        return self.node.level

    @property
    def colour(self) -> str:
        return self.score.colour if self.score else "grey"


@dataclass
class GoalMap:
    portfolio: object
    year: int
    quarter: int
    rules: Rules
    rule_set: object
    root: MapNode
    nodes: list[MapNode]  # depth-first, in the order of the map
    indicators: list[MapIndicator]  # in the order of the map
    links: list[tuple[int, int, Decimal]]  # (parent id, child id, share %)
    day: object

    @property
    def by_id(self) -> dict[int, MapIndicator]:
        return {indicator.id: indicator for indicator in self.indicators}


def _parent_ref(path: str) -> str | None:
    segments = [segment for segment in path.strip("/").split("/") if segment]
    return segments[-2] if len(segments) > 1 else None


def _role_code(kind: str, obj) -> str:
    if kind == "direction" and getattr(obj, "is_standard", False):
        return STANDARD_DIRECTION_ROLE
    return RESPONSIBILITY[kind][1]


def _responsible(nodes: list[tuple[MapNode, object]], root_path: str, day) -> None:
    """Fill each node's responsible persons: the holders of its role today, or who acts for them."""
    from org.models import Role, RoleAssignment
    from org.scopes import Scope
    from org.substitution import ASSIGNEE, acting_holders_many, live_assignments, with_owned_programs

    codes = {node.role_code for node, _obj in nodes}
    roles = {role.code: role for role in Role.objects.filter(code__in=codes)}
    prefixes = {root_path[: index + 1] for index, char in enumerate(root_path) if char == "/"}
    live = list(
        with_owned_programs(
            RoleAssignment.objects.filter(
                live_assignments(day), role__code__in=codes, scope_path__startswith=root_path
            )
            | RoleAssignment.objects.filter(
                live_assignments(day), role__code__in=codes, scope_path__in=prefixes
            )
        ).select_related("person", "role")
    )
    targets = [
        (roles[node.role_code], Scope.of(obj))
        for node, obj in nodes
        if node.role_code in roles and roles[node.role_code].is_active
    ]
    answers = acting_holders_many(targets, live, day)
    for node, obj in nodes:
        role = roles.get(node.role_code)
        if role is None:
            continue
        node.role_name = role.name
        acting = answers.get((role.pk, Scope.of(obj).ref))
        if acting is None:
            continue
        for holder in acting.holders:
            absent = None
            if holder.kind != ASSIGNEE and holder.acting_for is not None:
                absent = holder.acting_for.person.short_name
            node.responsible.append(
                Responsible(
                    person_id=holder.person.pk,
                    name=holder.person.full_name,
                    short_name=holder.person.short_name,
                    acting_for=absent,
                    vacancy=holder.vacancy,
                )
            )


def goal_map(user, portfolio, year: int, quarter: int, *, on=None) -> GoalMap:
    """The goal map of `portfolio` for the period, as `user` may read it (404 unless they see the whole
    portfolio: kpi_maps.access.subtree_or_404)."""
    subtree_or_404(user, portfolio)
    day = on or timezone.localdate()
    rules, rule_set = rules_for(portfolio.pk)
    objects = [("portfolio", portfolio)]
    for kind in BELOW:
        objects += [(kind, obj) for obj in node_model(kind).objects.filter(path__startswith=portfolio.path)]
    nodes: dict[str, MapNode] = {}
    pairs = []
    for kind, obj in objects:
        role_code = _role_code(kind, obj)
        node = MapNode(
            kind=kind,
            id=obj.pk,
            code=obj.code,
            name=obj.name,
            path=obj.path,
            parent_ref=_parent_ref(obj.path) if kind != "portfolio" else None,
            depth=obj.path.count("/") - portfolio.path.count("/"),
            goal=obj.goal,
            stage=obj.stage,
            status=obj.status,
            planned_start=obj.planned_start,
            planned_end=obj.planned_end,
            is_standard=bool(getattr(obj, "is_standard", False)),
            role_code=role_code,
            role_name=role_code,
            level=RESPONSIBILITY[kind][0],
        )
        nodes[node.ref] = node
        pairs.append((node, obj))
    for node in nodes.values():
        if node.parent_ref in nodes:
            nodes[node.parent_ref].children.append(node)
    for node in nodes.values():
        node.children.sort(key=lambda child: (BELOW.index(child.kind), child.code))
    _responsible(pairs, portfolio.path, day)

    found = scores(portfolio.path, year, quarter, rules)
    indicators: dict[int, MapIndicator] = {}
    for row in Indicator.objects.filter(is_active=True, node_path__startswith=portfolio.path).order_by(
        "code"
    ):
        node = nodes.get(row.node_ref)
        if node is None:
            continue
        item = MapIndicator(
            id=row.pk,
            code=row.code,
            name=row.name,
            unit=row.unit,
            kind=row.kind,
            direction=row.direction,
            node=node,
            score=found.get(row.pk),
        )
        indicators[row.pk] = item
        node.indicators.append(item)
    links = []
    for parent_id, child_id, share in (
        Contribution.objects.filter(
            parent__node_path__startswith=portfolio.path,
            parent__is_active=True,
            child__node_path__startswith=portfolio.path,
            child__is_active=True,
        )
        .order_by("parent_id", "child_id")
        .values_list("parent_id", "child_id", "share")
    ):
        if parent_id not in indicators or child_id not in indicators:
            continue
        links.append((parent_id, child_id, share))
        indicators[child_id].parents.append((parent_id, share))
        indicators[parent_id].children.append((child_id, share))

    ordered: list[MapNode] = []

    def walk(node: MapNode) -> None:
        ordered.append(node)
        for child in node.children:
            walk(child)

    root = nodes[f"portfolio:{portfolio.pk}"]
    walk(root)
    return GoalMap(
        portfolio=portfolio,
        year=year,
        quarter=quarter,
        rules=rules,
        rule_set=rule_set,
        root=root,
        nodes=ordered,
        indicators=[item for node in ordered for item in node.indicators],
        links=links,
        day=day,
    )


def available_periods(root_path: str) -> list[int]:
    """The years with plans under the node, newest first (for the period selector; one query)."""
    from ..models import Target

    return list(
        Target.objects.filter(indicator__node_path__startswith=root_path, indicator__is_active=True)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def portfolio_or_404(user, pk):
    """The portfolio `pk`, when `user` may read its whole subtree; 404 otherwise."""
    from portfolios.models import Portfolio

    if not str(pk).isdigit():
        return subtree_or_404(user, None)
    return subtree_or_404(user, Portfolio.objects.filter(pk=pk).first())
