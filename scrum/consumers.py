"""Websockets of the weekly scrum: the live page of a meeting."""

from __future__ import annotations

from pmis.core.consumers import AuthorizedConsumer

from .live import meeting_group
from .models import Meeting


class MeetingConsumer(AuthorizedConsumer):
    """``ws/scrum/meetings/<pk>/``: an open meeting page hears ``meeting.changed`` with the part that changed
    (header, agenda, attendance, outcomes; scrum.live). Whoever may not view the meeting is closed with 4404, as
    the page answers 404. The socket only listens; after a reconnect the page refetches every part."""

    def get_object(self):
        return (
            Meeting.objects.select_related("schedule")
            .filter(pk=self.scope["url_route"]["kwargs"]["pk"])
            .first()
        )

    def groups_for(self, obj) -> list[str]:
        return [meeting_group(obj.pk)]
