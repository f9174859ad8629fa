"""The program management card on a program's page: its management plan, map of projects and initiatives,
priority list, completion report and performance ratios (Rules p.60–64)."""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _


def _url(name: str, pk: int) -> str | None:
    try:
        return reverse(name, args=[pk])
    except NoReverseMatch:  # a document whose pages are not there yet
        return None


def management_card(user, node) -> dict | None:
    """Context of ``programs/_management_card.html`` for `node` (a program), or None.

    ``{"links": [{"label", "url", "icon"}, …]}``: the plan, the map, and — when their pages exist — the completion
    report and the performance ratios. Only for those who read the whole program (the documents show all of it);
    no query of its own (the node page has read the person's powers already).
    """
    if getattr(node, "KIND", None) != "program":
        return None
    from kpi_maps.access import may_read_subtree

    if not may_read_subtree(user, node):
        return None
    links = []
    for name, label, icon in (
        ("program-plan", _("Program management plan"), "bi-journal-richtext"),
        ("program-map", _("Map of projects and initiatives"), "bi-grid-3x3"),
        ("program-completion", _("Completion report"), "bi-flag"),
        ("program-ratios", _("Performance ratios"), "bi-percent"),
    ):
        url = _url(name, node.pk)
        if url:
            links.append({"label": label, "url": url, "icon": icon})
    return {"links": links} if links else None
