"""Base websocket consumer and the live channel of a hierarchy node's page."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from . import authorization, events
from .nodes import NODE_MODELS, node_model


class AuthorizedConsumer(AsyncJsonWebsocketConsumer):
    """A consumer that joins its groups only after the authorization module allowed the user to view.

    Subclasses define `get_object()` (the object the socket is about, or None) and `groups_for(obj)` (the groups
    that carry its events). A refusal
    closes the socket with code 4404 whether the object is missing or hidden, as a page would answer 404.
    """

    groups_joined: list[str]

    async def connect(self):
        self.groups_joined = []
        user = self.scope.get("user")
        obj = await database_sync_to_async(self.get_object)() if user and user.is_authenticated else None
        if obj is None or not await database_sync_to_async(authorization.can)(user, "view", obj):
            await self.close(code=4404)
            return
        self.groups_joined = self.groups_for(obj)
        for group in self.groups_joined:
            await self.channel_layer.group_add(group, self.channel_name)
        await self.accept()

    async def disconnect(self, code):
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)

    async def pmis_event(self, message):
        await self.send_json({key: value for key, value in message.items() if key != "type"})


class NodeConsumer(AuthorizedConsumer):
    """Tells a node's open page when someone changes the node or anything below it."""

    def get_object(self):
        kind = self.scope["url_route"]["kwargs"]["kind"]
        if kind not in NODE_MODELS:
            return None
        return node_model(kind).objects.filter(pk=self.scope["url_route"]["kwargs"]["pk"]).first()

    def groups_for(self, obj) -> list[str]:
        return [events.node_group(obj.KIND, obj.pk)]
