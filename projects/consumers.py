"""Websockets of a project's workspace: the live kanban board (Rules p.2(57))."""

from __future__ import annotations

from pmis.core import events
from pmis.core.consumers import AuthorizedConsumer

from .models import Project


class BoardConsumer(AuthorizedConsumer):
    """``ws/projects/<pk>/board/``: every open board of the project hears the task and column deltas its
    services publish (`pmis.core.events.board_group`); a person who may not see the project is closed with 4404.

    The socket only listens: changes go through the API, so each one passes the services' checks and history.
    After a reconnect the page reloads the board from ``/api/v1/projects/<pk>/board/`` to catch what it missed.
    """

    def get_object(self):
        return Project.objects.filter(pk=self.scope["url_route"]["kwargs"]["pk"]).first()

    def groups_for(self, obj) -> list[str]:
        return [events.board_group(obj.pk)]
