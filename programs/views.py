"""Pages of programs, basic directions and groups of projects: the generic hierarchy pages, configured."""

from django.utils.translation import gettext_lazy as _

from pmis.core.node_views import PROJECT_COUNT, ChildSection, Count, NodeLevel, ParentParam
from portfolios.selectors import portfolio_get
from projects.selectors import project_list
from projects.views import PROJECT

from .forms import DirectionForm, GroupForm, ProgramForm
from .models import BasicDirection, Program, ProjectGroup
from .selectors import direction_get, direction_list, group_get, group_list, program_get, program_list
from .services import (
    direction_create,
    direction_delete,
    direction_update,
    group_create,
    group_delete,
    group_update,
    program_create,
    program_delete,
    program_update,
)


def _program_facts(program) -> list:
    return [
        (_("Kind of program"), program.get_kind_display()),
        (_("Region"), program.get_region_display() or "—"),
    ]


def _direction_facts(direction) -> list:
    if direction.is_standard:
        return [(_("Kind"), _("Standard basic direction of the state body (Rules p.56)"))]
    return []


def _group_facts(group) -> list:
    if group.standard_kind:
        return [(_("Standard group"), group.get_standard_kind_display())]
    return []


PROGRAM = NodeLevel(
    kind="program",
    plural="programs",
    model=Program,
    list_selector=program_list,
    get_selector=program_get,
    create=program_create,
    update=program_update,
    delete=program_delete,
    form_class=ProgramForm,
    parent_params=(ParentParam("portfolio", portfolio_get),),
    parent=lambda program: program.portfolio,
    parent_label=_("Portfolio"),
    counts=(Count("direction_count", _("Directions")), PROJECT_COUNT),
    children=(
        ChildSection(
            title=_("Basic directions"),
            level=lambda: DIRECTION,
            rows=lambda user, program: direction_list(user).filter(program=program),
            add_param="program",
            add_label=_("Add basic direction"),
            empty=_("No basic directions in this program yet."),
        ),
    ),
    extra_facts=_program_facts,
    icon="kanban",
)

DIRECTION = NodeLevel(
    kind="direction",
    plural="directions",
    model=BasicDirection,
    list_selector=direction_list,
    get_selector=direction_get,
    create=direction_create,
    update=direction_update,
    delete=direction_delete,
    form_class=DirectionForm,
    parent_params=(ParentParam("program", program_get),),
    # A state body's standard direction has no program: its body is its root (Rules p.56).
    parent=lambda direction: direction.program if direction.program_id else direction.owner_body,
    parent_label=_("Program"),
    counts=(Count("group_count", _("Groups")), PROJECT_COUNT),
    children=(
        ChildSection(
            title=_("Groups of projects"),
            level=lambda: GROUP,
            rows=lambda user, direction: group_list(user).filter(direction=direction, parent=None),
            add_param="direction",
            add_label=_("Add group"),
            empty=_("No groups of projects in this direction yet."),
        ),
    ),
    extra_facts=_direction_facts,
    icon="signpost-split",
)

GROUP = NodeLevel(
    kind="group",
    plural="groups",
    model=ProjectGroup,
    list_selector=group_list,
    get_selector=group_get,
    create=group_create,
    update=group_update,
    delete=group_delete,
    form_class=GroupForm,
    parent_params=(
        ParentParam("direction", direction_get),
        ParentParam(
            "parent",
            group_get,
            initial=lambda group: {
                "parent": group.pk,
                "direction": group.direction_id,
                "owner_body": group.owner_body_id,
            },
        ),
    ),
    parent=lambda group: group.parent if group.parent_id else group.direction,
    parent_label=_("Parent"),
    counts=(PROJECT_COUNT,),
    children=(
        ChildSection(
            title=_("Subgroups"),
            level=lambda: GROUP,
            rows=lambda user, group: group_list(user).filter(parent=group),
            add_param="parent",
            add_label=_("Add subgroup"),
            empty=_("No subgroups."),
        ),
        ChildSection(
            title=_("Projects"),
            level=lambda: PROJECT,
            rows=lambda user, group: project_list(user).filter(group=group),
            add_param="group",
            add_label=_("Add project"),
            empty=_("No projects in this group yet."),
        ),
    ),
    extra_facts=_group_facts,
    icon="folder2",
)
