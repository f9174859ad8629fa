"""Notification kinds of the governing bodies (registered on import).

Params: ``governance.member_added`` body, position; ``governance.composition_approved`` body, on (ISO).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from org.notification_kinds import _actor, _day, register

from ..choices import Position


def _position(value) -> str:
    return str(Position(value).label) if value in Position.values else str(value or "…")


@register("governance.member_added", icon="people")
def _member_added(params, notification) -> str:
    return _("%(actor)s made you a member of %(body)s: %(position)s") % {
        "actor": _actor(notification),
        "body": params.get("body") or "…",
        "position": _position(params.get("position")),
    }


@register("governance.composition_approved", icon="patch-check")
def _composition_approved(params, notification) -> str:
    return _("%(actor)s approved the composition of %(body)s on %(day)s") % {
        "actor": _actor(notification),
        "body": params.get("body") or "…",
        "day": _day(params.get("on")),
    }
