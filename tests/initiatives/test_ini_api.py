"""The API of the initiatives: the flow by references, 404 / 403 / 400 / 409, the list's query count."""

from __future__ import annotations

import pytest

from initiatives.choices import InitiativeStatus
from initiatives.models import Initiative
from projects.models import Project

from .helpers import PASSPORT, propose, submitted

pytestmark = pytest.mark.django_db

URL = "/api/v1/initiatives/"
LIST_QUERIES = 3


def test_the_whole_flow(api_as, gov):
    api = api_as(gov.member)
    answer = api.post(
        URL,
        {
            "name_ru": "Солнечные станции",
            "body": f"body:{gov.body.pk}",
            "program": f"program:{gov.program.pk}",
            "proposer_kind": "project_personnel",
        },  # fmt: skip
        format="json",
    )
    assert answer.status_code == 201, answer.data
    pk = answer.data["id"]
    assert (
        answer.data["program"] == f"program:{gov.program.pk}"
        and answer.data["portfolio"] == f"portfolio:{gov.portfolio.pk}"
    )
    version = answer.data["version"]
    for step, data in PASSPORT.items():
        answer = api.patch(f"{URL}{pk}/passport/{step}/", {"version": version, "data": data}, format="json")
        assert answer.status_code == 200, answer.data
        version = answer.data["version"]
    stale = api.patch(f"{URL}{pk}/passport/2/", {"version": 1, "data": PASSPORT[2]}, format="json")
    assert stale.status_code == 409 and stale.data["current"]["version"] == version
    assert api.post(f"{URL}{pk}/submit/", {}, format="json").status_code == 200
    assert api.get(f"{URL}{pk}/versions/").data[0]["number"] == 1
    # the proposer may not identify: 403
    assert api.get(f"{URL}{pk}/similar/").status_code == 403
    office = api_as(gov.po_admin)
    answer = office.post(
        f"{URL}{pk}/recommend/",
        {
            "outcome": "project",
            "target": f"group:{gov.group.pk}",
            "identification": "Нет дублей",
            "similar": [{"ref": f"project:{gov.project.pk}", "conclusion": "Иное"}],
        },  # fmt: skip
        format="json",
    )
    assert answer.status_code == 200, answer.data
    assert answer.data["target"] == f"group:{gov.group.pk}" and answer.data["status"] == "recommended"
    decision = {"approve": True, "form": "written", "document": "№ 1", "decided_on": "2026-01-20"}
    assert api_as(gov.committee_member).post(f"{URL}{pk}/decide/", decision, format="json").status_code == 403
    answer = api_as(gov.manager).post(f"{URL}{pk}/decide/", decision, format="json")
    assert answer.status_code == 200, answer.data
    project = Project.objects.get(pk=Initiative.objects.get(pk=pk).result_id)
    assert answer.data["result"] == f"project:{project.pk}" and project.group == gov.group


def test_outsider_404_and_bad_input_400(api_as, gov):
    initiative = submitted(gov)
    stranger = api_as(gov.stranger)
    assert stranger.get(f"{URL}{initiative.pk}/").status_code == 404
    assert stranger.post(f"{URL}{initiative.pk}/decide/", {}, format="json").status_code == 404
    outsider = api_as(gov.outsider)
    for method, path in (
        ("get", ""),
        ("get", "similar/"),
        ("get", "versions/"),
        ("post", "submit/"),
        ("post", "return/"),
        ("post", "recommend/"),
        ("post", "decide/"),
        ("patch", "passport/1/"),
    ):
        assert getattr(outsider, method)(f"{URL}{initiative.pk}/{path}", {}, format="json").status_code == 404
    office = api_as(gov.po_admin)
    answer = office.post(
        f"{URL}{initiative.pk}/recommend/",
        {"outcome": "task", "target": f"group:{gov.group.pk}", "identification": "x"},
        format="json",
    )
    assert answer.status_code == 400 and "target" in answer.data
    answer = office.post(f"{URL}{initiative.pk}/return/", {"reason": ""}, format="json")
    assert answer.status_code == 400 and "reason" in answer.data
    answer = office.post(
        f"{URL}{initiative.pk}/recommend/",
        {"outcome": "direction", "target": f"program:{gov.other_program.pk}", "identification": "x"},
        format="json",
    )
    assert answer.status_code == 400
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED
    assert api_as(gov.citizen).post(URL, {"name_ru": "X", "body": f"body:{gov.body.pk}",
        "program": f"program:{gov.program.pk}", "proposer_kind": "citizen"}, format="json").status_code == 400  # fmt: skip


def test_similar_endpoint(api_as, gov):
    initiative = submitted(gov)
    twin = propose(gov, gov.manager, name="Солнечные станции для южных регионов страны")
    answer = api_as(gov.po_admin).get(f"{URL}{initiative.pk}/similar/")
    assert answer.status_code == 200
    refs = [row["ref"] for row in answer.data]
    assert f"initiative:{twin.pk}" in refs and f"initiative:{initiative.pk}" not in refs


def test_list_filters_and_query_count(api_as, gov, django_assert_num_queries):
    from org.models import Person

    first = propose(gov)
    api = api_as(Person.objects.get(pk=gov.po_admin.pk))  # a fresh user: its grants are read in the request
    with django_assert_num_queries(LIST_QUERIES):
        answer = api.get(URL)
    assert answer.status_code == 200
    for _index in range(3):
        propose(gov, name="Ветровые парки")
    api = api_as(Person.objects.get(pk=gov.po_admin.pk))
    with django_assert_num_queries(LIST_QUERIES):
        answer = api.get(URL)
    rows = answer.data["results"] if isinstance(answer.data, dict) else answer.data
    assert len(rows) == 4
    rows = api.get(URL, {"q": "Ветров"}).data
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert len(rows) == 3 and first.code not in [row["code"] for row in rows]
    assert api.get(URL, {"status": "bogus"}).status_code == 400
    assert len(_rows(api_as(gov.outsider).get(URL).data)) == 0


def _rows(data):
    return data["results"] if isinstance(data, dict) else data
