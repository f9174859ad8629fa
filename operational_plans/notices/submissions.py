"""Notification kinds of the units' quarterly information (OP Rules p.13–14).

Params (operational_plans.services.submissions): plan, year, quarter, deadline (ISO) and, about one unit, unit and
unit_names (by language); ``op.submission_submitted`` adds late; ``op.submission_returned`` reason;
``op.submission_due`` days (to the deadline); ``op.submissions_late`` units (the late units' names by language).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from org.notification_kinds import _actor, _day, register
from pmis.core.models import in_reader_language


def _name(names) -> str:
    return in_reader_language(names) if isinstance(names, dict) else "…"


def _common(params: dict) -> dict:
    return {
        "unit": _name(params.get("unit_names")),
        "quarter": params.get("quarter", "…"),
        "year": params.get("year", "…"),
        "deadline": _day(params.get("deadline")),
    }


@register("op.submission_submitted", icon="send-check")
def _submitted(params, notification) -> str:
    if params.get("late"):
        text = _(
            "%(actor)s submitted the information of %(unit)s on quarter %(quarter)s of %(year)s late "
            "(due %(deadline)s)"
        )
    else:
        text = _("%(actor)s submitted the information of %(unit)s on quarter %(quarter)s of %(year)s")
    return text % {**_common(params), "actor": _actor(notification)}


@register("op.submission_returned", icon="arrow-return-left")
def _returned(params, notification) -> str:
    return _(
        "%(actor)s returned the information of %(unit)s on quarter %(quarter)s of %(year)s for correction: "
        "%(reason)s"
    ) % {**_common(params), "actor": _actor(notification), "reason": params.get("reason") or "…"}


@register("op.submission_due", icon="alarm")
def _due(params, notification) -> str:
    if not params.get("days"):
        return _(
            "Today is the last day for the information of %(unit)s on quarter %(quarter)s of %(year)s on the "
            "operational plan (OP Rules p.13)"
        ) % _common(params)
    return _(
        "The information of %(unit)s on quarter %(quarter)s of %(year)s on the operational plan is due "
        "%(deadline)s (OP Rules p.13)"
    ) % _common(params)


@register("op.submissions_late", icon="exclamation-triangle")
def _late(params, notification) -> str:
    units = params.get("units") or []
    return _(
        "Not submitted by %(deadline)s, the information on quarter %(quarter)s of %(year)s: %(units)s"
    ) % {**_common(params), "units": ", ".join(_name(names) for names in units) or "…"}
