"""Notification kinds of the quarterly reports on the operational plan (OP Rules p.15–17).

Params (operational_plans.services.reports.report_params): year, quarter, body_names ({kk, ru, en}), deadline
(ISO); ``op.report_issued`` adds late, missing (units that had not submitted); ``op.report_decision`` adds
decision_kind, text; ``op.report_due`` / ``op.report_late`` add days (to the deadline; negative: past it) and day (ISO: the day
it was sent for).
"""

from __future__ import annotations

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from org.notification_kinds import _actor, _day, register


def _body(params: dict) -> str:
    names = params.get("body_names")
    if isinstance(names, dict):
        language = (get_language() or "ru")[:2]
        for code in (language, "ru", "kk", "en"):
            if names.get(code):
                return str(names[code])
    return "…"


def _period(params: dict) -> dict:
    return {"quarter": params.get("quarter", "…"), "year": params.get("year", "…"), "body": _body(params)}


@register("op.report_issued", icon="file-earmark-check")
def _report_issued(params, notification) -> str:
    text = _("%(actor)s issued the report on the operational plan of %(body)s for Q%(quarter)s %(year)s") % {
        "actor": _actor(notification),
        **_period(params),
    }
    if params.get("late"):
        text += " " + _("(after the deadline)")
    return text


@register("op.report_decision", icon="journal-check")
def _report_decision(params, notification) -> str:
    text = str(params.get("text") or "…")
    if len(text) > 120:
        text = text[:119] + "…"
    return _(
        "%(actor)s recorded a decision on the report on the operational plan of %(body)s for Q%(quarter)s "
        "%(year)s: «%(text)s»"
    ) % {"actor": _actor(notification), "text": text, **_period(params)}


@register("op.report_due", icon="alarm")
def _report_due(params, notification) -> str:
    return _(
        "The report on the operational plan of %(body)s for Q%(quarter)s %(year)s is due by %(deadline)s "
        "(OP Rules p.15)"
    ) % {"deadline": _day(params.get("deadline")), **_period(params)}


@register("op.report_late", icon="exclamation-triangle")
def _report_late(params, notification) -> str:
    return _(
        "The report on the operational plan of %(body)s for Q%(quarter)s %(year)s was due by %(deadline)s and "
        "has not been issued"
    ) % {"deadline": _day(params.get("deadline")), **_period(params)}
