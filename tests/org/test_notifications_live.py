"""The bell's websocket on the real Redis channel layer: a mention made by someone else reaches the mentioned
person's open page, and nobody else's; reading on one tab tells the others; anonymous sockets are refused."""

from __future__ import annotations

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async as sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.db import connections

from org.services.notifications import notification_read_all
from pmis.routing import websocket_urlpatterns
from projects.services.comments import comment_add
from tests.factories import make_workspace
from tests.projects.test_comments import make_target

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


@pytest_asyncio.fixture(autouse=True)
async def close_thread_connections():
    yield
    await sync_to_async(connections.close_all)()


def communicator(user):
    socket = WebsocketCommunicator(URLRouter(websocket_urlpatterns), "/ws/notifications/")
    socket.scope["user"] = user
    return socket


async def test_a_mention_reaches_the_mentioned_persons_open_page_only():
    ws = await sync_to_async(make_workspace)()
    task = await sync_to_async(make_target)(ws, "task")
    member = communicator(ws.member)
    sponsor = communicator(ws.sponsor)
    assert (await member.connect())[0]
    assert (await sponsor.connect())[0]

    comment = await sync_to_async(comment_add)(actor=ws.pm, target=task, body="@member, посмотрите")

    event = await member.receive_json_from(timeout=5)
    assert event["event"] == "notification.new"
    assert event["kind"] == "comment.mention"
    assert event["actor"] == ws.pm.pk
    assert event["url"].endswith(f"#task-{task.pk}")
    assert await sponsor.receive_nothing(timeout=0.5)

    await sync_to_async(notification_read_all)(actor=ws.member)
    event = await member.receive_json_from(timeout=5)
    assert event["event"] == "notification.read"
    assert event["count"] == 1
    assert comment.pk
    await member.disconnect()
    await sponsor.disconnect()


async def test_anonymous_sockets_are_refused():
    socket = communicator(AnonymousUser())
    connected, code = await socket.connect()
    assert not connected
    assert code == 4404
