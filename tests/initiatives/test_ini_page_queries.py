"""Fixed query counts of the initiative's pages: they do not grow with versions, similar items or history."""

from __future__ import annotations

import pytest
from django.urls import reverse

from org.models import Person

from .helpers import fill, recommended, submitted

pytestmark = pytest.mark.django_db

DETAIL_QUERIES = 8
STEP_QUERIES = 4
RECOMMEND_QUERIES = 11
DECIDE_QUERIES = 14


def _get(client, person, url, django_assert_num_queries, expected):
    client.force_login(Person.objects.get(pk=person.pk))
    with django_assert_num_queries(expected):
        answer = client.get(url)
    assert answer.status_code == 200
    return answer


def test_detail_does_not_grow(client, gov, django_assert_num_queries):
    from initiatives.services import initiatives as services

    initiative = submitted(gov)
    url = initiative.get_absolute_url() + "?a=1&b=2"
    _get(client, gov.po_admin, url, django_assert_num_queries, DETAIL_QUERIES)
    for _round in range(2):
        services.initiative_return(actor=gov.po_admin, initiative=initiative, reason="Ещё раз")
        fill(initiative, gov.member)
        services.initiative_submit(actor=gov.member, initiative=initiative)
    html = _get(client, gov.po_admin, url, django_assert_num_queries, DETAIL_QUERIES).content.decode()
    assert 'id="version-compare"' in html


def test_step_recommend_decide_pages(client, gov, django_assert_num_queries):
    initiative = submitted(gov)
    _get(client, gov.po_admin, reverse("initiative-recommend", args=[initiative.pk]), django_assert_num_queries,
         RECOMMEND_QUERIES)  # fmt: skip
    initiative = recommended(gov, "project")
    _get(client, gov.manager, reverse("initiative-decide", args=[initiative.pk]), django_assert_num_queries,
         DECIDE_QUERIES)  # fmt: skip
    fresh = submitted(gov)
    from initiatives.services import initiatives as services

    services.initiative_return(actor=gov.po_admin, initiative=fresh, reason="x")
    _get(client, gov.member, reverse("initiative-step", args=[fresh.pk, 5]), django_assert_num_queries,
         STEP_QUERIES)  # fmt: skip
