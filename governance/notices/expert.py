"""Notification kinds of the expert councils (registered on import).

Params: ``governance.expert_discussion_sent`` council, held_on (ISO), topic, count;
``governance.recommendation_answered`` council, number, status;
``governance.expert_quarter_due`` council, quarter (``2026-Q1``, the key that keeps it once a quarter), number,
year, last (ISO).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from org.notification_kinds import _actor, _day, register

from ..choices import RecommendationStatus


@register("governance.expert_discussion_sent", icon="send")
def _discussion_sent(params, notification) -> str:
    return _(
        "%(actor)s sent %(count)s recommendation(s) of %(council)s from its discussion of %(day)s to the "
        "governing committee: «%(topic)s»"
    ) % {
        "actor": _actor(notification),
        "count": params.get("count", "…"),
        "council": params.get("council") or "…",
        "day": _day(params.get("held_on")),
        "topic": params.get("topic") or "…",
    }


@register("governance.recommendation_answered", icon="reply")
def _recommendation_responded(params, notification) -> str:
    status = params.get("status")
    label = RecommendationStatus(status).label if status in RecommendationStatus.values else status
    return _("%(actor)s answered the recommendation No. %(number)s of %(council)s: %(status)s") % {
        "actor": _actor(notification),
        "number": params.get("number", "…"),
        "council": params.get("council") or "…",
        "status": label or "…",
    }


@register("governance.expert_quarter_due", icon="calendar-x")
def _quarter_due(params, notification) -> str:
    return _(
        "%(council)s has held no discussion of the program in quarter %(number)s of %(year)s, which ends on "
        "%(day)s; the Rules require one at least once a quarter (p.50)."
    ) % {
        "council": params.get("council") or "…",
        "number": params.get("number", "…"),
        "year": params.get("year", "…"),
        "day": _day(params.get("last")),
    }
