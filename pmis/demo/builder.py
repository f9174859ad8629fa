"""Build the demo data set of `pmis.demo.data` through the services: idempotent, one transaction, seconds.

Hierarchy nodes are created only through their services (portfolio_create … project_create,
standard_direction_create) with the demo administrator as the actor, so codes, paths, history and the Rules p.9
deadline check are the real ones. State bodies, units and people have no create services yet (org services for
them come with a later issue), so the small `*_create` functions below are those writes: full_clean, one
transaction, history with actor and reason.

Idempotent by natural keys: a body by its code, a unit by (body, code), a person by username, a node by its
Russian name under the same parent (a standard group by its kind). What exists is left exactly as it is, so a
second run changes nothing, and it is fast because every level is looked up in one query.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from org.choices import RoleLevel
from org.models import Person, Role, RoleAssignment, StateBody, Unit
from pmis.core.choices import Stage, Status
from portfolios.models import Portfolio
from portfolios.services import portfolio_create
from programs.choices import StandardGroup
from programs.models import BasicDirection, Program, ProjectGroup
from programs.services import direction_create, group_create, program_create, standard_direction_create
from projects.models import Project
from projects.services import project_create

from . import data
from .data import BodySpec, GroupSpec, Names, PersonSpec, ProjectSpec
from .goal_maps import build as demo_goal_maps
from .governance import build as demo_governance
from .operational_plans import build as demo_operational_plans
from .scrum import build as demo_scrum
from .teams import demo_teams
from .workspace import demo_workspace

MILLION = Decimal(1_000_000)
STARTED = {Stage.IMPLEMENTATION, Stage.MONITORING, Stage.CLOSURE}
#: What the summary counts, top-down: the hierarchy levels, then the organisation.
COUNTED = (Portfolio, Program, BasicDirection, ProjectGroup, Project, StateBody, Unit, Person, RoleAssignment)


@dataclass
class DemoLogin:
    username: str
    password: str
    full_name: str
    role: str  # the role's name in the active language, or "superuser"


@dataclass
class DemoResult:
    """What the run found and made: totals per model after the run, and how many of them it created."""

    counts: dict[type, int]
    created: dict[type, int]
    logins: list[DemoLogin] = field(default_factory=list)


def _names(names: Names) -> dict[str, str]:
    kk, ru, en = names
    return {"name_kk": kk, "name_ru": ru, "name_en": en}


def _reason() -> str:
    return _("Demo data")


# --- organisation writes (no org services for these yet) -----------------------------------------------------


@transaction.atomic
def state_body_create(
    *, actor: Person | None, code: str, kind: str, region: str = "", names: Names
) -> StateBody:
    """Create a state body (central, local executive with its region, or the Office)."""
    body = StateBody(code=code, kind=kind, region=region, **_names(names))
    body.full_clean()
    body._history_user, body._change_reason = actor, _reason()
    body.save()
    return body


@transaction.atomic
def unit_create(*, actor: Person | None, body: StateBody, code: str, kind: str, names: Names) -> Unit:
    """Create a structural unit or a subordinate organisation of a state body."""
    unit = Unit(body=body, code=code, kind=kind, **_names(names))
    unit.full_clean()
    unit._history_user, unit._change_reason = actor, _reason()
    unit.save()
    return unit


@transaction.atomic
def person_create(
    *,
    actor: Person | None,
    spec: PersonSpec,
    unit: Unit | None,
    password_hash: str,
    is_superuser: bool = False,
) -> Person:
    """Create a demo person; the password comes hashed because PBKDF2 is slow on purpose and is hashed once."""
    person = Person(
        username=spec.username,
        password=password_hash,
        last_name=spec.last_name,
        first_name=spec.first_name,
        patronymic=spec.patronymic,
        position=spec.position,
        unit=unit,
        language=spec.language,
        is_staff=is_superuser,
        is_superuser=is_superuser,
    )
    person.full_clean()
    person._history_user, person._change_reason = actor, _reason()
    person.save()
    return person


@transaction.atomic
def person_place(*, actor: Person | None, person: Person, unit: Unit) -> Person:
    """Place a person in a unit of the line structure."""
    person.unit = unit
    person.full_clean()
    person._history_user, person._change_reason = actor, _reason()
    person.save(update_fields=["unit"])
    return person


# --- the build ---------------------------------------------------------------------------------------------


class _Builder:
    """One run of the build: the actor, the password hashes and the organisation found or made so far."""

    def __init__(self) -> None:
        self.hashes: dict[str, str] = {}
        self.admin: Person | None = None
        self.bodies: dict[str, StateBody] = {}
        self.units: dict[tuple[str, str], Unit] = {}
        self.people_by_role: dict[str, Person] = {}

    # organisation

    def password_hash(self, password: str) -> str:
        if password not in self.hashes:
            self.hashes[password] = make_password(password)
        return self.hashes[password]

    def organisation(self) -> None:
        bodies = {
            body.code: body for body in StateBody.objects.filter(code__in=[b.code for b in data.BODIES])
        }
        units = {(unit.body_id, unit.code): unit for unit in Unit.objects.filter(body__in=bodies.values())}
        for spec in data.BODIES:
            body = bodies.get(spec.code) or self._body(spec)
            self.bodies[spec.code] = body
            for unit_spec in spec.units:
                unit = units.get((body.pk, unit_spec.code))
                if unit is None:
                    unit = unit_create(
                        actor=self.admin,
                        body=body,
                        code=unit_spec.code,
                        kind=unit_spec.kind,
                        names=unit_spec.names,
                    )
                self.units[spec.code, unit_spec.code] = unit

    def _body(self, spec: BodySpec) -> StateBody:
        return state_body_create(
            actor=self.admin, code=spec.code, kind=spec.kind, region=spec.region, names=spec.names
        )

    def people(self) -> list[DemoLogin]:
        """The administrator (the actor of everything else), the organisation, and one person per role code."""
        levels = list(RoleLevel.values)
        roles = sorted(Role.objects.all(), key=lambda role: (levels.index(role.level), role.pk))  # top-down
        specs = {spec.username: spec for spec in data.PEOPLE}
        existing = {
            person.username: person
            for person in Person.objects.filter(
                username__in=[data.ADMIN_USERNAME, *(role.code for role in roles)]
            )
        }
        self.admin = existing.get(data.ADMIN_USERNAME)
        admin_is_new = self.admin is None
        if admin_is_new:
            # Created before the Office it works in, so that it can be the actor of the organisation's history.
            self.admin = person_create(
                actor=None,
                spec=data.ADMIN,
                unit=None,
                password_hash=self.password_hash(data.ADMIN_PASSWORD),
                is_superuser=True,
            )
        self.organisation()
        if admin_is_new:
            person_place(actor=self.admin, person=self.admin, unit=self.units[data.ADMIN.unit])
        logins = [DemoLogin(data.ADMIN_USERNAME, data.ADMIN_PASSWORD, self.admin.full_name, _("superuser"))]
        people = {}
        for number, role in enumerate(roles):
            person = existing.get(role.code)
            if person is None:
                spec = specs.get(role.code) or self._fallback_spec(role, number)
                person = person_create(
                    actor=self.admin,
                    spec=spec,
                    unit=self.units[spec.unit],
                    password_hash=self.password_hash(data.DEMO_PASSWORD),
                )
            people[role.code] = person
            logins.append(DemoLogin(role.code, data.DEMO_PASSWORD, person.full_name, role.name))
        self.people_by_role = people
        return logins

    @staticmethod
    def _fallback_spec(role: Role, number: int) -> PersonSpec:
        """A person for a role added to the catalogue after this data set was written."""
        last_name, first_name, patronymic = data.FALLBACK_NAMES[number % len(data.FALLBACK_NAMES)]
        return PersonSpec(role.code, last_name, first_name, patronymic, role.name_ru, data.FALLBACK_UNIT)

    # hierarchy

    def hierarchy(self) -> None:
        index = _NodeIndex()
        for spec in data.PORTFOLIOS:
            self.portfolio(index, spec)
        self.standard_directions(index)

    def _node(self, cache: dict, key, create):
        node = cache.get(key)
        if node is None:
            node = cache[key] = create()
        return node

    def portfolio(self, index: _NodeIndex, spec: data.PortfolioSpec) -> None:
        projects = [p for program in spec.programs for d in program.directions for p in _projects(d.groups)]
        portfolio = self._node(
            index.portfolios,
            spec.names[1],
            lambda: portfolio_create(
                actor=self.admin,
                reason=_reason(),
                **_fields(
                    spec.names, spec.goal, self.bodies[spec.owner], spec.start, spec.end, projects, spec.stage
                ),
            ),
        )
        for program_spec in spec.programs:
            self.program(index, portfolio, program_spec)

    def program(self, index: _NodeIndex, portfolio: Portfolio, spec: data.ProgramSpec) -> None:
        projects = [p for d in spec.directions for p in _projects(d.groups)]
        program = self._node(
            index.programs,
            (portfolio.pk, spec.names[1]),
            lambda: program_create(
                actor=self.admin,
                portfolio=portfolio,
                kind=spec.kind,
                region=spec.region,
                reason=_reason(),
                **_fields(
                    spec.names, spec.goal, self.bodies[spec.owner], spec.start, spec.end, projects, spec.stage
                ),
            ),
        )
        for direction_spec in spec.directions:
            direction = self._node(
                index.directions,
                (program.pk, direction_spec.names[1]),
                lambda d=direction_spec: direction_create(
                    actor=self.admin,
                    program=program,
                    reason=_reason(),
                    **_fields(d.names, d.goal, program.owner_body, None, None, _projects(d.groups)),
                ),
            )
            for group_spec in direction_spec.groups:
                self.group(index, direction, None, group_spec)

    def group(self, index: _NodeIndex, direction, parent: ProjectGroup | None, spec: GroupSpec) -> None:
        group = self._node(
            index.groups,
            (direction.pk, parent.pk if parent else None, spec.names[1]),
            lambda: group_create(
                actor=self.admin,
                direction=None if parent else direction,
                parent=parent,
                reason=_reason(),
                **_fields(
                    spec.names, spec.goal, (parent or direction).owner_body, None, None, _projects([spec])
                ),
            ),
        )
        self.projects(index, group, spec.projects)
        for subgroup_spec in spec.groups:
            self.group(index, direction, group, subgroup_spec)

    def projects(self, index: _NodeIndex, group: ProjectGroup, specs) -> None:
        for spec in specs:
            self._node(
                index.projects,
                (group.pk, spec.names[1]),
                lambda s=spec: project_create(
                    actor=self.admin,
                    group=group,
                    reason=_reason(),
                    **_fields(
                        s.names,
                        s.goal,
                        self.bodies[s.owner] if s.owner else group.owner_body,
                        s.start,
                        s.end,
                        [s],
                        s.stage,
                        s.status,
                    ),
                ),
            )

    def standard_directions(self, index: _NodeIndex) -> None:
        """Every body's standard basic direction with its six groups (Rules p.56), and projects in some of them."""
        groups = self._standard_groups()
        per_body = Counter(body_id for body_id, _kind in groups)
        missing = [body for body in self.bodies.values() if per_body[body.pk] < len(StandardGroup)]
        for body in missing:
            standard_direction_create(actor=self.admin, body=body)  # adds whatever of it is missing
        if missing:
            groups = self._standard_groups()
        for spec in data.STANDARD_PROJECTS:
            self.projects(index, groups[self.bodies[spec.body].pk, spec.kind], spec.projects)

    def _standard_groups(self) -> dict[tuple[int, str], ProjectGroup]:
        """The standard groups of the demo's bodies by (body id, kind), in one query."""
        return {
            (group.direction.owner_body_id, group.standard_kind): group
            for group in ProjectGroup.objects.filter(
                direction__is_standard=True, direction__owner_body__in=self.bodies.values()
            )
            .exclude(standard_kind="")
            .select_related("direction")
        }


class _NodeIndex:
    """The demo's nodes that already exist, keyed by parent and Russian name: one query per level."""

    def __init__(self) -> None:
        names = _all_names()
        self.portfolios = {node.name_ru: node for node in Portfolio.objects.filter(name_ru__in=names)}
        self.programs = {(n.portfolio_id, n.name_ru): n for n in Program.objects.filter(name_ru__in=names)}
        self.directions = {
            (n.program_id, n.name_ru): n
            for n in BasicDirection.objects.filter(is_standard=False, name_ru__in=names)
        }
        self.groups = {
            (n.direction_id, n.parent_id, n.name_ru): n
            for n in ProjectGroup.objects.filter(name_ru__in=names)
        }
        self.projects = {(n.group_id, n.name_ru): n for n in Project.objects.filter(name_ru__in=names)}


def _projects(groups) -> list[ProjectSpec]:
    """The projects of some groups, their nested groups included."""
    return [p for g in groups for p in chain(g.projects, _projects(g.groups))]


def _all_names() -> set[str]:
    names = set()
    for portfolio in data.PORTFOLIOS:
        names.add(portfolio.names[1])
        for program in portfolio.programs:
            names.add(program.names[1])
            for direction in program.directions:
                names.add(direction.names[1])
                stack = list(direction.groups)
                while stack:
                    group = stack.pop()
                    names.add(group.names[1])
                    names.update(p.names[1] for p in group.projects)
                    stack.extend(group.groups)
    names.update(p.names[1] for spec in data.STANDARD_PROJECTS for p in spec.projects)
    return names


def _fields(names: Names, goal: str, owner: StateBody, start, end, projects: list[ProjectSpec],
            stage: str | None = None, status: str = Status.ACTIVE) -> dict:  # fmt: skip
    """A node's fields: planned dates span its projects unless given, the budget is the sum of its projects, the
    stage follows them, and actual dates say what has started or finished."""
    start = start or min(p.start for p in projects)
    end = end or max(p.end for p in projects)
    if stage is None:
        stage = Stage.IMPLEMENTATION if any(p.stage in STARTED for p in projects) else Stage.PLANNING
    return {
        **_names(names),
        "goal": goal,
        "owner_body": owner,
        "planned_start": start,
        "planned_end": end,
        "actual_start": start if stage in STARTED else None,
        "actual_end": end if status == Status.COMPLETED else None,
        "budget": sum(p.budget for p in projects) * MILLION,
        "stage": stage,
        "status": status,
    }


def demo_data_build() -> DemoResult:
    """Create whatever of the demo data set is missing, in one transaction; return the counts and the logins."""
    with transaction.atomic():
        before = {model: model.objects.count() for model in COUNTED}
        builder = _Builder()
        logins = builder.people()
        builder.hierarchy()
        demo_teams(actor=builder.admin, people=builder.people_by_role)
        demo_workspace(actor=builder.admin, people=builder.people_by_role)
        demo_goal_maps(today=timezone.localdate())  # after the teams: the Office's employee writes them
        demo_scrum(
            people=builder.people_by_role, today=timezone.localdate()
        )  # after the boards and goal maps
        plan_people = demo_operational_plans(
            actor=builder.admin,
            create_person=person_create,
            password_hash=builder.password_hash(data.DEMO_PASSWORD),
            today=timezone.localdate(),
        )  # after the goal maps: its indicators are the goal map's
        logins += [
            DemoLogin(person.username, data.DEMO_PASSWORD, person.full_name, person.position)
            for person in plan_people
        ]
        # After the scrum and the teams: the committee's meetings and the bodies' members are theirs.
        demo_governance(people=builder.people_by_role, today=timezone.localdate())
        counts = {model: model.objects.count() for model in COUNTED}
    return DemoResult(
        counts=counts, created={model: counts[model] - before[model] for model in COUNTED}, logins=logins
    )
