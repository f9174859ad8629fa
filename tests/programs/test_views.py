"""Pages of programs, basic directions and groups of projects; permissions; pinned query counts."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from pmis.core.choices import Status
from programs.models import BasicDirection, Program, ProjectGroup
from programs.services import direction_update, group_update, program_update, standard_direction_create
from tests.factories import StateBodyFactory, make_direction, make_group, make_program, make_project
from tests.node_pages import assert_login_redirect, new_node_data, node_form_data, page_text

pytestmark = pytest.mark.django_db

# session, user, grants (one query: roles, substitution, explicit grants), bodies of the filter, count, rows
LIST_QUERIES = 6


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def as_viewer(client, viewer):
    client.force_login(viewer)
    return client


# --- programs --------------------------------------------------------------------------------------------------


def test_program_list_shows_portfolio_counts_and_filters(as_editor, tree):
    program = tree["program"]
    other = make_program(portfolio=tree["portfolio"], name="Вторая программа")
    program_update(actor=None, program=other, status=Status.COMPLETED)
    response = as_editor.get(reverse("program-list"))
    text = page_text(response)
    assert program.code in text and other.code in text and tree["portfolio"].name in text
    rows = {row.node.pk: row for row in response.context["rows"]}
    assert rows[program.pk].counts == [(1, None), (2, 2)]
    text = page_text(as_editor.get(reverse("program-list"), {"status": "completed"}))
    assert other.code in text and program.code not in text


def test_program_list_query_count_does_not_grow(as_editor, tree, django_assert_num_queries):
    for number in range(2):
        make_program(portfolio=tree["portfolio"], name=f"Программа {number}")
    with django_assert_num_queries(LIST_QUERIES):
        as_editor.get(reverse("program-list"))
    for number in range(27):
        make_program(portfolio=tree["portfolio"], name=f"Ещё {number}")
    with django_assert_num_queries(LIST_QUERIES):
        response = as_editor.get(reverse("program-list"))
    assert len(response.context["rows"]) == 25


def test_program_detail_lists_directions_and_history(as_editor, editor, tree, django_assert_num_queries):
    program = tree["program"]
    program_update(actor=editor, program=program, status=Status.SUSPENDED)
    # session, user, grants, node, breadcrumbs (portfolio), directions, history, team card (assignments), the
    # initiatives card (the initiative it came from, the open ones addressed to it), the governing bodies card
    with django_assert_num_queries(13):
        response = as_editor.get(program.get_absolute_url())
    text = page_text(response)
    assert program.code in text and tree["direction"].code in text
    assert f"{reverse('direction-create')}?program={program.pk}" in text
    changes = response.context["history"][0].changes
    assert ("Status", "Active", "Suspended") in changes
    for number in range(10):
        make_direction(program=program, name=f"Направление {number}")
    with django_assert_num_queries(13):
        as_editor.get(program.get_absolute_url())


def test_editor_creates_a_program_in_a_portfolio(as_editor, tree):
    portfolio = tree["portfolio"]
    response = as_editor.get(reverse("program-create"), {"portfolio": portfolio.pk})
    assert response.context["form"].initial == {
        "portfolio": portfolio.pk,
        "owner_body": portfolio.owner_body_id,
    }
    data = new_node_data(
        portfolio=portfolio.pk, owner_body=portfolio.owner_body_id, kind="national_project", region=""
    )
    response = as_editor.post(f"{reverse('program-create')}?portfolio={portfolio.pk}", data)
    program = Program.objects.get(kind="national_project")
    assert response.status_code == 302 and response.url == program.get_absolute_url()
    assert program.code.startswith("PRG-") and program.path.startswith(portfolio.path)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [f"Program {program.code} saved."]


def test_program_after_the_portfolio_end_shows_rules_p9_and_saves_nothing(as_editor, tree):
    portfolio = tree["portfolio"]
    data = new_node_data(portfolio=portfolio.pk, owner_body=portfolio.owner_body_id, kind="program",
                         name_ru="Долгая программа", planned_end="2032-01-01")  # fmt: skip
    response = as_editor.post(reverse("program-create"), data)
    assert response.status_code == 200
    assert "Rules p.9" in response.context["form"].errors["planned_end"][0]
    assert not Program.objects.filter(name_ru="Долгая программа").exists()


def test_regional_plan_without_region_is_refused(as_editor, tree):
    portfolio = tree["portfolio"]
    data = new_node_data(
        portfolio=portfolio.pk, owner_body=portfolio.owner_body_id, kind="regional_plan", region=""
    )
    response = as_editor.post(reverse("program-create"), data)
    assert response.status_code == 200
    assert "region" in page_text(response)
    assert Program.objects.count() == 1


def test_delete_of_a_program_with_directions_shows_the_message(as_editor, tree):
    program = tree["program"]
    response = as_editor.post(reverse("program-delete", args=[program.pk]))
    assert response.status_code == 409
    assert "cannot be deleted" in page_text(response)
    assert Program.objects.filter(pk=program.pk).exists()


def test_delete_of_an_empty_program(as_editor, tree):
    program = make_program(portfolio=tree["portfolio"], name="Пустая")
    response = as_editor.post(reverse("program-delete", args=[program.pk]))
    assert response.status_code == 302 and response.url == tree["portfolio"].get_absolute_url()
    assert not Program.objects.filter(pk=program.pk).exists()


def test_program_pages_refuse_viewer_anonymous_and_unknown(client, viewer, tree):
    program = tree["program"]
    assert_login_redirect(client.get(program.get_absolute_url()))
    client.force_login(viewer)
    assert client.get(reverse("program-create")).status_code == 403
    assert client.get(reverse("program-edit", args=[program.pk])).status_code == 403
    assert client.get(reverse("program-delete", args=[program.pk])).status_code == 403
    assert client.get(reverse("program-detail", args=[999999])).status_code == 404


def test_program_create_with_an_unknown_portfolio_is_404(as_editor):
    assert as_editor.get(reverse("program-create"), {"portfolio": 999999}).status_code == 404


# --- basic directions ------------------------------------------------------------------------------------------


def test_direction_list_shows_program_and_standard_direction(as_editor, tree):
    body = StateBodyFactory(short_name="МЦРИАП")
    standard = standard_direction_create(actor=None, body=body)
    response = as_editor.get(reverse("direction-list"))
    text = page_text(response)
    assert tree["direction"].code in text and standard.code in text
    rows = {row.node.pk: row for row in response.context["rows"]}
    assert rows[tree["direction"].pk].parent == tree["program"]
    assert rows[standard.pk].parent == body
    assert rows[standard.pk].counts[0] == (6, None)  # six standard groups (Rules p.56)
    text = page_text(as_editor.get(reverse("direction-list"), {"owner_body": body.pk}))
    assert standard.code in text and tree["direction"].code not in text


def test_direction_list_query_count_does_not_grow(as_editor, tree, django_assert_num_queries):
    with django_assert_num_queries(LIST_QUERIES):
        as_editor.get(reverse("direction-list"))
    for number in range(29):
        make_direction(program=tree["program"], name=f"Направление {number}")
    with django_assert_num_queries(LIST_QUERIES):
        as_editor.get(reverse("direction-list"))


def test_direction_detail_lists_its_top_groups(as_editor, tree, django_assert_num_queries):
    direction = tree["direction"]
    # session, user, grants, node, breadcrumbs (portfolio, program), groups, history, team card (assignments)
    with django_assert_num_queries(12):  # … and the initiative it came from
        response = as_editor.get(direction.get_absolute_url())
    text = page_text(response)
    assert tree["group"].code in text
    assert tree["subgroup"].code not in text  # subgroups are shown on their group's page
    assert f"{reverse('group-create')}?direction={direction.pk}" in text


def test_editor_creates_a_direction_in_a_program(as_editor, tree):
    program = tree["program"]
    data = new_node_data(program=program.pk, owner_body=program.owner_body_id, name_ru="Новое направление")
    response = as_editor.post(f"{reverse('direction-create')}?program={program.pk}", data)
    direction = BasicDirection.objects.get(name_ru="Новое направление")
    assert response.status_code == 302 and response.url == direction.get_absolute_url()
    assert direction.code.startswith("BD-") and direction.program == program


def test_standard_direction_edit_form_has_no_program(as_editor):
    standard = standard_direction_create(actor=None, body=StateBodyFactory())
    response = as_editor.get(reverse("direction-edit", args=[standard.pk]))
    assert "program" not in response.context["form"].fields
    response = as_editor.post(
        reverse("direction-edit", args=[standard.pk]), node_form_data(standard, budget="10")
    )
    assert response.status_code == 302
    standard.refresh_from_db()
    assert standard.budget == 10 and standard.is_standard


def test_delete_of_a_direction_with_groups_shows_the_message(as_editor, tree):
    direction = tree["direction"]
    response = as_editor.post(reverse("direction-delete", args=[direction.pk]))
    assert response.status_code == 409
    assert "cannot be deleted" in page_text(response)
    assert BasicDirection.objects.filter(pk=direction.pk).exists()


def test_delete_of_an_empty_direction(as_editor, tree):
    direction = make_direction(program=tree["program"], name="Пустое")
    response = as_editor.post(reverse("direction-delete", args=[direction.pk]))
    assert response.status_code == 302 and response.url == tree["program"].get_absolute_url()
    assert not BasicDirection.objects.filter(pk=direction.pk).exists()


def test_direction_pages_refuse_viewer_anonymous_and_unknown(client, viewer, tree):
    direction = tree["direction"]
    assert_login_redirect(client.get(reverse("direction-list")))
    client.force_login(viewer)
    assert client.get(reverse("direction-create"), {"program": tree["program"].pk}).status_code == 403
    assert client.get(reverse("direction-edit", args=[direction.pk])).status_code == 403
    assert client.post(reverse("direction-delete", args=[direction.pk])).status_code == 403
    assert client.get(reverse("direction-detail", args=[999999])).status_code == 404


def test_direction_create_with_an_unknown_program_is_404(as_editor):
    assert as_editor.get(reverse("direction-create"), {"program": 999999}).status_code == 404


# --- groups of projects ----------------------------------------------------------------------------------------


def test_group_list_filters_and_keeps_its_query_count(as_editor, tree, django_assert_num_queries):
    with django_assert_num_queries(LIST_QUERIES):
        response = as_editor.get(reverse("group-list"))
    rows = {row.node.pk: row for row in response.context["rows"]}
    assert rows[tree["subgroup"].pk].parent == tree["group"]
    assert rows[tree["group"].pk].parent == tree["direction"]
    for number in range(28):
        make_group(direction=tree["direction"], name=f"Группа {number}")
    with django_assert_num_queries(LIST_QUERIES):
        as_editor.get(reverse("group-list"))
    rows = as_editor.get(reverse("group-list"), {"q": "Подгруппа"}).context["rows"]
    assert [row.node for row in rows] == [tree["subgroup"]]


def test_group_detail_lists_subgroups_and_projects(as_editor, editor, tree, django_assert_num_queries):
    group = tree["group"]
    make_project(group=group, name="Проект группы")
    group_update(actor=editor, group=group, goal="Цель группы")
    # session, user, grants, node, breadcrumbs (portfolio, program, direction), subgroups, projects, history,
    # team card (assignments), the initiative it came from
    with django_assert_num_queries(14):
        response = as_editor.get(group.get_absolute_url())
    text = page_text(response)
    assert tree["subgroup"].code in text and "Проект группы" in text
    assert f"{reverse('group-create')}?parent={group.pk}" in text
    assert f"{reverse('project-create')}?group={group.pk}" in text
    assert response.context["history"][0].changes == [("Goal", "—", "Цель группы")]
    for number in range(10):
        make_project(group=group, name=f"Ещё {number}")
        make_group(parent=group, name=f"Подгруппа {number}")
    with django_assert_num_queries(14):
        as_editor.get(group.get_absolute_url())


def test_editor_creates_a_subgroup(as_editor, tree):
    parent = tree["group"]
    response = as_editor.get(reverse("group-create"), {"parent": parent.pk})
    initial = response.context["form"].initial
    assert (initial["parent"], initial["direction"]) == (parent.pk, tree["direction"].pk)
    data = new_node_data(direction=tree["direction"].pk, parent=parent.pk, owner_body=parent.owner_body_id,
                         name_ru="Новая подгруппа")  # fmt: skip
    response = as_editor.post(f"{reverse('group-create')}?parent={parent.pk}", data)
    group = ProjectGroup.objects.get(name_ru="Новая подгруппа")
    assert response.status_code == 302 and response.url == group.get_absolute_url()
    assert group.code.startswith("GP-") and group.parent == parent
    assert group.path.startswith(parent.path)


def test_group_with_a_parent_of_another_direction_is_refused(as_editor, tree):
    other = make_direction(program=tree["program"], name="Другое")
    data = new_node_data(direction=other.pk, parent=tree["group"].pk, owner_body=tree["group"].owner_body_id,
                         name_ru="Неверная группа")  # fmt: skip
    response = as_editor.post(reverse("group-create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == [
        "The parent group belongs to another basic direction."
    ]
    assert not ProjectGroup.objects.filter(name_ru="Неверная группа").exists()


def test_edit_moves_a_group_with_its_subtree(as_editor, tree):
    group = tree["group"]
    other = make_direction(program=tree["program"], name="Другое")
    data = node_form_data(group, "direction", "parent", direction=other.pk)
    response = as_editor.post(reverse("group-edit", args=[group.pk]), data)
    assert response.status_code == 302
    group.refresh_from_db()
    subgroup = ProjectGroup.objects.get(pk=tree["subgroup"].pk)
    assert group.direction == other and subgroup.direction == other
    assert subgroup.path.startswith(group.path) and group.path.startswith(other.path)


def test_group_edit_offers_no_parent_inside_itself(as_editor, tree):
    response = as_editor.get(reverse("group-edit", args=[tree["group"].pk]))
    choices = set(response.context["form"].fields["parent"].queryset)
    assert tree["group"] not in choices and tree["subgroup"] not in choices


def test_delete_of_a_group_with_children_shows_the_message(as_editor, tree):
    group = tree["group"]
    response = as_editor.post(reverse("group-delete", args=[group.pk]))
    assert response.status_code == 409
    assert "cannot be deleted" in page_text(response)
    assert ProjectGroup.objects.filter(pk=group.pk).exists()


def test_delete_of_an_empty_subgroup_returns_to_its_parent(as_editor, tree):
    leaf = make_group(parent=tree["group"], name="Пустая")
    response = as_editor.post(reverse("group-delete", args=[leaf.pk]))
    assert response.status_code == 302 and response.url == tree["group"].get_absolute_url()
    assert not ProjectGroup.objects.filter(pk=leaf.pk).exists()


def test_group_pages_refuse_viewer_anonymous_and_unknown(client, viewer, tree):
    group = tree["group"]
    assert_login_redirect(client.get(reverse("group-create")))
    client.force_login(viewer)
    assert client.get(reverse("group-create"), {"direction": tree["direction"].pk}).status_code == 403
    assert client.post(reverse("group-edit", args=[group.pk]), node_form_data(group)).status_code == 403
    assert client.get(reverse("group-delete", args=[group.pk])).status_code == 403
    assert client.get(reverse("group-detail", args=[999999])).status_code == 404


def test_group_create_with_an_unknown_parent_is_404(as_editor):
    assert as_editor.get(reverse("group-create"), {"direction": 999999}).status_code == 404
    assert as_editor.get(reverse("group-create"), {"parent": 999999}).status_code == 404


def test_direction_update_keeps_history_readable(as_editor, editor, tree):
    direction = tree["direction"]
    other = make_program(portfolio=tree["portfolio"], name="Другая программа")
    direction_update(actor=editor, direction=direction, program=other)
    response = as_editor.get(direction.get_absolute_url())
    changes = {label: (old, new) for label, old, new in response.context["history"][0].changes}
    assert changes["Program"] == (f"{tree['program'].code} — Программа", f"{other.code} — Другая программа")
