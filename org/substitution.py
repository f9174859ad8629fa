"""Who acts for a role on a node on a day, and what a person acts for (Rules p.99, Appendix 4) — reads only.

The rules are those of pmis/core/grants.py, which grants the same powers in SQL:
- the *holders* of a role on a node are the people whose assignment of that role reaches the node (held on the
  node itself, or above it: a head of a higher group, a state body's project office over its programs);
- a holder who is absent that day does not act; the holders of the substitute roles whose own scope is on the
  same branch as the absent holder's act for them, for that absence;
- when nobody holds the role over the node, the holders of the substitute roles whose own scope is at or below
  the node act for the vacancy;
- a substitute who is absent acts for no one.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from pmis.core.grants import as_day
from pmis.core.nodes import node_model

from .choices import ScopeKind
from .models import Absence, Person, Role, RoleAssignment, StateBody, Substitution
from .scopes import Scope, at_or_above, check_role_fits, reach, same_branch

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

    Five queries whatever the size of the team: the assignments of the role and of its substitute roles, the
    programs of the state bodies involved, and the absences of the people involved.
    """
    check_role_fits(role, scope)
    day = as_day(on)
    substitute_roles = Substitution.objects.filter(substituted=role).values("substitute")
    candidates = list(
        RoleAssignment.objects.filter(live_assignments(day))
        .filter(Q(role=role) | Q(role__in=substitute_roles))
        .select_related("person", "role")
        .order_by("role__level", "role__code", "-scope_path", "person__last_name", "pk")
    )
    bodies = {a.body_id for a in candidates if a.scope_kind == ScopeKind.BODY}
    if scope.kind == ScopeKind.BODY:
        bodies.add(scope.obj.pk)
    owned = program_paths_of(bodies)
    away = absences_on(day, {a.person_id for a in candidates})
    target = _scope_reach(scope, owned)
    answer = Acting(role=role, scope=scope, day=day)

    holders = [a for a in candidates if a.role_id == role.pk and at_or_above(_reach(a, owned), target)]
    # The holder on the node itself first, then those above it, nearest first.
    holders.sort(key=lambda a: -len(a.scope_path))
    # A role may substitute itself (a second curator of the priority): its holders elsewhere on the branch.
    substitute_ids = set(Substitution.objects.filter(substituted=role).values_list("substitute", flat=True))
    present_substitutes = [
        a for a in candidates if a.role_id in substitute_ids and a not in holders and a.person_id not in away
    ]
    for holder in holders:
        absence = away.get(holder.person_id)
        if absence is None:
            answer.holders.append(Holder(person=holder.person, assignment=holder, kind=ASSIGNEE))
            continue
        answer.absent.append((holder, absence))
        holder_reach = _reach(holder, owned)
        for substitute in present_substitutes:
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
        for substitute in present_substitutes:
            if at_or_above(target, _reach(substitute, owned)):
                answer.holders.append(
                    Holder(person=substitute.person, assignment=substitute, kind=SUBSTITUTE, vacancy=True)
                )
    return answer


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
    segments = [segment for segment in prefix.strip("/").split("/") if segment]
    found = []
    for end, segment in enumerate(segments, start=1):
        kind, _sep, pk = segment.partition(":")
        found.append(("/".join(segments[:end]) + "/", kind, int(pk)))
    return found


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


def _places_above(prefixes: list[str], owners: dict[int, int], owned) -> list[tuple[str, int, list[str]]]:
    """The nodes and bodies at or above the given prefixes, each with what a role there would reach: the nodes
    the paths pass through and the state bodies that own the programs among them."""
    places = []
    for prefix in prefixes:
        for path, kind, pk in _ancestors_and_self(prefix):
            places.append((kind, pk, reach(kind, path, owned, pk)))
            if kind == ScopeKind.PROGRAM and pk in owners:
                body = owners[pk]
                places.append((ScopeKind.BODY, body, reach(ScopeKind.BODY, f"body:{body}/", owned, body)))
    return places


def acting_for(person: Person, on=None) -> list[ActingFor]:
    """Every role `person` acts for on the day `on` (today): for absent holders and for vacancies.

    Nothing when the person is away. A bounded number of queries whatever the number of roles: the absence
    check, the person's assignments, the scheme, the assignments of the roles they substitute, the programs of
    the bodies involved, the absences, and one query per kind of node named.
    """
    from programs.models import Program

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
    program_ids = {
        pk for a in own for _path, kind, pk in _ancestors_and_self(a.scope_path) if kind == "program"
    }
    owners = dict(Program.objects.filter(pk__in=program_ids).values_list("pk", "owner_body"))
    bodies = {a.body_id for a in [*own, *others] if a.scope_kind == ScopeKind.BODY} | set(owners.values())
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
        for kind, pk, place in _places_above(mine, owners, owned):
            for role_id in targets:
                role = substituted[role_id]
                held = any(
                    a.role_id == role_id and at_or_above(_reach(a, owned), place) for a in [*others, *own]
                )
                if kind in role.scopes and not held:
                    vacancies.append((role_id, place, (kind, pk), through))
    # A vacancy on a state body already reaches its programs: report the widest place only.
    for role_id, place, ref, through in vacancies:
        wider = any(
            other_role == role_id and other_place != place and at_or_above(other_place, place)
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
