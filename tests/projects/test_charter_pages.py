"""The charter page and its forms: who may do what (404 outsiders, 403 without the power), refusals re-render
with the message and change nothing, the stage stepper, and pinned query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from pmis.core.choices import Stage
from projects.choices import FundingSource
from projects.models import Charter, FundingLine, Milestone, Project
from projects.services.charter import charter_update, funding_line_create, milestone_create
from tests.node_pages import page_text
from tests.projects.test_lifecycle import fill_charter

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


def url(name, ws, *args):
    return reverse(name, args=[ws.project.pk, *args])


def test_the_page_shows_the_charter_roles_budget_and_stepper(client, ws):
    charter_update(actor=ws.pm, project=ws.project, content="Объём работ проекта", results="Платформа")
    funding_line_create(
        actor=ws.pm, project=ws.project, source=FundingSource.REPUBLICAN, year=2026, amount=Decimal("1000")
    )
    milestone_create(actor=ws.pm, project=ws.project, title="Пилотный запуск", due_on=dt.date(2025, 2, 1))
    response = login(client, ws.monitor).get(url("project-charter", ws))
    assert response.status_code == 200
    text = page_text(response)
    assert "Объём работ проекта" in text and "Пилотный запуск" in text and "overdue" in text
    assert ws.pm.full_name in text and "not assigned" in text  # initiator and customer are vacant
    assert "Move to “Planning”" not in text  # the monitor may not change the stage
    assert "The lines add up to" in text  # the project's budget (0) differs from the lines
    assert reverse("project-charter-edit", args=[ws.project.pk]) not in text


def test_outsiders_get_404_everywhere(client, ws, outsider):
    line = funding_line_create(
        actor=ws.pm, project=ws.project, source=FundingSource.LOCAL, year=2026, amount=Decimal("1")
    )
    milestone = milestone_create(actor=ws.pm, project=ws.project, title="Веха", due_on=dt.date(2026, 1, 1))
    login(client, outsider)
    assert client.get(url("project-charter", ws)).status_code == 404
    assert client.get(url("project-charter-edit", ws)).status_code == 404
    assert client.get(url("project-funding-edit", ws, line.pk)).status_code == 404
    for name, args in (
        ("project-charter-approve", ()),
        ("project-charter-requirements", ()),
        ("project-stage", ()),
        ("project-funding-delete", (line.pk,)),
        ("project-milestone-reached", (milestone.pk,)),
        ("project-milestone-delete", (milestone.pk,)),
    ):
        assert client.post(url(name, ws, *args), {"stage": "planning", "reached": "1"}).status_code == 404
    assert FundingLine.objects.count() == 1 and Milestone.objects.count() == 1


def test_a_line_of_another_project_is_not_found_through_this_one(client, ws):
    line = funding_line_create(
        actor=None, project=ws.other, source=FundingSource.LOCAL, year=2026, amount=Decimal("1")
    )
    response = login(client, ws.gp_head).get(url("project-funding-edit", ws, line.pk))
    assert response.status_code == 404


def test_the_pm_edits_the_charter_and_a_stale_form_is_refused(client, ws):
    login(client, ws.pm)
    response = client.post(
        url("project-charter-edit", ws),
        {"content": "Объём", "results": "Итог", "stakeholders": "", "version": 1},
    )
    assert response.status_code == 302
    assert Charter.objects.get(project=ws.project).content == "Объём"
    response = client.post(
        url("project-charter-edit", ws),
        {"content": "Старое", "results": "", "stakeholders": "", "version": 1},
    )
    assert response.status_code == 409
    assert "Someone else has changed the charter" in page_text(response)
    assert Charter.objects.get(project=ws.project).content == "Объём"


def test_a_member_may_not_edit_the_charter_but_marks_milestones_reached(client, ws):
    milestone = milestone_create(actor=ws.pm, project=ws.project, title="Веха", due_on=dt.date(2025, 6, 1))
    login(client, ws.member)
    assert client.get(url("project-charter-edit", ws)).status_code == 403
    assert client.post(url("project-funding-create", ws), {"source": "local"}).status_code == 403
    assert client.post(url("project-milestone-delete", ws, milestone.pk)).status_code == 403
    assert (
        client.post(url("project-milestone-reached", ws, milestone.pk), {"reached": "1"}).status_code == 302
    )
    assert Milestone.objects.get(pk=milestone.pk).done_on is not None


def test_the_monitor_may_not_mark_milestones(client, ws):
    milestone = milestone_create(actor=ws.pm, project=ws.project, title="Веха", due_on=dt.date(2025, 6, 1))
    response = login(client, ws.monitor).post(
        url("project-milestone-reached", ws, milestone.pk), {"reached": "1"}
    )
    assert response.status_code == 403


def test_funding_line_form_refusal_rerenders_with_the_message(client, ws):
    response = login(client, ws.pm).post(
        url("project-funding-create", ws), {"source": "local", "year": 2045, "amount": "100"}
    )
    assert response.status_code == 400
    assert "choose a year in that period" in page_text(response)
    assert not FundingLine.objects.exists()
    response = client.post(
        url("project-funding-create", ws), {"source": "local", "year": 2026, "amount": "100"}
    )
    assert response.status_code == 302
    line = FundingLine.objects.get()
    response = client.post(
        url("project-funding-edit", ws, line.pk), {"source": "local", "year": 2027, "amount": "5"}
    )
    assert response.status_code == 302
    assert FundingLine.objects.get().amount == Decimal("5")
    assert client.post(url("project-funding-delete", ws, line.pk)).status_code == 302
    assert not FundingLine.objects.exists()


def test_milestone_forms(client, ws):
    login(client, ws.pm)
    response = client.post(url("project-milestone-create", ws), {"title": "Запуск", "due_on": "2027-05-01"})
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    response = client.post(
        url("project-milestone-edit", ws, milestone.pk), {"title": "Запуск", "due_on": "2031-01-01"}
    )
    assert response.status_code == 400
    assert Milestone.objects.get().due_on == dt.date(2027, 5, 1)


def test_approval_needs_approve_sponsor_may_member_may_not(client, ws):
    charter_update(actor=ws.pm, project=ws.project, content="Объём", results="Итог")
    assert login(client, ws.member).post(url("project-charter-approve", ws)).status_code == 403
    assert login(client, ws.pm).post(url("project-charter-approve", ws)).status_code == 403
    assert Charter.objects.get(project=ws.project).approved_on is None
    assert login(client, ws.sponsor).post(url("project-charter-approve", ws)).status_code == 302
    assert Charter.objects.get(project=ws.project).approved_by == ws.sponsor


def test_approval_refused_is_shown_on_the_page(client, ws):
    response = login(client, ws.sponsor).post(url("project-charter-approve", ws))
    assert response.status_code == 400
    assert "cannot be approved" in page_text(response)


def test_the_office_requirements_are_the_offices(client, ws, editor):
    response = login(client, ws.pm).post(
        url("project-charter-requirements", ws), {"requires_kickoff_protocol": "on"}
    )
    assert response.status_code == 403
    assert not Charter.objects.filter(project=ws.project, requires_kickoff_protocol=True).exists()
    office_person = editor  # an employee of the Office (office_staff)
    response = login(client, office_person).post(
        url("project-charter-requirements", ws), {"requires_kickoff_protocol": "on"}
    )
    assert response.status_code == 302
    charter = Charter.objects.get(project=ws.project)
    assert charter.requires_kickoff_protocol and not charter.requires_change_control


def test_moving_the_stage_lists_what_is_missing_and_changes_nothing(client, ws):
    response = login(client, ws.pm).post(url("project-stage", ws), {"stage": Stage.PLANNING})
    assert response.status_code == 400
    text = page_text(response)
    assert "cannot move to “Planning” yet" in text and "Project customer" in text and "no goal" in text
    assert Project.objects.get(pk=ws.project.pk).stage == Stage.INITIATION


def test_the_pm_moves_a_ready_project_and_the_member_may_not(client, ws):
    fill_charter(ws)
    assert (
        login(client, ws.member).post(url("project-stage", ws), {"stage": Stage.PLANNING}).status_code == 403
    )
    response = login(client, ws.pm).post(url("project-stage", ws), {"stage": Stage.PLANNING})
    assert response.status_code == 302
    assert Project.objects.get(pk=ws.project.pk).stage == Stage.PLANNING
    text = page_text(client.get(url("project-charter", ws)))
    assert "Move to “Implementation”" in text and "Back to “Initiation”" in text


# session, user, grants, the project, its 4 ancestors (breadcrumbs), the charter, funding lines, milestones, the
# charter roles and their holders (2), the Office, readiness: the charter roles check (2, org.services)
CHARTER_PAGE_QUERIES = 16


def test_the_charter_page_has_a_fixed_query_count(client, ws, django_assert_num_queries):
    charter_update(actor=ws.pm, project=ws.project, content="Объём", results="Итог")
    funding_line_create(
        actor=ws.pm, project=ws.project, source=FundingSource.LOCAL, year=2026, amount=Decimal("1")
    )
    milestone_create(actor=ws.pm, project=ws.project, title="Веха", due_on=dt.date(2026, 1, 1))
    login(client, ws.pm)
    with django_assert_num_queries(CHARTER_PAGE_QUERIES):
        assert client.get(url("project-charter", ws)).status_code == 200
    for year in (2025, 2027, 2028):
        for source in (FundingSource.REPUBLICAN, FundingSource.PRIVATE, FundingSource.NATIONAL_FUND):
            funding_line_create(
                actor=ws.pm, project=ws.project, source=source, year=year, amount=Decimal("7")
            )
    for number in range(12):
        milestone_create(
            actor=ws.pm, project=ws.project, title=f"Веха {number}", due_on=dt.date(2026, 2, 1 + number)
        )
    with django_assert_num_queries(CHARTER_PAGE_QUERIES):
        assert client.get(url("project-charter", ws)).status_code == 200
