"""Signing in to the API (token and session) and the OpenAPI schema and its docs."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


def test_token_auth_flow(viewer, tree):
    client = APIClient()
    assert client.get("/api/v1/projects/").status_code in (401, 403)
    response = client.post("/api/v1/auth/token/", {"username": "viewer", "password": "pass"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert client.get("/api/v1/projects/").json()["count"] == 2
    # Asking again gives the same token.
    again = APIClient().post("/api/v1/auth/token/", {"username": "viewer", "password": "pass"}, format="json")
    assert again.json()["token"] == token


def test_token_auth_refuses_a_wrong_password_or_token(viewer):
    client = APIClient()
    response = client.post("/api/v1/auth/token/", {"username": "viewer", "password": "wrong"}, format="json")
    assert response.status_code == 400
    client.credentials(HTTP_AUTHORIZATION="Token not-a-token")
    assert client.get("/api/v1/projects/").status_code in (401, 403)


def test_session_auth_works(viewer, tree):
    client = APIClient()
    assert client.login(username="viewer", password="pass")
    assert client.get("/api/v1/portfolios/").status_code == 200


def test_schema_and_docs_render(viewer):
    client = APIClient()
    client.force_authenticate(viewer)
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"/api/v1/projects/{id}/" in schema.content
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content


def test_schema_generates_without_warnings(tmp_path):
    """Every resource documents itself: no enum name clashes, no fields the generator has to guess."""
    from django.core.management import call_command

    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_a_missing_object_answers_not_found_in_the_reader_s_language(viewer, api_as):
    api = api_as(viewer)
    answer = api.get("/api/v1/documents/999999/versions/1/download/", HTTP_ACCEPT_LANGUAGE="ru")
    assert answer.status_code == 404
    assert "DocumentVersion" not in answer.json()["detail"]
