"""Notification kinds of public monitoring (Rules p.18), registered on import.

Params (``governance.services.monitoring``): ``governance.monitoring_result`` and
``governance.monitoring_considered``: group, project (code), project_name, period_start, period_end (ISO);
``governance.monitoring_member``: group, body; ``governance.monitoring_access``: group, project, project_name.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from org.notification_kinds import _actor, _day, register


def _project(params: dict) -> str:
    code = params.get("project") or "…"
    name = params.get("project_name") or ""
    return f"{code} «{name}»" if name else code


@register("governance.monitoring_result", icon="binoculars")
def _monitoring_result(params, notification) -> str:
    return _(
        "%(actor)s of the public monitoring group %(group)s filed the results of monitoring the project "
        "%(project)s for %(start)s – %(end)s: consider them."
    ) % {
        "actor": _actor(notification),
        "group": params.get("group") or "…",
        "project": _project(params),
        "start": _day(params.get("period_start")),
        "end": _day(params.get("period_end")),
    }


@register("governance.monitoring_considered", icon="check2-circle")
def _monitoring_considered(params, notification) -> str:
    return _(
        "%(actor)s of the project office considered the results of monitoring the project %(project)s for "
        "%(start)s – %(end)s and answered."
    ) % {
        "actor": _actor(notification),
        "project": _project(params),
        "start": _day(params.get("period_start")),
        "end": _day(params.get("period_end")),
    }


@register("governance.monitoring_member", icon="people")
def _monitoring_member(params, notification) -> str:
    return _("%(actor)s added you to the public monitoring group %(group)s of %(body)s.") % {
        "actor": _actor(notification),
        "group": params.get("group") or "…",
        "body": params.get("body") or "…",
    }


@register("governance.monitoring_access", icon="eye")
def _monitoring_access(params, notification) -> str:
    return _("The public monitoring group %(group)s may now see the project %(project)s (read-only).") % {
        "group": params.get("group") or "…",
        "project": _project(params),
    }
