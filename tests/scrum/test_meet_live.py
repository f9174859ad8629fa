"""The live meeting page on the real Redis channel layer: whoever watches the meeting hears which part changed
after an outcome is recorded; an outsider's socket is closed with 4404 like the page's 404."""

import datetime as dt

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async as sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.db import connections

from pmis.routing import websocket_urlpatterns
from scrum.choices import OutcomeKind
from scrum.services import meetings as services
from tests.factories import PersonFactory
from tests.factories_scrum import make_meeting, make_scrum

pytestmark = [pytest.mark.django_db(transaction=True)]

TODAY = dt.date(2026, 11, 25)


@pytest_asyncio.fixture(autouse=True)
async def close_thread_connections():
    yield
    await sync_to_async(connections.close_all)()


def communicator(meeting_id, user):
    socket = WebsocketCommunicator(URLRouter(websocket_urlpatterns), f"/ws/scrum/meetings/{meeting_id}/")
    socket.scope["user"] = user
    return socket


def _started():
    sc = make_scrum()
    meeting = make_meeting(sc.schedules["office"], TODAY)
    services.meeting_open(actor=sc.po_head, meeting=meeting, today=TODAY)
    services.meeting_start(actor=sc.po_head, meeting=meeting, today=TODAY)
    return sc, meeting


async def _drain(socket):
    while not await socket.receive_nothing(timeout=0.2):
        await socket.receive_json_from()


@pytest.mark.asyncio
async def test_a_participant_watching_hears_the_outcome():
    sc, meeting = await sync_to_async(_started)()
    socket = communicator(meeting.pk, sc.guest)
    assert (await socket.connect())[0]
    await _drain(socket)
    decision = await sync_to_async(services.outcome_record)(
        actor=sc.po_head,
        meeting=meeting,
        kind=OutcomeKind.ASSIGNMENT,
        text="Подготовить смету",
        owner=sc.pm,
        due_on=TODAY + dt.timedelta(days=5),
    )
    event = await socket.receive_json_from(timeout=5)
    assert event == {
        "event": "meeting.changed",
        "meeting": meeting.pk,
        "part": "outcomes",
        "decision": decision.pk,
    }
    await socket.disconnect()


@pytest.mark.asyncio
async def test_an_outsider_is_closed_with_4404():
    sc, meeting = await sync_to_async(_started)()
    outsider = await sync_to_async(PersonFactory)(username="stranger")
    for meeting_id in (meeting.pk, 999999):
        socket = communicator(meeting_id, outsider)
        connected, code = await socket.connect()
        assert not connected and code == 4404
