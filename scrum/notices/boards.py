"""Notification kinds of the weekly scrum: the information board (org.notification_kinds registry).

- ``scrum.board_ready``: program (code), program_names ({kk, ru, en}), week_start (ISO date) — the weekly task
  took the program's information board of the week before (Rules p.68(4)).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from org.notification_kinds import _day, register
from pmis.core.models import in_reader_language


@register("scrum.board_ready", icon="easel")
def _board_ready(params, notification) -> str:
    names = params.get("program_names")
    program = in_reader_language(names) if isinstance(names, dict) else ""
    return _("The information board of the program %(program)s for the week of %(day)s is ready") % {
        "program": program or params.get("program") or "…",
        "day": _day(params.get("week_start")),
    }
