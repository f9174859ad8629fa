"""List, retrieve, create, update and delete of every hierarchy resource, and who may do which."""

from __future__ import annotations

import pytest

from tests.api.resources import NAMES, RESOURCES

pytestmark = pytest.mark.django_db


@pytest.fixture(params=NAMES)
def resource(request):
    return RESOURCES[request.param]


def test_list_is_paginated(resource, tree, as_viewer):
    response = as_viewer.get(resource.url, {"page_size": 1})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"}
    assert len(body["results"]) == 1
    assert body["count"] >= 1


def test_list_filters_by_status_code_and_parent(resource, tree, as_viewer):
    node = resource.node(tree)
    assert as_viewer.get(resource.url, {"status": "active"}).json()["count"] >= 1
    assert as_viewer.get(resource.url, {"status": "cancelled"}).json()["count"] == 0
    by_code = as_viewer.get(resource.url, {"code": node.code}).json()
    assert [row["id"] for row in by_code["results"]] == [node.pk]
    by_search = as_viewer.get(resource.url, {"search": node.code.lower()}).json()
    assert [row["id"] for row in by_search["results"]] == [node.pk]
    if resource.parent_filter:
        parameter, parent = resource.parent_filter
        ids = [
            row["id"] for row in as_viewer.get(resource.url, {parameter: tree[parent].pk}).json()["results"]
        ]
        assert node.pk in ids
        assert as_viewer.get(resource.url, {parameter: 0}).json()["count"] == 0


def test_list_orders_by_planned_end_and_name(resource, tree, as_viewer):
    for ordering in ("code", "-code", "planned_end", "name_ru"):
        assert as_viewer.get(resource.url, {"ordering": ordering}).status_code == 200
    codes = [row["code"] for row in as_viewer.get(resource.url, {"ordering": "-code"}).json()["results"]]
    assert codes == sorted(codes, reverse=True)


def test_retrieve(resource, tree, as_viewer):
    node = resource.node(tree)
    response = as_viewer.get(resource.detail(node.pk))
    assert response.status_code == 200
    data = response.json()
    assert data["id"] == node.pk
    assert data["ref"] == node.ref
    assert data["code"] == node.code
    assert data["path"] == node.path
    assert data["name"] == node.name_ru
    assert data["owner_body"] == node.owner_body_id
    assert "reason" not in data


def test_create(resource, tree, as_editor):
    response = as_editor.post(resource.url, resource.payload(tree), format="json")
    assert response.status_code == 201, response.json()
    data = response.json()
    model = type(resource.node(tree))
    created = model.objects.get(pk=data["id"])
    assert data["code"] == created.code and created.code.startswith(f"{model.CODE_PREFIX}-")
    assert data["path"].endswith(f"{model.KIND}:{created.pk}/")
    assert created.history.first().history_user_id is not None  # the service recorded who did it


def test_create_ignores_read_only_fields(resource, tree, as_editor):
    payload = {**resource.payload(tree), "code": "HACK-1", "path": "portfolio:999/"}
    data = as_editor.post(resource.url, payload, format="json").json()
    assert data["code"] != "HACK-1"
    assert not data["path"].startswith("portfolio:999/")


def test_update_with_patch_and_put(resource, tree, as_editor):
    node = resource.node(tree)
    response = as_editor.patch(
        resource.detail(node.pk), {"name_en": "Renamed", "reason": "typo"}, format="json"
    )
    assert response.status_code == 200, response.json()
    node.refresh_from_db()
    assert node.name_en == "Renamed"
    assert node.history.first().history_change_reason == "typo"

    full = {**resource.payload(tree), "name_ru": "Полностью", "goal": "Цель"}
    response = as_editor.put(resource.detail(node.pk), full, format="json")
    assert response.status_code == 200, response.json()
    node.refresh_from_db()
    assert (node.name_ru, node.goal) == ("Полностью", "Цель")


def test_delete(resource, tree, as_editor):
    leaf = resource.leaf(tree)
    assert as_editor.delete(resource.detail(leaf.pk)).status_code == 204
    assert not type(leaf).objects.filter(pk=leaf.pk).exists()


def test_viewer_reads_but_may_not_write(resource, tree, as_viewer):
    node = resource.node(tree)
    assert as_viewer.get(resource.url).status_code == 200
    assert as_viewer.get(resource.detail(node.pk)).status_code == 200
    assert as_viewer.post(resource.url, resource.payload(tree), format="json").status_code == 403
    assert as_viewer.patch(resource.detail(node.pk), {"goal": "x"}, format="json").status_code == 403
    assert as_viewer.put(resource.detail(node.pk), resource.payload(tree), format="json").status_code == 403
    assert as_viewer.delete(resource.detail(node.pk)).status_code == 403
    assert type(node).objects.filter(pk=node.pk, goal="").exists()


def test_viewer_gets_403_even_for_invalid_data(resource, tree, as_viewer):
    assert as_viewer.post(resource.url, {}, format="json").status_code == 403


def test_anonymous_is_refused(resource, tree, anonymous):
    node = resource.node(tree)
    assert anonymous.get(resource.url).status_code in (401, 403)
    assert anonymous.get(resource.detail(node.pk)).status_code in (401, 403)
    assert anonymous.post(resource.url, resource.payload(tree), format="json").status_code in (401, 403)
    assert anonymous.delete(resource.detail(node.pk)).status_code in (401, 403)


def test_unknown_id_is_404(resource, tree, as_editor):
    assert as_editor.get(resource.detail(999999)).status_code == 404
    assert as_editor.patch(resource.detail(999999), {"goal": "x"}, format="json").status_code == 404
    assert as_editor.delete(resource.detail(999999)).status_code == 404
    assert as_editor.get(f"{resource.url}abc/").status_code == 404


def test_name_answers_in_the_request_language(resource, tree, as_viewer):
    node = resource.node(tree)
    type(node).objects.filter(pk=node.pk).update(name_kk="Атауы", name_en="English name")
    assert as_viewer.get(resource.detail(node.pk), HTTP_ACCEPT_LANGUAGE="kk").json()["name"] == "Атауы"
    assert as_viewer.get(resource.detail(node.pk), HTTP_ACCEPT_LANGUAGE="en").json()["name"] == "English name"
