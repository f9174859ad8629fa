"""The hierarchy's models and services: identity, paths, moves, the Rules p.9 deadline rule, protection."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from pmis.core.nodes import parse_ref, path_refs, resolve_ref
from portfolios.services import portfolio_update
from programs.choices import ProgramKind, StandardGroup
from programs.models import BasicDirection, ProjectGroup
from programs.services import group_update, program_create, standard_direction_create
from projects.models import Project
from projects.services import project_delete, project_update
from tests.factories import (
    StateBodyFactory,
    make_direction,
    make_group,
    make_portfolio,
    make_program,
    make_project,
)

pytestmark = pytest.mark.django_db


def test_codes_are_generated_unique_and_readable(tree):
    project = tree["projects"][0]
    year = project.created_at.year
    assert project.code == f"PRJ-{year}-{project.pk:05d}"
    assert tree["portfolio"].code.startswith(f"NP-{year}-")
    assert tree["program"].code.startswith("PRG-")
    assert tree["direction"].code.startswith("BD-")
    assert tree["group"].code.startswith("GP-")
    assert len({p.code for p in tree["projects"]}) == len(tree["projects"])


def test_path_lists_every_ancestor(tree):
    project = tree["projects"][0]
    assert [kind for kind, _ in path_refs(project.path)] == [
        "portfolio",
        "program",
        "direction",
        "group",
        "group",
        "project",
    ]
    assert project.path.startswith(tree["subgroup"].path)
    assert tree["subgroup"].path.startswith(tree["group"].path)


def test_moving_a_group_moves_its_subtree(tree):
    other_direction = make_direction(program=tree["program"], name="Другое направление")
    group_update(actor=None, group=tree["group"], direction=other_direction)
    project = Project.objects.get(pk=tree["projects"][0].pk)
    subgroup = ProjectGroup.objects.get(pk=tree["subgroup"].pk)
    assert project.path.startswith(other_direction.path)
    assert subgroup.direction_id == other_direction.pk
    assert project.code == tree["projects"][0].code  # the identification code never changes


def test_a_group_cannot_move_inside_its_own_subgroup(tree):
    with pytest.raises(ValidationError) as error:
        group_update(actor=None, group=tree["group"], parent=tree["subgroup"])
    assert "parent" in error.value.message_dict


def test_moving_a_project_to_another_group(tree):
    target = make_group(direction=tree["direction"], name="Целевая")
    moved = project_update(actor=None, project=tree["projects"][0], group=target)
    assert moved.path == f"{target.path}project:{moved.pk}/"


def test_project_may_not_end_after_its_portfolio():
    portfolio = make_portfolio(end=dt.date(2027, 12, 31))
    group = make_group(
        direction=make_direction(program=make_program(portfolio=portfolio, end=dt.date(2027, 6, 1)))
    )
    with pytest.raises(ValidationError) as error:
        make_project(group=group, end=dt.date(2028, 1, 1))
    assert "Rules p.9" in error.value.message_dict["planned_end"][0]
    assert not Project.objects.exists()  # nothing was written


def test_program_may_not_end_after_its_portfolio():
    portfolio = make_portfolio(end=dt.date(2027, 12, 31))
    with pytest.raises(ValidationError) as error:
        make_program(portfolio=portfolio, end=dt.date(2028, 1, 1))
    assert "planned_end" in error.value.message_dict


def test_project_ending_on_the_portfolio_end_date_is_accepted():
    portfolio = make_portfolio(end=dt.date(2027, 12, 31))
    group = make_group(
        direction=make_direction(program=make_program(portfolio=portfolio, end=dt.date(2027, 12, 31)))
    )
    assert make_project(group=group, end=dt.date(2027, 12, 31)).pk


def test_date_rule_message_in_russian():
    portfolio = make_portfolio(end=dt.date(2027, 12, 31))
    with translation.override("ru"), pytest.raises(ValidationError) as error:
        make_program(portfolio=portfolio, end=dt.date(2028, 1, 1))
    assert "п. 9 Правил" in error.value.message_dict["planned_end"][0]


def test_portfolio_end_cannot_move_before_its_projects(tree):
    with pytest.raises(ValidationError) as error:
        portfolio_update(actor=None, portfolio=tree["portfolio"], planned_end=dt.date(2026, 1, 1))
    assert "planned_end" in error.value.message_dict
    tree["portfolio"].refresh_from_db()
    assert tree["portfolio"].planned_end == dt.date(2030, 12, 31)


def test_end_before_start_is_refused_with_a_field_message():
    with pytest.raises(ValidationError) as error:
        make_portfolio(start=dt.date(2026, 1, 1), end=dt.date(2025, 1, 1))
    assert "planned_end" in error.value.message_dict


def test_database_constraint_holds_the_date_order_too(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=tree["projects"][0].pk).update(planned_start=dt.date(2030, 1, 1))


def test_portfolio_program_and_project_need_planned_dates():
    with pytest.raises(ValidationError) as error:
        make_portfolio(start=None, end=None)
    assert set(error.value.message_dict) >= {"planned_start", "planned_end"}


def test_a_name_in_one_language_is_required():
    with pytest.raises(ValidationError) as error:
        make_portfolio(name="  ")
    assert "name_ru" in error.value.message_dict


def test_name_follows_the_active_language_with_fallback(tree):
    portfolio = tree["portfolio"]
    portfolio.name_kk = "Портфель kk"
    with translation.override("kk"):
        assert portfolio.name == "Портфель kk"
    with translation.override("en"):
        assert portfolio.name == portfolio.name_ru  # no English name: Russian is the fallback


def test_regional_plan_needs_its_region():
    with pytest.raises(ValidationError):
        make_program(kind=ProgramKind.REGIONAL_PLAN)
    program = make_program(kind=ProgramKind.REGIONAL_PLAN, region="karaganda")
    assert program.region == "karaganda"


def test_node_with_children_cannot_be_deleted(tree):
    from programs.services import group_delete

    with pytest.raises(ValidationError):
        group_delete(actor=None, group=tree["subgroup"])
    assert ProjectGroup.objects.filter(pk=tree["subgroup"].pk).exists()


def test_leaf_delete_is_recorded_in_history(tree, editor):
    project = tree["projects"][0]
    pk = project.pk
    project_delete(actor=editor, project=project, reason="duplicate")
    record = Project.history.filter(id=pk).latest("history_date")
    assert record.history_type == "-"
    assert record.history_user == editor
    assert record.history_change_reason == "duplicate"


def test_every_change_is_in_history_with_the_actor(tree, editor):
    project = project_update(actor=editor, project=tree["projects"][0], budget=1_000_000, reason="budget")
    latest = project.history.latest("history_date")
    assert latest.history_user == editor
    assert latest.history_change_reason == "budget"
    assert latest.budget == 1_000_000


def test_standard_direction_has_the_six_groups_of_p56_and_is_idempotent():
    body = StateBodyFactory()
    direction = standard_direction_create(actor=None, body=body)
    again = standard_direction_create(actor=None, body=body)
    assert direction.pk == again.pk
    assert direction.is_standard and direction.program is None
    assert direction.path == f"body:{body.pk}/direction:{direction.pk}/"
    assert sorted(direction.groups.values_list("standard_kind", flat=True)) == sorted(StandardGroup.values)
    assert BasicDirection.objects.filter(owner_body=body, is_standard=True).count() == 1


def test_projects_in_a_standard_direction_have_no_portfolio_deadline():
    direction = standard_direction_create(actor=None, body=StateBodyFactory())
    group = direction.groups.first()
    assert make_project(group=group, end=dt.date(2040, 1, 1)).pk


def test_owner_body_defaults_to_the_parents(tree):
    assert tree["projects"][0].owner_body_id == tree["portfolio"].owner_body_id


def test_unknown_fields_are_refused():
    with pytest.raises(ValidationError):
        program_create(actor=None, portfolio=make_portfolio(), name_ru="X", colour="red")


@pytest.mark.parametrize("ref", ["", "project", "project:", "planet:1", "project:x", ":5"])
def test_malformed_references_get_a_clear_message(ref):
    with pytest.raises(ValidationError) as error:
        parse_ref(ref)
    assert "kind:id" in error.value.messages[0]


def test_unknown_reference_is_named(tree):
    assert resolve_ref(tree["projects"][0].ref) == tree["projects"][0]
    with pytest.raises(ValidationError) as error:
        resolve_ref("project:999999")
    assert "project:999999" in error.value.messages[0]
