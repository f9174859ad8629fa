"""Who acts for a role on a node on a day, and what a person acts for (Rules p.99, Appendix 4) — reads only.

The rules are those of pmis/core/grants.py, which grants the same powers in SQL:
- the *holders* of a role on a node are the people whose assignment of that role reaches the node (held on the
  node itself, or above it: a head of a higher group, a state body's project office over its programs);
- a holder who is absent that day does not act; the holders of the substitute roles whose own scope is on the
  same branch as the absent holder's act for them, for that absence;
- when nobody holds the role over the node, the holders of the substitute roles whose own scope reaches the node
  (at or above it) act for the vacancy: acting adds powers, never reach;
- a substitute who is absent acts for no one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from pmis.core.grants import as_day
from pmis.core.nodes import NODE_MODELS, node_model, path_prefixes, path_refs

from .choices import ScopeKind
from .models import Absence, Person, Role, RoleAssignment, StateBody, Substitution
from .scopes import Scope, check_role_fits, covers, reach, same_branch

ASSIGNEE = "assignee"
SUBSTITUTE = "substitute"


@dataclass
class Holder:
    """A person who acts for a role on a node on a day, and why."""

    person: Person
    assignment: RoleAssignment  # their own assignment: of the role itself, or of a substitute role
    kind: str  # ASSIGNEE or SUBSTITUTE
    acting_for: RoleAssignment | None = None  # the absent holder's assignment they stand in for
    absence: Absence | None = None  # that holder's absence
    vacancy: bool = False  # standing in because nobody holds the role


@dataclass
class Acting:
    """The answer to "who acts for `role` on `scope` on `day`"."""

    role: Role
    scope: Scope
    day: dt.date
    holders: list[Holder] = field(default_factory=list)
    absent: list[tuple[RoleAssignment, Absence]] = field(default_factory=list)

    @property
    def vacant(self) -> bool:
        return not any(holder.kind == ASSIGNEE for holder in self.holders) and not self.absent


def _distance(first: str, second: str) -> int:
    """How many steps of the hierarchy lie between two paths (through their nearest common ancestor)."""
    a, b = first.strip("/").split("/"), second.strip("/").split("/")
    common = 0
    while common < min(len(a), len(b)) and a[common] == b[common]:
        common += 1
    return len(a) + len(b) - 2 * common


def nearest_first(answer: Acting) -> Acting:
    """Order the answer: present holders, then the substitutes nearest to the absent holder's (or the vacant)
    node first — Appendix 4 names who may act, not in which order, and a page shows the nearest first."""

    def key(holder: Holder):
        if holder.kind == ASSIGNEE:
            return (0, 0)
        reference = holder.acting_for.scope_path if holder.acting_for is not None else answer.scope.path
        return (1, _distance(holder.assignment.scope_path, reference))

    answer.holders.sort(key=key)
    return answer


def live_assignments(day: dt.date) -> Q:
    """The filter of assignments in force on `day`, of roles in use."""
    return Q(starts_on__lte=day) & (Q(ends_on__isnull=True) | Q(ends_on__gte=day)) & Q(role__is_active=True)


def absences_on(day: dt.date, people) -> dict[int, Absence]:
    """The absence of each of `people` (ids) that covers `day`, the one that started first."""
    found: dict[int, Absence] = {}
    for absence in Absence.objects.filter(person__in=people, starts_on__lte=day, ends_on__gte=day).order_by(
        "starts_on", "pk"
    ):
        found.setdefault(absence.person_id, absence)
    return found


def program_paths_of(body_ids) -> dict[int, list[str]]:
    """The paths of the programs each state body owns: what a role on the body reaches besides its own."""
    from programs.models import Program

    owned: dict[int, list[str]] = {}
    for body_id, path in Program.objects.filter(owner_body__in=set(body_ids)).values_list(
        "owner_body", "path"
    ):
        owned.setdefault(body_id, []).append(path)
    return owned


def _reach(assignment: RoleAssignment, owned) -> list[str]:
    return reach(assignment.scope_kind, assignment.scope_path, owned, assignment.body_id)


def _scope_reach(scope: Scope, owned) -> list[str]:
    return reach(scope.kind, scope.path, owned, scope.obj.pk if scope.kind == ScopeKind.BODY else None)


def acting_holders(role: Role, scope: Scope, on=None) -> Acting:
    """Who acts for `role` on `scope` on the day `on` (today): its present holders and the substitutes.

    `acting_holders_many` for one pair: the role's assignments in force, then its reads (the programs of the
    bodies involved, the absences, the scheme and the substitutes when needed).
    """
    check_role_fits(role, scope)
    day = as_day(on)
    live = RoleAssignment.objects.filter(live_assignments(day), role=role).select_related("person", "role")
    return acting_holders_many([(role, scope)], live, on=day)[(role.pk, scope.ref)]


# --- what a person acts for ---------------------------------------------------------------------------------


@dataclass
class ActingFor:
    """One role a person acts for on a day: on a node or body, for an absent holder or a vacancy."""

    role: Role
    through: RoleAssignment  # the person's own assignment of a substitute role
    scope: Scope | None = None  # filled once the nodes are loaded
    absent: RoleAssignment | None = None
    absence: Absence | None = None

    @property
    def vacancy(self) -> bool:
        return self.absent is None


def _ancestors_and_self(prefix: str) -> list[tuple[str, str, int]]:
    """(path, kind, id) of every node a prefix passes through, top-down."""
    return [
        (path, kind, pk) for path, (kind, pk) in zip(path_prefixes(prefix), path_refs(prefix), strict=True)
    ]


def _scopes_by_ref(refs: set[tuple[str, int]]) -> dict[tuple[str, int], Scope]:
    """Load the nodes and bodies named by (kind, id) pairs: one query per kind present."""
    by_kind: dict[str, set[int]] = {}
    for kind, pk in refs:
        by_kind.setdefault(kind, set()).add(pk)
    loaded: dict[tuple[str, int], Scope] = {}
    for kind, ids in by_kind.items():
        model = StateBody if kind in (ScopeKind.BODY, ScopeKind.OFFICE) else node_model(kind)
        for obj in model.objects.filter(pk__in=ids):
            loaded[(kind, obj.pk)] = Scope.of(obj)
    return loaded


def _places_below(own: list[tuple[RoleAssignment, list[str]]], kinds: set[str]) -> list[tuple[str, int, str]]:
    """The nodes of `kinds` at or below the reaches of `own` — (kind, id, path) — and the state bodies the
    assignments are held on (a body is below only itself). One query per kind of node."""
    from functools import reduce
    from operator import or_

    prefixes = {prefix for _assignment, mine in own for prefix in mine}
    places = [
        (ScopeKind.BODY, a.body_id, f"body:{a.body_id}/")
        for a, _mine in own
        if a.scope_kind == ScopeKind.BODY and ScopeKind.BODY in kinds
    ]
    if not prefixes:
        return places
    condition = None if "" in prefixes else reduce(or_, (Q(path__startswith=p) for p in sorted(prefixes)))
    for kind in sorted(kinds & set(NODE_MODELS)):
        rows = node_model(kind).objects.order_by("path")
        rows = rows if condition is None else rows.filter(condition)
        places += [(kind, pk, path) for pk, path in rows.values_list("pk", "path")]
    return places


def acting_for(person: Person, on=None) -> list[ActingFor]:
    """Every role `person` acts for on the day `on` (today): for absent holders and for vacancies.

    Nothing when the person is away. For an absent holder, as `acting_holders`; for a vacancy, at or below the
    person's own nodes and only where the vacant role allows something their own does not (as the grants count).
    A bounded number of queries for a person with a few roles: the absence check, the person's assignments, the
    scheme, the assignments of the roles they substitute, the programs of the bodies involved, the absences, the
    candidate nodes (one query per kind per role of theirs) and one query per kind of node named.
    """

    day = as_day(on)
    if Absence.objects.filter(person=person, starts_on__lte=day, ends_on__gte=day).exists():
        return []
    own = list(RoleAssignment.objects.filter(live_assignments(day), person=person).select_related("role"))
    pairs = list(
        Substitution.objects.filter(
            substitute__in={a.role_id for a in own}, substituted__is_active=True
        ).select_related("substituted")
    )
    if not pairs:
        return []
    substituted = {pair.substituted_id: pair.substituted for pair in pairs}
    others = list(
        RoleAssignment.objects.filter(live_assignments(day), role__in=substituted)
        .exclude(person=person)
        .select_related("person", "role")
    )
    bodies = {a.body_id for a in [*own, *others] if a.scope_kind == ScopeKind.BODY}
    owned = program_paths_of(bodies)
    away = absences_on(day, {a.person_id for a in others})
    items: list[tuple[tuple[str, int], ActingFor]] = []
    vacancies: list[tuple[int, list[str], tuple[str, int], RoleAssignment]] = []
    for through in own:
        mine = _reach(through, owned)
        targets = {pair.substituted_id for pair in pairs if pair.substitute_id == through.role_id}
        for other in others:
            if (
                other.role_id in targets
                and other.person_id in away
                and same_branch(mine, _reach(other, owned))
            ):
                item = ActingFor(
                    role=other.role, through=through, absent=other, absence=away[other.person_id]
                )
                items.append((other.scope_ref, item))
        # Vacancies at or below their own node, of roles that allow something their own role does not (as the
        # grants count them: elsewhere acting would add nothing).
        gaining = {
            role_id for role_id in targets if not set(substituted[role_id].powers) <= set(through.role.powers)
        }
        kinds = {kind for role_id in gaining for kind in substituted[role_id].scopes}
        for kind, pk, path in _places_below([(through, mine)], kinds):
            place = reach(kind, path, owned, pk)
            for role_id in gaining:
                if kind not in substituted[role_id].scopes:
                    continue
                held = any(a.role_id == role_id and covers(_reach(a, owned), place) for a in [*others, *own])
                if not held:
                    vacancies.append((role_id, place, (kind, pk), through))
    # A vacancy on a node already reaches what lies below it (a body its programs): report the widest place only.
    for role_id, place, ref, through in vacancies:
        wider = any(
            other_role == role_id and other_place != place and covers(other_place, place)
            for other_role, other_place, _ref, _through in vacancies
        )
        if not wider:
            items.append((ref, ActingFor(role=substituted[role_id], through=through)))
    scopes = _scopes_by_ref({ref for ref, _item in items})
    found, seen = [], set()
    for ref, item in items:
        key = (item.role.pk, ref, getattr(item.absent, "pk", None))
        if key not in seen and ref in scopes:
            seen.add(key)
            item.scope = scopes[ref]
            found.append(item)
    return found


# --- many roles at once: team cards and organisational charts -----------------------------------------------


def with_owned_programs(queryset):
    """Annotate assignments with ``owned_paths``: the paths of the programs their state body owns (what a role
    on a body reaches besides the body itself), read in the same query instead of a query per body."""
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db.models import OuterRef

    from programs.models import Program

    return queryset.annotate(
        owned_paths=ArraySubquery(
            Program.objects.filter(owner_body=OuterRef("body")).order_by().values("path")
        )
    )


def _sql_order(assignments: list[RoleAssignment]) -> list[RoleAssignment]:
    """The order acting_holders reads its candidates in: role level and code, deepest path first, surname, id."""
    rows = sorted(assignments, key=lambda a: (a.person.last_name, a.pk))
    rows.sort(key=lambda a: a.scope_path, reverse=True)
    rows.sort(key=lambda a: (a.role.level, a.role.code))
    return rows


def _branch_filter(branches: list[str], vacant: list[str]) -> Q | None:
    """The assignments that may lie on the same branch as the prefixes `branches` (at, above or below them) or
    at or above the prefixes `vacant`; roles on state bodies and the Office are always read (their reach is
    decided in Python). None when a prefix is the Office's (everything is on its branch)."""
    if "" in branches or "" in vacant:
        return None
    condition = Q(scope_kind__in=(ScopeKind.BODY, ScopeKind.OFFICE))
    for prefix in set(branches):
        above = [path for path, _kind, _pk in _ancestors_and_self(prefix)]
        condition |= Q(scope_path__startswith=prefix) | Q(scope_path__in=above)
    above = {path for prefix in set(vacant) for path, _kind, _pk in _ancestors_and_self(prefix)}
    if above:
        condition |= Q(scope_path__in=sorted(above))
    return condition


def acting_holders_many(targets, live, on=None) -> dict[tuple[int, str], Acting]:
    """`acting_holders` for many (role, scope) pairs at once, by the same rules, in a fixed number of queries.

    A team card or an organisational chart asks "who acts for this role here" for every role it shows; asking
    acting_holders once per role would repeat its queries for every row. Here the caller passes `live`: the
    assignments (person and role joined) that may hold the target roles over the target scopes — every
    assignment of a target role in force on the day that reaches a target scope must be among them; the others
    (ended, of other roles, elsewhere) are ignored. Then at most three queries whatever the number of targets:
    1. the programs of the state bodies among them, unless ``owned_paths`` is annotated (`with_owned_programs`);
    2. the absences on the day of the holders;
    3. only when a holder is absent or a role vacant: the assignments of their substitute roles on the branches
       concerned, each with the roles it stands in for (the scheme), whether its holder is away and its body's
       programs.

    The answer is keyed by (role id, scope ref); each Acting lists holders in acting_holders' order.
    """
    from django.contrib.postgres.expressions import ArraySubquery
    from django.db.models import Exists, OuterRef

    day = as_day(on)
    pairs = {}
    for role, scope in targets:
        check_role_fits(role, scope)
        pairs.setdefault((role.pk, scope.ref), (role, scope))
    live = [a for a in live if a.is_in_force(day) and a.role.is_active]
    owned: dict[int, list[str]] = {}
    missing = set()
    for a in live:
        if a.scope_kind == ScopeKind.BODY:
            if hasattr(a, "owned_paths"):
                owned[a.body_id] = list(a.owned_paths or [])
            else:
                missing.add(a.body_id)
    missing |= {scope.obj.pk for _role, scope in pairs.values() if scope.kind == ScopeKind.BODY} - set(owned)
    if missing:
        owned.update({body: [] for body in missing} | program_paths_of(missing))
    away = absences_on(day, {a.person_id for a in live}) if live else {}
    by_role: dict[int, list[RoleAssignment]] = {}
    for a in _sql_order(live):
        by_role.setdefault(a.role_id, []).append(a)

    # Per role, its holders by each path prefix they reach: a holder covers a target only when one of those
    # prefixes is a prefix of the target's path, so a target looks up its own prefixes instead of every holder.
    index: dict[int, dict[str, list[tuple[int, RoleAssignment]]]] = {}
    for role_id, items in by_role.items():
        per_prefix = index.setdefault(role_id, {})
        for position, a in enumerate(items):
            for prefix in set(_reach(a, owned)):
                per_prefix.setdefault(prefix, []).append((position, a))

    def _indexed(role_id: int, target: list[str]) -> list[RoleAssignment]:
        if not target:  # covers() holds for every holder of an empty target
            return by_role.get(role_id, [])
        per_prefix = index.get(role_id, {})
        first = target[0]
        prefixes = ["", *(first[: i + 1] for i, char in enumerate(first) if char == "/")]
        hits = {position: a for prefix in prefixes for position, a in per_prefix.get(prefix, ())}
        return [hits[position] for position in sorted(hits)]  # in by_role's (SQL) order

    found: dict[tuple[int, str], tuple[Acting, list[RoleAssignment], list[str]]] = {}
    branches, vacant = [], []
    for key, (role, scope) in pairs.items():
        target = _scope_reach(scope, owned)
        holders = [a for a in _indexed(role.pk, target) if covers(_reach(a, owned), target)]
        holders.sort(key=lambda a: -len(a.scope_path))
        found[key] = (Acting(role=role, scope=scope, day=day), holders, target)
        if not holders:
            vacant.extend(target)
        for holder in holders:
            if holder.person_id in away:
                branches.extend(_reach(holder, owned))

    scheme: dict[int, set[int]] = {}
    candidates: list[RoleAssignment] = []
    # The roles somebody may have to act for: nobody holds them, or a holder is away.
    needy = {
        answer.role.pk
        for answer, holders, _target in found.values()
        if not holders or any(holder.person_id in away for holder in holders)
    }
    if needy:
        # The substitutes' assignments, each with the needy roles its role stands in for: the scheme is read in
        # the same query.
        cells = Substitution.objects.filter(substituted__in=needy)
        queryset = RoleAssignment.objects.filter(
            live_assignments(day), role__in=cells.values("substitute")
        ).annotate(stands_for=ArraySubquery(cells.filter(substitute=OuterRef("role")).values("substituted")))
        condition = _branch_filter(branches, vacant)
        if condition is not None:
            queryset = queryset.filter(condition)
        queryset = with_owned_programs(
            queryset.select_related("person", "role").annotate(
                is_away=Exists(
                    Absence.objects.filter(person=OuterRef("person"), starts_on__lte=day, ends_on__gte=day)
                )
            )
        ).order_by("role__level", "role__code", "-scope_path", "person__last_name", "pk")
        candidates = list(queryset)
        for a in candidates:
            for substituted in a.stands_for:
                scheme.setdefault(substituted, set()).add(a.role_id)
            if a.scope_kind == ScopeKind.BODY:
                owned.setdefault(a.body_id, list(a.owned_paths or []))

    answers = {}
    for key, (answer, holders, target) in found.items():
        substitute_ids = scheme.get(answer.role.pk, set())
        holder_ids = {a.pk for a in holders}
        present = [
            a for a in candidates if a.role_id in substitute_ids and a.pk not in holder_ids and not a.is_away
        ]
        for holder in holders:
            absence = away.get(holder.person_id)
            if absence is None:
                answer.holders.append(Holder(person=holder.person, assignment=holder, kind=ASSIGNEE))
                continue
            answer.absent.append((holder, absence))
            holder_reach = _reach(holder, owned)
            for substitute in present:
                if substitute.person_id != holder.person_id and same_branch(
                    _reach(substitute, owned), holder_reach
                ):
                    answer.holders.append(
                        Holder(
                            person=substitute.person,
                            assignment=substitute,
                            kind=SUBSTITUTE,
                            acting_for=holder,
                            absence=absence,
                        )
                    )
        if not holders:
            # A vacancy is acted for by substitutes at or above the node, as in acting_holders.
            for substitute in present:
                if covers(_reach(substitute, owned), target):
                    answer.holders.append(
                        Holder(person=substitute.person, assignment=substitute, kind=SUBSTITUTE, vacancy=True)
                    )
        answers[key] = nearest_first(answer)
    return answers
