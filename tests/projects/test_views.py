"""Pages of projects: list, detail, create, edit, delete; permissions; pinned query counts."""

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from pmis.core.choices import Status
from projects.models import Project
from projects.services import project_update
from tests.factories import make_group, make_project
from tests.node_pages import assert_login_redirect, new_node_data, node_form_data, page_text

pytestmark = pytest.mark.django_db

# session, user, grants (one query, also answers the add button), bodies of the filter, count, page of rows
LIST_QUERIES = 6
# session, user, grants, the node, 4 ancestors (read once for breadcrumbs and place panel), history; team card:
# assignments, the charter roles (Rules p.77), the substitution scheme for the vacant ones.
DETAIL_QUERIES = (
    16  # … the workspace summary (one query), the goal-map card (one), the scrum schedules (one) and the
    # initiative it came from (one)
)


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def as_viewer(client, viewer):
    client.force_login(viewer)
    return client


# --- list ------------------------------------------------------------------------------------------------------


def test_list_shows_projects_with_their_group_and_budget(as_editor, tree):
    project = tree["projects"][0]
    project_update(actor=None, project=project, budget="1234567")
    response = as_editor.get(reverse("project-list"))
    assert response.status_code == 200
    text = page_text(response)
    assert project.code in text
    assert tree["subgroup"].name in text
    assert "1,234,567" in text  # thousands separated
    assert reverse("project-create") in text  # the editor may add


def test_list_filters_by_status_text_and_body(as_editor, tree):
    first, second = tree["projects"]
    project_update(actor=None, project=second, status=Status.SUSPENDED)

    text = page_text(as_editor.get(reverse("project-list"), {"status": "suspended"}))
    assert second.code in text and first.code not in text

    text = page_text(as_editor.get(reverse("project-list"), {"q": first.code.lower()}))
    assert first.code in text and second.code not in text

    other = make_project(name="Чужой проект")
    text = page_text(as_editor.get(reverse("project-list"), {"owner_body": other.owner_body_id}))
    assert other.code in text and first.code not in text


def test_list_of_one_group_through_the_query_string(as_editor, tree):
    other = make_project(name="Чужой проект")
    response = as_editor.get(reverse("project-list"), {"group": tree["subgroup"].pk})
    text = page_text(response)
    assert tree["projects"][0].code in text and other.code not in text
    assert response.context["parent_filter"] == tree["subgroup"]


def test_list_sorts_by_planned_end(as_editor, tree):
    late = make_project(group=tree["group"], name="Поздний", end=dt.date(2029, 6, 30))
    response = as_editor.get(reverse("project-list"), {"sort": "-planned_end"})
    codes = [row.node.code for row in response.context["rows"]]
    assert codes[0] == late.code


def test_list_marks_overdue_projects(as_editor, tree):
    overdue = make_project(
        group=tree["group"], name="Просроченный", start=dt.date(2020, 1, 1), end=dt.date(2021, 1, 1)
    )
    rows = {row.node.pk: row for row in as_editor.get(reverse("project-list")).context["rows"]}
    assert rows[overdue.pk].overdue
    assert not rows[tree["projects"][0].pk].overdue


def test_list_query_count_does_not_grow_with_rows(as_editor, django_assert_num_queries):
    group = make_group()
    for number in range(3):
        make_project(group=group, name=f"Проект {number}")
    with django_assert_num_queries(LIST_QUERIES):
        assert as_editor.get(reverse("project-list")).status_code == 200
    for number in range(27):
        make_project(group=group, name=f"Ещё {number}")
    with django_assert_num_queries(LIST_QUERIES):
        response = as_editor.get(reverse("project-list"))
    assert len(response.context["rows"]) == 25
    assert response.context["page_obj"].paginator.count == 30


# --- detail ----------------------------------------------------------------------------------------------------


def test_detail_shows_code_place_facts_and_history(as_editor, editor, tree):
    project = tree["projects"][0]
    project_update(actor=editor, project=project, name_ru="Переименованный проект", budget="2500000")
    response = as_editor.get(project.get_absolute_url())
    assert response.status_code == 200
    text = page_text(response)
    assert project.code in text
    assert "Переименованный проект" in text
    assert tree["subgroup"].get_absolute_url() in text  # its group
    assert tree["portfolio"].get_absolute_url() in text  # its place
    assert "2,500,000.00" in text
    assert f'data-ws-path="/ws/nodes/project/{project.pk}/"' in text
    history = response.context["history"]
    assert history[0].actor == editor.full_name
    changed = {label: (old, new) for label, old, new in history[0].changes}
    assert changed["Name (Russian)"] == ("Проект 0", "Переименованный проект")
    assert reverse("project-edit", args=[project.pk]) in text
    assert reverse("project-delete", args=[project.pk]) in text


def test_detail_hides_edit_and_delete_from_a_viewer(as_viewer, tree):
    project = tree["projects"][0]
    text = page_text(as_viewer.get(project.get_absolute_url()))
    assert reverse("project-edit", args=[project.pk]) not in text
    assert reverse("project-delete", args=[project.pk]) not in text


def test_detail_query_count_does_not_grow_with_history(as_editor, editor, tree, django_assert_num_queries):
    project = tree["projects"][0]
    with django_assert_num_queries(DETAIL_QUERIES):
        as_editor.get(project.get_absolute_url())
    for number in range(15):
        project_update(actor=editor, project=project, budget=str(1000 * number), goal=f"Цель {number}")
    with django_assert_num_queries(DETAIL_QUERIES):
        response = as_editor.get(project.get_absolute_url())
    assert len(response.context["history"]) == 10


def test_unknown_project_is_404(as_editor):
    for name in ("project-detail", "project-edit", "project-delete"):
        assert as_editor.get(reverse(name, args=[999999])).status_code == 404


# --- create ----------------------------------------------------------------------------------------------------


def test_create_page_preselects_and_shows_the_group(as_editor, tree):
    group = tree["group"]
    response = as_editor.get(reverse("project-create"), {"group": group.pk})
    assert response.status_code == 200
    assert response.context["parent"] == group
    assert response.context["form"].initial["group"] == group.pk
    assert group.code in page_text(response)


def test_editor_creates_a_project(as_editor, tree):
    group = tree["group"]
    data = new_node_data(group=group.pk, owner_body=group.owner_body_id, name_ru="Новый проект")
    response = as_editor.post(f"{reverse('project-create')}?group={group.pk}", data)
    project = Project.objects.get(name_ru="Новый проект")
    assert response.status_code == 302
    assert response.url == project.get_absolute_url()
    assert project.code.startswith("PRJ-")
    assert project.group == group and project.path.startswith(group.path)
    assert [str(m) for m in get_messages(response.wsgi_request)] == [f"Project {project.code} saved."]


def test_create_after_the_portfolio_end_shows_rules_p9_and_saves_nothing(as_editor, tree):
    group = tree["group"]
    data = new_node_data(
        group=group.pk, owner_body=group.owner_body_id, name_ru="Слишком долгий", planned_end="2031-06-30"
    )
    response = as_editor.post(reverse("project-create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors["planned_end"]
    assert "Rules p.9" in errors[0]
    assert "id_planned_end_errors" in page_text(response)
    assert not Project.objects.filter(name_ru="Слишком долгий").exists()


def test_create_with_an_unknown_group_is_404(as_editor):
    assert as_editor.get(reverse("project-create"), {"group": 999999}).status_code == 404
    assert as_editor.get(reverse("project-create"), {"group": "abc"}).status_code == 404


def test_create_needs_a_name_and_dates(as_editor, tree):
    group = tree["group"]
    data = new_node_data(group=group.pk, owner_body=group.owner_body_id, name_ru="", planned_start="")
    response = as_editor.post(reverse("project-create"), data)
    form = response.context["form"]
    assert "planned_start" in form.errors and "name_ru" in form.errors
    assert Project.objects.count() == len(tree["projects"])


# --- edit ------------------------------------------------------------------------------------------------------


def test_edit_moves_a_project_to_another_group(as_editor, tree):
    project = tree["projects"][0]
    other = make_group(direction=tree["direction"], name="Другая группа")
    response = as_editor.post(
        reverse("project-edit", args=[project.pk]), node_form_data(project, "group", group=other.pk)
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.group == other
    assert project.path == f"{other.path}project:{project.pk}/"


def test_edit_form_shows_the_project_values(as_editor, tree):
    project = tree["projects"][0]
    response = as_editor.get(reverse("project-edit", args=[project.pk]))
    assert response.status_code == 200
    assert response.context["form"].initial["group"] == tree["subgroup"].pk
    assert 'value="2025-01-01"' in page_text(response)


# --- delete ----------------------------------------------------------------------------------------------------


def test_delete_of_a_project(as_editor, tree):
    project = tree["projects"][0]
    assert as_editor.get(reverse("project-delete", args=[project.pk])).status_code == 200
    response = as_editor.post(reverse("project-delete", args=[project.pk]))
    assert response.status_code == 302
    assert response.url == tree["subgroup"].get_absolute_url()
    assert not Project.objects.filter(pk=project.pk).exists()


# --- who may ---------------------------------------------------------------------------------------------------


def test_viewer_gets_403_on_create_edit_and_delete(as_viewer, tree):
    project = tree["projects"][0]
    group = tree["group"]
    assert as_viewer.get(reverse("project-create"), {"group": group.pk}).status_code == 403
    assert as_viewer.post(reverse("project-create"), new_node_data(group=group.pk)).status_code == 403
    assert as_viewer.get(reverse("project-edit", args=[project.pk])).status_code == 403
    assert (
        as_viewer.post(
            reverse("project-edit", args=[project.pk]), node_form_data(project, "group")
        ).status_code
        == 403
    )
    assert as_viewer.get(reverse("project-delete", args=[project.pk])).status_code == 403
    assert as_viewer.post(reverse("project-delete", args=[project.pk])).status_code == 403
    assert Project.objects.filter(pk=project.pk).exists()


def test_anonymous_is_sent_to_login(client, tree):
    project = tree["projects"][0]
    for url in (
        reverse("project-list"),
        project.get_absolute_url(),
        reverse("project-create"),
        reverse("project-edit", args=[project.pk]),
        reverse("project-delete", args=[project.pk]),
    ):
        assert_login_redirect(client.get(url))


def test_an_invalid_filter_value_drops_only_that_filter(as_editor, tree):
    first, second = tree["projects"]
    project_update(actor=None, project=second, status=Status.SUSPENDED)
    response = as_editor.get(
        reverse("project-list"), {"status": "suspended", "owner_body": "999999", "sort": "bogus"}
    )
    assert [row.node for row in response.context["rows"]] == [second]


def test_overview_sums_up_the_workspace(client, ws, django_assert_num_queries):
    """The project's page says what is open, overdue and blocked, in one query whatever the number of rows."""
    from projects.selectors.summary import workspace_summary
    from projects.services.board import board_set_up

    project = ws.project
    todo, done = (project.columns.get(kind=kind) for kind in ("todo", "done"))
    past = dt.date.today() - dt.timedelta(days=3)
    from projects.models import Milestone, Task

    Task.objects.create(project=project, number=1, column=todo, title="Просрочена", due_on=past)
    Task.objects.create(
        project=project, number=2, column=todo, title="Заблокирована", blocked=True, blocked_reason="Ждём"
    )
    Task.objects.create(project=project, number=3, column=done, title="Готова", due_on=past)
    Milestone.objects.create(project=project, title="Пилот", due_on=dt.date.today() + dt.timedelta(days=10))
    assert board_set_up(project=project)  # already set up: nothing added
    with django_assert_num_queries(1):
        summary = workspace_summary(project)
    assert (summary.open_tasks, summary.overdue_tasks, summary.blocked_tasks) == (2, 1, 1)
    assert summary.next_milestone_title == "Пилот"
    client.force_login(ws.member)
    page = client.get(project.get_absolute_url()).content.decode()
    assert "Пилот" in page and 'id="workspace-title"' in page
