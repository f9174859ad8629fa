"""The live channel of a person's notifications: the navbar's bell on every open page."""

from __future__ import annotations

from pmis.core import events
from pmis.core.consumers import AuthorizedConsumer


class NotificationConsumer(AuthorizedConsumer):
    """``ws/notifications/``: joins the signed-in person's own group, where ``notify()`` publishes
    ``notification.new`` and reading publishes ``notification.read``; anonymous sockets are refused (4404)."""

    def get_object(self):
        user = self.scope.get("user")
        return user if user is not None and user.is_authenticated and user.is_active else None

    def groups_for(self, obj) -> list[str]:
        return [events.user_group(obj.pk)]
