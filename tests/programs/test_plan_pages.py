"""Pages and API of the program management plan (Rules p.60–62): who sees them (404), who keeps them (403), the
refused rules (400, nothing changed), the XLSX export's start, the node card, and the pinned query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from pmis.core.grants import grants_of
from pmis.core.models import ExportJob
from programs import plan_services as services
from programs.management_card import management_card
from programs.models import PriorityProject, ProblemEntry
from projects.models import FundingLine
from tests.factories import PersonFactory, assign, make_direction, make_group, make_project
from tests.factories_kpi import fact, make_indicator, plan

PLAN_QUERIES = 19
MAP_QUERIES = 13
API_PLAN_QUERIES = 16


def _grow(gov, count: int = 2) -> None:
    """More directions, nested groups, projects, money, problems, indicators and priorities."""
    for number in range(count):
        direction = make_direction(program=gov.program, name=f"Направление {number}")
        assign(PersonFactory(), "bd_head", direction)
        group = make_group(direction=direction)
        sub = make_group(parent=group)
        for index in range(2):
            project = make_project(group=sub, name=f"Проект {number}.{index}")
            assign(PersonFactory(), "project_manager", project)
            FundingLine.objects.create(project=project, source="private", year=2026, amount=Decimal("7"))
            services.priority_add(actor=gov.manager, program=gov.program, project=project, financing_need="3")
            indicator = make_indicator(project, f"X-{number}-{index}")
            plan(indicator, 2025, 10)
            fact(indicator, 2025, 8)
        services.problem_create(
            actor=gov.manager, program=gov.program, text_ru=f"Проблема {number}", direction=direction
        )


def test_who_sees_the_plan_and_the_map(gov, client):
    urls = [reverse("program-plan", args=[gov.program.pk]), reverse("program-map", args=[gov.program.pk])]
    for person in (gov.outsider, gov.bd_head, gov.gp_head, gov.pm, gov.stranger):
        client.force_login(person)
        assert [client.get(url).status_code for url in urls] == [404, 404], person.username
    client.force_login(gov.committee_member)
    page = client.get(urls[0])
    assert page.status_code == 200
    assert reverse("program-problem-add", args=[gov.program.pk]) not in page.content.decode()
    client.force_login(gov.po_admin)
    page = client.get(urls[0]).content.decode()
    assert reverse("program-problem-add", args=[gov.program.pk]) in page and "Rules p.40" in page
    assert client.get(reverse("program-plan", args=[999999])).status_code == 404
    client.logout()
    assert client.get(urls[0]).status_code == 302


def test_the_plan_is_kept_on_its_page_by_those_who_may_change_the_program(gov, client):
    add = reverse("program-problem-add", args=[gov.program.pk])
    client.force_login(gov.committee_member)
    assert client.post(add, {"text_ru": "Нельзя"}).status_code == 403
    client.force_login(gov.outsider)
    assert client.post(add, {"text_ru": "Нельзя"}).status_code == 404
    assert not ProblemEntry.objects.exists()

    client.force_login(gov.po_admin)
    answer = client.post(add, {"text_ru": "Износ сетей", "direction": gov.direction2.pk})
    assert answer.status_code == 302 and answer["Location"].endswith("#problems")
    problem = ProblemEntry.objects.get()
    foreign = make_direction(program=gov.other_program)
    client.post(
        reverse("program-problem-change", args=[gov.program.pk, problem.pk]),
        {"text_ru": "Износ сетей", "direction": foreign.pk, "status": "solved"},
    )
    problem.refresh_from_db()
    assert (problem.direction, problem.status) == (gov.direction2, "open")  # refused, nothing changed
    client.post(
        reverse("program-problem-change", args=[gov.program.pk, problem.pk]),
        {"text_ru": "Износ сетей", "direction": "", "status": "easing", "assessed_on": "2026-05-01"},
    )
    problem.refresh_from_db()
    assert (problem.direction, problem.status, str(problem.assessed_on)) == (None, "easing", "2026-05-01")

    client.post(
        reverse("program-priority-add", args=[gov.program.pk]),
        {"project": gov.project.pk, "financing_need": "10"},
    )
    client.post(
        reverse("program-priority-add", args=[gov.program.pk]),
        {"project": gov.project2.pk, "funding_source": "local"},
    )
    first, second = PriorityProject.objects.order_by("rank")
    page = client.get(reverse("program-plan", args=[gov.program.pk])).content.decode()
    assert gov.project2.code in page and "Local budget" in page
    client.post(reverse("program-priority-reorder", args=[gov.program.pk]), {"order": [second.pk, first.pk]})
    assert list(PriorityProject.objects.order_by("rank").values_list("pk", flat=True)) == [
        second.pk,
        first.pk,
    ]
    client.post(reverse("program-priority-change", args=[gov.program.pk, first.pk]), {"financing_need": "-5"})
    first.refresh_from_db()
    assert first.financing_need == Decimal("10")
    client.post(reverse("program-priority-remove", args=[gov.program.pk, second.pk]))
    assert list(PriorityProject.objects.values_list("pk", "rank")) == [(first.pk, 1)]
    client.post(reverse("program-problem-delete", args=[gov.program.pk, problem.pk]))
    assert not ProblemEntry.objects.exists()
    # Another program's entry through this program's address: not there.
    other = services.problem_create(actor=gov.stranger, program=gov.other_program, text_ru="Чужая")
    answer = client.post(reverse("program-problem-delete", args=[gov.program.pk, other.pk]))
    assert answer.status_code == 404 and ProblemEntry.objects.filter(pk=other.pk).exists()


def test_the_map_page_and_its_xlsx_export(gov, client):
    services.priority_add(actor=gov.manager, program=gov.program, project=gov.project)
    FundingLine.objects.create(
        project=gov.project, source="national_fund", year=2026, amount=Decimal("1234.5")
    )
    client.force_login(gov.committee_member)
    page = client.get(reverse("program-map", args=[gov.program.pk])).content.decode()
    assert 'data-testid="appendix3"' in page and "National Fund" in page and "1,234.50" in page
    assert gov.bd_head.full_name in page and gov.pm.full_name in page
    answer = client.post(reverse("program-map-xlsx", args=[gov.program.pk]), {"language": "kk"})
    job = ExportJob.objects.get()
    assert answer.status_code == 302 and answer["Location"] == reverse("export-detail", args=[job.pk])
    assert (job.kind, job.params, job.language, job.owner) == (
        "program.map.xlsx",
        {"program": gov.program.pk},
        "kk",
        gov.committee_member,
    )
    assert (
        client.post(reverse("program-map-xlsx", args=[gov.program.pk]), {"language": "en"}).status_code == 400
    )
    client.force_login(gov.bd_head)
    assert (
        client.post(reverse("program-map-xlsx", args=[gov.program.pk]), {"language": "ru"}).status_code == 404
    )
    assert ExportJob.objects.count() == 1


def test_the_api_reads_and_keeps_the_plan(gov, api_as):
    base = f"/api/v1/programs/{gov.program.pk}"
    assert api_as(gov.outsider).get(f"{base}/plan/").status_code == 404
    assert api_as(gov.bd_head).get(f"{base}/map/").status_code == 404
    assert api_as(gov.bd_head).get(f"{base}/problems/").status_code == 404
    member = lambda: api_as(gov.committee_member)  # noqa: E731  (one client: log in before each call)
    assert member().get(f"{base}/plan/").status_code == 200
    assert member().post(f"{base}/problems/", {"text_ru": "Нельзя"}, format="json").status_code == 403
    assert member().post(f"{base}/priorities/", {"project": gov.project.pk}, format="json").status_code == 403

    office = lambda: api_as(gov.po_admin)  # noqa: E731
    foreign = make_direction(program=gov.other_program)
    refused = office().post(f"{base}/problems/", {"text_ru": "Чужая", "direction": foreign.pk}, format="json")
    assert refused.status_code == 400 and "direction" in refused.json()
    created = office().post(
        f"{base}/problems/", {"text_ru": "Износ", "direction": gov.direction.pk}, format="json"
    )
    assert created.status_code == 201 and created.json()["number"] == 1
    pid = created.json()["id"]
    changed = office().patch(
        f"{base}/problems/{pid}/", {"status": "worsening", "assessment": "Хуже"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["status"] == "worsening"
    assert member().patch(f"{base}/problems/{pid}/", {"status": "solved"}, format="json").status_code == 403
    assert [row["text_ru"] for row in member().get(f"{base}/problems/").json()] == ["Износ"]

    foreign_project = make_project(group=make_group(direction=foreign))
    refused = office().post(f"{base}/priorities/", {"project": foreign_project.pk}, format="json")
    assert refused.status_code == 400 and not PriorityProject.objects.exists()
    one = office().post(
        f"{base}/priorities/",
        {"project": gov.project.pk, "financing_need": "50.00", "funding_source": "republican"},
        format="json",
    )
    two = office().post(f"{base}/priorities/", {"project": gov.project2.pk}, format="json")
    assert (one.status_code, two.status_code, two.json()["rank"]) == (201, 201, 2)
    order = [two.json()["id"], one.json()["id"]]
    assert (
        office().post(f"{base}/priorities/reorder/", {"order": order[:1]}, format="json").status_code == 400
    )
    listed = office().post(f"{base}/priorities/reorder/", {"order": order}, format="json").json()
    assert [row["id"] for row in listed["rows"]] == order and listed["total"] == "50.00"
    assert (
        office().patch(f"{base}/priorities/{order[0]}/", {"note": "Быстрее"}, format="json").json()["note"]
        == "Быстрее"
    )
    assert office().delete(f"{base}/priorities/{order[0]}/").status_code == 204

    data = member().get(f"{base}/plan/").json()
    assert data["may_change"] is False and [line["code"] for line in data["directions"]] == [
        gov.direction.code,
        gov.direction2.code,
    ]
    assert data["directions"][0]["problems"][0]["text"] == "Износ"
    assert [row["project"] for row in data["priorities"]["rows"]] == [gov.project.pk]
    lines = member().get(f"{base}/map/").json()["lines"]
    assert lines[0]["heads"] == [gov.bd_head.full_name] and lines[0]["projects"][0]["priority_rank"] == 1
    assert set(lines[0]["financing"]) == {
        "republican",
        "local",
        "national_fund",
        "quasi_public",
        "private",
        "international",
        "other",
    }


def test_the_node_card_links_the_program_documents(gov, django_assert_num_queries):
    for person in (gov.po_admin, gov.committee_member):
        grants_of(person)  # the node page has read the person's powers already
        with django_assert_num_queries(0):
            card = management_card(person, gov.program)
        urls = [link["url"] for link in card["links"]]
        assert reverse("program-plan", args=[gov.program.pk]) in urls
        assert reverse("program-map", args=[gov.program.pk]) in urls
    grants_of(gov.bd_head)
    with django_assert_num_queries(0):
        assert management_card(gov.bd_head, gov.program) is None
        assert management_card(gov.po_admin, gov.direction) is None


@pytest.mark.parametrize(("name", "expected"), [("program-plan", PLAN_QUERIES), ("program-map", MAP_QUERIES)])
def test_the_pages_cost_a_fixed_number_of_queries(gov, client, django_assert_num_queries, name, expected):
    client.force_login(gov.po_admin)
    url = reverse(name, args=[gov.program.pk])
    client.get(url)
    with django_assert_num_queries(expected):
        client.get(url)
    _grow(gov)
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_the_api_plan_costs_a_fixed_number_of_queries(gov, api_as, django_assert_num_queries):
    office = api_as(gov.po_admin)
    url = f"/api/v1/programs/{gov.program.pk}/plan/"
    with django_assert_num_queries(API_PLAN_QUERIES):
        office.get(url)
    _grow(gov)
    with django_assert_num_queries(API_PLAN_QUERIES):
        assert office.get(url).status_code == 200
