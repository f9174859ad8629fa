"""Refusals and missing pages answer in the PMIS's own page (with the menu and the way home), not a bare error."""

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_a_missing_page_is_a_page_of_the_pmis(client):
    client.force_login(PersonFactory(username="someone"))
    answer = client.get("/no-such-page/")
    assert answer.status_code == 404
    content = answer.content.decode()
    assert 'class="page-title"' in content and 'href="/"' in content and "app-navbar" in content


def test_a_refusal_says_why_when_the_code_says_it():
    from django.views.defaults import permission_denied

    request = RequestFactory().get("/somewhere/")
    request.user = PersonFactory(username="someone")
    answer = permission_denied(
        request, PermissionDenied("Only the head of the unit submits its information.")
    )
    assert answer.status_code == 403
    content = answer.content.decode()
    assert "Only the head of the unit submits its information." in content and 'class="page-title"' in content
