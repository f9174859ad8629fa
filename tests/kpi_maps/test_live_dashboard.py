"""Live dashboards on the real Redis channel layer: an entered fact reaches the curator's open dashboard with the
new scores of the indicator and of every indicator it rolls up to; nothing on rollback; the socket is refused like
the page's 404 for outsiders and for people who see the portfolio only as context."""

from decimal import Decimal as D

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async as sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.db import connections, transaction

from kpi_maps.live import EVENT, dashboard_group, score_deltas, values_changed
from kpi_maps.models import Value
from kpi_maps.services.values import value_record
from pmis.routing import websocket_urlpatterns
from tests.factories import PersonFactory
from tests.factories_kpi import make_goal_map

pytestmark = [pytest.mark.django_db(transaction=True)]


@pytest_asyncio.fixture(autouse=True)
async def close_thread_connections():
    yield
    await sync_to_async(connections.close_all)()


def communicator(gm_or_id, user):
    pk = gm_or_id if isinstance(gm_or_id, int) else gm_or_id.portfolio.pk
    socket = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/kpi/dashboards/{pk}/")
    socket.scope["user"] = user
    return socket


@pytest.mark.asyncio
async def test_a_corrected_fact_reaches_the_open_dashboard_with_the_new_roll_up():
    gm = await sync_to_async(make_goal_map)()
    curator, office = communicator(gm, gm.curator), communicator(gm, gm.office)
    assert (await curator.connect())[0] and (await office.connect())[0]

    # A-1 in 2025: 70 → 56 against the plan 70 → 0.8; its group then rolls up (0.6 × 0.8 + 0.4 × 0.8) = 0.8.
    await sync_to_async(value_record)(
        actor=gm.pm,
        indicator=gm.indicators["a"],
        year=2025,
        value=D("56"),
        reason="Уточнённые данные",
        version=1,
    )
    for socket in (curator, office):
        event = await socket.receive_json_from(timeout=5)
        assert event["event"] == EVENT and event["period"] == [2025, 0]
        rows = {row["id"]: row for row in event["rows"]}
        ids = {key: gm.indicators[key].pk for key in ("kni", "prog", "bd", "grp", "a")}
        assert set(rows) == set(ids.values())  # the changed indicator and every one it contributes to
        a = rows[ids["a"]]
        assert (a["fact"], a["achievement"], a["colour"], a["deviation"]) == (
            "56.0000",
            "0.8000",
            "amber",
            "-14.0000",
        )
        assert rows[ids["grp"]]["rolled"] == "0.8000" and rows[ids["grp"]]["rolled_colour"] == "amber"
        kni = rows[ids["kni"]]
        assert (kni["achievement"], kni["rolled"], kni["colour"]) == ("0.9000", "0.8000", "amber")
        assert set(kni) == {
            "id", "plan", "plan_high", "fact", "achievement", "colour", "rolled", "rolled_colour", "forecast",
            "misses", "deviation",
        }  # fmt: skip
    for socket in (curator, office):
        assert await socket.receive_nothing(timeout=0.3)
        await socket.disconnect()


@pytest.mark.asyncio
async def test_nothing_is_sent_when_the_transaction_rolls_back():
    gm = await sync_to_async(make_goal_map)()
    socket = communicator(gm, gm.curator)
    assert (await socket.connect())[0]

    def write_and_fail():
        with pytest.raises(RuntimeError), transaction.atomic():
            Value.objects.filter(indicator=gm.indicators["a"], year=2025).update(value=D("1"))
            values_changed([gm.indicators["a"].pk], 2025, 0)
            raise RuntimeError("the write is refused")

    await sync_to_async(write_and_fail)()
    assert await socket.receive_nothing(timeout=1)
    stored = await sync_to_async(lambda: Value.objects.get(indicator=gm.indicators["a"], year=2025).value)()
    assert stored == D("70")
    await socket.disconnect()


@pytest.mark.asyncio
async def test_outsiders_and_context_only_readers_are_closed_with_4404():
    gm = await sync_to_async(make_goal_map)()
    outsider = await sync_to_async(PersonFactory)(username="dash-outsider")
    for target, user in (
        (gm, outsider),
        (gm, AnonymousUser()),
        (gm, gm.pm),  # sees the portfolio only above their project
        (gm, gm.program_manager),
        (999999, gm.curator),
    ):
        socket = communicator(target, user)
        connected, code = await socket.connect()
        assert not connected and code == 4404


def test_each_group_gets_only_the_rows_its_node_shows(db):
    gm = make_goal_map()
    a, b = gm.indicators["a"], gm.indicators["b"]
    project_a, project_b = gm.tree["projects"]
    deltas = score_deltas([a.pk, b.pk], 2025, 0)
    shown = {group: {row["id"] for row in payload["rows"]} for groups, payload in deltas for group in groups}
    above = {gm.indicators[key].pk for key in ("kni", "prog", "bd", "grp")}
    assert shown[dashboard_group("portfolio", gm.portfolio.pk)] == above | {a.pk, b.pk}
    assert shown[dashboard_group("group", gm.tree["subgroup"].pk)] == above | {a.pk, b.pk}
    # A project's page sees its own indicator and those above it as context, never the other project's.
    assert shown[dashboard_group("project", project_a.pk)] == above | {a.pk}
    assert shown[dashboard_group("project", project_b.pk)] == above | {b.pk}
    # Groups that show the same rows share one message: one per distinct set of rows.
    assert len(deltas) == 3
    assert all(payload["period"] == [2025, 0] for _groups, payload in deltas)


def test_an_inactive_or_unknown_indicator_sends_nothing(db):
    gm = make_goal_map()
    leaf = gm.indicators["a"]
    type(leaf).objects.filter(pk=leaf.pk).update(is_active=False)
    deltas = score_deltas([leaf.pk, 987654], 2025, 0)
    ids = {row["id"] for _groups, payload in deltas for row in payload["rows"]}
    assert leaf.pk not in ids and 987654 not in ids


def test_an_indicator_outside_the_decomposition_is_scored_alone(db):
    from tests.factories_kpi import fact, make_indicator, plan

    gm = make_goal_map()
    project_a = gm.tree["projects"][0]
    own = make_indicator(project_a, "A-OWN")
    plan(own, 2025, 40)
    fact(own, 2025, 30)
    (delta,) = score_deltas([own.pk], 2025, 0)
    groups, payload = delta
    assert payload["rows"] == [
        {
            "id": own.pk,
            "plan": "40.0000",
            "plan_high": None,
            "fact": "30.0000",
            "achievement": "0.7500",
            "colour": "red",
            "rolled": None,
            "rolled_colour": "grey",
            "forecast": None,
            "misses": False,
            "deviation": "-10.0000",
        }
    ]
    assert dashboard_group("portfolio", gm.portfolio.pk) in groups
    assert dashboard_group("project", project_a.pk) in groups
    assert dashboard_group("project", gm.tree["projects"][1].pk) not in groups


def test_an_event_costs_three_statements_whatever_the_chain(db, django_assert_num_queries):
    gm = make_goal_map()
    with django_assert_num_queries(3):  # the chain up the links, the rule set, the scores
        score_deltas([gm.indicators["a"].pk], 2025, 0)
    with django_assert_num_queries(3):
        score_deltas([gm.indicators[key].pk for key in ("a", "b", "grp", "kni")], 2025, 0)


@pytest.mark.django_db(transaction=True)
def test_a_transaction_of_many_writes_publishes_each_period_once(gm, monkeypatch):
    """The demo and scripts write figure after figure in one transaction: one publication per period."""
    from django.db import transaction

    from kpi_maps import live

    published = []
    monkeypatch.setattr(
        live, "_publish_scores", lambda ids, year, quarter: published.append((ids, year, quarter))
    )
    a, b, kni = (gm.indicators[key].pk for key in ("a", "b", "kni"))
    with transaction.atomic():
        live.values_changed([a], 2025, 0)
        live.values_changed([b], 2025, 0)
        live.values_changed([kni], 2024, 0)
        assert published == []
    assert sorted(published) == [([kni], 2024, 0), (sorted([a, b]), 2025, 0)]
    live.values_changed([a], 2025, 0)  # outside a transaction: at once
    assert published[-1] == ([a], 2025, 0)
