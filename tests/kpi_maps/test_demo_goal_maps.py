"""The demo's goal maps (pmis.demo.goal_maps): made through the services, decomposed to every project, mixed
colours on the curators' dashboards, a forecast that misses, regional plans to rate, and idempotent."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import F, Sum

from kpi_maps.choices import Colour, Direction, IndicatorKind, Periodicity
from kpi_maps.models import Contribution, Indicator, Target, Value
from kpi_maps.selectors.scores import rules_for, scores
from org.models import Person, Role
from org.services import roles_load_catalogue
from pmis.demo import data, goal_maps
from portfolios.models import Portfolio
from programs.models import BasicDirection, Program, ProjectGroup
from projects.models import Project

pytestmark = pytest.mark.django_db

#: A day after the demo's last fact periods (the services refuse facts of periods that have not ended).
TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def demo():
    # A transactional test run earlier in this worker flushes the catalogue its migration loaded.
    if not Role.objects.exists():
        roles_load_catalogue()
    call_command("demo_data", "--quiet")
    goal_maps.build(today=TODAY)


def rows() -> dict[str, int]:
    """Rows of every table the goal maps write, history included."""
    result = {}
    for model in (Indicator, Target, Value, Contribution):
        result[model._meta.label] = model.objects.count()
        result[f"{model._meta.label} history"] = model.history.count()
    return result


def test_every_portfolio_has_its_knis_with_plans_and_facts_written_by_the_office(demo):
    knis = Indicator.objects.filter(kind=IndicatorKind.KNI)
    per_portfolio = Counter(kni.node_id for kni in knis)
    portfolios = Portfolio.objects.filter(name_ru__in=[spec.names[1] for spec in data.PORTFOLIOS])
    assert sorted(per_portfolio[p.pk] for p in portfolios) == [3, 3, 4]
    assert all(kni.node_kind == "portfolio" and kni.level == 1 for kni in knis)
    for kni in knis:
        assert kni.name_kk and kni.name_ru and kni.name_en and kni.unit_ru and kni.methodology
        assert kni.base_value is not None and kni.base_year == 2022
        if kni.periodicity == Periodicity.ANNUAL:
            assert list(kni.targets.values_list("year", flat=True)) == list(range(2023, 2030)), kni.code
            assert list(kni.values.values_list("year", flat=True)) == [2023, 2024, 2025], kni.code
    unemployment = Indicator.objects.get(code="KNI-SOC-1")
    assert unemployment.name_ru == "Уровень безработицы" and unemployment.direction == Direction.LOWER
    inflation = Indicator.objects.get(code="KNI-SOC-4")
    assert inflation.direction == Direction.RANGE and inflation.periodicity == Periodicity.QUARTERLY
    assert inflation.targets.count() == 28 and not inflation.targets.filter(value_high__isnull=True).exists()
    # Quarters of 2026 that have ended by TODAY, none that has not.
    assert sorted(inflation.values.filter(year=2026).values_list("quarter", flat=True)) == [1, 2, 3]
    # Written by the demo's Office employee through the services: history and authorship are the real ones.
    office = Person.objects.get(username=goal_maps.OFFICE_USERNAME)
    assert set(Indicator.objects.values_list("created_by", flat=True)) == {office.pk}
    assert set(Value.objects.values_list("entered_by", flat=True)) == {office.pk}
    assert set(Indicator.history.values_list("history_user", flat=True)) == {office.pk}
    assert set(Target.history.values_list("history_user", flat=True)) == {office.pk}
    assert not Target.objects.exclude(approved_value=F("value")).exists()  # plans as approved, none adjusted


def test_the_map_reaches_every_project_with_shares_within_100(demo):
    demo_paths = [p.path for p in Portfolio.objects.all()]
    for model in (Program, BasicDirection, ProjectGroup, Project):
        nodes = [n for n in model.objects.all() if n.path.startswith(tuple(demo_paths))]
        assert nodes, model
        attached = set(Indicator.objects.filter(node_kind=model.KIND).values_list("node_id", flat=True))
        assert {n.pk for n in nodes} <= attached, model
    # Every indicator below a KNI feeds exactly one indicator of the node right above its own (a macro-indicator
    # of a development plan, which the operational plan's demo adds, is not decomposed from a KNI).
    below = Indicator.objects.exclude(kind__in=[IndicatorKind.KNI, IndicatorKind.MACRO])
    links = {link.child_id: link for link in Contribution.objects.select_related("parent", "child")}
    for indicator in below:
        link = links[indicator.pk]
        assert indicator.node_path.startswith(link.parent.node_path), indicator.code
        assert len(indicator.node_path) > len(link.parent.node_path)
    assert Contribution.objects.count() == below.count()
    totals = Contribution.objects.values("parent").annotate(total=Sum("share"))
    assert all(Decimal(80) <= row["total"] <= Decimal(90) for row in totals), totals
    # Projects' own indicators are the project manager's (no level), the others carry levels 2–4.
    assert {i.level for i in below} == {2, 3, 4, None}


def test_dashboards_show_a_mix_of_colours_and_a_missed_forecast(demo, client):
    colours = Counter()
    for portfolio in Portfolio.objects.all():
        rules, _rule_set = rules_for(portfolio.pk)
        found = scores(portfolio.path, 2025, 0, rules)
        assert found, portfolio
        colours.update(score.colour for score in found.values())
        knis = Counter(
            found[pk].colour
            for pk in Indicator.objects.filter(node_id=portfolio.pk, kind=IndicatorKind.KNI).values_list(
                "pk", flat=True
            )
            if found[pk].colour != Colour.GREY
        )
        assert knis, portfolio  # every portfolio's KNIs are scored for 2025
    assert colours[Colour.GREEN] and colours[Colour.AMBER] and colours[Colour.RED], colours
    assert colours[Colour.GREEN] > colours[Colour.RED]

    health = Indicator.objects.get(code="KNI-HLT-1")
    life = scores(health.node_path, 2025, 0, rules_for(health.node_id)[0], ids=[health.pk])[health.pk]
    assert life.colour == Colour.GREEN  # 71.4 of 72.5 this year …
    assert life.misses and life.forecast < life.final_plan == Decimal("75")  # … too slow for 2029
    digital = Indicator.objects.get(code="KNI-SOC-3")
    on_course = scores(digital.node_path, 2025, 0, rules_for(digital.node_id)[0], ids=[digital.pk])[
        digital.pk
    ]
    assert not on_course.misses and on_course.forecast >= on_course.final_plan
    assert on_course.decomposed and on_course.rolled is not None and on_course.project_share > 0

    # The curators' dashboard opens on it for the Office.
    client.force_login(Person.objects.get(username=goal_maps.OFFICE_USERNAME))
    response = client.get(f"/api/v1/kpi/dashboards/{health.node_id}/")
    assert response.status_code == 200


def test_two_regional_plans_carry_every_annual_kni_of_their_portfolio(demo):
    regional = list(Program.objects.exclude(region="").filter(region__in=goal_maps.REGIONS))
    assert len(regional) == 2
    for program in regional:
        annual = set(
            Indicator.objects.filter(
                node_kind="portfolio", node_id=program.portfolio_id, periodicity=Periodicity.ANNUAL
            ).values_list("pk", flat=True)
        )
        own = Indicator.objects.filter(node_kind="program", node_id=program.pk)
        fed = set(Contribution.objects.filter(child__in=own).values_list("parent", flat=True))
        assert fed == annual and len(annual) == 3
        region_ru = goal_maps.REGIONS[program.region][1]
        assert all(region_ru in indicator.name_ru for indicator in own)
        assert Value.objects.filter(indicator__in=own, year=2025).count() == own.count()


def test_a_second_build_changes_nothing(demo, django_assert_max_num_queries):
    before = rows()
    with django_assert_max_num_queries(1):
        goal_maps.build(today=TODAY)
    assert rows() == before


def test_nothing_without_the_demo_people():
    goal_maps.build(today=TODAY)
    assert not Indicator.objects.exists()
