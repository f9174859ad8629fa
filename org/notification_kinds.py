"""How each kind of notification reads, in the reader's language.

A notification stores its `kind` and `params`, not text: the sentence is put together here when it is shown, with
gettext in the language active then, so a person who switches to Kazakh reads yesterday's notifications in Kazakh.
Each kind registers a function ``(params, notification) -> str`` and an icon. A kind nobody registered, or params
a renderer cannot use, read as a generic sentence: a notification never breaks a page.

The params each kind expects (services that call ``notify`` fill them):

- ``comment.mention`` / ``comment.new``: target_kind (task, risk, change, lesson, document, assignment,
  milestone, project), ref ("#12"), title, project, excerpt;
- ``task.assigned``: number, title, project;
- ``assignment.sent``: number, title, project, appoint_by (ISO date);
- ``assignment.appointed``: number, title, project, executors (names, optional);
- ``assignment.overdue``: number, title, project, reason ("appointment": no executors in time, else the due
  date passed), addressee_head;
- ``assignment.executor``: number, title, due_on; ``assignment.reported``: number, title;
  ``assignment.cancelled``: number, title, reason;
- ``change.submitted``: number, title, project;
- ``change.decided``: number, title, project, status ("approved" / "rejected" / …).

Wherever a sender gives ``project_names`` (by language, ``project_params``) or ``project_name`` beside ``project``
(the code), the name is shown, in the reader's language when it can be.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from pmis.core.workdays import short_date

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class NotificationKind:
    render: Callable[[dict, object], str]
    icon: str = "bell"


KINDS: dict[str, NotificationKind] = {}


def register(kind: str, icon: str = "bell"):
    """Register the renderer of `kind`: ``@register("task.assigned", icon="kanban")``."""

    def decorator(function):
        KINDS[kind] = NotificationKind(render=function, icon=icon)
        return function

    return decorator


def _actor(notification) -> str:
    actor = getattr(notification, "actor", None)
    return actor.full_name if actor is not None else _("Someone")


def _day(value) -> str:
    """An ISO date from the params as the reader's locale writes it (as given if it is not a date)."""
    if not value:
        return "…"
    try:
        return short_date(dt.date.fromisoformat(str(value)[:10]))
    except ValueError:
        return str(value)


def _target(params: dict) -> str:
    """ "task #12", "risk R-3", "the project" … in the reader's language."""
    ref = params.get("ref") or ""
    names = {
        "task": pgettext("comment target", "task %(ref)s"),
        "risk": pgettext("comment target", "risk %(ref)s"),
        "change": pgettext("comment target", "change request %(ref)s"),
        "lesson": pgettext("comment target", "lesson"),
        "document": pgettext("comment target", "document %(ref)s"),
        "assignment": pgettext("comment target", "project assignment %(ref)s"),
        "milestone": pgettext("comment target", "milestone"),
        "project": pgettext("comment target", "project %(ref)s"),
    }
    text = names.get(params.get("target_kind"), pgettext("comment target", "%(ref)s"))
    return (text % {"ref": ref}).strip()


def _project(params: dict) -> str:
    """The project as a reader knows it: its name in the reader's language when the sender gave the names
    (org.services.notifications.project_params), else the one name given, else the code."""
    names = params.get("project_names")
    if isinstance(names, dict):
        language = (get_language() or "ru")[:2]
        for code in (language, "ru", "kk", "en"):
            if names.get(code):
                return str(names[code])
    return str(params.get("project_name") or params.get("project") or "…")


def _quoted(params: dict, key: str = "title") -> str:
    value = params.get(key)
    return f" «{value}»" if value else ""


@register("comment.mention", icon="at")
def _comment_mention(params, notification) -> str:
    return _("%(actor)s mentioned you in a comment on %(target)s%(title)s") % {
        "actor": _actor(notification),
        "target": _target(params),
        "title": _quoted(params),
    }


@register("comment.new", icon="chat-left-text")
def _comment_new(params, notification) -> str:
    return _("%(actor)s commented on %(target)s%(title)s") % {
        "actor": _actor(notification),
        "target": _target(params),
        "title": _quoted(params),
    }


@register("task.assigned", icon="kanban")
def _task_assigned(params, notification) -> str:
    return _("%(actor)s assigned you task #%(number)s%(title)s in the project %(project)s") % {
        "actor": _actor(notification),
        "number": params.get("number", "…"),
        "title": _quoted(params),
        "project": _project(params),
    }


@register("assignment.sent", icon="send")
def _assignment_sent(params, notification) -> str:
    return _(
        "Project assignment PA-%(number)s%(title)s of the project %(project)s was sent to you: "
        "appoint its executors by %(appoint_by)s"
    ) % {
        "number": params.get("number", "…"),
        "title": _quoted(params),
        "project": _project(params),
        "appoint_by": _day(params.get("appoint_by")),
    }


@register("assignment.appointed", icon="person-check")
def _assignment_appointed(params, notification) -> str:
    executors = params.get("executors")
    if isinstance(executors, list | tuple):
        executors = ", ".join(str(name) for name in executors)
    if executors:
        return _("%(actor)s appointed %(executors)s to project assignment PA-%(number)s%(title)s") % {
            "actor": _actor(notification),
            "executors": executors,
            "number": params.get("number", "…"),
            "title": _quoted(params),
        }
    return _("%(actor)s appointed the executors of project assignment PA-%(number)s%(title)s") % {
        "actor": _actor(notification),
        "number": params.get("number", "…"),
        "title": _quoted(params),
    }


@register("assignment.overdue", icon="alarm")
def _assignment_overdue(params, notification) -> str:
    values = {"number": params.get("number", "…"), "title": _quoted(params), "project": _project(params)}
    if params.get("reason") == "appointment":
        values["head"] = params.get("addressee_head") or "…"
        return (
            _(
                "No executors were appointed in time for project assignment PA-%(number)s%(title)s of the project "
                "%(project)s (%(head)s)"
            )
            % values
        )
    return _("Project assignment PA-%(number)s%(title)s of the project %(project)s is overdue") % values


@register("assignment.executor", icon="person-workspace")
def _assignment_executor(params, notification) -> str:
    return _(
        "%(actor)s made you an executor of project assignment PA-%(number)s%(title)s, due %(due_on)s"
    ) % {
        "actor": _actor(notification),
        "number": params.get("number", "…"),
        "title": _quoted(params),
        "due_on": _day(params.get("due_on")),
    }


@register("assignment.reported", icon="clipboard-check")
def _assignment_reported(params, notification) -> str:
    return _("%(actor)s reported the result of project assignment PA-%(number)s%(title)s") % {
        "actor": _actor(notification),
        "number": params.get("number", "…"),
        "title": _quoted(params),
    }


@register("assignment.cancelled", icon="x-circle")
def _assignment_cancelled(params, notification) -> str:
    values = {"actor": _actor(notification), "number": params.get("number", "…"), "title": _quoted(params)}
    if params.get("reason"):
        values["reason"] = params["reason"]
        return _("%(actor)s cancelled project assignment PA-%(number)s%(title)s: %(reason)s") % values
    return _("%(actor)s cancelled project assignment PA-%(number)s%(title)s") % values


@register("change.submitted", icon="arrow-left-right")
def _change_submitted(params, notification) -> str:
    return _(
        "%(actor)s submitted change request CR-%(number)s%(title)s of the project %(project)s for a decision"
    ) % {
        "actor": _actor(notification),
        "number": params.get("number", "…"),
        "title": _quoted(params),
        "project": _project(params),
    }


@register("change.decided", icon="check2-square")
def _change_decided(params, notification) -> str:
    decisions = {
        "approved": pgettext("change request", "approved"),
        "rejected": pgettext("change request", "rejected"),
        "deferred": pgettext("change request", "deferred"),
        "implemented": pgettext("change request", "implemented"),
    }
    status = params.get("status") or params.get("decision") or ""
    values = {
        "actor": _actor(notification),
        "number": params.get("number", "…"),
        "title": _quoted(params),
        "decision": decisions.get(status, status or "…"),
    }
    if params.get("note"):
        values["note"] = params["note"]
        return (
            _("%(actor)s decided on change request CR-%(number)s%(title)s: %(decision)s (%(note)s)") % values
        )
    return _("%(actor)s decided on change request CR-%(number)s%(title)s: %(decision)s") % values


def _generic(notification) -> str:
    return _("%(actor)s: something needs your attention") % {"actor": _actor(notification)}


def render(notification) -> str:
    """The message of `notification` in the active language; a generic one when its kind is unknown or its
    params do not fit the kind's sentence."""
    entry = KINDS.get(notification.kind)
    if entry is None:
        return _generic(notification)
    try:
        return entry.render(notification.params or {}, notification)
    except Exception:  # a malformed row must not take the inbox down with it
        logger.exception("cannot render notification %s of kind %s", notification.pk, notification.kind)
        return _generic(notification)


def icon(notification) -> str:
    """The bootstrap-icons name of the notification's kind."""
    entry = KINDS.get(notification.kind)
    return entry.icon if entry is not None else "bell"
