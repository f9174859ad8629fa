"""A program with its scrum cast and schedules, for the tests of the weekly scrum (Rules p.44–46, p.68, p.72).

portfolio ─ program ─ direction ─ group ─ subgroup ─ projects A and B   (tests.factories.make_tree)

Cast (each a Person with a role of the catalogue on the node named):
  curator          np_curator on the portfolio        program_manager  program_manager on the program
  committee_chair  committee_chair on the program     committee_deputy committee_deputy_chair on the program
  po_head          po_head on the program             po_chief         po_chief_manager on the program
  gibd_head        gibd_head on the direction         bd_head          bd_head on the direction
  gp_head          gp_head on the subgroup            pm               project_manager on project A
  member           team_member on project A           pm_b             project_manager on project B
  guest            no role anywhere: a participant of the project office's schedule only

Schedules (approved, valid from 2026-01-05, rows written straight to the database — fixtures, not the services
under test): `office` (project office, Wednesday 10:00 at the program, chair po_head, deputy po_chief, secretary
po_chief, participants gibd_head, gp_head, pm, pm_b, guest), `committee` (Friday 15:00 at the program, chair
committee_chair, deputy committee_deputy), `direction` (Tuesday 11:00 at the direction, chair gibd_head),
`group` (Monday 16:00 at the subgroup, chair gp_head), `team` (Monday 09:30 at project A, chair pm).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from org.models import Person
from scrum.choices import LEVEL_NODE_KIND, Level, MeetingStatus, Mode, ScheduleStatus
from scrum.models import Meeting, Schedule
from tests.factories import PersonFactory, assign, make_tree

VALID_FROM = dt.date(2026, 1, 5)


def make_schedule(level: str, node, *, weekday: int = 3, starts_at=dt.time(10, 0), **fields) -> Schedule:
    assert LEVEL_NODE_KIND[level] == node.KIND
    participants = fields.pop("participants", [])
    values = {
        "mode": Mode.OFFLINE,
        "place": "Каб. 301",
        "valid_from": VALID_FROM,
        "status": ScheduleStatus.APPROVED,
        **fields,
    }
    schedule = Schedule.objects.create(
        level=level,
        node_kind=node.KIND,
        node_id=node.pk,
        node_path=node.path,
        weekday=weekday,
        starts_at=starts_at,
        **values,
    )
    schedule.participants.set(participants)
    return schedule


def make_meeting(
    schedule: Schedule, date: dt.date, *, status: str = MeetingStatus.DRAFT, **fields
) -> Meeting:
    return Meeting.objects.create(
        schedule=schedule,
        date=date,
        starts_at=schedule.starts_at,
        duration_minutes=schedule.duration_minutes,
        mode=schedule.mode,
        place=schedule.place,
        video_link=schedule.video_link,
        secretary=fields.pop("secretary", schedule.secretary),
        status=status,
        **fields,
    )


@dataclass
class ScrumCast:
    tree: dict
    people: dict[str, Person] = field(default_factory=dict)
    schedules: dict[str, Schedule] = field(default_factory=dict)

    def __getattr__(self, name):
        people = self.__dict__.get("people", {})
        if name in people:
            return people[name]
        tree = self.__dict__.get("tree", {})
        if name in tree:
            return tree[name]
        raise AttributeError(name)

    @property
    def project(self):
        return self.tree["projects"][0]

    @property
    def project_b(self):
        return self.tree["projects"][1]


CAST = {
    "curator": ("np_curator", "portfolio", "Сарсенов", "Болат"),
    "program_manager": ("program_manager", "program", "Тулегенова", "Айгуль"),
    "committee_chair": ("committee_chair", "program", "Искаков", "Нурлан"),
    "committee_deputy": ("committee_deputy_chair", "program", "Бекова", "Сауле"),
    "po_head": ("po_head", "program", "Жумабаев", "Ерлан"),
    "po_chief": ("po_chief_manager", "program", "Ким", "Ольга"),
    "gibd_head": ("gibd_head", "direction", "Ахметов", "Даурен"),
    "bd_head": ("bd_head", "direction", "Омарова", "Динара"),
    "gp_head": ("gp_head", "subgroup", "Абенов", "Серик"),
    "pm": ("project_manager", 0, "Жанибеков", "Ерлан"),
    "member": ("team_member", 0, "Касымова", "Алия"),
    "pm_b": ("project_manager", 1, "Нуров", "Арман"),
}


def make_scrum() -> ScrumCast:
    tree = make_tree(projects=2)
    cast = ScrumCast(tree=tree)
    for key, (role, where, last, first) in CAST.items():
        node = tree["projects"][where] if isinstance(where, int) else tree[where]
        person = PersonFactory(username=key, last_name=last, first_name=first, email=f"{key}@example.kz")
        assign(person, role, node)
        cast.people[key] = person
    cast.people["guest"] = PersonFactory(username="guest", last_name="Гостев", first_name="Гость")
    p = cast.people
    cast.schedules["office"] = make_schedule(
        Level.OFFICE,
        tree["program"],
        weekday=3,
        chair=p["po_head"],
        deputy_chair=p["po_chief"],
        secretary=p["po_chief"],
        participants=[p["gibd_head"], p["gp_head"], p["pm"], p["pm_b"], p["guest"]],
    )
    cast.schedules["committee"] = make_schedule(
        Level.COMMITTEE,
        tree["program"],
        weekday=5,
        starts_at=dt.time(15, 0),
        chair=p["committee_chair"],
        deputy_chair=p["committee_deputy"],
        secretary=p["po_chief"],
        participants=[p["program_manager"], p["po_head"], p["bd_head"]],
    )
    cast.schedules["direction"] = make_schedule(
        Level.DIRECTION,
        tree["direction"],
        weekday=2,
        starts_at=dt.time(11, 0),
        chair=p["gibd_head"],
        participants=[p["bd_head"], p["gp_head"]],
    )
    cast.schedules["group"] = make_schedule(
        Level.GROUP,
        tree["subgroup"],
        weekday=1,
        starts_at=dt.time(16, 0),
        chair=p["gp_head"],
        participants=[p["pm"], p["pm_b"]],
    )
    cast.schedules["team"] = make_schedule(
        Level.TEAM,
        tree["projects"][0],
        weekday=1,
        starts_at=dt.time(9, 30),
        mode=Mode.ONLINE,
        place="",
        video_link="https://meet.example.kz/team-a",
        chair=p["pm"],
        participants=[p["member"]],
    )
    return cast
