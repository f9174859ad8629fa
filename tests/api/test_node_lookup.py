"""Any node by its identification code (Rules p.86(8))."""

import pytest

pytestmark = pytest.mark.django_db


def test_a_code_resolves_to_its_node(tree, api_as, viewer):
    project = tree["projects"][0]
    response = api_as(viewer).get(f"/api/v1/nodes/by-code/{project.code.lower()}/")
    assert response.status_code == 200
    body = response.json()
    assert body["ref"] == f"project:{project.pk}"
    assert body["page"] == f"/projects/{project.pk}/"
    assert body["url"].endswith(f"/api/v1/projects/{project.pk}/")
    group = tree["group"]
    assert api_as(viewer).get(f"/api/v1/nodes/by-code/{group.code}/").json()["kind"] == "group"


@pytest.mark.parametrize("code", ["PRJ-1999-99999", "nonsense", "XX-2026-00001"])
def test_an_unknown_code_is_a_404_that_names_it(tree, api_as, viewer, code):
    response = api_as(viewer).get(f"/api/v1/nodes/by-code/{code}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert code in response.json()["detail"]


def test_anonymous_cannot_resolve_codes(tree, api):
    assert api.get(f"/api/v1/nodes/by-code/{tree['portfolio'].code}/").status_code in (401, 403)


def test_lookup_is_one_query_after_the_grants(tree, api_as, viewer, django_assert_num_queries):
    client = api_as(viewer)
    with django_assert_num_queries(2):  # the person's grants, then the code's unique index
        client.get(f"/api/v1/nodes/by-code/{tree['projects'][0].code}/")
