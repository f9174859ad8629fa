"""The demo registers (pmis.demo.registers): filled through the services, spread over the heat map, idempotent."""

from __future__ import annotations

import pytest
from django.utils import timezone

from pmis.demo import registers
from projects.models import ChangeLogEntry, ChangeRequest, Lesson, Risk

pytestmark = pytest.mark.django_db


def test_demo_registers_fill_once(ws):
    today = timezone.localdate()
    registers.build(project=ws.project, actor=ws.pm, team=[ws.pm, ws.member], today=today)
    risks = list(Risk.objects.filter(project=ws.project))
    assert len(risks) == 6
    assert {risk.score >= 15 for risk in risks} == {True, False}
    assert len({(risk.probability, risk.impact) for risk in risks}) == 6
    assert any(risk.is_opportunity for risk in risks)
    assert any(risk.review_on and risk.review_on < today for risk in risks)  # one overdue review to show
    statuses = sorted(ChangeRequest.objects.filter(project=ws.project).values_list("status", flat=True))
    assert statuses == ["approved", "draft", "submitted"]
    log = list(ChangeLogEntry.objects.filter(project=ws.project).values_list("event", "summary"))
    assert sorted(event for event, _summary in log) == ["approved", "submitted", "submitted"]
    assert all("Запрос на изменение" in summary or "CR-" in summary for _event, summary in log)
    assert Lesson.objects.filter(project=ws.project).count() == 3

    registers.build(project=ws.project, actor=ws.pm, team=[ws.pm, ws.member], today=today)
    assert Risk.objects.count() == 6 and ChangeRequest.objects.count() == 3 and Lesson.objects.count() == 3
