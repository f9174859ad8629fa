"""Reads of the organisation app."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from pmis.core import authorization
from pmis.core.nodes import path_prefixes

from .models import Absence, Person, Role, RoleAssignment, StateBody, Substitution, Unit
from .scopes import Scope
from .substitution import Acting, ActingFor, acting_for, acting_holders


def body_list(user) -> QuerySet[StateBody]:
    return authorization.restrict(StateBody.objects.annotate(unit_count=Count("units")), user)


def unit_list(user) -> QuerySet[Unit]:
    return authorization.restrict(Unit.objects.select_related("body", "parent", "head"), user)


def person_list(user) -> QuerySet[Person]:
    return authorization.restrict(
        Person.objects.filter(is_active=True).select_related("unit", "unit__body"), user
    )


def role_list(user) -> QuerySet[Role]:
    return authorization.restrict(Role.objects.all(), user)


def body_get(user, pk) -> StateBody:
    """One state body the user may see, or Http404."""
    from pmis.core.selectors import node_get

    return node_get(body_list(user), user, pk)


def person_get(user, pk) -> Person:
    """One active person the user may see, with their unit and its body joined, or Http404."""
    from pmis.core.selectors import node_get

    return node_get(person_list(user), user, pk)


# --- roles, assignments, absences, substitution --------------------------------------------------------------


def substitution_list(user) -> QuerySet[Substitution]:
    """The cells of the substitution scheme (Appendix 4), with both roles joined."""
    return authorization.restrict(Substitution.objects.select_related("substitute", "substituted"), user)


def assignment_list(user) -> QuerySet[RoleAssignment]:
    """The role assignments `user` may see, with the person, role and scope joined: one query for any page."""
    return authorization.restrict(
        RoleAssignment.objects.select_related(
            "person", "role", "body", "portfolio", "program", "direction", "group", "project"
        ),
        user,
    )


def assignment_get(user, pk, *, action: str = authorization.VIEW) -> RoleAssignment:
    """One assignment the user may see (else 404), and may `action` (else 403: managing needs "manage team")."""
    from pmis.core.selectors import node_get

    return node_get(assignment_list(user), user, pk, action=action)


def absence_list(user) -> QuerySet[Absence]:
    """The absences `user` may see: their own and those of the people whose team they manage."""
    return authorization.restrict(Absence.objects.select_related("person"), user)


def absence_get(user, pk, *, action: str = authorization.VIEW) -> Absence:
    from pmis.core.selectors import node_get

    return node_get(absence_list(user), user, pk, action=action)


def scope_get(user, ref: str, *, action: str = authorization.VIEW) -> Scope:
    """The Office, state body or node named by ``kind:id`` that `user` may see (else Http404), and may
    `action` (else PermissionDenied); a malformed reference is a ValidationError."""
    from django.http import Http404

    scope = Scope.from_ref(ref) if isinstance(ref, str) else Scope.of(ref)
    if not authorization.can(user, authorization.VIEW, scope.obj):
        raise Http404
    if action != authorization.VIEW:
        authorization.require(user, action, scope.obj)
    return scope


def role_by_code(code: str) -> Role:
    """The catalogue role with this code, or a ValidationError naming it."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    role = Role.objects.filter(code=(code or "").strip()).first()
    if role is None:
        raise ValidationError({"role": _("There is no role with the code “%(code)s”.") % {"code": code}})
    return role


def acting(user, *, role: Role, scope: Scope, on=None) -> Acting:
    """Who acts for `role` on `scope` on a day (Rules p.99); the caller has checked the user may see `scope`."""
    return acting_holders(role, scope, on)


def person_acting_for(person, on=None) -> list[ActingFor]:
    """What `person` acts for on a day: absent holders' roles and vacancies (Rules p.99, Appendix 4)."""
    return acting_for(person, on)


def person_assignments(user, person) -> QuerySet[RoleAssignment]:
    """All the roles of `person` that `user` may see, current first, then by end date."""
    return assignment_list(user).filter(person=person).order_by("-starts_on", "role__code")


# --- explicit grants (django-guardian object permissions) on a node --------------------------------------------


@dataclass(frozen=True)
class AccessGrant:
    """One explicit grant on a node: a person or a group may "view" or "change" it and everything below it."""

    id: int  # the object permission's id, in the table of its holder type
    holder_type: str  # "person" or "group"
    person: Person | None
    group: object | None
    action: str  # "view" or "change"
    node: object

    @property
    def node_ref(self) -> str:
        return self.node.ref


_HOLDER_FIELDS = {"person": "user", "group": "group"}


def _grant_models() -> dict:
    from guardian.utils import get_group_obj_perms_model, get_user_obj_perms_model

    return {"person": get_user_obj_perms_model(), "group": get_group_obj_perms_model()}


def _grant(row, holder_type: str, node) -> AccessGrant:
    holder = getattr(row, _HOLDER_FIELDS[holder_type])
    return AccessGrant(
        id=row.pk,
        holder_type=holder_type,
        person=holder if holder_type == "person" else None,
        group=holder if holder_type == "group" else None,
        action=row.permission.codename.split("_", 1)[0],
        node=node,
    )


def access_list(node) -> list[AccessGrant]:
    """The explicit grants held on `node` itself, people first then groups: two queries."""
    meta = node._meta
    where = {
        "content_type__app_label": meta.app_label,
        "content_type__model": meta.model_name,
        "object_pk": str(node.pk),
        "permission__codename__in": [f"{action}_{meta.model_name}" for action in ("view", "change")],
    }
    found = []
    for holder_type, model in _grant_models().items():
        holder = _HOLDER_FIELDS[holder_type]
        order = ("user__last_name", "user__first_name", "pk") if holder == "user" else ("group__name", "pk")
        rows = model.objects.filter(**where).select_related(holder, "permission").order_by(*order)
        found.extend(_grant(row, holder_type, node) for row in rows)
    return found


def access_get(user, pk, holder_type: str, *, action: str = authorization.VIEW) -> AccessGrant:
    """One explicit grant on a node `user` may see (else Http404), and may `action` (else PermissionDenied)."""
    from django.http import Http404

    from pmis.core.nodes import node_models

    model = _grant_models().get(holder_type)
    row = (
        model.objects.select_related(_HOLDER_FIELDS[holder_type], "permission", "content_type")
        .filter(pk=pk)
        .first()
        if model is not None
        else None
    )
    node_model = row.content_type.model_class() if row is not None else None
    node = node_model.objects.filter(pk=row.object_pk).first() if node_model in node_models() else None
    if node is None or not authorization.can(user, authorization.VIEW, node):
        raise Http404
    if action != authorization.VIEW:
        authorization.require(user, action, node)
    return _grant(row, holder_type, node)


# --- teams: who holds which role on a node, who is away, who acts (Rules p.77, p.95, p.99) ------------------


def role_order(role) -> tuple[int, str]:
    """Catalogue order: the level of the hierarchy top-down (Office … project), then the code."""
    from .choices import RoleLevel

    levels = list(RoleLevel.values)
    return (levels.index(role.level) if role.level in levels else len(levels), role.code)


@dataclass
class TeamHolder:
    """One person holding a role over a node on a day; when away, who stands in for them (`acting`)."""

    assignment: RoleAssignment
    inherited: bool = False  # held on a node or body above, whose role reaches this node
    absence: Absence | None = None
    acting: list = None  # substitution.Holder items standing in for this holder while away

    @property
    def person(self):
        return self.assignment.person


@dataclass
class TeamRole:
    """A role on a node's team: its holders today, and who acts for it when nobody holds it."""

    role: Role
    holders: list[TeamHolder]
    acting: list  # substitution.Holder items acting for the vacancy
    charter: bool = False  # Rules p.77: named in every project charter

    @property
    def vacant(self) -> bool:
        return not self.holders


@dataclass
class Team:
    """Everything a team card shows: roles in catalogue order, earlier and future assignments on the node."""

    scope: Scope
    day: object
    roles: list[TeamRole]
    other: list[RoleAssignment]
    charter_missing: list[Role]
    charter_warning: bool = False
    can_manage: bool = False  # set by the page: may the user manage this team

    @property
    def size(self) -> int:
        return sum(len(item.holders) for item in self.roles)


def _team_holders(acting) -> list[TeamHolder]:
    """The holders of one Acting answer, present and away alike, nearest to the node first."""
    holders = [
        TeamHolder(assignment=holder.assignment) for holder in acting.holders if holder.kind == "assignee"
    ]
    for assignment, absence in acting.absent:
        stand_ins = [holder for holder in acting.holders if holder.acting_for is assignment]
        holders.append(TeamHolder(assignment=assignment, absence=absence, acting=stand_ins))
    holders.sort(
        key=lambda item: (-len(item.assignment.scope_path), item.person.last_name, item.assignment.pk)
    )
    return holders


def team_of(user, scope, on=None) -> Team:
    """The team of a node, state body or the Office on a day (today), for its team card — a fixed number of
    queries whatever the size of the team and the number of absences:

    1. the assignments on the node (every period) and those above it that reach it today (a role on the state
       body that owns the program, on a parent group…) of the roles this kind of node takes, with person, role
       and scope joined and the state body's programs annotated;
    2. for a project, the roles every charter names (Rules p.77);
    3. the absences today of the holders; then, only when someone is away or a charter role is vacant,
    4. the substitution scheme for those roles and 5. the holders of the substitute roles (Rules p.99).
    """
    from django.db.models import Q

    from pmis.core.choices import Stage
    from pmis.core.grants import as_day

    from .choices import ScopeKind
    from .substitution import acting_holders_many, live_assignments, with_owned_programs

    scope = scope if isinstance(scope, Scope) else Scope.of(scope)
    day = as_day(on)
    kind = scope.kind
    on_node = Q(scope_kind=kind, **{scope.field: scope.obj})
    above = Q(scope_kind=ScopeKind.OFFICE) & ~on_node
    if kind not in (ScopeKind.OFFICE, ScopeKind.BODY):
        from programs.models import Program

        paths = path_prefixes(scope.path)  # top-down, self last
        above |= Q(scope_path__in=paths[:-1]) | Q(
            scope_kind=ScopeKind.BODY,
            body__in=Program.objects.filter(path__in=paths).order_by().values("owner_body"),
        )
    rows = list(
        with_owned_programs(
            assignment_list(user).filter(
                on_node | (live_assignments(day) & Q(role__scopes__contains=[kind]) & above)
            )
        ).order_by("role__level", "role__code", "person__last_name", "starts_on", "pk")
    )
    current = [a for a in rows if a.is_in_force(day) and a.role.is_active]
    current_ids = {a.pk for a in current}
    other = sorted(
        (a for a in rows if a.pk not in current_ids),
        key=lambda a: (a.starts_on, a.pk),
        reverse=True,
    )
    roles = {a.role_id: a.role for a in current}
    charter: set[int] = set()
    if kind == ScopeKind.PROJECT:
        for role in Role.objects.filter(charter_required=True, is_active=True, scopes__contains=[kind]):
            roles.setdefault(role.pk, role)
            charter.add(role.pk)
    ordered = sorted(roles.values(), key=role_order)
    answers = acting_holders_many([(role, scope) for role in ordered], current, day)
    items = []
    for role in ordered:
        acting = answers[(role.pk, scope.ref)]
        holders = _team_holders(acting)
        for holder in holders:
            holder.inherited = not _on(holder.assignment, scope)
        items.append(
            TeamRole(
                role=role,
                holders=holders,
                acting=[holder for holder in acting.holders if holder.vacancy],
                charter=role.pk in charter,
            )
        )
    missing = [item.role for item in items if item.charter and item.vacant]
    return Team(
        scope=scope,
        day=day,
        roles=items,
        other=other,
        charter_missing=missing,
        charter_warning=bool(missing) and getattr(scope.obj, "stage", Stage.INITIATION) != Stage.INITIATION,
    )


def _on(assignment, scope: Scope) -> bool:
    """Is the assignment held on `scope` itself (not above it)?"""
    return assignment.scope_ref == (scope.kind, scope.obj.pk)


@dataclass
class BodyTeam:
    """The roles of a state body's organisational chart (Rules Appendix 1) as held today: on the body itself and
    on the programs, basic directions and groups it owns; who stands in for the absent and the vacant."""

    body: StateBody
    day: object
    roles: dict[str, Role]  # by code
    holders: dict[str, list[TeamHolder]]  # by role code
    #: By role code: the substitution.Holder items acting for a role nobody holds on the body.
    vacancy: dict[str, list]


def body_team(user, body: StateBody, codes, on=None) -> BodyTeam:
    """The holders of the roles `codes` on `body` and on the nodes it owns, today (or on `on`).

    Queries: the roles; the assignments on the body; on the programs, basic directions and groups the body owns
    (one query per kind, none for the Office); then `acting_holders_many` (absences, scheme, substitutes).
    """
    from pmis.core.grants import as_day

    from .choices import ScopeKind
    from .substitution import acting_holders_many, live_assignments, with_owned_programs

    day = as_day(on)
    codes = list(codes)
    roles = {role.code: role for role in Role.objects.filter(code__in=codes)}
    own = Scope.of(body)
    base = assignment_list(user).filter(live_assignments(day), role__code__in=codes)
    rows = list(
        with_owned_programs(base.filter(scope_kind=own.kind, body=body)).order_by("person__last_name", "pk")
    )
    if own.kind == ScopeKind.BODY:
        for kind in (ScopeKind.PROGRAM, ScopeKind.DIRECTION, ScopeKind.GROUP):
            rows += list(
                base.filter(scope_kind=kind, **{f"{kind}__owner_body": body}).order_by(
                    f"{kind}__path", "person__last_name", "pk"
                )
            )
    targets = [(row.role, Scope(row.scope_kind, row.scope)) for row in rows]
    held_on_body = {row.role.code for row in rows if row.scope_kind == own.kind}
    vacant = [
        roles[code]
        for code in codes
        if code in roles
        and roles[code].is_active
        and own.kind in roles[code].scopes
        and code not in held_on_body
    ]
    targets += [(role, own) for role in vacant]
    answers = acting_holders_many(targets, rows, day)
    holders: dict[str, list[TeamHolder]] = {}
    for row in rows:
        acting = answers[(row.role_id, Scope(row.scope_kind, row.scope).ref)]
        entry = next(
            (item for item in _team_holders(acting) if item.assignment.pk == row.pk),
            TeamHolder(assignment=row),
        )
        holders.setdefault(row.role.code, []).append(entry)
    vacancy = {
        role.code: [holder for holder in answers[(role.pk, own.ref)].holders if holder.vacancy]
        for role in vacant
    }
    return BodyTeam(body=body, day=day, roles=roles, holders=holders, vacancy=vacancy)


# --- the catalogue, the scheme and finding people -----------------------------------------------------------


def role_catalogue(user) -> list[Role]:
    """Every role of the catalogue in catalogue order (level top-down, then code): one query."""
    return sorted(role_list(user), key=role_order)


@dataclass
class SubstitutionMatrix:
    """Appendix 4 as a grid: substitute roles down, substituted roles across, a "+" where one acts for the other."""

    rows: list[Role]
    columns: list[Role]
    cells: set[tuple[int, int]]  # (substitute id, substituted id)

    def marked(self, substitute: Role, substituted: Role) -> bool:
        return (substitute.pk, substituted.pk) in self.cells

    @property
    def grid(self) -> list[dict]:
        """Rows as the page draws them: the substitute role and one flag per column."""
        return [
            {"role": row, "cells": [(row.pk, column.pk) in self.cells for column in self.columns]}
            for row in self.rows
        ]


def substitution_matrix(user) -> SubstitutionMatrix:
    """The scheme with its roles in catalogue order; only roles that appear in it: two queries."""
    roles = {role.pk: role for role in role_list(user)}
    cells = set(substitution_list(user).values_list("substitute", "substituted"))
    rows = sorted({roles[substitute] for substitute, _ in cells if substitute in roles}, key=role_order)
    columns = sorted({roles[substituted] for _, substituted in cells if substituted in roles}, key=role_order)
    return SubstitutionMatrix(rows=rows, columns=columns, cells=cells)


def person_search(user, text: str, *, limit: int = 30) -> list[Person]:
    """Active people whose surname, first name, patronymic or username contains `text`, surname order: one
    query, at most `limit` rows, so a choice among thousands of people stays light."""
    from django.db.models import Q

    queryset = person_list(user)
    for word in (text or "").split()[:3]:
        queryset = queryset.filter(
            Q(last_name__icontains=word)
            | Q(first_name__icontains=word)
            | Q(patronymic__icontains=word)
            | Q(username__icontains=word)
        )
    return list(queryset.order_by("last_name", "first_name", "patronymic", "pk")[:limit])


@dataclass
class PersonRoles:
    """A person's roles as their page shows them: in force today (with who stands in while they are away),
    starting later, ended; and their absence today, if any."""

    current: list[TeamHolder]
    future: list[RoleAssignment]
    ended: list[RoleAssignment]
    absence: Absence | None


def person_roles(user, person, on=None) -> PersonRoles:
    """The roles of `person` that `user` may see, split by the day `on` (today). Queries: the assignments with
    their nodes; the person's absence that day; when away, the scheme and the substitutes (`acting_holders_many`).
    """
    from pmis.core.grants import as_day

    from .substitution import absences_on, acting_holders_many, with_owned_programs

    day = as_day(on)
    rows = list(with_owned_programs(person_assignments(user, person)))
    current = [a for a in rows if a.is_in_force(day) and a.role.is_active]
    future = sorted((a for a in rows if a.starts_on > day), key=lambda a: (a.starts_on, a.pk))
    ended = [a for a in rows if a not in current and a not in future]
    if not current:
        return PersonRoles([], future, ended, absences_on(day, [person.pk]).get(person.pk))
    # Only the person's own assignments are passed: enough to find who stands in for them while away.
    answers = acting_holders_many([(a.role, Scope(a.scope_kind, a.scope)) for a in current], current, day)
    holders, absence = [], None
    for a in current:
        answer = answers[(a.role_id, Scope(a.scope_kind, a.scope).ref)]
        entry = TeamHolder(assignment=a)
        for assignment, away in answer.absent:
            if assignment.pk == a.pk:
                entry.absence = absence = away
                entry.acting = [
                    h for h in answer.holders if h.acting_for is not None and h.acting_for.pk == a.pk
                ]
        holders.append(entry)
    return PersonRoles(holders, future, ended, absence)


def role_holders(
    codes: Iterable[str], *, path: str | None = None, below: str | None = None, on: dt.date | None = None
) -> list[Person]:
    """The active people holding one of the roles `codes` on the day, at exactly `path` (a node's path,
    ``body:<id>/``, ``office:<id>/``) or anywhere at and below `below`; each once, by name, in one query.

    Whom to tell of something — never who may do it, which only the authorization module answers.
    """
    day = on or timezone.localdate()
    rows = RoleAssignment.objects.filter(role__code__in=list(codes), starts_on__lte=day).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=day)
    )
    rows = (
        rows.filter(scope_path=path) if path is not None else rows.filter(scope_path__startswith=below or "")
    )
    return list(
        Person.objects.filter(pk__in=rows.values("person"), is_active=True).order_by(
            "last_name", "first_name", "pk"
        )
    )
