"""Notification kinds of the operational plan itself (OP Rules p.6, p.18).

Params (operational_plans.services.plans.plan_approve): body, year, version, approved_on (ISO), late_days (days
past the deadline of p.6, 0 in time).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from org.notification_kinds import _actor, _day, register


@register("op.plan_approved", icon="patch-check")
def _plan_approved(params, notification) -> str:
    text = _(
        "%(actor)s approved version %(version)s of the operational plan of %(body)s for %(year)s on %(day)s."
    ) % {
        "actor": _actor(notification),
        "version": params.get("version", "…"),
        "body": params.get("body") or "…",
        "year": params.get("year", "…"),
        "day": _day(params.get("approved_on")),
    }
    late = params.get("late_days") or 0
    if late:
        text += " " + _("Approved %(days)s days after the deadline (OP Rules p.6).") % {"days": late}
    return text
