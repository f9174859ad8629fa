"""Notification kinds of the weekly scrum: decisions (Rules p.45).

Params (scrum.services.decisions.decision_params): number, text, kind, due_on (ISO), meeting, meeting_date,
protocol; ``scrum.decision_overdue`` adds days (past the deadline), ``scrum.decision_done`` owner,
``scrum.decision_cancelled`` reason.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from org.notification_kinds import _actor, _day, register


def _text(params: dict) -> str:
    text = str(params.get("text") or "…")
    return text if len(text) <= 120 else text[:119] + "…"


@register("scrum.decision_overdue", icon="alarm")
def _decision_overdue(params, notification) -> str:
    return _(
        "Overdue: the outcome No. %(number)s of the meeting %(meeting)s of %(date)s, due %(due)s, is not done: "
        "«%(text)s»"
    ) % {
        "number": params.get("number", "…"),
        "meeting": params.get("meeting") or "…",
        "date": _day(params.get("meeting_date")),
        "due": _day(params.get("due_on")),
        "text": _text(params),
    }


@register("scrum.decision_done", icon="check2-circle")
def _decision_done(params, notification) -> str:
    return _("%(actor)s reported the outcome No. %(number)s of the meeting of %(date)s done: «%(text)s»") % {
        "actor": _actor(notification),
        "number": params.get("number", "…"),
        "date": _day(params.get("meeting_date")),
        "text": _text(params),
    }


@register("scrum.decision_cancelled", icon="x-circle")
def _decision_cancelled(params, notification) -> str:
    return _(
        "%(actor)s cancelled the outcome No. %(number)s of the meeting of %(date)s assigned to you: «%(text)s». "
        "Reason: %(reason)s"
    ) % {
        "actor": _actor(notification),
        "number": params.get("number", "…"),
        "date": _day(params.get("meeting_date")),
        "text": _text(params),
        "reason": params.get("reason") or "…",
    }
