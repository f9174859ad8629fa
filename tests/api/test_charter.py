"""API of the charter, funding lines, milestones and stage transitions: powers, 409 on a stale version, the
rules as 400 with nothing changed, pinned query counts of the lists."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from pmis.core.choices import Stage
from projects.choices import FundingSource
from projects.models import Charter, FundingLine, Milestone, Project
from projects.services.charter import charter_update, funding_line_create, milestone_create
from tests.projects.test_lifecycle import fill_charter

pytestmark = pytest.mark.django_db


def charter_url(ws):
    return f"/api/v1/charters/{ws.project.pk}/"


def test_get_an_unwritten_charter_and_outsiders_get_404(api_as, ws, outsider):
    response = api_as(ws.monitor).get(charter_url(ws))
    assert response.status_code == 200
    assert response.json()["version"] == 1 and response.json()["content"] == ""
    assert not Charter.objects.exists()  # reading creates nothing
    assert api_as(outsider).get(charter_url(ws)).status_code == 404
    assert (
        api_as(outsider).patch(charter_url(ws), {"content": "x", "version": 1}, format="json").status_code
        == 404
    )


def test_patch_with_version_and_409_when_stale(api_as, ws):
    client = api_as(ws.pm)
    response = client.patch(charter_url(ws), {"content": "Объём", "version": 1}, format="json")
    assert response.status_code == 200 and response.json()["version"] == 2
    response = client.patch(charter_url(ws), {"content": "Старое", "version": 1}, format="json")
    assert response.status_code == 409
    assert response.json()["current"]["content"] == "Объём"
    assert Charter.objects.get().content == "Объём"
    assert client.patch(charter_url(ws), {"content": "Без версии"}, format="json").status_code == 400


def test_patch_needs_change_and_requirements_need_the_office(api_as, ws, editor):
    assert (
        api_as(ws.member).patch(charter_url(ws), {"content": "x", "version": 1}, format="json").status_code
        == 403
    )
    response = api_as(ws.pm).patch(charter_url(ws), {"requires_kickoff_protocol": True}, format="json")
    assert response.status_code == 403
    response = api_as(editor).patch(charter_url(ws), {"requires_change_control": True}, format="json")
    assert response.status_code == 200
    assert response.json()["requires_change_control"] and not response.json()["requires_kickoff_protocol"]


def test_approve_sponsor_may_member_may_not(api_as, ws):
    charter_update(actor=ws.pm, project=ws.project, content="Объём", results="Итог")
    url = f"/api/v1/charters/{ws.project.pk}/approve/"
    assert api_as(ws.member).post(url).status_code == 403
    response = api_as(ws.sponsor).post(url)
    assert response.status_code == 200 and response.json()["approved_by"] == ws.sponsor.pk
    assert api_as(ws.sponsor).post(url).status_code == 400  # once


def test_funding_lines_crud_and_rules(api_as, ws, outsider):
    client = api_as(ws.pm)
    data = {"project": ws.project.pk, "source": FundingSource.REPUBLICAN, "year": 2026, "amount": "1500.00"}
    response = client.post("/api/v1/funding-lines/", data, format="json")
    assert response.status_code == 201, response.json()
    line_id = response.json()["id"]
    response = client.post("/api/v1/funding-lines/", {**data, "year": 2045}, format="json")
    assert response.status_code == 400 and "year" in response.json()
    assert (
        client.patch(f"/api/v1/funding-lines/{line_id}/", {"amount": "10"}, format="json").json()["amount"]
        == "10.00"
    )
    assert api_as(ws.member).post("/api/v1/funding-lines/", data, format="json").status_code == 403
    assert api_as(ws.member).delete(f"/api/v1/funding-lines/{line_id}/").status_code == 403
    assert api_as(outsider).get(f"/api/v1/funding-lines/{line_id}/").status_code == 404
    assert api_as(outsider).post("/api/v1/funding-lines/", data, format="json").status_code == 404
    assert api_as(ws.pm).delete(f"/api/v1/funding-lines/{line_id}/").status_code == 204
    assert not FundingLine.objects.exists()


def test_milestones_crud_reached_and_filter(api_as, ws):
    client = api_as(ws.pm)
    response = client.post(
        "/api/v1/milestones/",
        {"project": ws.project.pk, "title": "Пилот", "due_on": "2026-04-01"},
        format="json",
    )
    assert response.status_code == 201
    milestone_id = response.json()["id"]
    milestone_create(actor=None, project=ws.other, title="Чужая", due_on=dt.date(2026, 1, 1))
    listed = api_as(ws.gp_head).get("/api/v1/milestones/", {"project": ws.project.pk}).json()
    assert [row["title"] for row in listed["results"]] == ["Пилот"]
    url = f"/api/v1/milestones/{milestone_id}/reached/"
    assert api_as(ws.monitor).post(url, {"done_on": "2026-01-10"}, format="json").status_code == 403
    response = api_as(ws.member).post(url, {"done_on": "2026-01-10"}, format="json")
    assert response.status_code == 200 and response.json()["done_on"] == "2026-01-10"
    assert (
        api_as(ws.member)
        .patch(f"/api/v1/milestones/{milestone_id}/", {"title": "x"}, format="json")
        .status_code
        == 403
    )
    assert Milestone.objects.get(pk=milestone_id).title == "Пилот"


def test_advance_refuses_with_the_list_then_moves(api_as, ws, outsider):
    url = f"/api/v1/projects/{ws.project.pk}/advance/"
    assert api_as(outsider).post(url, {"stage": "planning"}, format="json").status_code == 404
    assert api_as(ws.member).post(url, {"stage": "planning"}, format="json").status_code == 403
    response = api_as(ws.pm).post(url, {"stage": "planning"}, format="json")
    assert response.status_code == 400
    assert any("Project customer" in message for message in response.json()["stage"])
    readiness = api_as(ws.pm).get(url).json()
    assert readiness["next_stage"] == "planning" and not readiness["ready"]
    fill_charter(ws)
    response = api_as(ws.pm).post(url, {"stage": "planning"}, format="json")
    assert response.status_code == 200 and response.json()["stage"] == "planning"
    response = api_as(ws.pm).post(url, {"stage": "initiation"}, format="json")
    assert response.status_code == 400  # going back needs a reason
    response = api_as(ws.pm).post(
        url, {"stage": "initiation", "reason": "Повторное согласование"}, format="json"
    )
    assert response.status_code == 200
    assert Project.objects.get(pk=ws.project.pk).stage == Stage.INITIATION


@pytest.mark.parametrize("resource", ["funding-lines", "milestones"])
def test_lists_have_a_fixed_query_count(api_as, ws, resource, django_assert_num_queries):
    client = api_as(ws.pm)
    funding_line_create(
        actor=None, project=ws.project, source=FundingSource.LOCAL, year=2026, amount=Decimal("1")
    )
    milestone_create(actor=None, project=ws.project, title="Веха", due_on=dt.date(2026, 1, 1))
    assert client.get(f"/api/v1/{resource}/").status_code == 200  # the user's grants, kept on the user object
    # count, page
    with django_assert_num_queries(2):
        assert client.get(f"/api/v1/{resource}/").status_code == 200
    for year in (2025, 2027, 2028):
        funding_line_create(
            actor=None, project=ws.project, source=FundingSource.LOCAL, year=year, amount=Decimal("1")
        )
        milestone_create(actor=None, project=ws.project, title=f"Веха {year}", due_on=dt.date(year, 5, 1))
    with django_assert_num_queries(2):
        assert client.get(f"/api/v1/{resource}/").status_code == 200
