"""Notification kinds of the weekly scrum: escalations (Rules p.72(2), p.98).

Params: ``scrum.escalation_raised``: title, level (where it arrived), note, meeting_date (ISO, "" when it waits in
the level's list); ``scrum.escalation_resolved``: title, level (where it was resolved), resolution;
``scrum.escalation_disagreement``: title, number (of the protocol of disagreements), level (where it goes).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from org.notification_kinds import _actor, _day, register

from ..choices import level_label


@register("scrum.escalation_raised", icon="arrow-up-circle")
def _escalation_raised(params, notification) -> str:
    if params.get("meeting_date"):
        return _("%(actor)s escalated «%(title)s» to %(level)s: on the agenda of the meeting of %(date)s") % {
            "actor": _actor(notification),
            "title": params.get("title") or "…",
            "level": level_label(params.get("level")),
            "date": _day(params.get("meeting_date")),
        }
    return _("%(actor)s escalated «%(title)s» to %(level)s") % {
        "actor": _actor(notification),
        "title": params.get("title") or "…",
        "level": level_label(params.get("level")),
    }


@register("scrum.escalation_resolved", icon="arrow-return-left")
def _escalation_resolved(params, notification) -> str:
    return _("%(actor)s resolved «%(title)s» at %(level)s: %(resolution)s") % {
        "actor": _actor(notification),
        "title": params.get("title") or "…",
        "level": level_label(params.get("level")),
        "resolution": params.get("resolution") or "…",
    }


@register("scrum.escalation_disagreement", icon="file-earmark-diff")
def _escalation_disagreement(params, notification) -> str:
    return _(
        "%(actor)s signed the protocol of disagreements No. %(number)s on «%(title)s»: it goes to %(level)s"
    ) % {
        "actor": _actor(notification),
        "number": params.get("number") or "…",
        "title": params.get("title") or "…",
        "level": level_label(params.get("level")),
    }
