"""The cast of issue 8: a program with its governing bodies, project office, experts, public monitors and
proposers (initiatives, governing bodies, instructions, program management, public monitoring)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from governance.choices import BodyKind
from governance.models import GoverningBody
from org.models import Person, StateBody
from portfolios.models import Portfolio
from programs.models import BasicDirection, Program, ProjectGroup
from projects.models import Project
from tests.factories import (
    PersonFactory,
    StateBodyFactory,
    assign,
    make_direction,
    make_group,
    make_portfolio,
    make_program,
    make_project,
    office,
)


@dataclass
class Gov:
    """A ministry's program in a national-priority portfolio and the people around it.

    Nodes: `portfolio` → `program` (owned by `body`) → `direction` → `group` → `project`, `project2`; a second
    direction `direction2` with `group2`; `other_program` in the same portfolio, of `other_body`.
    Bodies: `council` (at the portfolio), `committee` and `expert_council` (at the program).
    People (their role, where):
    - `curator`: np_curator on the portfolio (chairs the council); `council_member`: np_council_member there;
    - `manager`: program_manager on the program; `chair`: committee_chair there; `deputy`: committee_deputy_chair
      there and po_head on the body (the head of the project office is the deputy chair, Rules p.44);
      `committee_member`: committee_member there;
    - `po_admin`: po_admin on the body (the project office's daily work);
    - `bd_head`: bd_head on `direction`; `bd_head2`: bd_head on `direction2`; `gp_head`: gp_head on `group`;
    - `pm`: project_manager on `project`; `member`: team_member there;
    - `expert`: expert_council_member on the program; `secretary`: expert_council_secretary there;
    - `office_staff`: office_staff on the Office; `np_group_head`: np_group_head on the Office;
    - `citizen`: nobody's role (proposes initiatives); `outsider`: nobody's role, proposes nothing;
    - `stranger`: program_manager of `other_program`.
    """

    office: StateBody
    body: StateBody
    other_body: StateBody
    portfolio: Portfolio
    program: Program
    other_program: Program
    direction: BasicDirection
    direction2: BasicDirection
    group: ProjectGroup
    group2: ProjectGroup
    project: Project
    project2: Project
    council: GoverningBody
    committee: GoverningBody
    expert_council: GoverningBody
    curator: Person
    council_member: Person
    manager: Person
    chair: Person
    deputy: Person
    committee_member: Person
    po_admin: Person
    bd_head: Person
    bd_head2: Person
    gp_head: Person
    pm: Person
    member: Person
    expert: Person
    secretary: Person
    office_staff: Person
    np_group_head: Person
    citizen: Person
    outsider: Person
    stranger: Person


def _body(kind: str, node, **fields) -> GoverningBody:
    return GoverningBody.objects.create(
        kind=kind,
        node_kind=node.KIND,
        node_id=node.pk,
        node_path=node.path,
        established_on=dt.date(2025, 1, 15),
        **fields,
    )


def make_gov() -> Gov:
    the_office = office()
    body = StateBodyFactory(
        code="minenergo", name_ru="Министерство энергетики", name_kk="Энергетика министрлігі"
    )
    other_body = StateBodyFactory(code="minzdrav", name_ru="Министерство здравоохранения")
    portfolio = make_portfolio(body=the_office, name="Сильная экономика")
    program = make_program(portfolio=portfolio, name="Энергетическая программа", owner_body=body)
    other_program = make_program(portfolio=portfolio, name="Программа здоровья", owner_body=other_body)
    direction = make_direction(program=program, name="Генерация")
    direction2 = make_direction(program=program, name="Сети")
    group = make_group(direction=direction, name="Возобновляемая энергетика")
    group2 = make_group(direction=direction2, name="Модернизация сетей")
    project = make_project(group=group, name="Солнечная станция")
    project2 = make_project(group=group, name="Ветровой парк")

    def person(username: str, last: str, first: str) -> Person:
        return PersonFactory(username=username, last_name=last, first_name=first)

    cast = {
        "curator": person("curator", "Куратов", "Ерлан"),
        "council_member": person("council_member", "Советов", "Нурлан"),
        "manager": person("manager", "Программов", "Асет"),
        "chair": person("chair", "Председателев", "Бауыржан"),
        "deputy": person("deputy", "Офисов", "Данияр"),
        "committee_member": person("committee_member", "Комитетов", "Ержан"),
        "po_admin": person("po_admin", "Админова", "Алия"),
        "bd_head": person("bd_head", "Направленов", "Серик"),
        "bd_head2": person("bd_head2", "Сетевой", "Марат"),
        "gp_head": person("gp_head", "Группов", "Айдар"),
        "pm": person("pm", "Менеджеров", "Тимур"),
        "member": person("member", "Командная", "Жанар"),
        "expert": person("expert", "Экспертова", "Гульнара"),
        "secretary": person("secretary", "Секретарёва", "Динара"),
        "office_staff": person("office_staff", "Офисная", "Камила"),
        "np_group_head": person("np_group_head", "Приоритетов", "Руслан"),
        "citizen": person("citizen", "Гражданов", "Ильяс"),
        "outsider": person("outsider", "Посторонний", "Олжас"),
        "stranger": person("stranger", "Чужой", "Бахыт"),
    }
    for key, code, scope in (
        ("curator", "np_curator", portfolio),
        ("council_member", "np_council_member", portfolio),
        ("manager", "program_manager", program),
        ("chair", "committee_chair", program),
        ("deputy", "committee_deputy_chair", program),
        ("deputy", "po_head", body),
        ("committee_member", "committee_member", program),
        ("po_admin", "po_admin", body),
        ("bd_head", "bd_head", direction),
        ("bd_head2", "bd_head", direction2),
        ("gp_head", "gp_head", group),
        ("pm", "project_manager", project),
        ("member", "team_member", project),
        ("expert", "expert_council_member", program),
        ("secretary", "expert_council_secretary", program),
        ("office_staff", "office_staff", the_office),
        ("np_group_head", "np_group_head", the_office),
        ("stranger", "program_manager", other_program),
    ):
        assign(cast[key], code, scope)
    return Gov(
        office=the_office,
        body=body,
        other_body=other_body,
        portfolio=portfolio,
        program=program,
        other_program=other_program,
        direction=direction,
        direction2=direction2,
        group=group,
        group2=group2,
        project=project,
        project2=project2,
        council=_body(BodyKind.COUNCIL, portfolio, name_ru="Управляющий совет «Сильная экономика»"),
        committee=_body(BodyKind.COMMITTEE, program, name_ru="Управляющий комитет энергетической программы"),
        expert_council=_body(
            BodyKind.EXPERT_COUNCIL, program, name_ru="Экспертный совет по энергетике", sphere="Энергетика"
        ),
        **cast,
    )
