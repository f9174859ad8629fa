"""The goal map (Rules p.17, Appendix 2): tree, responsible persons through substitution, the form, the XLSX and
the API, worked by hand on the `gm` fixture."""

import datetime as dt
from decimal import Decimal as D
from io import BytesIO

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from kpi_maps.exports import appendix2_workbook, workbook_bytes
from kpi_maps.selectors.appendix2 import appendix2_rows, grid
from kpi_maps.selectors.goal_map import goal_map
from tests.factories import PersonFactory, assign, away, make_group, make_project
from tests.factories_kpi import fact, link, make_indicator, plan


def _node(the_map, obj):
    return next(node for node in the_map.nodes if node.ref == f"{obj.KIND}:{obj.pk}")


def test_the_tree_in_the_order_of_the_map(gm):
    the_map = goal_map(gm.office, gm.portfolio, 2025, 0)
    t = gm.tree
    a, b = t["projects"]
    assert [node.ref for node in the_map.nodes] == [
        f"portfolio:{t['portfolio'].pk}",
        f"program:{t['program'].pk}",
        f"direction:{t['direction'].pk}",
        f"group:{t['group'].pk}",
        f"group:{t['subgroup'].pk}",
        *sorted((f"project:{p.pk}" for p in (a, b)), key=lambda ref: _node_code(the_map, ref)),
    ]
    assert [node.depth for node in the_map.nodes][:5] == [0, 1, 2, 3, 4]
    assert [node.level for node in the_map.nodes] == [1, 2, 3, 4, 4, None, None]
    assert [item.code for item in the_map.indicators] == [
        "KNI-1",
        "P-1",
        "D-1",
        "G-1",
        *_project_codes(the_map),
    ]
    kni = the_map.by_id[gm.indicators["kni"].pk]
    assert kni.level == 1 and kni.score.achievement == D("0.9000") and kni.colour == "amber"
    assert kni.score.rolled == D("0.9200") and kni.score.misses
    grp = the_map.by_id[gm.indicators["grp"].pk]
    assert sorted(grp.children) == sorted(
        [(gm.indicators["a"].pk, D("60")), (gm.indicators["b"].pk, D("40"))]
    )
    assert the_map.by_id[gm.indicators["prog"].pk].parents == [(kni.id, D("80.00"))]
    assert len(the_map.links) == 5


def _node_code(the_map, ref):
    return next(node.code for node in the_map.nodes if node.ref == ref)


def _project_codes(the_map):
    projects = [node for node in the_map.nodes if node.kind == "project"]
    return [item.code for node in projects for item in node.indicators]


def test_the_responsible_persons_by_role(gm):
    the_map = goal_map(gm.office, gm.portfolio, 2025, 0)
    t = gm.tree
    expected = {
        "portfolio": ("np_curator", gm.curator),
        "program": ("program_manager", gm.program_manager),
        "direction": ("bd_head", gm.bd_head),
        "subgroup": ("gp_head", gm.gp_head),
    }
    for key, (role, person) in expected.items():
        node = _node(the_map, t[key])
        assert node.role_code == role
        assert [(r.person_id, r.acting_for, r.vacancy) for r in node.responsible] == [
            (person.pk, None, False)
        ]
    a, b = t["projects"]
    assert [r.person_id for r in _node(the_map, a).responsible] == [gm.pm.pk]
    assert [r.person_id for r in _node(the_map, b).responsible] == [gm.pm_b.pk]
    assert _node(the_map, t["subgroup"]).responsible_label == gm.gp_head.short_name
    assert _node(the_map, t["program"]).role_name == "Program manager"


def test_a_substitute_acts_for_an_absent_group_head(gm):
    today = timezone.localdate()
    away(gm.gp_head, today - dt.timedelta(days=1), today + dt.timedelta(days=5))
    the_map = goal_map(gm.office, gm.portfolio, 2025, 0)
    node = _node(the_map, gm.tree["subgroup"])
    assert node.responsible, "somebody acts for the absent head (Rules p.99, Appendix 4)"
    assert all(r.acting_for == gm.gp_head.short_name for r in node.responsible)
    assert gm.gp_head.pk not in {r.person_id for r in node.responsible}
    first = node.responsible[0]
    assert node.responsible_label.startswith(f"{first.short_name} (acting for {gm.gp_head.short_name})")
    # On another day the holder is back
    later = goal_map(gm.office, gm.portfolio, 2025, 0, on=today + dt.timedelta(days=6))
    assert [r.person_id for r in _node(later, gm.tree["subgroup"]).responsible] == [gm.gp_head.pk]


@pytest.mark.parametrize("who", ["outsider", "pm", "gp_head"])
def test_only_those_who_read_the_whole_portfolio(gm, outsider, who):
    user = outsider if who == "outsider" else getattr(gm, who)
    with pytest.raises(Http404):
        goal_map(user, gm.portfolio, 2025, 0)


def test_the_curator_and_a_read_only_observer_read_it(gm, viewer):
    assert goal_map(gm.curator, gm.portfolio, 2025, 0).root.id == gm.portfolio.pk
    assert goal_map(viewer, gm.portfolio, 2025, 0).root.id == gm.portfolio.pk


def _grow(gm, n):
    """n more groups under the direction, each with a project, indicators linked up, plans, facts and heads."""
    for index in range(n):
        group = make_group(direction=gm.tree["direction"], name=f"Группа {index}")
        assign(PersonFactory(username=f"head{index}"), "gp_head", group)
        project = make_project(group=group, name=f"Проект {index}")
        assign(PersonFactory(username=f"manager{index}"), "project_manager", project)
        g = make_indicator(group, f"GX-{index}")
        p = make_indicator(project, f"PX-{index}")
        link(gm.indicators["bd"], g, 1)
        link(g, p, 100)
        plan(p, 2025, 10)
        fact(p, 2025, 9)


def test_a_fixed_number_of_queries_whatever_the_size(gm, django_assert_num_queries, django_user_model):
    # subtree check, rules 1, nodes 4, roles 1, assignments 1, absences 1, substitutes 1 (the outer group's head
    # is vacant), scores 1, indicators 1, links 1
    office = django_user_model.objects.get(pk=gm.office.pk)
    with django_assert_num_queries(13):
        small = goal_map(office, gm.portfolio, 2025, 0)
    _grow(gm, 5)
    office = django_user_model.objects.get(pk=gm.office.pk)
    with django_assert_num_queries(13):
        big = goal_map(office, gm.portfolio, 2025, 0)
    assert len(big.nodes) == len(small.nodes) + 10 and len(big.indicators) == len(small.indicators) + 10


# --- Appendix 2 -------------------------------------------------------------------------------------------


def _texts(rows):
    return [[cell.text if cell else None for cell in line] for line in grid(rows)]


def test_appendix_2_rows_by_hand(gm):
    the_map = goal_map(gm.office, gm.portfolio, 2025, 0)
    rows = appendix2_rows(the_map)
    t = gm.tree
    a, b = sorted(t["projects"], key=lambda p: p.code)
    ind = {a.pk: "A-1", b.pk: "B-1"}
    assert [row.kind for row in rows] == ["program", "direction", "group", "group", "project", "project"]
    table = _texts(rows)
    assert table[0] == [
        "Доля цифровых госуслуг, %",
        t["program"].name,
        "",
        "",
        None,
        None,
        None,
        f"Program manager — {gm.program_manager.short_name}",
    ]
    assert table[1][3:] == [
        f"1. {t['direction'].name}:",
        "Индикатор D-1, %",
        "",
        None,
        f"Head of the basic direction — {gm.bd_head.short_name}",
    ]
    assert table[2][5] == f"{t['group'].name}:" and table[2][7].startswith("Head of the projects group — ")
    assert table[3][5] == f"{t['group'].name} / {t['subgroup'].name}:"
    assert table[3][7] == f"Head of the projects group — {gm.gp_head.short_name}"
    assert table[4][6] == f"{a.name} and Индикатор {ind[a.pk]}, %"
    assert (
        table[4][7]
        == f"Project manager — {gm.pm.short_name if a == t['projects'][0] else gm.pm_b.short_name}"
    )
    assert table[5][6].endswith(", дней") if ind[b.pk] == "B-1" else True
    spans = {(index, cell.column): cell.rowspan for index, row in enumerate(rows) for cell in row.cells}
    assert spans[(0, 0)] == spans[(0, 1)] == spans[(0, 2)] == 6  # the program's block
    assert spans[(1, 3)] == spans[(1, 4)] == 5  # the direction's
    assert spans[(2, 5)] == 1 and spans[(3, 5)] == 3  # the outer group (no projects), the subgroup
    assert rows[4].cells[0].colour in ("green", "amber")


def test_kni_without_program_and_projects_without_indicators(gm):
    lone = make_indicator(gm.portfolio, "KNI-2", name="Без программы", unit_ru="ед.")
    project = make_project(group=gm.tree["subgroup"], name="Проект без индикаторов")
    rows = appendix2_rows(goal_map(gm.office, gm.portfolio, 2025, 0))
    assert rows[0].kind == "kni" and rows[0].cells[0].text == "Без программы, ед."
    assert rows[0].cells[1].text == "not decomposed to a program"
    assert rows[-1].cells[0].text == project.name and rows[-1].cells[0].ref == f"project:{project.pk}"
    assert lone.pk


def test_the_xlsx_has_the_form(gm):
    the_map = goal_map(gm.office, gm.portfolio, 2025, 0)
    rows = appendix2_rows(the_map)
    book = load_workbook(BytesIO(workbook_bytes(appendix2_workbook(the_map, rows))))
    sheet = book.active
    assert sheet["A1"].value.startswith("Map of goals of national priorities")
    assert sheet["A2"].value == f"{gm.portfolio.code} · {gm.portfolio.name}"
    assert gm.curator.short_name in sheet["A3"].value
    assert [sheet.cell(row=5, column=c).value for c in (1, 8)] == [
        "KNI of the national priority (name, unit)",
        "Responsible (role — person)",
    ]
    assert sheet["A5"].font.bold and sheet.freeze_panes == "A6"
    assert sheet.max_row == 5 + 6
    assert sheet["A6"].value == "Доля цифровых госуслуг, %"
    assert sheet["D7"].value == f"1. {gm.tree['direction'].name}:"
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A6:A11", "B6:B11", "C6:C11", "D6:G6", "D7:D11", "E7:E11", "F7:G7", "F9:F11"} <= merged
    projects = [sheet.cell(row=r, column=7).value for r in (10, 11)]
    assert all(" and Индикатор " in text for text in projects)


# --- API --------------------------------------------------------------------------------------------------


def test_api_goal_map(gm, api_as):
    response = api_as(gm.office).get(
        reverse("api-kpi-goal-map", args=[gm.portfolio.pk]), {"year": 2025, "quarter": 0}
    )
    assert response.status_code == 200
    data = response.json()
    assert data["portfolio"]["id"] == gm.portfolio.pk and data["period"] == {
        "year": 2025,
        "quarter": 0,
        "label": "2025",
    }
    assert "fact ÷ plan" in data["rules"]["method"]
    assert [node["kind"] for node in data["nodes"]][:3] == ["portfolio", "program", "direction"]
    curator = data["nodes"][0]["responsible"]
    assert curator == [
        {"person_id": gm.curator.pk, "name": gm.curator.full_name, "acting_for": None, "vacancy": False}
    ]
    kni = next(item for item in data["indicators"] if item["code"] == "KNI-1")
    assert (kni["achievement"], kni["colour"], kni["rolled"], kni["level"]) == (
        "0.9000",
        "amber",
        "0.9200",
        1,
    )
    assert kni["plan"] == "70.0000" and kni["fact"] == "63.0000" and kni["misses"] is True
    assert {"parent": gm.indicators["kni"].pk, "child": gm.indicators["prog"].pk, "share": "80.00"} in data[
        "links"
    ]


def test_api_goal_map_default_period_and_bad_period(gm, api_as):
    client = api_as(gm.office)
    url = reverse("api-kpi-goal-map", args=[gm.portfolio.pk])
    assert client.get(url).json()["period"]["year"] == 2025
    assert client.get(url, {"year": 2026}).json()["indicators"][0]["fact"] is None
    assert client.get(url, {"year": 2025, "quarter": 5}).status_code == 400
    assert client.get(url, {"year": "abc"}).status_code == 400


@pytest.mark.parametrize("who", ["outsider", "pm", "gp_head"])
def test_api_goal_map_hidden(gm, outsider, api_as, who):
    user = outsider if who == "outsider" else getattr(gm, who)
    assert api_as(user).get(reverse("api-kpi-goal-map", args=[gm.portfolio.pk])).status_code == 404


def test_api_goal_map_missing_portfolio(gm, api_as):
    assert api_as(gm.office).get(reverse("api-kpi-goal-map", args=[999999])).status_code == 404


def test_api_goal_map_needs_sign_in(gm, client):
    assert client.get(reverse("api-kpi-goal-map", args=[gm.portfolio.pk])).status_code in (401, 403)


def test_the_map_names_the_nearest_two_who_act_and_counts_the_others():
    """Appendix 4 lets many roles stand in for an absent head; the form names two and counts the rest."""
    from kpi_maps.selectors.goal_map import MapNode, Responsible

    node = MapNode(
        kind="group",
        id=1,
        code="G",
        name="G",
        path="group:1/",
        parent_ref=None,
        depth=4,
        goal="",
        stage="",
        status="",
        planned_start=None,
        planned_end=None,
        is_standard=False,
        role_code="gp_head",
        role_name="",
        level=4,
    )
    assert node.responsible_label == "vacant"
    node.responsible = [
        Responsible(person_id=n, name=f"P{n}", short_name=f"P{n}", acting_for="H") for n in range(5)
    ]
    assert node.responsible_label == "P0 (acting for H); P1 (acting for H) (and 3 more who may act)"
