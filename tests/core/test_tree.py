"""The hierarchy tree: its rows, the children loaded on expand, breadcrumbs, and fixed query counts."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from pmis.core import selectors
from programs.services import standard_direction_create
from tests.factories import (
    StateBodyFactory,
    make_direction,
    make_group,
    make_portfolio,
    make_program,
    make_project,
    make_tree,
)

pytestmark = pytest.mark.django_db


def children(client, node):
    return client.get(reverse("tree-children", args=[node.KIND, node.pk]))


def test_tree_lists_portfolios_and_standard_directions(client, viewer, tree):
    body = StateBodyFactory(short_name="МФ")
    standard = standard_direction_create(actor=None, body=body)
    client.force_login(viewer)
    response = client.get(reverse("tree"))
    assert response.status_code == 200
    html = response.content.decode()
    portfolio = tree["portfolio"]
    assert f'id="tree-portfolio-{portfolio.pk}"' in html
    assert portfolio.code in html and portfolio.get_absolute_url() in html
    assert "Standard basic directions" in html
    assert f'id="tree-direction-{standard.pk}"' in html
    assert reverse("tree-children", args=["portfolio", portfolio.pk]) in html
    assert 'aria-expanded="false"' in html
    [row] = response.context["portfolios"]
    assert (row.project_count, row.active_project_count, row.has_children) == (2, 2, True)


def test_tree_children_of_each_level(client, viewer, tree):
    client.force_login(viewer)
    program, direction, group, subgroup = tree["program"], tree["direction"], tree["group"], tree["subgroup"]
    assert children(client, tree["portfolio"]).context["nodes"] == [program]
    assert children(client, program).context["nodes"] == [direction]
    assert children(client, direction).context["nodes"] == [group]  # top-level groups only
    assert children(client, group).context["nodes"] == [subgroup]
    rows = children(client, subgroup)
    assert rows.context["nodes"] == tree["projects"]
    html = rows.content.decode()
    assert tree["projects"][0].get_absolute_url() in html
    assert 'class="tree-toggle"' not in html  # projects are leaves


def test_group_children_are_subgroups_then_projects(client, viewer, tree):
    client.force_login(viewer)
    group = tree["group"]
    project = make_project(group=group, name="Проект группы")
    assert children(client, group).context["nodes"] == [tree["subgroup"], project]


def test_standard_direction_children_are_its_six_groups(client, viewer):
    standard = standard_direction_create(actor=None, body=StateBodyFactory())
    client.force_login(viewer)
    rows = children(client, standard).context["nodes"]
    assert len(rows) == 6 and all(row.standard_kind for row in rows)
    assert not any(row.has_children for row in rows)


def test_rows_without_children_have_no_toggle(client, viewer):
    empty = make_portfolio(name="Пустой")
    client.force_login(viewer)
    response = client.get(reverse("tree"))
    assert response.context["portfolios"][0].has_children is False
    assert reverse("tree-children", args=["portfolio", empty.pk]) not in response.content.decode()


@pytest.mark.parametrize(
    ("kind", "pk"), [("portfolio", 999999), ("project", 1), ("body", 1), ("nonsense", 1)]
)
def test_unknown_node_is_404(client, viewer, kind, pk):
    client.force_login(viewer)
    assert client.get(reverse("tree-children", args=[kind, pk])).status_code == 404


def test_open_parameter_lists_the_ancestors_to_expand(client, viewer, tree):
    client.force_login(viewer)
    project = tree["projects"][0]
    response = client.get(reverse("tree"), {"open": project.ref})
    expected = [ref.rstrip("/") for ref in project.path.split("/") if ref]
    assert response.context["open_refs"] == expected
    assert f'data-open="{" ".join(expected)}"' in response.content.decode()
    assert client.get(reverse("tree"), {"open": "project:999999"}).context["open_refs"] == []
    assert client.get(reverse("tree"), {"open": "garbage"}).context["open_refs"] == []


# --- query counts ----------------------------------------------------------------------------------------------

# session + user, the person's grants, then one query per section (portfolios, standard directions).
TREE_QUERIES = 5
# session + user, grants, the node, then one query per kind of child (a group has two: subgroups and projects).
CHILDREN_QUERIES = {"portfolio": 5, "program": 5, "direction": 5, "group": 6}


def grow(tree, n):
    """Add n rows at every level below the tree's nodes."""
    for i in range(n):
        make_portfolio(name=f"Портфель {i}")
        standard_direction_create(actor=None, body=StateBodyFactory())
        program = make_program(portfolio=tree["portfolio"], name=f"Программа {i}")
        make_direction(program=tree["program"], name=f"Направление {i}")
        make_direction(program=program)
        make_group(direction=tree["direction"], name=f"Группа {i}")
        make_group(parent=tree["subgroup"], name=f"Подгруппа {i}")
        make_project(group=tree["subgroup"], name=f"Проект {i}")


def assert_tree_queries(client, tree, django_assert_num_queries):
    with django_assert_num_queries(TREE_QUERIES):
        assert client.get(reverse("tree")).status_code == 200
    for key in ("portfolio", "program", "direction", "subgroup"):
        node = tree[key]
        with django_assert_num_queries(CHILDREN_QUERIES[node.KIND]):
            assert children(client, node).status_code == 200


def test_query_counts_do_not_grow_with_rows(client, viewer, django_assert_num_queries):
    tree = make_tree(projects=1)
    standard_direction_create(actor=None, body=StateBodyFactory())
    client.force_login(viewer)
    assert_tree_queries(client, tree, django_assert_num_queries)
    grow(tree, 6)
    assert len(children(client, tree["subgroup"]).context["nodes"]) == 13
    assert_tree_queries(client, tree, django_assert_num_queries)


# --- breadcrumbs -------------------------------------------------------------------------------------------


def test_node_ancestors_one_query_per_kind(viewer, tree, django_assert_num_queries):
    deep = make_group(parent=tree["subgroup"], name="Глубокая")
    project = make_project(group=deep)
    # The person's grants, then portfolio, program, direction and the three groups together.
    with django_assert_num_queries(5):
        ancestors = selectors.node_ancestors(viewer, project)
    assert ancestors == [
        tree["portfolio"],
        tree["program"],
        tree["direction"],
        tree["group"],
        tree["subgroup"],
        deep,
    ]


def test_node_ancestors_of_a_standard_group_start_at_the_body(viewer):
    body = StateBodyFactory()
    standard = standard_direction_create(actor=None, body=body)
    group = standard.groups.first()
    assert selectors.node_ancestors(viewer, group) == [body, standard]


def test_breadcrumbs_include_renders_home_tree_ancestors_and_node(viewer, tree):
    project = tree["projects"][0]
    request = RequestFactory().get("/")
    request.user = viewer
    html = Template('{% include "includes/node_breadcrumbs.html" with node=project %}').render(
        Context({"project": project, "request": request})
    )
    assert reverse("home") in html
    assert f"{reverse('tree')}?open={project.ref}" in html
    for key in ("portfolio", "program", "direction", "group", "subgroup"):
        assert tree[key].get_absolute_url() in html
    assert 'aria-current="page">Проект 0<' in html


def test_badges_include_renders_status_and_stage(tree):
    html = Template('{% include "includes/node_badges.html" with node=project %}').render(
        Context({"project": tree["projects"][0]})
    )
    assert "status-active" in html and "Active" in html and "Initiation" in html


def test_a_path_names_its_ancestors_and_its_own_node():
    from pmis.core.nodes import ancestor_id, last_ref

    path = "portfolio:1/program:2/direction:3/group:4/group:7/project:9/"
    assert ancestor_id(path, "portfolio") == 1 and ancestor_id(path, "program") == 2
    assert ancestor_id(path, "group") == 4  # the outermost of nested groups
    assert ancestor_id("body:5/direction:3/", "portfolio") is None
    assert last_ref(path) == ("project", 9) and last_ref(
        "portfolio:1/program:2/direction:3/group:4/group:7/"
    ) == (
        "group",
        7,
    )
