"""Clients of the API tests: one per person, so a test can compare what an editor and a viewer get."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient


def _client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def as_editor(editor):
    return _client(editor)


@pytest.fixture
def as_viewer(viewer):
    return _client(viewer)


@pytest.fixture
def anonymous():
    return _client()
