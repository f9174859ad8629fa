"""Writes of the goal map: passports, plans (approved / adjusted), facts (periods, corrections, evidence), links."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kpi_maps.choices import Direction, Periodicity
from kpi_maps.models import Contribution, Indicator, Target, Value
from kpi_maps.services.contributions import contribution_create, contribution_delete, contribution_update
from kpi_maps.services.indicators import indicator_create, indicator_delete, indicator_update
from kpi_maps.services.targets import target_delete, target_set
from kpi_maps.services.values import value_delete, value_record
from pmis.core.concurrency import StaleVersion
from tests.factories_kpi import make_indicator

pytestmark = pytest.mark.django_db


def test_indicator_create_needs_change_on_the_node(gm):
    program = gm.tree["program"]
    ind = indicator_create(actor=gm.program_manager, node=program, code=" P-2 ", name_ru="Охват", unit_ru="%")
    assert (ind.code, ind.node_kind, ind.node_id, ind.node_path, ind.level) == (
        "P-2",
        "program",
        program.pk,
        program.path,
        2,
    )
    assert ind.history.first().history_user == gm.program_manager
    with pytest.raises(PermissionDenied):
        indicator_create(actor=gm.pm, node=program, code="P-3", name_ru="x")
    with pytest.raises(ValidationError, match="already exists"):
        indicator_create(actor=gm.office, node=program, code="P-2", name_ru="x")
    with pytest.raises(ValidationError, match="at least one language"):
        indicator_create(actor=gm.office, node=program, code="P-4")
    with pytest.raises(ValidationError, match="together"):
        indicator_create(actor=gm.office, node=program, code="P-5", name_ru="x", base_value=D(1))


def test_indicator_update_versions_and_stays_on_its_node(gm):
    ind = gm.indicators["prog"]
    ind = indicator_update(ind, actor=gm.program_manager, version=1, name_en="Coverage", reason="typo")
    assert ind.version == 2 and ind.name_en == "Coverage"
    assert ind.history.first().history_change_reason == "typo"
    with pytest.raises(StaleVersion):
        indicator_update(ind, actor=gm.program_manager, version=1, name_en="Late")
    with pytest.raises(ValidationError, match="cannot move"):
        indicator_update(ind, actor=gm.office, node_id=gm.tree["direction"].pk)
    with pytest.raises(ValidationError, match="other periodicity"):  # annual plans exist
        indicator_update(ind, actor=gm.office, periodicity=Periodicity.QUARTERLY)
    with pytest.raises(PermissionDenied):
        indicator_update(ind, actor=gm.bd_head, name_en="x")
    assert Indicator.objects.get(pk=ind.pk).version == 2


def test_indicator_delete_refused_with_facts_or_links(gm):
    with pytest.raises(ValidationError, match="2 actual values"):
        indicator_delete(gm.indicators["a"], actor=gm.office)
    with pytest.raises(ValidationError, match="2 decomposition links"):
        indicator_delete(gm.indicators["prog"], actor=gm.office)
    lone = make_indicator(gm.tree["projects"][0], "A-9")
    target_set(actor=gm.office, indicator=lone, year=2025, value=5)
    with pytest.raises(PermissionDenied):  # the project manager has no delete power
        indicator_delete(lone, actor=gm.pm)
    indicator_delete(lone, actor=gm.office, reason="duplicate")
    assert (
        not Indicator.objects.filter(code="A-9").exists()
        and not Target.objects.filter(indicator_id=lone.pk).exists()
    )


def test_plan_approved_then_adjusted_with_a_reason(gm):
    ind = gm.indicators["a"]
    target = target_set(actor=gm.pm, indicator=ind, year=2027, value="90,5", basis="Order 12")
    assert (target.value, target.approved_value, target.is_adjusted) == (D("90.5"), D("90.5"), False)
    with pytest.raises(ValidationError, match="reason"):
        target_set(actor=gm.pm, indicator=ind, year=2027, value=85)
    with pytest.raises(StaleVersion):
        target_set(actor=gm.pm, indicator=ind, year=2027, value=85, reason="council", version=7)
    target = target_set(actor=gm.pm, indicator=ind, year=2027, value=85, reason="council", version=1)
    target.refresh_from_db()
    assert (target.value, target.approved_value, target.is_adjusted, target.version) == (
        D(85),
        D("90.5"),
        True,
        2,
    )
    assert [row.history_change_reason for row in target.history.all()] == ["council", "Approved"]
    with pytest.raises(PermissionDenied):  # viewing is not planning
        target_set(actor=gm.curator, indicator=ind, year=2028, value=1)
    with pytest.raises(ValidationError, match="reason"):
        target_delete(target, actor=gm.pm, reason=" ")
    target_delete(target, actor=gm.pm, reason="wrong year")
    assert not Target.objects.filter(pk=target.pk).exists()


def test_plan_periods_and_ranges(gm):
    ind = gm.indicators["a"]
    with pytest.raises(ValidationError, match="annual"):
        target_set(actor=gm.office, indicator=ind, year=2027, quarter=2, value=1)
    with pytest.raises(ValidationError, match="upper bound"):
        target_set(actor=gm.office, indicator=ind, year=2027, value=1, value_high=2)
    ranged = make_indicator(
        gm.tree["projects"][0], "R-1", direction=Direction.RANGE, periodicity=Periodicity.QUARTERLY
    )
    with pytest.raises(ValidationError, match="quarterly"):
        target_set(actor=gm.office, indicator=ranged, year=2027, value=1, value_high=2)
    with pytest.raises(ValidationError, match="give the upper bound"):
        target_set(actor=gm.office, indicator=ranged, year=2027, quarter=1, value=1)
    with pytest.raises(ValidationError, match="not be below"):
        target_set(actor=gm.office, indicator=ranged, year=2027, quarter=1, value=3, value_high=2)
    target = target_set(actor=gm.office, indicator=ranged, year=2027, quarter=1, value=2, value_high=4)
    assert (target.approved_value, target.approved_value_high) == (D(2), D(4))
    assert Target.objects.filter(indicator=ranged).count() == 1


def test_fact_entered_corrected_with_reason_and_evidence(gm):
    ind = gm.indicators["a"]
    evidence = SimpleUploadedFile("stat.pdf", b"%PDF-1.4 figures", content_type="application/pdf")
    fact = value_record(actor=gm.pm, indicator=ind, year=2023, value="55", source="БНС", evidence=evidence)
    assert (fact.value, fact.source, fact.entered_by, fact.version) == (D(55), "БНС", gm.pm, 1)
    assert fact.evidence.name.endswith(".pdf")
    with pytest.raises(ValidationError, match="reason"):
        value_record(actor=gm.gp_head, indicator=ind, year=2023, value=56)
    with pytest.raises(StaleVersion):
        value_record(actor=gm.gp_head, indicator=ind, year=2023, value=56, reason="revised", version=5)
    fact = value_record(actor=gm.gp_head, indicator=ind, year=2023, value=56, reason="revised", version=1)
    fact.refresh_from_db()
    assert (fact.value, fact.entered_by, fact.version, fact.source) == (D(56), gm.gp_head, 2, "БНС")
    assert fact.evidence.name.endswith(".pdf")  # kept: not replaced
    assert [(h.value, h.history_user) for h in fact.history.all()] == [(D(56), gm.gp_head), (D(55), gm.pm)]
    with pytest.raises(PermissionDenied):
        value_record(actor=gm.pm, indicator=gm.indicators["b"], year=2023, value=1)
    value_delete(fact, actor=gm.pm, reason="entered twice")
    assert not Value.objects.filter(pk=fact.pk).exists()


def test_fact_periods_refused(gm, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(timezone, "localdate", lambda: dt.date(2026, 7, 15))
    ind = gm.indicators["kni"]  # annual, base year 2022
    with pytest.raises(ValidationError, match="before the base year 2022"):
        value_record(actor=gm.office, indicator=ind, year=2021, value=1)
    with pytest.raises(ValidationError, match="2027 has not begun"):
        value_record(actor=gm.office, indicator=ind, year=2027, value=1)
    with pytest.raises(ValidationError, match="annual"):
        value_record(actor=gm.office, indicator=ind, year=2025, quarter=1, value=1)
    assert (
        value_record(actor=gm.office, indicator=ind, year=2026, value=70).year == 2026
    )  # the year has begun
    quarterly = make_indicator(gm.tree["program"], "Q-1", periodicity=Periodicity.QUARTERLY)
    with pytest.raises(ValidationError, match="Quarter 3 of 2026 has not ended"):
        value_record(actor=gm.office, indicator=quarterly, year=2026, quarter=3, value=1)
    with pytest.raises(ValidationError, match="quarterly"):
        value_record(actor=gm.office, indicator=quarterly, year=2026, value=1)
    assert value_record(actor=gm.office, indicator=quarterly, year=2026, quarter=2, value=1).quarter == 2
    with pytest.raises(ValidationError, match="number"):
        value_record(actor=gm.office, indicator=quarterly, year=2026, quarter=1, value="много")
    assert Value.objects.filter(indicator=quarterly).count() == 1


def test_evidence_over_20_mb_refused(gm):
    big = SimpleUploadedFile("big.bin", b"0" * (20 * 1024 * 1024 + 1))
    with pytest.raises(ValidationError, match="20 MB"):
        value_record(actor=gm.office, indicator=gm.indicators["grp"], year=2024, value=1, evidence=big)
    assert not Value.objects.filter(indicator=gm.indicators["grp"], year=2024).exists()


def test_links_below_only_and_shares_at_most_100(gm):
    kni, prog, a = gm.indicators["kni"], gm.indicators["prog"], gm.indicators["a"]
    with pytest.raises(ValidationError, match=r"P-1 \(on program:\d+\) does not lie below A-1"):
        contribution_create(actor=gm.office, parent=a, child=prog, share=10)
    with pytest.raises(ValidationError, match="does not lie below"):  # same node is not below
        contribution_create(
            actor=gm.office, parent=prog, child=make_indicator(gm.tree["program"], "P-9"), share=10
        )
    with pytest.raises(ValidationError, match=r"80 % is already given, 20 % is left"):
        contribution_create(actor=gm.office, parent=kni, child=a, share="20.5")
    with pytest.raises(ValidationError, match="more than 0"):
        contribution_create(actor=gm.office, parent=kni, child=a, share=0)
    with pytest.raises(PermissionDenied):  # the curator only reads the KNI
        contribution_create(actor=gm.curator, parent=kni, child=a, share=10)
    link = contribution_create(actor=gm.office, parent=kni, child=a, share=20, note="direct")
    assert link.share == D(20) and link.created_by == gm.office
    existing = Contribution.objects.get(parent=kni, child=prog)
    with pytest.raises(ValidationError, match=r"20 % is already given, 80 % is left"):
        contribution_update(existing, actor=gm.office, share=81)
    assert contribution_update(existing, actor=gm.office, share=80, note="ok").note == "ok"
    contribution_delete(link, actor=gm.office)
    assert not Contribution.objects.filter(pk=link.pk).exists()


def test_writes_publish_values_changed(gm, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "kpi_maps.live.values_changed", lambda ids, year, quarter: calls.append((ids, year, quarter))
    )
    ind = gm.indicators["grp"]
    target_set(actor=gm.office, indicator=ind, year=2027, value=1)
    value_record(actor=gm.office, indicator=ind, year=2024, value=1)
    assert calls == [([ind.pk], 2027, 0), ([ind.pk], 2024, 0)]


def test_direction_change_refused_while_plans_are_ranges(gm):
    ranged = make_indicator(gm.tree["program"], "R-2", direction=Direction.RANGE)
    target_set(actor=gm.office, indicator=ranged, year=2027, value=2, value_high=4)
    with pytest.raises(ValidationError, match="1 plans of this indicator are ranges"):
        indicator_update(ranged, actor=gm.office, direction=Direction.HIGHER)
    assert Indicator.objects.get(pk=ranged.pk).direction == Direction.RANGE
