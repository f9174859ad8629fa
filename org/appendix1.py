"""The standard organisational structure of project management of a state body (Rules Appendix 1), as a layout.

Only the arrangement is kept here — which roles the Appendix lists in which section, with its numbering; the
role names, numbers of units and employment come from the role catalogue (data), and the holders from the
role assignments. When the Rules change the structure, this table changes; when they rename a role or change
its number of units, the catalogue does.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Line:
    """One row of the Appendix: its number there and the role code."""

    number: str
    role: str


@dataclass(frozen=True)
class Heading:
    """A sub-heading inside a section's table ("Communication centre")."""

    title: str


@dataclass(frozen=True)
class Section:
    """A numbered element of the structure; `table` sections render as Appendix 1's table with its columns."""

    number: str
    title: str
    lines: tuple[Line | Heading, ...] = ()
    table: bool = False
    note: str = ""

    @property
    def codes(self) -> list[str]:
        return [line.role for line in self.lines if isinstance(line, Line)]


#: Rules Appendix 1, "Elements of the organizational structure of project management in a state body".
STATE_BODY = (
    Section("1)", _("Program manager"), (Line("", "program_manager"),)),
    Section(
        "2)",
        _("Program governing committee"),
        (Line("", "committee_chair"), Line("", "committee_deputy_chair"), Line("", "committee_member")),
    ),
    Section("3)", _("Head of the standard basic direction"), (Line("", "standard_bd_head"),)),
    Section("4)", _("Heads of basic directions — one for each basic direction"), (Line("", "bd_head"),)),
    Section("5)", _("Curators of groups of projects (if necessary)"), (Line("", "gp_curator"),)),
    Section(
        "6)",
        _("Project office of the state body"),
        (
            Line("1.1", "po_head"),
            Line("2.2", "po_chief_manager"),
            Line("3.3", "po_admin"),
            Line("4.4", "pm_consultant"),
            Heading(
                _("Implementation group of the basic direction of the program: for each basic direction")
            ),
            Line("5.5", "gibd_head"),
            Line("6.6", "gibd_chief_manager"),
            Line("7.7", "gibd_admin"),
            Heading(_("Situational-analytical centre (if necessary)")),
            Line("8.8", "sac_head"),
            Line("9.9", "sac_analyst"),
            Heading(_("Communication centre")),
            Line("10", "cc_head"),
            Line("11", "cc_manager"),
            Heading(_("Expert council")),
            Line("12", "expert_council_member"),
            Line("13", "expert_council_secretary"),
            Line("14", "expert_group_member"),
            Line("15", "gp_head"),
            Line("16", "project_curator"),
            Line("17", "project_coordinator"),
            Line("18", "acceleration_head"),
            Line("19", "acceleration_manager"),
        ),
        table=True,
    ),
    Section(
        "7)",
        _("Project teams"),
        note=_(
            "Each project's team — initiator, sponsor, customer, manager and members — is on the project's page."
        ),
    ),
)

#: The national project Office: its own staff and the implementation groups of national priorities (p.30–38).
OFFICE = (
    Section(
        "",
        _("The national project Office"),
        (Line("", "office_staff"), Line("", "np_group_head")),
        table=True,
    ),
)


def layout_for(body) -> tuple[Section, ...]:
    from .choices import BodyKind

    return OFFICE if body.kind == BodyKind.OFFICE else STATE_BODY


def role_codes(layout) -> list[str]:
    return [code for section in layout for code in section.codes]
