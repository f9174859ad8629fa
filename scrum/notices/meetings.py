"""How the meetings' notifications read (org.notification_kinds), in the reader's language at read time.

Params (scrum.services.meetings.meeting_params): meeting (the schedule's name), level, date (ISO), time, place,
protocol; ``scrum.decision_assigned`` adds number, kind, text, due_on, binding.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from org.notification_kinds import _actor, _day, register

from ..choices import Level, OutcomeKind


def _meeting(params: dict) -> str:
    level = params.get("level")
    name = params.get("meeting") or (str(Level(level).label) if level in Level.values else "…")
    return f"«{name}»"


@register("scrum.meeting_opened", icon="calendar-check")
def _meeting_opened(params, notification) -> str:
    return _(
        "%(actor)s opened the scrum meeting %(meeting)s of %(date)s at %(time)s: its agenda is published"
    ) % {
        "actor": _actor(notification),
        "meeting": _meeting(params),
        "date": _day(params.get("date")),
        "time": params.get("time") or "…",
    }


@register("scrum.meeting_closed", icon="file-earmark-text")
def _meeting_closed(params, notification) -> str:
    return _("The scrum meeting %(meeting)s of %(date)s is closed: protocol No. %(protocol)s") % {
        "meeting": _meeting(params),
        "date": _day(params.get("date")),
        "protocol": params.get("protocol") or "…",
    }


@register("scrum.decision_assigned", icon="journal-check")
def _decision_assigned(params, notification) -> str:
    kind = params.get("kind")
    what = str(OutcomeKind(kind).label).lower() if kind in OutcomeKind.values else _("decision")
    text = _(
        "The scrum meeting %(meeting)s of %(date)s made you the owner of %(what)s No. %(number)s «%(text)s», due %(due)s"
    ) % {
        "meeting": _meeting(params),
        "date": _day(params.get("date")),
        "what": what,
        "number": params.get("number", "…"),
        "text": params.get("text", ""),
        "due": _day(params.get("due_on")),
    }
    if params.get("binding"):
        text += " " + _("(a binding protocol decision, Rules p.45)")
    return text
