"""Substitution (Rules p.99, Appendix 4): who acts for an absent holder or an unassigned role, with its powers.

The pairs are read from org/data/role_substitution.csv (Appendix 4, one "+" cell a line). Each case is a branch
of one state body — body → portfolio → program → basic direction → group → subgroup → project, and the body's
standard basic direction — whose key roles are staffed (head of the project office, program manager, head of
basic direction, head of the projects group, curator of the national priority), so that what a substitute
gains while the holder is away is the absent role's powers and not those of a vacancy.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from org.choices import AbsenceKind
from org.models import Absence, Person, Role, RoleAssignment
from org.roles_catalogue import read_substitution
from org.scopes import Scope, reach
from org.services import absence_create, absence_update
from org.substitution import ASSIGNEE, SUBSTITUTE, acting_for, acting_holders, program_paths_of
from pmis.core import authorization
from pmis.core.grants import load_grants
from programs.models import ProjectGroup
from programs.services import standard_direction_create
from tests.factories import PersonFactory, assign, away, make_direction, make_program, make_tree

pytestmark = pytest.mark.django_db

SCHEME = set(read_substitution())
ALMATY = ZoneInfo("Asia/Almaty")

START, END = dt.date(2026, 3, 1), dt.date(2026, 3, 31)
BEFORE, DURING, AFTER = dt.date(2026, 2, 27), dt.date(2026, 3, 15), dt.date(2026, 4, 1)

#: The staffed key roles of every branch; a case's own holder or substitute takes the place of the one it names.
STAFF = (
    ("po_head", "body"),
    ("np_curator", "portfolio"),
    ("program_manager", "program"),
    ("bd_head", "direction"),
    ("gp_head", "group"),
)


@dataclass
class Branch:
    nodes: dict
    people: dict[tuple[str, str], Person]
    assignments: dict[tuple[str, str], RoleAssignment]

    def person(self, role: str, where: str) -> Person:
        return Person.objects.get(pk=self.people[(role, where)].pk)  # fresh: grants are kept on the object


def branch(*extra: tuple[str, str], staff=STAFF) -> Branch:
    """A branch with the key roles staffed and the `extra` (role, node) pairs held by people of their own."""
    tree = make_tree(projects=1)
    body = tree["program"].owner_body
    nodes = {
        "body": body,
        "portfolio": tree["portfolio"],
        "program": tree["program"],
        "direction": tree["direction"],
        "group": tree["group"],
        "subgroup": tree["subgroup"],
        "project": tree["projects"][0],
        "standard": standard_direction_create(actor=None, body=body),
    }
    people, assignments = {}, {}
    for role, where in dict.fromkeys([*staff, *extra]):
        person = PersonFactory(username=f"{role}-{where}")
        people[(role, where)] = person
        assignments[(role, where)] = assign(person, role, nodes[where])
    return Branch(nodes, people, assignments)


def reach_of(assignment: RoleAssignment) -> list[str]:
    return reach(
        assignment.scope_kind,
        assignment.scope_path,
        program_paths_of([assignment.body_id]),
        assignment.body_id,
    )


def powers(person: Person, node, on) -> set[str]:
    return {action for action in authorization.ACTIONS if authorization.can(person, action, node, on=on)}


# substitute @ its node → substituted @ its node; the node probed; what the substitute may do there only while
# the holder is away (the rest it may already: by its own role, or acting for roles vacant at or below its own
# node — e.g. the head of a basic direction implementation group for the unstaffed curator of its groups).
PLUS = """
substitute              at         substituted      at         probe      gains
po_chief_manager        body       po_head          body       standard   delete approve
committee_deputy_chair  program    program_manager  program    program    add change delete manage_team contribute
bd_head                 direction  gp_head          group      group      -
gp_curator              group      bd_head          direction  direction  add change delete manage_team approve contribute
np_curator              portfolio  program_manager  program    program    add change delete contribute
cab_secretary           portfolio  np_curator       portfolio  portfolio  approve manage_team
program_manager         program    po_head          body       standard   view add change delete manage_team approve contribute
committee_deputy_chair  program    bd_head          direction  direction  add change delete manage_team contribute
po_admin                body       po_head          body       standard   delete approve
gibd_head               direction  gp_head          group      group      delete
acceleration_head       program    po_head          body       standard   view add change delete manage_team approve contribute
acceleration_manager    body       gibd_admin       direction  direction  -
"""


def _cases(table: str) -> list[tuple]:
    _header, *rows = [line.split(None, 5) for line in table.strip().splitlines()]
    return [
        (substitute, at, substituted, held_at, probe, set() if gains == "-" else set(gains.split()))
        for substitute, at, substituted, held_at, probe, gains in rows
    ]


CASES = _cases(PLUS)


@pytest.mark.parametrize(
    ("substitute", "at", "substituted", "held_at", "probe", "gains"),
    CASES,
    ids=[f"{case[0]}@{case[1]}->{case[2]}@{case[3]}" for case in CASES],
)
def test_a_substitute_acts_for_an_absent_holder(substitute, at, substituted, held_at, probe, gains):
    assert (substitute, substituted) in SCHEME, "a '+' cell of Appendix 4"
    org = branch((substituted, held_at), (substitute, at))
    role = Role.objects.get(code=substituted)
    holder = org.assignments[(substituted, held_at)]
    stand_in = org.assignments[(substitute, at)]
    absence = away(holder.person, START, END)
    scope = Scope.of(org.nodes[held_at])
    node = org.nodes[probe]

    # While the holder is away, the substitute acts for them, for that absence.
    acting = acting_holders(role, scope, on=DURING)
    assert acting.absent == [(holder, absence)]
    assert ASSIGNEE not in {h.kind for h in acting.holders}
    mine = [h for h in acting.holders if h.assignment == stand_in]
    assert len(mine) == 1
    assert (mine[0].kind, mine[0].acting_for, mine[0].absence, mine[0].vacancy) == (
        SUBSTITUTE,
        holder,
        absence,
        False,
    )
    items = [item for item in acting_for(stand_in.person, on=DURING) if item.absent == holder]
    assert [(item.role, item.through, item.absence, item.scope) for item in items] == [
        (role, stand_in, absence, scope)
    ]

    # Their grants are those of a day the holder is present, plus the absent role's powers over its reach.
    off = load_grants(stand_in.person, BEFORE).by_prefix
    expected = {prefix: set(found) for prefix, found in off.items()}
    for prefix in reach_of(holder):
        expected.setdefault(prefix, set()).update(role.powers)
    assert {p: set(found) for p, found in load_grants(stand_in.person, DURING).by_prefix.items()} == expected

    # can() allows everything the absent role allows on the probed node — and the gains only while away.
    person = org.person(substitute, at)
    assert powers(person, node, DURING) >= set(role.powers)
    assert powers(person, node, DURING) - powers(person, node, BEFORE) == gains
    assert powers(person, node, AFTER) == powers(person, node, BEFORE)

    # Before and after the absence the holder acts and the substitute does not.
    for day in (BEFORE, AFTER):
        acting = acting_holders(role, scope, on=day)
        assert acting.absent == []
        assert [(h.assignment, h.kind) for h in acting.holders] == [(holder, ASSIGNEE)]
        assert not [item for item in acting_for(stand_in.person, on=day) if item.absent is not None]


MINUS = """
substitute   at         substituted       at
team_member  project    project_manager   project
po_admin     body       program_manager   program
gp_head      group      bd_head           direction
"""
NOT_IN_SCHEME = [tuple(line.split()) for line in MINUS.strip().splitlines()[1:]]


@pytest.mark.parametrize(
    ("substitute", "at", "substituted", "held_at"),
    NOT_IN_SCHEME,
    ids=[f"{case[0]}@{case[1]}-/->{case[2]}@{case[3]}" for case in NOT_IN_SCHEME],
)
def test_a_role_outside_the_scheme_does_not_substitute(substitute, at, substituted, held_at):
    assert (substitute, substituted) not in SCHEME, "a '-' cell of Appendix 4"
    org = branch((substituted, held_at), (substitute, at))
    role = Role.objects.get(code=substituted)
    holder = org.assignments[(substituted, held_at)]
    other = org.assignments[(substitute, at)]
    away(holder.person, START, END)

    acting = acting_holders(role, Scope.of(org.nodes[held_at]), on=DURING)
    assert acting.absent == [(holder, holder.person.absences.get())]
    assert other.person not in [h.person for h in acting.holders]
    assert not [item for item in acting_for(other.person, on=DURING) if item.absent == holder]
    assert load_grants(other.person, DURING).by_prefix == load_grants(other.person, BEFORE).by_prefix
    node = org.nodes[held_at]
    assert powers(org.person(substitute, at), node, DURING) == powers(
        org.person(substitute, at), node, BEFORE
    )


def test_a_substitute_on_another_branch_does_not_act():
    """A head of one basic direction does not stand in for the head of a group in another direction."""
    org = branch(("bd_head", "direction"))
    elsewhere = make_direction(program=org.nodes["program"], name="Другое направление")
    stranger = PersonFactory(username="other-bd-head")
    assign(stranger, "bd_head", elsewhere)
    holder = org.assignments[("gp_head", "group")]
    away(holder.person, START, END)
    acting = acting_holders(Role.objects.get(code="gp_head"), Scope.of(org.nodes["group"]), on=DURING)
    people = {h.person for h in acting.holders}
    assert org.people[("bd_head", "direction")] in people
    assert stranger not in people
    assert not [item for item in acting_for(stranger, on=DURING) if item.role.code == "gp_head"]
    group_path = org.nodes["group"].path
    assert group_path not in load_grants(stranger, DURING).by_prefix


def test_an_unassigned_role_is_acted_for_by_its_substitute():
    """No head of the project office: its chief manager, on the same body, acts for the vacancy (Appendix 4)."""
    org = branch(("po_chief_manager", "body"), staff=[role for role in STAFF if role[0] != "po_head"])
    role = Role.objects.get(code="po_head")
    chief = org.assignments[("po_chief_manager", "body")]
    body = org.nodes["body"]
    sibling = make_program(
        portfolio=org.nodes["portfolio"], name="Другая программа"
    )  # owned by the same body

    acting = acting_holders(role, Scope.of(body), on=DURING)
    assert acting.vacant
    assert [(h.assignment, h.kind, h.vacancy, h.acting_for) for h in acting.holders] == [
        (chief, SUBSTITUTE, True, None)
    ]
    items = [item for item in acting_for(chief.person, on=DURING) if item.role == role]
    assert [(item.scope, item.vacancy, item.through) for item in items] == [(Scope.of(body), True, chief)]
    person = org.person("po_chief_manager", "body")
    # The vacant head's powers reach the body's standard direction and every program the body owns.
    assert powers(person, org.nodes["standard"], DURING) == set(role.powers)
    assert authorization.can(person, "delete", sibling, on=DURING)

    # Once someone holds the role, the vacancy is gone; the chief manager keeps their own powers only.
    head = PersonFactory(username="new-head")
    assign(head, "po_head", body, starts_on=DURING)
    acting = acting_holders(role, Scope.of(body), on=DURING)
    assert not acting.vacant
    assert [(h.person, h.kind) for h in acting.holders] == [(head, ASSIGNEE)]
    assert not [item for item in acting_for(chief.person, on=DURING) if item.role == role]
    person = org.person("po_chief_manager", "body")
    assert not authorization.can(person, "delete", sibling, on=DURING)
    assert authorization.can(person, "change", sibling, on=DURING)


def test_a_role_held_on_one_program_does_not_hold_it_for_the_body():
    """A head of the project office assigned on one program is not the head of the body's whole office: the
    body's place stays vacant, and the chief manager on the body acts for it, as the grants say."""
    org = branch(("po_chief_manager", "body"), staff=[role for role in STAFF if role[0] != "po_head"])
    role = Role.objects.get(code="po_head")
    assign(PersonFactory(username="program-head"), "po_head", org.nodes["program"])
    body = org.nodes["body"]
    chief = org.assignments[("po_chief_manager", "body")]
    acting = acting_holders(role, Scope.of(body), on=DURING)
    assert [(h.assignment, h.vacancy) for h in acting.holders] == [(chief, True)]
    items = [item for item in acting_for(chief.person, on=DURING) if item.role == role]
    assert [(item.scope, item.vacancy) for item in items] == [(Scope.of(body), True)]
    assert authorization.can(
        org.person("po_chief_manager", "body"), "delete", org.nodes["standard"], on=DURING
    )


def test_a_vacancy_never_widens_where_a_substitute_reaches():
    """The program manager substitutes the head of the project office (Appendix 4), but a vacancy on the state
    body above their program does not hand them the body's other programs: acting for a vacancy adds powers only
    at or below the substitute's own node."""
    org = branch(staff=[role for role in STAFF if role[0] != "po_head"])
    role = Role.objects.get(code="po_head")
    manager = org.assignments[("program_manager", "program")]
    sibling = make_program(
        portfolio=org.nodes["portfolio"], name="Другая программа"
    )  # owned by the same body
    acting = acting_holders(role, Scope.of(org.nodes["body"]), on=DURING)
    assert acting.vacant and acting.holders == []
    assert not [item for item in acting_for(manager.person, on=DURING) if item.role == role]
    person = org.person("program_manager", "program")
    assert not authorization.can(person, "view", sibling, on=DURING)
    assert powers(person, org.nodes["standard"], DURING) == set()


def test_a_curator_acts_for_a_program_without_a_manager():
    """The curator of the national priority stands in for a missing program manager below their portfolio."""
    org = branch(staff=[role for role in STAFF if role[0] != "program_manager"])
    role = Role.objects.get(code="program_manager")
    curator = org.assignments[("np_curator", "portfolio")]
    program = org.nodes["program"]
    acting = acting_holders(role, Scope.of(program), on=DURING)
    # The head of the body's project office substitutes the program manager too (Appendix 4).
    assert {(h.assignment, h.vacancy) for h in acting.holders} == {
        (curator, True),
        (org.assignments[("po_head", "body")], True),
    }
    items = [item for item in acting_for(curator.person, on=DURING) if item.role == role]
    assert [(item.scope, item.vacancy) for item in items] == [(Scope.of(program), True)]
    person = org.person("np_curator", "portfolio")
    assert powers(person, program, DURING) == set(role.powers)
    assert powers(person, org.nodes["portfolio"], DURING) == {"view", "approve", "manage_team"}


def test_an_absence_ends_at_midnight_in_kazakhstan():
    org = branch(("po_chief_manager", "body"))
    role = Role.objects.get(code="po_head")
    chief = org.assignments[("po_chief_manager", "body")]
    away(org.people[("po_head", "body")], dt.date(2026, 11, 1), dt.date(2026, 11, 10))
    last_second = dt.datetime(2026, 11, 10, 23, 59, 59, tzinfo=ALMATY)
    next_day = dt.datetime(2026, 11, 11, 0, 0, 0, tzinfo=ALMATY)
    assert last_second.utcoffset() == next_day.utcoffset() == dt.timedelta(hours=5)
    assert next_day.astimezone(dt.UTC).date() == dt.date(2026, 11, 10)  # still the 10th in UTC

    standard = org.nodes["standard"]
    assert chief in [
        h.assignment for h in acting_holders(role, Scope.of(org.nodes["body"]), on=last_second).holders
    ]
    assert authorization.can(org.person("po_chief_manager", "body"), "delete", standard, on=last_second)
    assert [i.role for i in acting_for(chief.person, on=last_second) if i.absent] == [role]

    acting = acting_holders(role, Scope.of(org.nodes["body"]), on=next_day)
    assert [h.kind for h in acting.holders] == [ASSIGNEE]
    assert not authorization.can(org.person("po_chief_manager", "body"), "delete", standard, on=next_day)
    assert [i.role for i in acting_for(chief.person, on=next_day) if i.absent] == []


def test_one_person_cannot_be_away_twice_at_the_same_time():
    person = PersonFactory(username="traveller")
    first = away(person, START, END)
    with pytest.raises(ValidationError) as error:
        absence_create(
            actor=None,
            person=person,
            kind=AbsenceKind.BUSINESS_TRIP,
            starts_on=dt.date(2026, 3, 20),
            ends_on=dt.date(2026, 4, 10),
        )
    assert "already away in this period" in error.value.messages[0]
    assert list(Absence.objects.filter(person=person)) == [first]
    # Nor by stretching an existing absence over another one.
    second = away(person, AFTER, dt.date(2026, 4, 10))
    with pytest.raises(ValidationError):
        absence_update(actor=None, absence=second, starts_on=dt.date(2026, 3, 30))
    assert Absence.objects.get(pk=second.pk).starts_on == AFTER
    # The end before the start is refused too.
    with pytest.raises(ValidationError) as error:
        absence_create(actor=None, person=person, kind=AbsenceKind.LEAVE, starts_on=AFTER, ends_on=START)
    assert "must not be earlier" in error.value.messages[0]
    assert Absence.objects.filter(person=person).count() == 2


def test_head_and_chief_manager_away_together():
    """Both away: the administrator acts for each of them; the absent chief manager acts for nobody."""
    org = branch(("po_chief_manager", "body"), ("po_admin", "body"))
    head = org.assignments[("po_head", "body")]
    chief = org.assignments[("po_chief_manager", "body")]
    admin = org.assignments[("po_admin", "body")]
    away(head.person, START, END)
    away(chief.person, dt.date(2026, 3, 10), dt.date(2026, 4, 20), kind=AbsenceKind.ILLNESS)
    body = Scope.of(org.nodes["body"])

    for_head = acting_holders(Role.objects.get(code="po_head"), body, on=DURING)
    acting = {h.assignment for h in for_head.holders}
    assert admin in acting
    assert chief not in acting
    assert for_head.absent == [(head, head.person.absences.get())]

    for_chief = acting_holders(Role.objects.get(code="po_chief_manager"), body, on=DURING)
    assert {h.assignment for h in for_chief.holders} == {admin}  # po_head also substitutes, but is away
    assert acting_for(chief.person, on=DURING) == []

    standard = org.nodes["standard"]
    assert authorization.can(
        org.person("po_admin", "body"), "delete", standard, on=DURING
    )  # the head's power
    assert not authorization.can(org.person("po_chief_manager", "body"), "delete", standard, on=DURING)
    # The chief manager keeps their own powers while away; they only act for nobody.
    assert authorization.can(org.person("po_chief_manager", "body"), "change", standard, on=DURING)
    # Before the chief manager falls ill (the 10th) they do act for the head.
    early = dt.date(2026, 3, 5)
    assert chief in {
        h.assignment for h in acting_holders(Role.objects.get(code="po_head"), body, on=early).holders
    }
    assert authorization.can(org.person("po_chief_manager", "body"), "delete", standard, on=early)


def test_an_absent_substitute_never_acts():
    org = branch(("po_chief_manager", "body"))
    chief = org.assignments[("po_chief_manager", "body")]
    away(org.people[("po_head", "body")], START, END)
    away(chief.person, START, END)
    acting = acting_holders(Role.objects.get(code="po_head"), Scope.of(org.nodes["body"]), on=DURING)
    assert chief not in {h.assignment for h in acting.holders}
    assert acting_for(chief.person, on=DURING) == []
    assert load_grants(chief.person, DURING).by_prefix == {
        prefix: frozenset(chief.role.powers) for prefix in reach_of(chief)
    }


def test_the_holder_acts_again_after_the_absence_and_keeps_their_powers_while_away():
    org = branch(("po_chief_manager", "body"))
    head = org.assignments[("po_head", "body")]
    away(head.person, START, END)
    role, body, standard = head.role, Scope.of(org.nodes["body"]), org.nodes["standard"]
    assert [h.kind for h in acting_holders(role, body, on=END).holders if h.assignment == head] == []
    assert [(h.assignment, h.kind) for h in acting_holders(role, body, on=AFTER).holders] == [
        (head, ASSIGNEE)
    ]
    assert authorization.can(org.person("po_head", "body"), "delete", standard, on=DURING)
    assert not authorization.can(org.person("po_chief_manager", "body"), "delete", standard, on=AFTER)


def test_acting_for_lists_every_role_a_person_acts_for():
    """The chief manager of the project office acts for the absent head, and for the vacancies at or below the
    body whose role allows more than their own: the heads of the body's six standard groups (Rules p.56), which
    nobody heads. Vacant office roles whose powers they already have (administrator, analysts…) add nothing and
    are not listed, as the grants do not count them."""
    org = branch(("po_chief_manager", "body"))
    chief = org.assignments[("po_chief_manager", "body")]
    head = org.assignments[("po_head", "body")]
    absence = away(head.person, START, END)
    body = Scope.of(org.nodes["body"])
    standard_groups = ProjectGroup.objects.filter(direction=org.nodes["standard"], parent=None)
    vacancies = {("gp_head", f"group:{group.pk}", True) for group in standard_groups}
    assert len(vacancies) == 6 and ("po_chief_manager", "gp_head") in SCHEME
    found = acting_for(chief.person, on=DURING)
    assert {(item.role.code, item.scope.ref, item.vacancy) for item in found} == vacancies | {
        ("po_head", body.ref, False)
    }
    assert len(found) == len(vacancies) + 1
    (for_head,) = [item for item in found if not item.vacancy]
    assert (for_head.through, for_head.absent, for_head.absence) == (chief, head, absence)
    assert {
        (item.role.code, item.scope.ref, item.vacancy) for item in acting_for(chief.person, on=BEFORE)
    } == vacancies


def test_who_acts_costs_a_fixed_number_of_queries(django_assert_num_queries):
    org = branch(("po_chief_manager", "body"), ("po_admin", "body"))
    for number in range(5):
        assign(
            PersonFactory(username=f"manager-{number}"),
            "committee_deputy_chair",
            make_program(portfolio=org.nodes["portfolio"], name=f"Программа {number}"),
        )
    away(org.people[("po_head", "body")], START, END)
    role, body = Role.objects.get(code="po_head"), Scope.of(org.nodes["body"])
    with django_assert_num_queries(4):
        acting = acting_holders(role, body, on=DURING)
    assert len(acting.holders) == 8  # admin, chief manager, program manager, five deputy chairs
