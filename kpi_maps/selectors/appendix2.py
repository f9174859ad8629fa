"""The goal map as the form of Rules Appendix 2 ("Map of goals of national priorities"): rows and merged cells.

Columns, as the form: 1 KNI of the national priority (name, unit) · 2 program · 3 goal · 4 basic direction ·
5 KNI of the basic direction · 6 group of projects · 7 project and its KNI (unit) · 8 responsible (role — person).

One row per line of the form: a program's line (its manager), a basic direction's (its head), a group's (its
head) and one line per indicator of each project (its manager; a project without indicators has one line).
Cells 1–3 span the program's lines, 4–5 the direction's, 6 the group's (nested groups each have their own block,
named with their parents). The KNIs of the national priority beside a program are those its indicators
contribute to; KNIs no program contributes to get a line of their own. Built from `goal_map()`: no query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .goal_map import GoalMap, MapIndicator, MapNode

COLUMNS = [
    gettext_lazy("KNI of the national priority (name, unit)"),
    gettext_lazy("Program"),
    gettext_lazy("Goal"),
    gettext_lazy("Basic direction"),
    gettext_lazy("KNI of the basic direction (name, unit)"),
    gettext_lazy("Group of projects"),
    gettext_lazy("Project and its KNI (unit)"),
    gettext_lazy("Responsible (role — person)"),
]


@dataclass
class Cell:
    column: int  # 0-based
    text: str
    rowspan: int = 1
    colspan: int = 1
    ref: str = ""  # the node or indicator it names ("program:3", "indicator:7")
    colour: str = ""


@dataclass
class Row:
    kind: str  # kni, program, direction, group, project
    cells: list[Cell] = field(default_factory=list)


def _indicator_text(indicator: MapIndicator) -> str:
    return f"{indicator.name}, {indicator.unit}" if indicator.unit else indicator.name


def _responsible(node: MapNode) -> str:
    return f"{node.role_name} — {node.responsible_label}"


def _group_name(group: MapNode, groups: dict[str, MapNode]) -> str:
    names = [group.name]
    parent = groups.get(group.parent_ref or "")
    while parent is not None:
        names.insert(0, parent.name)
        parent = groups.get(parent.parent_ref or "")
    return " / ".join(names) + ":"


def _groups_of(direction: MapNode) -> list[MapNode]:
    """The direction's groups, nested ones right after their parent."""
    found = []

    def walk(node: MapNode) -> None:
        for child in node.children:
            if child.kind == "group":
                found.append(child)
                walk(child)

    walk(direction)
    return found


def appendix2_rows(the_map: GoalMap) -> list[Row]:
    """The rows of the form, with each merged cell placed on the first row it spans."""
    rows: list[Row] = []
    by_id = the_map.by_id
    knis = list(the_map.root.indicators)
    used: set[int] = set()

    def kni_text(program: MapNode) -> str:
        found = []
        for node in _subtree(program):
            for indicator in node.indicators:
                for parent_id, _share in indicator.parents:
                    parent = by_id.get(parent_id)
                    if parent is not None and parent.node is the_map.root and parent not in found:
                        found.append(parent)
        used.update(item.id for item in found)
        found.sort(key=lambda item: item.code)
        return "\n".join(_indicator_text(item) for item in found)

    for program in (child for child in the_map.root.children if child.kind == "program"):
        start = len(rows)
        rows.append(
            Row(
                "program",
                [
                    Cell(0, kni_text(program)),
                    Cell(1, program.name, ref=program.ref),
                    Cell(2, program.goal),
                    Cell(3, "", colspan=4),
                    Cell(7, _responsible(program), ref=program.ref),
                ],
            )
        )
        directions = [child for child in program.children if child.kind == "direction"]
        for number, direction in enumerate(directions, start=1):
            first = len(rows)
            rows.append(
                Row(
                    "direction",
                    [
                        Cell(3, f"{number}. {direction.name}:", ref=direction.ref),
                        Cell(4, "\n".join(_indicator_text(item) for item in direction.indicators)),
                        Cell(5, "", colspan=2),
                        Cell(7, _responsible(direction), ref=direction.ref),
                    ],
                )
            )
            groups = {group.ref: group for group in _groups_of(direction)}
            for group in groups.values():
                group_first = len(rows)
                rows.append(
                    Row(
                        "group",
                        [
                            Cell(5, _group_name(group, groups), ref=group.ref),
                            Cell(6, ""),
                            Cell(7, _responsible(group), ref=group.ref),
                        ],
                    )
                )
                for project in (child for child in group.children if child.kind == "project"):
                    lines = project.indicators or [None]
                    for indicator in lines:
                        text = project.name
                        if indicator is not None:
                            text = _("%(project)s and %(indicator)s") % {
                                "project": project.name,
                                "indicator": _indicator_text(indicator),
                            }
                        rows.append(
                            Row(
                                "project",
                                [
                                    Cell(
                                        6,
                                        text,
                                        ref=f"indicator:{indicator.id}" if indicator else project.ref,
                                        colour=indicator.colour if indicator else "",
                                    ),
                                    Cell(7, _responsible(project), ref=project.ref),
                                ],
                            )
                        )
                rows[group_first].cells[0].rowspan = len(rows) - group_first
            span = len(rows) - first
            rows[first].cells[0].rowspan = span
            rows[first].cells[1].rowspan = span
        span = len(rows) - start
        for cell in rows[start].cells[:3]:
            cell.rowspan = span
    loose = [item for item in knis if item.id not in used]
    if loose:
        rows.insert(
            0,
            Row(
                "kni",
                [
                    Cell(0, "\n".join(_indicator_text(item) for item in loose)),
                    Cell(1, _("not decomposed to a program"), colspan=6),
                    Cell(7, _responsible(the_map.root), ref=the_map.root.ref),
                ],
            ),
        )
    return rows


def _subtree(node: MapNode):
    yield node
    for child in node.children:
        yield from _subtree(child)


def grid(rows: list[Row]) -> list[list[Cell | None]]:
    """The rows as a full grid of 8 columns: each cell at its place, None where a merged cell covers it (the
    XLSX export and the tests read it)."""
    table: list[list[Cell | None]] = [[None] * len(COLUMNS) for _row in rows]
    for index, row in enumerate(rows):
        for cell in row.cells:
            table[index][cell.column] = cell
    return table
