"""How the notifications of scrum schedules read (org.notification_kinds), in the reader's language.

Params (scrum.services.schedules fills them):

- ``scrum.meeting_soon``: title, level, node, date (ISO), time ("HH:MM"), mode, place, video_link;
- ``scrum.schedule_approved`` / ``scrum.schedule_submitted``: title, level, node.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from org.notification_kinds import _actor, _day, register

from ..choices import Mode, level_label


def _title(params: dict) -> str:
    return str(params.get("title") or level_label(params.get("level")))


@register("scrum.meeting_soon", icon="calendar-event")
def _meeting_soon(params, notification) -> str:
    values = {
        "title": _title(params),
        "date": _day(params.get("date")),
        "time": params.get("time") or "…",
    }
    if params.get("mode") == Mode.ONLINE and params.get("video_link"):
        values["where"] = params["video_link"]
        return _("Scrum meeting «%(title)s» on %(date)s at %(time)s, online: %(where)s") % values
    if params.get("place"):
        values["where"] = params["place"]
        return _("Scrum meeting «%(title)s» on %(date)s at %(time)s, %(where)s") % values
    return _("Scrum meeting «%(title)s» on %(date)s at %(time)s") % values


@register("scrum.schedule_approved", icon="calendar-check")
def _schedule_approved(params, notification) -> str:
    return _("%(actor)s approved the scrum schedule «%(title)s»: its meetings are on the calendar") % {
        "actor": _actor(notification),
        "title": _title(params),
    }


@register("scrum.schedule_submitted", icon="calendar-plus")
def _schedule_submitted(params, notification) -> str:
    return _("%(actor)s drafted the scrum schedule «%(title)s» (%(level)s): it waits for your approval") % {
        "actor": _actor(notification),
        "title": _title(params),
        "level": level_label(params.get("level")),
    }
