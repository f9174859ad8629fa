"""The live board on the real Redis channel layer: two open boards see another person's move; an outsider's
socket is refused like a 404."""

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async as sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.db import connections
from rest_framework.test import APIClient

from pmis.routing import websocket_urlpatterns
from projects.choices import ColumnKind
from projects.models import BoardColumn
from projects.services.tasks import task_create, task_move
from tests.factories import PersonFactory, make_workspace

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.asyncio]


@pytest_asyncio.fixture(autouse=True)
async def close_thread_connections():
    """The ORM calls of these tests run in asgiref's executor thread; close its connection afterwards."""
    yield
    await sync_to_async(connections.close_all)()


def communicator(path, user):
    socket = WebsocketCommunicator(URLRouter(websocket_urlpatterns), path)
    socket.scope["user"] = user
    return socket


def _column(project, kind):
    return BoardColumn.objects.get(project=project, kind=kind)


async def test_two_open_boards_see_a_move_made_by_someone_else():
    ws = await sync_to_async(make_workspace)()
    task = await sync_to_async(task_create)(actor=ws.pm, project=ws.project, title="Подготовить ТЗ")
    doing = await sync_to_async(_column)(ws.project, ColumnKind.DOING)
    path = f"/ws/projects/{ws.project.pk}/board/"
    member_board = communicator(path, ws.member)
    monitor_board = communicator(path, ws.monitor)  # a read-only viewer watches too
    assert (await member_board.connect())[0]
    assert (await monitor_board.connect())[0]

    await sync_to_async(task_move)(actor=ws.pm, task=task, column=doing, version=1)

    for socket in (member_board, monitor_board):
        event = await socket.receive_json_from(timeout=5)
        assert event["event"] == "task.moved"
        assert event["actor"] == ws.pm.pk
        assert event["task"]["id"] == task.pk and event["task"]["column"] == doing.pk
        assert event["task"]["version"] == 2

    # The same through the API, as the page does it: the other board hears the card.
    def move_back():
        client = APIClient()
        client.force_authenticate(ws.member)
        todo = _column(ws.project, ColumnKind.TO_DO)
        return client.post(f"/api/v1/tasks/{task.pk}/move/", {"column": todo.pk, "version": 2}, format="json")

    response = await sync_to_async(move_back)()
    assert response.status_code == 200
    event = await monitor_board.receive_json_from(timeout=5)
    assert event["event"] == "task.moved" and event["actor"] == ws.member.pk and event["task"]["version"] == 3
    for socket in (member_board, monitor_board):
        await socket.disconnect()


async def test_an_outsider_or_anonymous_socket_is_closed_with_4404():
    ws = await sync_to_async(make_workspace)()
    outsider = await sync_to_async(PersonFactory)(username="board-outsider")
    for path, user in (
        (f"/ws/projects/{ws.project.pk}/board/", outsider),
        (f"/ws/projects/{ws.project.pk}/board/", AnonymousUser()),
        ("/ws/projects/999999/board/", ws.pm),
    ):
        socket = communicator(path, user)
        connected, code = await socket.connect()
        assert not connected
        assert code == 4404
