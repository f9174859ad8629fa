"""The demo's role assignments: every demo person holds their role on one branch, so each login sees real work.

The branch is the first program of the first portfolio: its owning ministry's project office, the program's
committee, its first basic direction, first group and first project with a full charter (Rules p.77), and the
Office above everything. One absence makes substitution visible at once: the head of the projects group is on a
business trip this week, so the head of the basic direction acts for them (Appendix 4).
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from org.choices import AbsenceKind, BasisKind, BodyKind, ScopeKind
from org.models import Absence, Person, Role, RoleAssignment, StateBody
from org.scopes import Scope
from org.services import absence_create, assignment_create
from portfolios.models import Portfolio
from programs.models import BasicDirection, ProjectGroup
from projects.models import Project

#: Which demo node each role is held on, by where the role may be assigned (first match wins): the project
#: office's roles on the ministry, the public monitoring group on the program.
_PLACE_OF_SCOPE = ("office", "body", "program", "portfolio", "direction", "group", "project")
#: The person on a business trip this week, and the role whose holder then acts for them.
ABSENT_ROLE = "gp_head"


def _branch() -> dict[str, object]:
    """The demo nodes roles are held on: the Office, the first ministry, and one branch of the hierarchy."""
    portfolio = Portfolio.objects.order_by("pk").first()
    program = portfolio.programs.order_by("pk").first()
    direction = BasicDirection.objects.filter(program=program).order_by("pk").first()
    group = ProjectGroup.objects.filter(direction=direction, parent=None).order_by("pk").first()
    project = Project.objects.filter(path__startswith=group.path).order_by("pk").first()
    return {
        "office": StateBody.objects.get(kind=BodyKind.OFFICE),
        "body": program.owner_body,
        "portfolio": portfolio,
        "program": program,
        "direction": direction,
        "group": group,
        "project": project,
        "standard": BasicDirection.objects.filter(is_standard=True, owner_body=program.owner_body).first(),
    }


def demo_project() -> Project | None:
    """The project of the demo branch: the one whose team, board and registers the demo fills."""
    if not Portfolio.objects.exists():
        return None
    return _branch()["project"]


def _place(role: Role, branch: dict) -> object:
    if role.code == "standard_bd_head" and branch["standard"] is not None:
        return branch["standard"]
    for kind in _PLACE_OF_SCOPE:
        if kind in role.scopes and branch.get(kind) is not None:
            return branch[kind]
    return None


def demo_teams(*, actor: Person, people: dict[str, Person]) -> int:
    """Assign each demo person their role on the demo branch (idempotent); return how many were added."""
    branch = _branch()
    start = dt.date(timezone.localdate().year, 1, 1)
    held = set(RoleAssignment.objects.values_list("person_id", "role_id", "scope_kind"))
    added = 0
    for role in Role.objects.filter(code__in=people, is_active=True).order_by("level", "code"):
        person = people[role.code]
        place = _place(role, branch)
        if place is None:
            continue
        scope = Scope.of(place)
        if (person.pk, role.pk, scope.kind) in held:
            continue
        assignment_create(
            actor=actor,
            person=person,
            role=role,
            scope=scope,
            starts_on=start,
            basis_kind=BasisKind.PROTOCOL if scope.kind != ScopeKind.BODY else BasisKind.ORDER,
            basis_number=f"{start:%y}-{added + 1:03d}",
            basis_date=start,
            note=_("Demo assignment"),
        )
        added += 1
    absent = people.get(ABSENT_ROLE)
    if absent is not None and not Absence.objects.filter(person=absent).exists():
        today = timezone.localdate()
        absence_create(
            actor=actor,
            person=absent,
            kind=AbsenceKind.BUSINESS_TRIP,
            starts_on=today - dt.timedelta(days=1),
            ends_on=today + dt.timedelta(days=5),
            note=_("Demo: the head of the basic direction acts for them"),
        )
    return added
