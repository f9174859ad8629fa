"""The project charter's services (Rules p.2(30), p.77, p.78): created on first edit, optimistic version,
approval, change control, budget lines and milestones with their rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pmis.core.concurrency import StaleVersion
from projects.choices import FundingSource
from projects.models import ChangeLogEntry, Charter, FundingLine
from projects.selectors.charter import charter_page
from projects.services import project_update
from projects.services.charter import (
    charter_approve,
    charter_set_requirements,
    charter_update,
    funding_line_create,
    funding_line_update,
    milestone_create,
    milestone_set_reached,
)

pytestmark = pytest.mark.django_db


def test_the_charter_is_created_on_its_first_edit(ws):
    assert not Charter.objects.filter(project=ws.project).exists()
    charter = charter_update(actor=ws.pm, project=ws.project, content="Объём работ", version=1)
    assert charter.version == 2 and charter.content == "Объём работ"
    assert charter.history.first().history_user == ws.pm


def test_a_stale_version_is_refused_and_nothing_changes(ws):
    charter_update(actor=ws.pm, project=ws.project, content="Первая редакция", version=1)
    with pytest.raises(StaleVersion) as error:
        charter_update(actor=ws.pm, project=ws.project, content="Вторая редакция", version=1)
    assert error.value.current.content == "Первая редакция"
    assert Charter.objects.get(project=ws.project).content == "Первая редакция"


def test_approval_needs_content_and_results_and_happens_once(ws):
    with pytest.raises(ValidationError) as error:
        charter_approve(actor=ws.sponsor, project=ws.project)
    assert "content" in error.value.messages[0] and "results" in error.value.messages[0]
    charter_update(actor=ws.pm, project=ws.project, content="Объём", results="Результат")
    charter = charter_approve(actor=ws.sponsor, project=ws.project)
    assert charter.approved_on == timezone.localdate() and charter.approved_by == ws.sponsor
    with pytest.raises(ValidationError, match="already approved"):
        charter_approve(actor=ws.sponsor, project=ws.project)


def test_changes_after_approval_are_logged_only_under_change_control(ws):
    charter_update(actor=ws.pm, project=ws.project, content="Объём", results="Результат")
    charter_approve(actor=ws.sponsor, project=ws.project)
    before = ChangeLogEntry.objects.filter(project=ws.project).count()
    charter_update(actor=ws.pm, project=ws.project, content="Объём 2")
    assert ChangeLogEntry.objects.filter(project=ws.project).count() == before  # not required by the Office

    charter_set_requirements(
        actor=None, project=ws.project, requires_kickoff_protocol=False, requires_change_control=True
    )
    charter_update(actor=ws.pm, project=ws.project, content="Объём 3", reason="Решение комитета")
    entry = ChangeLogEntry.objects.filter(project=ws.project).first()
    assert "content" in entry.summary and "Решение комитета" in entry.summary and entry.actor == ws.pm
    funding_line_create(
        actor=ws.pm, project=ws.project, source=FundingSource.REPUBLICAN, year=2026, amount=Decimal("10")
    )
    assert "Budget line added" in ChangeLogEntry.objects.filter(project=ws.project).first().summary


def test_a_funding_line_outside_the_project_years_is_refused(ws):
    with pytest.raises(ValidationError) as error:
        funding_line_create(
            actor=ws.pm, project=ws.project, source=FundingSource.LOCAL, year=2040, amount=Decimal("1")
        )
    assert "2025" in error.value.message_dict["year"][0]
    assert not FundingLine.objects.exists()


def test_one_line_per_source_and_year(ws):
    funding_line_create(
        actor=ws.pm, project=ws.project, source=FundingSource.LOCAL, year=2026, amount=Decimal("1")
    )
    with pytest.raises(ValidationError, match="already has a line"):
        funding_line_create(
            actor=ws.pm, project=ws.project, source=FundingSource.LOCAL, year=2026, amount=Decimal("2")
        )


def test_the_budget_table_totals_and_warns_when_it_differs(ws):
    project_update(actor=None, project=ws.project, budget=Decimal("300"))
    first = funding_line_create(
        actor=ws.pm, project=ws.project, source=FundingSource.REPUBLICAN, year=2026, amount=Decimal("100")
    )
    funding_line_create(
        actor=ws.pm, project=ws.project, source=FundingSource.REPUBLICAN, year=2027, amount=Decimal("150")
    )
    funding_line_create(
        actor=ws.pm, project=ws.project, source=FundingSource.PRIVATE, year=2027, amount=Decimal("40")
    )
    ws.project.refresh_from_db()
    budget = charter_page(ws.pm, ws.project).budget
    assert budget.years == [2026, 2027]
    assert budget.year_totals == [Decimal("100"), Decimal("190")]
    assert budget.total == Decimal("290") and budget.differs and budget.difference == Decimal("-10")
    funding_line_update(actor=ws.pm, line=first, amount=Decimal("110"))
    assert not charter_page(ws.pm, ws.project).budget.differs


def test_milestones_are_due_within_the_project_and_flagged_overdue(ws):
    with pytest.raises(ValidationError) as error:
        milestone_create(actor=ws.pm, project=ws.project, title="Поздно", due_on=dt.date(2035, 1, 1))
    assert "due_on" in error.value.message_dict
    past = milestone_create(actor=ws.pm, project=ws.project, title="Пилот", due_on=dt.date(2025, 3, 1))
    milestone_create(actor=ws.pm, project=ws.project, title="Запуск", due_on=dt.date(2028, 6, 1))
    rows = charter_page(ws.pm, ws.project).milestones
    assert [row.overdue for row in rows] == [True, False]
    milestone_set_reached(actor=ws.member, milestone=past, done_on=dt.date(2025, 3, 2))
    assert [row.overdue for row in charter_page(ws.pm, ws.project).milestones] == [False, False]
    with pytest.raises(ValidationError):
        milestone_set_reached(
            actor=ws.member, milestone=past, done_on=timezone.localdate() + dt.timedelta(days=2)
        )


def test_the_charter_roles_show_holders_and_vacancies(ws):
    roles = {item.role.code: item.holders for item in charter_page(ws.pm, ws.project).roles}
    assert set(roles) == {"project_initiator", "project_sponsor", "project_customer", "project_manager"}
    assert roles["project_manager"] == [ws.pm] and roles["project_sponsor"] == [ws.sponsor]
    assert roles["project_initiator"] == [] and roles["project_customer"] == []
