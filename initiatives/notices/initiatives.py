"""Notification kinds of the initiatives (Rules p.21–26).

Params (initiatives.services.initiatives.initiative_params): code, name, status; ``initiatives.submitted`` adds
number (the passport version) and resubmitted; ``initiatives.returned`` reason; ``initiatives.recommended``
outcome and target (a node's name); ``initiatives.approved`` / ``initiatives.rejected`` outcome and reasons.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from org.notification_kinds import _actor, register

from ..choices import Outcome


def _outcome(params: dict) -> str:
    value = params.get("outcome") or ""
    return str(Outcome(value).label) if value in Outcome.values else "…"


def _base(params: dict) -> dict:
    return {"code": params.get("code") or "…", "name": params.get("name") or "…"}


@register("initiatives.submitted", icon="lightbulb")
def _submitted(params, notification) -> str:
    if params.get("resubmitted"):
        text = _(
            "%(actor)s resubmitted the initiative %(code)s «%(name)s» (passport v%(number)s) after revision"
        )
    else:
        text = _(
            "%(actor)s submitted the initiative %(code)s «%(name)s» (passport v%(number)s) for identification"
        )
    return text % {**_base(params), "actor": _actor(notification), "number": params.get("number", "…")}


@register("initiatives.returned", icon="arrow-return-left")
def _returned(params, notification) -> str:
    return _("%(actor)s returned the initiative %(code)s «%(name)s» for revision: %(reason)s") % {
        **_base(params),
        "actor": _actor(notification),
        "reason": params.get("reason") or "…",
    }


@register("initiatives.recommended", icon="clipboard-check")
def _recommended(params, notification) -> str:
    return _(
        "The project office recommends the initiative %(code)s «%(name)s» as: %(outcome)s (%(target)s)"
    ) % {
        **_base(params),
        "outcome": _outcome(params),
        "target": params.get("target") or "…",
    }


@register("initiatives.approved", icon="check2-circle")
def _approved(params, notification) -> str:
    return _("The initiative %(code)s «%(name)s» is approved: %(outcome)s") % {
        **_base(params),
        "outcome": _outcome(params),
    }


@register("initiatives.rejected", icon="x-circle")
def _rejected(params, notification) -> str:
    return _("The initiative %(code)s «%(name)s» is rejected: %(reasons)s") % {
        **_base(params),
        "reasons": params.get("reasons") or "…",
    }
