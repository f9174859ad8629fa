"""The Office configures the achievement rule sets; every score follows them."""

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kpi_maps.models import RuleSet
from kpi_maps.selectors.scores import rules_for, scores
from kpi_maps.services.rules import rule_set_delete, rule_set_save


def _default() -> RuleSet:
    return RuleSet.objects.filter(portfolio__isnull=True).first() or RuleSet.objects.create(
        name_ru="По умолчанию"
    )


def test_a_portfolio_s_own_rules_change_its_colours(gm):
    own = RuleSet(portfolio=gm.portfolio, name_ru="Строже", green=D("0.99"), amber=D("0.95"))
    rule_set_save(own, actor=gm.office)
    rules, rule_set = rules_for(gm.portfolio.pk)
    assert rule_set == own
    result = scores(gm.portfolio.path, 2025, 0, rules)
    assert result[gm.indicators["grp"].pk].colour == "amber"  # 0.95: green by default, amber here
    assert result[gm.indicators["kni"].pk].colour == "red"  # 0.90


def test_thresholds_out_of_order_are_refused(gm):
    default = _default()
    default.green = D("0.70")
    with pytest.raises(ValidationError):
        rule_set_save(default, actor=gm.office)
    default.refresh_from_db()
    assert default.green == D("0.95")


def test_only_the_office_configures_scoring(gm):
    default = _default()
    default.cap = D("1.20")
    with pytest.raises(PermissionDenied):
        rule_set_save(default, actor=gm.curator)
    with pytest.raises(ValidationError):
        rule_set_delete(default, actor=gm.office)
    assert RuleSet.objects.filter(pk=default.pk, cap=D("1.00")).exists()


def test_the_office_edits_rule_sets_in_the_admin(gm, client):
    gm.office.is_staff = True
    gm.office.save()
    client.force_login(gm.office)
    default = _default()
    assert client.get(f"/admin/kpi_maps/ruleset/{default.pk}/change/").status_code == 200
    gm.curator.is_staff = True
    gm.curator.save()
    client.force_login(gm.curator)
    response = client.get(f"/admin/kpi_maps/ruleset/{default.pk}/change/")
    assert response.status_code == 200 and b'name="cap"' not in response.content  # read only
