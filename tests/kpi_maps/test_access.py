"""Who may read and write the goal map (pmis.core.authorization, kpi_maps.access), and the hierarchy's care of it."""

import pytest
from django.core.exceptions import ValidationError

from kpi_maps.access import may_read_subtree
from kpi_maps.models import Indicator, Value
from pmis.core import authorization
from pmis.core.authorization import CHANGE, CONTRIBUTE, DELETE, VIEW
from programs.services import group_update
from projects.services.project import project_delete
from tests.factories import make_group


def test_the_project_manager_reads_the_goal_map_above_as_context(gm):
    kni, a, b = gm.indicators["kni"], gm.indicators["a"], gm.indicators["b"]
    assert authorization.can(gm.pm, VIEW, kni)  # the KNI their project serves (Rules p.17)
    assert authorization.can(gm.pm, VIEW, a)
    assert not authorization.can(gm.pm, VIEW, b)  # a neighbouring project is not context
    visible = set(authorization.restrict(Indicator.objects.all(), gm.pm).values_list("code", flat=True))
    assert visible == {"KNI-1", "P-1", "D-1", "G-1", "A-1"}
    assert not authorization.can(gm.pm, CHANGE, kni)
    assert authorization.can(gm.pm, CONTRIBUTE, a) and authorization.can(gm.pm, CHANGE, a)
    facts = authorization.restrict(Value.objects.all(), gm.pm)
    assert set(facts.values_list("indicator__code", flat=True)) == {"KNI-1", "G-1", "A-1"}


def test_an_outsider_sees_nothing(gm, outsider):
    assert not authorization.restrict(Indicator.objects.all(), outsider).exists()
    assert not authorization.can(outsider, VIEW, gm.indicators["kni"])
    assert not may_read_subtree(outsider, gm.portfolio)


def test_the_office_keeps_the_national_priorities_indicators(gm):
    """Rules p.37(4): the Office enters and updates the KNIs of the curators; the curator reads them."""
    kni = gm.indicators["kni"]
    assert authorization.can(gm.office, CHANGE, kni) and authorization.can(gm.office, CONTRIBUTE, kni)
    assert authorization.can(gm.curator, VIEW, kni)
    assert not authorization.can(gm.curator, CONTRIBUTE, kni)
    assert not authorization.can(gm.curator, DELETE, kni)


def test_heads_enter_the_facts_of_their_level(gm):
    """Rules p.68(11), p.70(9): the indicators of programs, directions and groups are their heads'."""
    assert authorization.can(gm.program_manager, CONTRIBUTE, gm.indicators["prog"])
    assert authorization.can(gm.gp_head, CONTRIBUTE, gm.indicators["grp"])
    assert not authorization.can(gm.gp_head, CONTRIBUTE, gm.indicators["bd"])


def test_only_those_who_see_the_whole_portfolio_read_its_monitoring(gm, viewer):
    assert may_read_subtree(gm.curator, gm.portfolio)
    assert may_read_subtree(gm.office, gm.portfolio)
    assert may_read_subtree(viewer, gm.portfolio)
    assert not may_read_subtree(gm.pm, gm.portfolio)  # sees the portfolio only as the context of a project
    assert may_read_subtree(gm.pm, gm.tree["projects"][0])


def test_a_moved_group_takes_its_indicators_along(gm):
    new_group = make_group(direction=gm.tree["direction"], name="Новая группа")
    subgroup = gm.tree["subgroup"]
    group_update(actor=None, group=subgroup, parent=new_group)
    subgroup.refresh_from_db()
    assert Indicator.objects.get(code="G-1").node_path == subgroup.path
    assert Indicator.objects.get(code="A-1").node_path.startswith(subgroup.path)


def test_a_node_with_indicators_cannot_be_deleted(gm):
    project = gm.tree["projects"][0]
    with pytest.raises(ValidationError, match="indicators"):
        project_delete(actor=None, project=project, reason="")
    assert type(project).objects.filter(pk=project.pk).exists()


def test_the_node_page_shows_its_indicators_scored(gm, client):
    client.force_login(gm.pm)
    project = gm.tree["projects"][0]
    response = client.get(project.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    assert "A-1" in body and "kpi-green" in body and "100 %" in body
    assert "kpi-dashboard" not in body  # no way to a portfolio page from a project


def test_the_portfolio_page_leads_the_curator_to_the_goal_map(gm, client):
    client.force_login(gm.curator)
    body = client.get(gm.portfolio.get_absolute_url()).content.decode()
    assert "KNI-1" in body and "kpi-amber" in body and "90 %" in body
