"""Factories of the test suite. Hierarchy nodes are made through their services, so codes and paths are real."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import factory

from org.choices import AbsenceKind, BasisKind, BodyKind
from org.models import Absence, Person, Role, RoleAssignment, StateBody, Substitution, Unit
from org.scopes import Scope
from org.services import (
    absence_create,
    assignment_create,
    role_create,
    roles_load_catalogue,
    substitution_load_scheme,
)
from portfolios.services import portfolio_create
from programs.services import direction_create, group_create, program_create
from projects.models import Project
from projects.services import project_create

START = dt.date(2025, 1, 1)
END = dt.date(2030, 12, 31)


class StateBodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StateBody
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"body-{n}")
    name_ru = factory.Sequence(lambda n: f"Министерство {n}")
    name_kk = factory.Sequence(lambda n: f"Министрлігі {n}")
    name_en = factory.Sequence(lambda n: f"Ministry {n}")
    kind = BodyKind.CENTRAL


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    body = factory.SubFactory(StateBodyFactory)
    code = factory.Sequence(lambda n: f"unit-{n}")
    name_ru = factory.Sequence(lambda n: f"Департамент {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    last_name = "Ахметов"
    first_name = "Арман"
    patronymic = "Болатович"
    password = factory.PostGenerationMethodCall("set_password", "pass")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def office() -> StateBody:
    """The national project Office (one per database)."""
    body = StateBody.objects.filter(kind=BodyKind.OFFICE).first()
    return body or StateBodyFactory(code="office", kind=BodyKind.OFFICE, name_ru="Проектный офис")


def ensure_catalogue() -> None:
    """Reload the role catalogue and Appendix 4 if a transactional test's flush removed what the migrations
    loaded (a flush empties every table; the migrations do not run again)."""
    if not Role.objects.filter(code="office_staff").exists():
        roles_load_catalogue()
    if not Substitution.objects.exists():
        substitution_load_scheme()


def assign(
    person: Person, role_code: str, scope, *, starts_on=START, ends_on=None, **fields
) -> RoleAssignment:
    """Give `person` the role `role_code` on `scope` (a node, a state body or the Office) through the service."""
    ensure_catalogue()
    return assignment_create(
        actor=None,
        person=person,
        role=Role.objects.get(code=role_code),
        scope=Scope.of(scope),
        starts_on=starts_on,
        ends_on=ends_on,
        basis_kind=fields.pop("basis_kind", BasisKind.ORDER),
        **fields,
    )


def away(person: Person, starts_on, ends_on, kind: str = AbsenceKind.LEAVE) -> Absence:
    """Record an absence of `person` through the service."""
    return absence_create(actor=None, person=person, kind=kind, starts_on=starts_on, ends_on=ends_on)


def observer_role() -> Role:
    """A test role that sees everything and changes nothing, held on the Office (the catalogue is data)."""
    ensure_catalogue()
    role = Role.objects.filter(code="test_observer").first()
    return role or role_create(
        actor=None,
        code="test_observer",
        level="office",
        name_en="Observer",
        name_ru="Наблюдатель",
        name_kk="Бақылаушы",
        scopes=["office"],
        powers=["view"],
    )


def grant_everything_read_only(person: Person) -> Person:
    observer_role()
    assign(person, "test_observer", office())
    return person


def grant_hierarchy_editing(person: Person) -> Person:
    """Make a person an employee of the Office (office_staff): every power over every node."""
    assign(person, "office_staff", office())
    return person


def make_portfolio(*, body=None, name="Портфель", start=START, end=END, **fields):
    return portfolio_create(
        actor=None,
        name_ru=name,
        owner_body=body or StateBodyFactory(),
        planned_start=start,
        planned_end=end,
        **fields,
    )


def make_program(*, portfolio=None, name="Программа", start=START, end=dt.date(2029, 12, 31), **fields):
    return program_create(
        actor=None,
        portfolio=portfolio or make_portfolio(),
        name_ru=name,
        planned_start=start,
        planned_end=end,
        **fields,
    )


def make_direction(*, program=None, name="Базовое направление", **fields):
    return direction_create(actor=None, program=program or make_program(), name_ru=name, **fields)


def make_group(*, direction=None, parent=None, name="Группа проектов", **fields):
    if parent is None and direction is None:
        direction = make_direction()
    return group_create(actor=None, direction=direction, parent=parent, name_ru=name, **fields)


def make_project(*, group=None, name="Проект", start=START, end=dt.date(2028, 12, 31), **fields):
    return project_create(
        actor=None, group=group or make_group(), name_ru=name, planned_start=start, planned_end=end, **fields
    )


def make_tree(*, projects: int = 2):
    """A small complete branch: portfolio → program → direction → group → subgroup → projects."""
    portfolio = make_portfolio()
    program = make_program(portfolio=portfolio)
    direction = make_direction(program=program)
    group = make_group(direction=direction)
    subgroup = make_group(parent=group, name="Подгруппа")
    items = [make_project(group=subgroup, name=f"Проект {n}") for n in range(projects)]
    return {
        "portfolio": portfolio,
        "program": program,
        "direction": direction,
        "group": group,
        "subgroup": subgroup,
        "projects": items,
    }


@dataclass
class Workspace:
    """One project and the fixed cast around it (DESIGN.md §5): who does what in its workspace.

    - `pm`: its project manager (view, change, manage team, contribute);
    - `member`: a project team member (view, contribute);
    - `sponsor`: its sponsor (view, approve);
    - `monitor`: a member of a public monitoring group on it (view only, Rules p.18);
    - `gp_head`: the head of its group of projects (every power from the group down);
    - `bd_head`: the head of its basic direction (sends project assignments, Rules p.81);
    - `other`: a second project of the same group, with nobody of the cast but the heads on it.
    """

    project: Project
    other: Project
    pm: Person
    member: Person
    sponsor: Person
    monitor: Person
    gp_head: Person
    bd_head: Person


def make_workspace() -> Workspace:
    direction = make_direction()
    group = make_group(direction=direction)
    project = make_project(group=group, name="Цифровой проект")
    other = make_project(group=group, name="Соседний проект")
    cast = {
        "pm": ("project_manager", project, "Жанибеков", "Ерлан"),
        "member": ("team_member", project, "Касымова", "Алия"),
        "sponsor": ("project_sponsor", project, "Нургалиев", "Марат"),
        "monitor": ("public_monitor", project, "Сейтова", "Дана"),
        "gp_head": ("gp_head", group, "Абенов", "Серик"),
        "bd_head": ("bd_head", direction, "Омаров", "Нурлан"),
    }
    people = {}
    for key, (role, node, last, first) in cast.items():
        people[key] = PersonFactory(username=key, last_name=last, first_name=first)
        assign(people[key], role, node)
    return Workspace(project=project, other=other, **people)
