"""Workload (Rules p.96): hours per person per week from their tasks — sprint week, spread over working days,
or the due date's week; done / open; across all projects with the project's share; who may see it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from projects.choices import ColumnKind
from projects.models import Task
from projects.selectors.workload import workload
from scrum.models import Sprint
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

WEEK = dt.date(2026, 11, 23)  # the Monday the view is about
# session, user, grants, the project (path and its ancestors for the breadcrumbs), the tasks
PAGE_QUERIES = 9


def make_task(
    project, person, *, hours=None, starts=None, due=None, sprint_week=None, done=False, title="Задача"
):
    kind = ColumnKind.DONE if done else ColumnKind.DOING
    column = project.columns.get(kind=kind)
    number = (Task.objects.filter(project=project).count() or 0) + 1
    sprint = None
    if sprint_week is not None:
        sprint, _ = Sprint.objects.get_or_create(project=project, week_start=sprint_week)
    return Task.objects.create(
        project=project,
        number=number,
        column=column,
        title=title,
        assignee=person,
        estimate_hours=None if hours is None else Decimal(hours),
        starts_on=starts,
        due_on=due,
        sprint=sprint,
    )


@pytest.fixture
def tasks(ws):
    member = ws.member
    make_task(ws.project, member, hours="30", sprint_week=WEEK)  # a sprint's week
    make_task(ws.other, member, hours="16", due=dt.date(2026, 11, 25), done=True)  # another project, done
    make_task(
        ws.project, member, hours="8", starts=dt.date(2026, 12, 14), due=dt.date(2026, 12, 18)
    )  # 16 Dec off
    make_task(
        ws.project, member, hours="10", starts=dt.date(2026, 11, 26), due=dt.date(2026, 12, 1)
    )  # 2 + 2 days
    make_task(ws.project, member, due=dt.date(2026, 11, 24))  # no estimate
    make_task(ws.project, ws.pm, hours="4", due=dt.date(2026, 12, 2))
    make_task(ws.project, None, hours="99", due=dt.date(2026, 11, 24))  # nobody's
    make_task(ws.project, member, hours="50", due=dt.date(2027, 3, 1))  # beyond the weeks shown
    stranger = PersonFactory(username="stranger", last_name="Чужой")
    make_task(ws.other, stranger, hours="12", due=dt.date(2026, 11, 24))  # not a person of this project
    return {"stranger": stranger}


def cell(load, person, monday):
    row = next(row for row in load.people if row.person_id == person.pk)
    return row.cells[load.weeks.index(monday)]


def test_hours_per_person_and_week(ws, tasks):
    load = workload(ws.pm, ws.project, WEEK)
    assert load.weeks[0] == dt.date(2026, 11, 9) and load.weeks[-1] == dt.date(2026, 12, 28)
    assert len(load.weeks) == 8 and load.current == WEEK
    assert {row.person_id for row in load.people} == {ws.member.pk, ws.pm.pk}

    this_week = cell(load, ws.member, WEEK)
    # 30 in the sprint + 16 done in the other project + 5 of the 10 spread over Thu 26 – Tue 1
    assert (this_week.open, this_week.done) == (Decimal("35.0"), Decimal("16.0"))
    assert this_week.total == Decimal("51.0") and this_week.over
    assert this_week.share == Decimal("35.0") and this_week.other == Decimal("16.0")
    assert this_week.unestimated == 1

    next_week = cell(load, ws.member, dt.date(2026, 11, 30))
    assert next_week.total == Decimal("5.0") and not next_week.over
    holiday_week = cell(load, ws.member, dt.date(2026, 12, 14))
    assert holiday_week.total == Decimal("8.0")  # four working days, all in that week
    assert cell(load, ws.pm, dt.date(2026, 11, 30)).total == Decimal("4.0")
    assert sum(c.total for c in load.people[0].cells) + sum(c.total for c in load.people[1].cells) == Decimal(
        "68"
    )


def test_cross_project_view_for_who_may_change_several_projects(ws, tasks):
    load = workload(ws.gp_head, None, WEEK)
    people = {row.person_id for row in load.people}
    assert people == {ws.member.pk, ws.pm.pk, tasks["stranger"].pk}
    assert cell(load, ws.member, WEEK).share == Decimal("51.0")  # both projects are the head's
    only_mine = workload(ws.pm, None, WEEK)
    assert {row.person_id for row in only_mine.people} == {ws.member.pk, ws.pm.pk}
    assert cell(only_mine, ws.member, WEEK).share == Decimal("35.0")


def test_the_selector_reads_in_one_query(ws, tasks, django_assert_num_queries):
    workload(ws.pm, ws.project, WEEK)  # the reader's grants are kept for the request
    with django_assert_num_queries(1):
        workload(ws.pm, ws.project, WEEK)


def test_the_selector_refuses_who_may_not_change_the_project(ws):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        workload(ws.member, ws.project, WEEK)


# --- pages ----------------------------------------------------------------------------------------------------------


def url(ws, week=WEEK):
    return reverse("project-workload", args=[ws.project.pk]) + f"?week={week.isoformat()}"


@pytest.mark.parametrize("who", ["pm", "gp_head", "bd_head"])
def test_the_page_for_the_project_manager_and_the_project_office(client, ws, tasks, who):
    client.force_login(getattr(ws, who))
    response = client.get(url(ws))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="workload-table"' in html
    assert ws.member.short_name in html and 'data-over="1"' in html
    assert tasks["stranger"].short_name not in html


@pytest.mark.parametrize("who", ["member", "sponsor", "monitor"])
def test_the_page_is_403_for_the_others_of_the_project(client, ws, who):
    client.force_login(getattr(ws, who))
    assert client.get(url(ws)).status_code == 403


def test_the_page_is_404_for_outsiders(client, ws, outsider):
    client.force_login(outsider)
    assert client.get(url(ws)).status_code == 404


def test_the_page_query_count_does_not_grow(client, ws, tasks, django_assert_num_queries):
    client.force_login(ws.pm)
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(url(ws)).status_code == 200
    for number in range(10):
        person = PersonFactory(username=f"extra{number}")
        make_task(ws.project, person, hours="3", due=dt.date(2026, 11, 27))
    with django_assert_num_queries(PAGE_QUERIES):
        assert client.get(url(ws)).status_code == 200


def test_the_cross_project_page(client, ws, tasks, outsider, django_assert_num_queries):
    client.force_login(ws.gp_head)
    page = reverse("workload") + f"?week={WEEK.isoformat()}"
    response = client.get(page)
    assert response.status_code == 200
    assert tasks["stranger"].short_name in response.content.decode()
    with django_assert_num_queries(CROSS_QUERIES):
        client.get(page)
    client.force_login(ws.member)
    assert client.get(page).status_code == 403
    client.force_login(outsider)
    assert client.get(page).status_code == 403


# session, user, grants, "may the reader change any project", the tasks
CROSS_QUERIES = 5
