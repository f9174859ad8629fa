"""Notification kinds of the instructions on control (Rules p.92–94).

Params (instructions.services.instructions.instruction_params): code, text, deadline (ISO), issuer;
``instructions.returned`` adds reason, ``instructions.extended`` previous (ISO) and reason,
``instructions.overdue`` days, ``instructions.escalated`` days and executor.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from org.notification_kinds import _actor, _day, register


def _text(params: dict) -> str:
    text = str(params.get("text") or "…")
    return text if len(text) <= 120 else text[:119] + "…"


@register("instructions.put_on_control", icon="clipboard-check")
def _put(params, notification) -> str:
    return _(
        "%(actor)s put on control the instruction %(code)s for you to execute by %(deadline)s: «%(text)s»"
    ) % {
        "actor": _actor(notification),
        "code": params.get("code", "…"),
        "deadline": _day(params.get("deadline")),
        "text": _text(params),
    }


@register("instructions.executed", icon="check2-circle")
def _executed(params, notification) -> str:
    return _("%(actor)s reported the instruction %(code)s executed; it awaits your removal from control.") % {
        "actor": _actor(notification),
        "code": params.get("code", "…"),
    }


@register("instructions.returned", icon="arrow-counterclockwise")
def _returned(params, notification) -> str:
    return _("%(actor)s returned the instruction %(code)s on control: %(reason)s") % {
        "actor": _actor(notification),
        "code": params.get("code", "…"),
        "reason": params.get("reason") or "…",
    }


@register("instructions.removed", icon="clipboard-x")
def _removed(params, notification) -> str:
    return _("%(actor)s removed the instruction %(code)s from control.") % {
        "actor": _actor(notification),
        "code": params.get("code", "…"),
    }


@register("instructions.extended", icon="calendar-plus")
def _extended(params, notification) -> str:
    return _(
        "%(actor)s extended the deadline of the instruction %(code)s from %(previous)s to %(deadline)s: %(reason)s"
    ) % {
        "actor": _actor(notification),
        "code": params.get("code", "…"),
        "previous": _day(params.get("previous")),
        "deadline": _day(params.get("deadline")),
        "reason": params.get("reason") or "…",
    }


@register("instructions.overdue", icon="alarm")
def _overdue(params, notification) -> str:
    return _("Overdue: the instruction %(code)s was due %(deadline)s and is not executed: «%(text)s»") % {
        "code": params.get("code", "…"),
        "deadline": _day(params.get("deadline")),
        "text": _text(params),
    }


@register("instructions.escalated", icon="exclamation-octagon")
def _escalated(params, notification) -> str:
    return _(
        "Escalated: the instruction %(code)s (executor %(executor)s) is %(days)s days past its deadline "
        "%(deadline)s: «%(text)s»"
    ) % {
        "code": params.get("code", "…"),
        "executor": params.get("executor") or "…",
        "days": params.get("days", "…"),
        "deadline": _day(params.get("deadline")),
        "text": _text(params),
    }
