"""The performance ratios of Rules p.64 on hand-worked data, the ratios page and API (who sees, pinned queries)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from org.models import Certification
from programs.ratios import program_ratios
from projects.models import Project, ProjectPerformance
from tests.factories import PersonFactory, assign, make_project

DAY = dt.date(2026, 11, 1)


def _set(project, **fields):
    Project.objects.filter(pk=project.pk).update(**fields)


def _performance(project, **fields):
    return ProjectPerformance.objects.create(project=project, **fields)


@pytest.fixture
def worked(gov):
    """Four projects in the program (and one in the other program, which must not count):

    - `project`: completed 15 Jun 2026 (planned 30 Jun), cost 900 of 1000, expectations met, consultants;
    - `project2`: completed 1 Aug 2026 (planned 30 Jun): late, cost 1200 of 1000, expectations partly met;
    - `p3` (in group2): active, planned end 31 Jan 2026: past its end on DAY, no performance row;
    - `p4` (in group2): cancelled, consultants involved (not counted: cancelled), expectations not assessed.

    People with a live role in the subtree on DAY: manager, chair, deputy, committee_member, bd_head, bd_head2,
    gp_head, pm, member, expert, secretary (11) plus `ex_member` whose role ended before DAY (not counted).
    Certificates: manager (open-ended) and pm (valid to 2027) valid on DAY; expert's expired in 2026-10; chair's is
    issued only after DAY; the stranger (other program) has a valid one but does not count.
    """
    _set(
        gov.project,
        status="completed",
        actual_start=dt.date(2025, 2, 1),
        actual_end=dt.date(2026, 6, 15),
        planned_end=dt.date(2026, 6, 30),
        budget=Decimal("1000"),
    )
    _set(
        gov.project2,
        status="completed",
        actual_start=dt.date(2025, 2, 1),
        actual_end=dt.date(2026, 8, 1),
        planned_end=dt.date(2026, 6, 30),
        budget=Decimal("1000"),
    )
    p3 = make_project(group=gov.group2, name="Подстанция", end=dt.date(2026, 1, 31))
    p4 = make_project(group=gov.group2, name="Отменённый")
    _set(p4, status="cancelled")
    other = make_project(group=None, name="Чужой проект")  # outside the program entirely
    _set(other, status="completed", actual_end=dt.date(2026, 1, 1), planned_end=dt.date(2026, 6, 30))
    _performance(
        gov.project,
        expectations="met",
        actual_cost=Decimal("900"),
        consultants_involved=True,
        consultant="PMC LLP",
    )
    _performance(gov.project2, expectations="partly", actual_cost=Decimal("1200"))
    _performance(p4, consultants_involved=True, consultant="X")
    ex_member = PersonFactory(username="ex_member")
    assign(ex_member, "team_member", gov.project2, starts_on=dt.date(2025, 1, 1), ends_on=dt.date(2026, 3, 1))
    Certification.objects.create(person=gov.manager, kind="pmp", issued_on=dt.date(2024, 5, 1))
    Certification.objects.create(
        person=gov.pm, kind="ipma_c", issued_on=dt.date(2025, 5, 1), valid_until=dt.date(2027, 5, 1)
    )
    Certification.objects.create(
        person=gov.expert, kind="ipma_d", issued_on=dt.date(2023, 10, 1), valid_until=dt.date(2026, 10, 1)
    )
    Certification.objects.create(person=gov.chair, kind="prince2", issued_on=dt.date(2026, 12, 1))
    Certification.objects.create(person=gov.stranger, kind="pmp", issued_on=dt.date(2024, 1, 1))
    Certification.objects.create(person=ex_member, kind="pmp", issued_on=dt.date(2024, 1, 1))
    return {"gov": gov, "p3": p3, "p4": p4, "other": other, "ex_member": ex_member}


def _by_key(ratios):
    return {ratio.key: ratio for ratio in ratios}


def test_the_five_ratios_on_hand_worked_data(worked, django_assert_num_queries):
    gov = worked["gov"]
    with django_assert_num_queries(2):
        ratios = _by_key(program_ratios(gov.program, on=DAY))

    expectations = ratios["expectations"]
    assert (expectations.numerator, expectations.denominator) == (1, 2)
    assert expectations.counted == (gov.project.pk,) and expectations.not_counted == (gov.project2.pk,)
    assert expectations.share == 0.5

    terms = ratios["terms"]
    assert (terms.numerator, terms.denominator) == (1, 2)
    assert terms.counted == (gov.project.pk,)
    assert terms.at_risk == (worked["p3"].pk,)

    budget = ratios["budget"]
    assert (budget.numerator, budget.denominator) == (1, 2)
    assert budget.not_counted == (gov.project2.pk,)

    consultants = ratios["consultants"]  # p4 is cancelled: out of the denominator though it had consultants
    assert (consultants.numerator, consultants.denominator) == (1, 3)
    assert set(consultants.not_counted) == {gov.project2.pk, worked["p3"].pk}
    assert consultants.percent == 33

    certified = ratios["certified"]
    assert (certified.numerator, certified.denominator) == (2, 11)
    assert set(certified.counted) == {gov.manager.pk, gov.pm.pk}
    assert gov.expert.pk in certified.not_counted and gov.chair.pk in certified.not_counted
    assert worked["ex_member"].pk not in (*certified.counted, *certified.not_counted)
    assert gov.stranger.pk not in (*certified.counted, *certified.not_counted)


def test_certificates_and_roles_are_read_on_the_day(worked):
    gov = worked["gov"]
    earlier = _by_key(program_ratios(gov.program, on=dt.date(2026, 2, 1)))["certified"]
    # On 1 Feb 2026 the ex-member still held the role (certified) and the expert's certificate was valid.
    assert set(earlier.counted) == {gov.manager.pk, gov.pm.pk, gov.expert.pk, worked["ex_member"].pk}
    assert earlier.denominator == 12
    later = _by_key(program_ratios(gov.program, on=dt.date(2026, 12, 15)))["certified"]
    assert set(later.counted) == {gov.manager.pk, gov.pm.pk, gov.chair.pk}


def test_zero_denominators_give_no_share(gov):
    ratios = _by_key(program_ratios(gov.other_program, on=DAY))
    for key in ("expectations", "terms", "budget", "consultants"):
        assert ratios[key].denominator == 0
        assert ratios[key].share is None and ratios[key].percent is None
    certified = ratios["certified"]  # the stranger holds a role there, uncertified
    assert (certified.numerator, certified.denominator) == (0, 1)
    assert certified.share == 0.0


def test_ratios_page_shows_the_cards_and_the_counted(worked, client):
    gov = worked["gov"]
    client.force_login(gov.manager)
    response = client.get(reverse("program-ratios", args=[gov.program.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="ratio-expectations"' in html and 'id="ratio-certified"' in html
    assert reverse("project-performance", args=[gov.project.pk]) in html
    assert reverse("person-certifications", args=[gov.pm.pk]) in html
    assert "not an official methodology" in html
    assert "1 / 3" in html and "2 / 11" in html


@pytest.mark.parametrize("who", ["outsider", "pm", "stranger", "bd_head"])
def test_ratios_page_needs_the_whole_program(gov, client, who):
    """The project manager and the head of one direction see parts only: 404 like an outsider."""
    client.force_login(getattr(gov, who))
    assert client.get(reverse("program-ratios", args=[gov.program.pk])).status_code == 404


@pytest.mark.parametrize("who", ["manager", "committee_member", "po_admin", "office_staff", "curator"])
def test_ratios_page_for_readers_of_the_program(gov, client, who):
    client.force_login(getattr(gov, who))
    assert client.get(reverse("program-ratios", args=[gov.program.pk])).status_code == 200


def test_ratios_page_queries_do_not_grow(worked, client, django_assert_num_queries):
    gov = worked["gov"]
    client.force_login(gov.manager)
    url = reverse("program-ratios", args=[gov.program.pk])
    client.get(url)
    with django_assert_num_queries(QUERIES_RATIOS_PAGE) as first:
        client.get(url)
    for n in range(4):
        project = make_project(group=gov.group2, name=f"Ещё {n}")
        _performance(project, expectations="met", consultants_involved=True, consultant="C")
        assign(PersonFactory(), "team_member", project)
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(url)
    assert "5 / 7" in response.content.decode()  # consultants: project + 4 new over 7 not cancelled


#: session, user, grants, program, the two ratio queries, the projects, the people.
QUERIES_RATIOS_PAGE = 8


def test_ratios_api(worked, api_as):
    gov = worked["gov"]
    response = api_as(gov.po_admin).get(f"/api/v1/programs/{gov.program.pk}/ratios/")
    assert response.status_code == 200
    rows = {row["key"]: row for row in response.json()}
    assert rows["terms"]["numerator"] == 1 and rows["terms"]["at_risk"] == [worked["p3"].pk]
    assert rows["budget"]["share"] == 0.5
    assert rows["certified"]["title"]
    earlier = (
        api_as(gov.po_admin).get(f"/api/v1/programs/{gov.program.pk}/ratios/", {"on": "2026-02-01"}).json()
    )
    assert [row["denominator"] for row in earlier if row["key"] == "certified"] == [12]
    assert (
        api_as(gov.po_admin).get(f"/api/v1/programs/{gov.program.pk}/ratios/", {"on": "x"}).status_code == 400
    )
    assert api_as(gov.outsider).get(f"/api/v1/programs/{gov.program.pk}/ratios/").status_code == 404
    assert api_as(gov.pm).get(f"/api/v1/programs/{gov.program.pk}/ratios/").status_code == 404
