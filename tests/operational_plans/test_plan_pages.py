"""Pages of the plan, its headings and activities: who sees what, buttons by power, the approval banner, forms
and pinned query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from operational_plans.choices import HeadingKind, PlanStatus
from operational_plans.models import (
    Activity,
    Heading,
    OperationalPlan,
    PlanVersion,
    Submission,
    SubmissionRow,
)
from operational_plans.services import plans as plan_services
from org.models import Person
from tests.factories import grant_everything_read_only

pytestmark = pytest.mark.django_db


def as_(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def detail(op):
    return reverse("op-plan-detail", args=[op.plan.pk])


def test_login_required(client, op):
    response = client.get(detail(op))
    assert response.status_code == 302 and "login" in response["Location"]


def test_outsiders_get_404_everywhere(op):
    activity = reverse("op-activity-detail", args=[op.plan.pk, op.a1.pk])
    for person in (op.outsider, op.stranger):
        client = as_(person)
        list_page = client.get(reverse("op-plan-list"))
        assert list_page.status_code == 200 and 'id="op-plan-table"' not in list_page.content.decode()
        for url in (
            detail(op),
            reverse("op-plan-versions", args=[op.plan.pk]),
            reverse("op-plan-compare", args=[op.plan.pk]),
            reverse("op-plan-edit", args=[op.plan.pk]),
            reverse("op-heading-create", args=[op.plan.pk]),
            reverse("op-activity-create", args=[op.plan.pk]),
            activity,
        ):
            assert client.get(url).status_code == 404, url
        assert client.post(reverse("op-plan-approve", args=[op.plan.pk])).status_code == 404


def test_unit_staff_see_their_own_activities_and_may_not_edit(op):
    client = as_(op.staff_b)
    page = client.get(detail(op)).content.decode()
    assert "Интеграция реестров" in page and "Методическая работа" in page
    assert "Запуск портала" not in page and "Обучение служащих" not in page
    assert 'id="op-plan-edit"' not in page and 'id="op-approve"' not in page and 'id="op-adjust"' not in page
    assert client.get(reverse("op-activity-detail", args=[op.plan.pk, op.a1.pk])).status_code == 404
    assert client.get(reverse("op-activity-detail", args=[op.plan.pk, op.a3.pk])).status_code == 200
    for url in (
        reverse("op-plan-edit", args=[op.plan.pk]),
        reverse("op-activity-edit", args=[op.plan.pk, op.a3.pk]),
        reverse("op-activity-links", args=[op.plan.pk, op.a3.pk]),
        reverse("op-heading-create", args=[op.plan.pk]),
        reverse("op-activity-create", args=[op.plan.pk]),
        reverse("op-heading-edit", args=[op.plan.pk, op.goal.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("op-plan-adjust", args=[op.plan.pk]), {"basis": "x"}).status_code == 403
    assert client.post(reverse("op-plan-approve", args=[op.plan.pk])).status_code == 403
    assert client.post(reverse("op-activity-delete", args=[op.plan.pk, op.a3.pk])).status_code == 403
    assert OperationalPlan.objects.get(pk=op.plan.pk).status == PlanStatus.APPROVED


def test_the_whole_plan_with_its_form_and_links(op):
    page = as_(op.mon).get(detail(op)).content.decode()
    for name in ("Запуск портала", "Обучение служащих", "Методическая работа", "Интеграция реестров"):
        assert name in page
    assert page.index("Обучение служащих") < page.index("Запуск портала") < page.index("Методическая работа")
    assert "1 / 0" in page and "0 / 1" in page  # linked projects / tasks of a1 and a4
    filtered = as_(op.mon).get(detail(op), {"unit": op.unit_b.pk}).content.decode()
    assert "Интеграция реестров" in filtered and "Запуск портала" not in filtered


def test_developer_buttons_and_approval(op):
    page = as_(op.dev).get(detail(op)).content.decode()
    assert 'id="op-plan-edit"' in page and 'id="op-adjust"' in page and 'id="op-add-activity"' not in page
    response = as_(op.dev).post(reverse("op-plan-adjust", args=[op.plan.pk]), {"basis": ""})
    assert response.status_code == 302
    assert OperationalPlan.objects.get(pk=op.plan.pk).status == PlanStatus.APPROVED
    as_(op.dev).post(reverse("op-plan-adjust", args=[op.plan.pk]), {"basis": "Итоги мониторинга"})
    page = as_(op.dev).get(detail(op)).content.decode()
    assert 'id="op-add-activity"' in page and 'id="op-add-heading"' in page and 'id="op-approve"' not in page
    approver_page = as_(op.approver).get(detail(op)).content.decode()
    assert 'id="op-approve"' in approver_page
    as_(op.approver).post(reverse("op-plan-approve", args=[op.plan.pk]), {"approved_on": ""})
    plan = OperationalPlan.objects.get(pk=op.plan.pk)
    assert plan.status == PlanStatus.APPROVED and plan.version == 2
    assert PlanVersion.objects.get(plan=plan, number=2).basis == "Итоги мониторинга"


def test_approval_banner(op):
    today = timezone.localdate()
    draft = OperationalPlan.objects.create(
        body=op.body,
        year=2027,
        developer_unit=op.dev_unit,
        monitoring_unit=op.mon_unit,
        approver=op.approver,
        development_plan_signed_on=today - dt.timedelta(days=7),
    )
    url = reverse("op-plan-detail", args=[draft.pk])
    page = as_(op.dev).get(url).content.decode()
    deadline = (today + dt.timedelta(days=3)).strftime("%d.%m.%Y")
    assert f"Approve by {deadline} — 3 days left" in page
    draft.development_plan_signed_on = today - dt.timedelta(days=12)
    draft.save()
    page = as_(op.dev).get(url).content.decode()
    assert "overdue by 2 days" in page and 'id="op-approve"' not in page
    assert 'id="op-approve"' in as_(op.approver).get(url).content.decode()


def test_create_and_edit_a_plan(op):
    client = as_(op.dev)
    assert 'id="op-plan-new"' in client.get(reverse("op-plan-list")).content.decode()
    assert 'id="op-plan-new"' not in as_(op.outsider).get(reverse("op-plan-list")).content.decode()
    assert as_(op.outsider).get(reverse("op-plan-create")).status_code == 403
    data = {
        "body": op.body.pk,
        "year": 2026,
        "developer_unit": op.dev_unit.pk,
        "monitoring_unit": op.mon_unit.pk,
        "approver": op.approver.pk,
    }
    again = client.post(reverse("op-plan-create"), data)
    assert again.status_code == 200 and "already has an operational plan for 2026" in again.content.decode()
    created = client.post(reverse("op-plan-create"), {**data, "year": 2027})
    plan = OperationalPlan.objects.get(year=2027)
    assert created.status_code == 302 and created["Location"] == plan.get_absolute_url()
    edit = reverse("op-plan-edit", args=[plan.pk])
    assert (
        client.post(edit, {**data, "year": 2028, "development_plan_signed_on": "2028-01-05"}).status_code
        == 302
    )
    plan.refresh_from_db()
    assert plan.year == 2028 and plan.development_plan_signed_on == dt.date(2028, 1, 5)
    client.post(reverse("op-plan-delete", args=[plan.pk]))
    assert not OperationalPlan.objects.filter(pk=plan.pk).exists()


def test_headings_and_activities_through_the_pages(op):
    grant_everything_read_only(op.dev)
    plan_services.plan_adjust(actor=op.dev, plan=op.plan, basis="x")
    client = as_(op.dev)
    assert client.get(reverse("op-heading-create", args=[op.plan.pk]) + "?kind=goal").status_code == 200
    response = client.post(
        reverse("op-heading-create", args=[op.plan.pk]), {"kind": HeadingKind.GOAL, "parent": op.direction.pk}
    )
    assert response.status_code == 200 and "Give the name" in response.content.decode()
    client.post(
        reverse("op-heading-create", args=[op.plan.pk]),
        {"kind": HeadingKind.GOAL, "parent": op.direction.pk, "name_ru": "Кадры"},
    )
    goal = Heading.objects.get(name_ru="Кадры")
    assert goal.number == "1.2"
    client.post(
        reverse("op-heading-edit", args=[op.plan.pk, goal.pk]), {"number": "1.2", "name_ru": "Кадры ИТ"}
    )
    goal.refresh_from_db()
    assert goal.name_ru == "Кадры ИТ"
    new = reverse("op-activity-create", args=[op.plan.pk])
    assert client.get(new + f"?heading={op.macro_heading.pk}").status_code == 200
    data = {
        "heading": op.macro_heading.pk,
        "name_ru": "Курсы",
        "unit": op.unit_a.pk,
        "deadline": "2027-02-01",
    }
    refused = client.post(new, data)
    assert refused.status_code == 200 and "The term lies within 2026" in refused.content.decode()
    created = client.post(new, {**data, "deadline": "2026-11-01"})
    activity = Activity.objects.get(name_ru="Курсы")
    assert created["Location"] == activity.get_absolute_url()
    client.post(
        reverse("op-activity-edit", args=[op.plan.pk, activity.pk]), {**data, "deadline": "2026-11-02"}
    )
    activity.refresh_from_db()
    assert activity.deadline == dt.date(2026, 11, 2)
    links = reverse("op-activity-links", args=[op.plan.pk, activity.pk])
    found = client.get(links, {"q": op.other_project.code}).content.decode()
    assert op.other_project.code in found
    tasks = client.post(links, {"projects": [op.other_project.pk], "find": "1", "q": ""}).content.decode()
    assert "Интеграция с ЕГРН" in tasks
    task = op.a4.tasks.get()
    client.post(links, {"projects": [op.other_project.pk], "tasks": [task.pk]})
    assert list(activity.projects.all()) == [op.other_project] and list(activity.tasks.all()) == [task]
    page = client.get(activity.get_absolute_url()).content.decode()
    assert "Интеграция с ЕГРН" in page and 'data-state="open"' in page
    client.post(reverse("op-activity-delete", args=[op.plan.pk, activity.pk]))
    assert not Activity.objects.filter(pk=activity.pk).exists()
    client.post(reverse("op-heading-delete", args=[op.plan.pk, goal.pk]))
    assert not Heading.objects.filter(pk=goal.pk).exists()


def test_activity_page_shows_the_submitted_quarters(op):
    submitted = Submission.objects.create(
        plan=op.plan, unit=op.unit_a, quarter=1, status="submitted", submitted_at=timezone.now()
    )
    SubmissionRow.objects.create(
        submission=submitted, activity=op.a1, status="partial", actual_execution="Прототип готов"
    )
    draft = Submission.objects.create(plan=op.plan, unit=op.unit_a, quarter=2)
    SubmissionRow.objects.create(submission=draft, activity=op.a1, actual_execution="Черновик")
    page = as_(op.staff_a).get(reverse("op-activity-detail", args=[op.plan.pk, op.a1.pk])).content.decode()
    assert "Прототип готов" in page and "Черновик" not in page and "Partially executed" in page


def test_versions_and_compare_pages(op):
    plan_services.plan_adjust(actor=op.dev, plan=op.plan, basis="Итоги мониторинга")
    from operational_plans.services import structure

    structure.activity_update(actor=op.dev, activity=op.a3, name_ru="Методическая помощь")
    plan_services.plan_approve(actor=op.approver, plan=op.plan)
    client = as_(op.staff_a)
    versions = client.get(reverse("op-plan-versions", args=[op.plan.pk])).content.decode()
    assert "Итоги мониторинга" in versions
    PlanVersion.objects.filter(plan=op.plan, number=1).update(
        snapshot={"activities": [{"id": op.a3.pk, "name_ru": "Методическая работа"}]}
    )
    compare = reverse("op-plan-compare", args=[op.plan.pk])
    page = as_(op.mon).get(compare, {"a": 1, "b": 2}).content.decode()
    assert "Методическая работа" in page and "Методическая помощь" in page
    assert "No differences." in as_(op.mon).get(compare, {"a": 2, "b": "current"}).content.decode()
    assert "The plan has no version 5." in as_(op.mon).get(compare, {"a": 5}).content.decode()


LIST_QUERIES = 6
DETAIL_QUERIES = 9


def test_query_counts_do_not_grow(op, django_assert_num_queries):
    for round_ in range(2):
        client = as_(Person.objects.get(pk=op.mon.pk))
        with django_assert_num_queries(LIST_QUERIES):
            assert client.get(reverse("op-plan-list")).status_code == 200
        with django_assert_num_queries(DETAIL_QUERIES):
            assert client.get(detail(op)).status_code == 200
        Activity.objects.bulk_create(
            Activity(
                plan=op.plan,
                heading=op.target_heading if i % 2 else None,
                position=10 + i,
                name_ru=f"Работа {round_}-{i}",
                unit=op.unit_b,
                deadline=dt.date(2026, 12, 1),
            )
            for i in range(30)
        )
        OperationalPlan.objects.create(body=op.body, year=2030 + round_)
