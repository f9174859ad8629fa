"""The program management card on a program's page: its management plan, map of projects and initiatives,
priority list, completion report and performance ratios (Rules p.60–64)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


def management_card(user, node) -> dict | None:
    """Context of ``programs/_management_card.html`` for `node` (a program), or None.

    ``{"links": [{"label", "url", "icon"}, …]}``: the plan, the map, the completion report, the lessons log and the
    performance ratios. Only for those who read the whole program (the documents show all of it);
    no query of its own (the node page has read the person's powers already).
    """
    if getattr(node, "KIND", None) != "program":
        return None
    from kpi_maps.access import may_read_subtree

    if not may_read_subtree(user, node):
        return None
    links = [
        {"label": label, "url": reverse(name, args=[node.pk]), "icon": icon}
        for name, label, icon in (
            ("program-plan", _("Program management plan"), "bi-journal-richtext"),
            ("program-map", _("Map of projects and initiatives"), "bi-grid-3x3"),
            ("program-completion", pgettext("program", "Completion report"), "bi-flag"),
            ("program-lessons", _("Lessons learned on the program"), "bi-lightbulb"),
            ("program-ratios", _("Performance ratios"), "bi-percent"),
        )
    ]
    return {"links": links}
