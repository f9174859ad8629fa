"""The map of projects and initiatives of a program (Rules p.61(3), p.62, Appendix 3): its lines built from the
program's directions, nested groups, funding lines, priority list, problems, indicators and initiatives, in a
fixed number of queries; and its XLSX form made by the export maker."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook

from initiatives.models import Initiative
from pmis.core import exporting
from pmis.core.choices import ExportStatus
from programs import plan_services as services
from programs.appendix3 import SOURCES, financing_totals, line_cells, map_lines
from projects.models import FundingLine
from tests.factories import PersonFactory, assign, make_group, make_project
from tests.factories_kpi import make_indicator

D = Decimal


def _initiative(gov, code: str, path: str, status: str, **fields) -> Initiative:
    return Initiative.objects.create(
        code=code,
        name_ru=f"Инициатива {code}",
        proposer=gov.citizen,
        body=gov.body,
        program=gov.program,
        scope_path=path,
        status=status,
        **fields,
    )


@pytest.fixture
def mapped(gov):
    """The gov program made a full map: a nested group with a third project in `direction2`, funding lines of two
    sources, a priority project, problems, indicators and initiatives."""
    subgroup = make_group(parent=gov.group2, name="Подстанции")
    project3 = make_project(group=subgroup, name="Подстанция Север", start=dt.date(2026, 3, 1))
    assign(gov.member, "project_manager", project3)
    for project, source, year, amount in (
        (gov.project, "republican", 2026, "100.00"),
        (gov.project, "republican", 2027, "50.00"),
        (gov.project, "local", 2026, "30.00"),
        (project3, "national_fund", 2026, "200.00"),
        (project3, "local", 2027, "5.50"),
    ):
        FundingLine.objects.create(project=project, source=source, year=year, amount=D(amount))
    services.priority_add(
        actor=gov.manager,
        program=gov.program,
        project=project3,
        financing_need=D("120"),
        funding_source="local",
    )
    services.problem_create(
        actor=gov.po_admin, program=gov.program, text_ru="Износ сетей", direction=gov.direction2
    )
    services.problem_create(actor=gov.po_admin, program=gov.program, text_ru="Дефицит мощности")
    make_indicator(gov.program, "PRG-1")
    make_indicator(gov.direction, "BD-1", name="Доля ВИЭ")
    make_indicator(gov.project, "PRJ-1")
    make_indicator(gov.direction2, "BD-2", name="Потери в сетях")
    _initiative(gov, "INI-1", gov.group2.path, "recommended", recommended_outcome="project")
    _initiative(gov, "INI-2", gov.group2.path, "draft")
    _initiative(gov, "INI-3", gov.program.path, "approved", decided_outcome="direction")
    return {"subgroup": subgroup, "project3": project3}


def test_the_map_has_each_direction_with_its_problems_indicators_projects_money_and_people(gov, mapped):
    lines = map_lines(gov.program)
    first, second, program_line = lines
    assert (first.direction_id, second.direction_id, program_line.direction_id) == (
        gov.direction.pk,
        gov.direction2.pk,
        None,
    )
    # Column 1: the problems of the register by direction; the one without a direction at the program level.
    assert [p.text for p in second.problems] == ["Износ сетей"] and first.problems == []
    assert [p.text for p in program_line.problems] == ["Дефицит мощности"]
    # Column 3: the direction's indicators and those below it, not the program's.
    assert [i.code for i in first.indicators] == ["BD-1", "PRJ-1"]
    assert [i.code for i in second.indicators] == ["BD-2"]
    # Column 4: the projects under the direction's groups, the nested group included.
    assert {p.id for p in first.projects} == {gov.project.pk, gov.project2.pk}
    assert [p.id for p in second.projects] == [mapped["project3"].pk]
    project3 = second.projects[0]
    assert project3.group_name == "Подстанции"
    # Column 5 and 6: the priority flag and the launch date.
    assert project3.is_priority and project3.priority_rank == 1
    assert [p.code for p in second.priority_projects] == [project3.code] and first.priority_projects == []
    assert project3.planned_start == dt.date(2026, 3, 1)
    # Columns 7–13: the funding lines summed by source, in the order of the seven sources.
    solar = next(p for p in first.projects if p.id == gov.project.pk)
    assert solar.financing == {"republican": D("150.00"), "local": D("30.00")}
    assert first.financing_cells == [D("150.00"), D("30.00"), None, None, None, None, None]
    assert second.financing_cells == [None, D("5.50"), D("200.00"), None, None, None, None]
    assert financing_totals(lines) == [D("150.00"), D("35.50"), D("200.00"), None, None, None, None]
    assert SOURCES[:3] == ("republican", "local", "national_fund")
    # Column 14: the head of the direction and the project managers.
    assert first.heads == [gov.bd_head.full_name] and second.heads == [gov.bd_head2.full_name]
    assert solar.managers == [gov.pm.full_name] and project3.managers == [gov.member.full_name]
    # The initiatives (measures): recommended or approved, in the direction they lie under.
    assert [i.code for i in second.initiatives] == ["INI-1"] and first.initiatives == []
    assert second.initiatives[0].outcome == "project"
    assert [(i.code, i.outcome) for i in program_line.initiatives] == [("INI-3", "direction")]


def test_line_cells_are_the_fourteen_columns(gov, mapped):
    cells = line_cells(map_lines(gov.program, language="ru")[1])
    assert len(cells) == 14
    assert cells[0] == "1. Износ сетей (Open)"
    assert cells[1].endswith("Сети")
    assert "BD-2" in cells[2]
    assert "Подстанция Север" in cells[3] and "INI-1" in cells[3]
    assert "Подстанция Север" in cells[4]
    assert "01.03.2026" in cells[5]
    assert cells[6:13] == [None, D("5.50"), D("200.00"), None, None, None, None]
    assert gov.bd_head2.full_name in cells[13] and gov.member.full_name in cells[13]


def test_the_map_costs_nine_queries_whatever_its_size(gov, mapped, django_assert_num_queries):
    with django_assert_num_queries(9):
        map_lines(gov.program)
    for number in range(3):
        project = make_project(group=mapped["subgroup"], name=f"Ещё {number}")
        FundingLine.objects.create(project=project, source="private", year=2026, amount=D("1"))
        _initiative(gov, f"INI-X{number}", project.path, "approved", decided_outcome="task")
        services.priority_add(actor=gov.manager, program=gov.program, project=project)
        assign(PersonFactory(), "project_manager", project)
    with django_assert_num_queries(9):
        lines = map_lines(gov.program)
    assert len(lines[1].projects) == 4 and len(lines[1].initiatives) == 4


def test_the_xlsx_form_has_the_numbered_columns_and_the_sums(gov, mapped):
    job = exporting.export_start(
        owner=gov.po_admin,
        kind="program.map.xlsx",
        params={"program": gov.program.pk},
        title="x",
        language="kk",
    )
    exporting.export_make(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.DONE, job.error
    assert job.filename == f"program-map-{gov.program.code}-kk.xlsx"
    sheet = load_workbook(BytesIO(job.file.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    numbers = next(row for row in rows if row[0] == 1 and row[13] == 14)
    assert list(numbers) == list(range(1, 15))
    at = rows.index(numbers)
    first, second = rows[at + 1], rows[at + 2]
    assert first[6] == 150.0 and first[7] == 30.0
    assert second[7] == 5.5 and second[8] == 200.0
    assert "Износ сетей" in second[0] and "INI-1" in second[3]
    total = next(row for row in rows[at + 1 :] if row[6] == 150.0 and row[8] == 200.0 and row[0] is None)
    assert total[7] == 35.5


def test_the_xlsx_maker_refuses_who_may_not_read_the_whole_program(gov, mapped):
    job = exporting.export_start(
        owner=gov.bd_head,
        kind="program.map.xlsx",
        params={"program": gov.program.pk},
        title="x",
        language="ru",
    )
    exporting.export_make(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and not job.file
