"""Websockets on the real Redis channel layer: a node's page hears about changes made by someone else."""

import pytest
import pytest_asyncio
from channels.db import database_sync_to_async as sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.contrib.auth.models import AnonymousUser
from django.db import connections

from pmis.routing import websocket_urlpatterns
from projects.services import project_update
from tests.factories import PersonFactory, grant_everything_read_only, grant_hierarchy_editing, make_tree

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


async def test_two_clients_see_a_change_committed_by_a_third_person():
    tree = await sync_to_async(make_tree)()
    viewer = await sync_to_async(grant_everything_read_only)(
        await sync_to_async(PersonFactory)(username="watcher")
    )
    editor = await sync_to_async(grant_hierarchy_editing)(
        await sync_to_async(PersonFactory)(username="changer")
    )
    project = tree["projects"][0]
    on_project = communicator(f"/ws/nodes/project/{project.pk}/", viewer)
    on_program = communicator(f"/ws/nodes/program/{tree['program'].pk}/", viewer)
    assert (await on_project.connect())[0]
    assert (await on_program.connect())[0]

    await sync_to_async(project_update)(actor=editor, project=project, budget=5_000_000)

    for socket in (on_project, on_program):  # the project's page and its ancestor's page both hear it
        event = await socket.receive_json_from(timeout=5)
        assert event["event"] == "node.changed"
        assert event["ref"] == f"project:{project.pk}"
        assert event["actor"] == editor.pk
        await socket.disconnect()


async def test_anonymous_and_unknown_nodes_are_refused_like_a_404():
    tree = await sync_to_async(make_tree)(projects=1)
    viewer = await sync_to_async(grant_everything_read_only)(
        await sync_to_async(PersonFactory)(username="watcher2")
    )
    outsider = await sync_to_async(PersonFactory)(
        username="outsider2"
    )  # no role: the node is not there for them
    for path, user in (
        (f"/ws/nodes/project/{tree['projects'][0].pk}/", AnonymousUser()),
        (f"/ws/nodes/project/{tree['projects'][0].pk}/", outsider),
        ("/ws/nodes/project/999999/", viewer),
        ("/ws/nodes/planet/1/", viewer),
    ):
        socket = communicator(path, user)
        connected, code = await socket.connect()
        assert not connected
        assert code == 4404
