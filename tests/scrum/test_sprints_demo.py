"""The demo's sprints: last week's closed with frozen figures, this week's open with about eight tasks, some done
on earlier days; a second run changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from pmis.core.workdays import monday_of
from pmis.demo import board, sprints
from projects.choices import SprintStatus
from scrum.models import Sprint, SprintItem
from scrum.selectors.sprints import burndown

pytestmark = pytest.mark.django_db


def test_demo_builds_a_closed_and_an_open_sprint_once(ws):
    today = timezone.localdate()
    this_week = monday_of(today)
    board.build(project=ws.project, actor=ws.pm, team=[ws.pm, ws.member], today=today)
    sprints.build(project=ws.project, actor=ws.pm, team=[ws.pm, ws.member], today=today)

    last, current = Sprint.objects.filter(project=ws.project).order_by("week_start")
    assert last.week_start == this_week - dt.timedelta(days=7) and last.status == SprintStatus.CLOSED
    assert (last.planned_count, last.done_count, last.carried_count) == (6, 2, 4)
    remaining = [day["remaining"] for day in last.burndown]
    assert remaining[0] > remaining[1] == remaining[2] > remaining[3] == remaining[6]  # done on Tue and Thu

    assert current.week_start == this_week and current.status == SprintStatus.OPEN and current.goal
    items = current.items.exclude(outcome=SprintItem.Outcome.REMOVED).select_related("task__column")
    assert len(items) == 8 and all(item.planned for item in items)
    done = [item for item in items if item.task.column.kind == "done"]
    assert 1 <= len(done) <= 4
    assert all(timezone.localtime(item.task.done_at).date() <= today for item in done)
    chart = burndown(current)
    assert chart["days"][today.weekday()]["remaining"] < chart["start"]

    sprints.build(project=ws.project, actor=ws.pm, team=[ws.pm, ws.member], today=today)
    assert Sprint.objects.filter(project=ws.project).count() == 2


def test_demo_does_nothing_without_a_board(ws):
    sprints.build(project=ws.project, actor=ws.pm, team=[ws.pm], today=timezone.localdate())
    assert not Sprint.objects.exists()
