"""Template helpers of the PMIS pages: navigation, node icons and badges, breadcrumbs, the language switcher.

Presentation only: anything that reads the database goes through a selector.
"""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from pmis.core import selectors
from pmis.core.choices import Stage, Status

register = template.Library()

#: bootstrap-icons name of each kind of node, and of the state body that roots standard directions.
KIND_ICONS = {
    "portfolio": "collection",
    "program": "kanban",
    "direction": "signpost-split",
    "group": "folder2",
    "project": "briefcase",
    "body": "building",
    "office": "building",
}

STATUS_CLASSES = {
    Status.ACTIVE: "status-active",
    Status.SUSPENDED: "status-suspended",
    Status.COMPLETED: "status-completed",
    Status.CANCELLED: "status-cancelled",
}

STAGE_STEPS = {stage: number for number, stage in enumerate(Stage.values, start=1)}


@register.simple_tag
def nav_item(request, section: str, label: str, icon: str, url: str | None = None, compact: bool = False):
    """A navbar link; `section` is the URL name (home, tree) or the prefix of the URL names it covers.

    A `compact` item shows only its icon on laptop-wide screens (the label stays for screen readers and as the
    tooltip), so the bar keeps room for longer Kazakh labels.
    """
    match = getattr(request, "resolver_match", None)
    url_name = (match.url_name or "") if match else ""
    if section == "org":
        active = request.path.startswith("/org/")
    elif url is None:
        active = url_name == section
    else:
        active = url_name.startswith(f"{section}-")
    href = url or reverse(section)
    return format_html(
        '<li class="nav-item{}"><a class="nav-link{}" href="{}"{}{}><i class="bi bi-{}" aria-hidden="true"></i>'
        '<span class="nav-label">{}</span></a></li>',
        " nav-compact" if compact else "",
        " active" if active else "",
        href,
        mark_safe(' aria-current="page"') if active else "",
        format_html(' title="{}"', label) if compact else "",
        icon,
        label,
    )


@register.filter
def initials(person) -> str:
    """Up to two letters for the avatar circle."""
    letters = "".join(part[0] for part in (person.first_name, person.last_name) if part)
    return (letters or person.username[:2]).upper()


@register.simple_tag
def language_choices():
    """The languages of the switcher, each named in itself (Қазақша, Русский, English)."""
    from org.models import Person

    return list(Person._meta.get_field("language").choices)


@register.filter
def kind_icon(kind: str) -> str:
    return KIND_ICONS.get(kind, "dot")


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "status-active")


@register.filter
def stage_step(stage: str) -> int:
    """1…5: the position of a stage in the life cycle of Rules p.9, for the little progress dots."""
    return STAGE_STEPS.get(stage, 0)


@register.filter
def kind_of(obj) -> str:
    """The kind of a hierarchy node or of a state body (body/office)."""
    kind = getattr(obj, "KIND", "")
    if kind:
        return kind
    ref = getattr(obj, "ref", "")
    return ref.partition(":")[0]


@register.filter
def node_url(obj) -> str:
    """The page of a node or a state body; empty when that page does not exist (yet)."""
    try:
        if hasattr(obj, "get_absolute_url"):
            return obj.get_absolute_url()
        return reverse("body-detail", args=[obj.pk])
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def node_ancestors(context, node) -> list:
    """The ancestors of `node` the current user may see, top-down, read through the selector."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return selectors.node_ancestors(user, node)


@register.filter
def days_from(day, today) -> str:
    """ "today", "in 3 days" or "5 days overdue": how far a deadline is from `today`."""
    if not day or not today:
        return ""
    delta = (day - today).days
    if delta == 0:
        return gettext("today")
    if delta > 0:
        return ngettext("in %(n)d day", "in %(n)d days", delta) % {"n": delta}
    return ngettext("%(n)d day overdue", "%(n)d days overdue", -delta) % {"n": -delta}


@register.filter
def tree_level(node) -> int:
    """The indentation level of a node in the tree: 1 for portfolios and for standard directions, whose
    paths start at their state body."""
    refs = [segment for segment in (node.path or "").strip("/").split("/") if segment]
    roots = sum(1 for segment in refs if segment.partition(":")[0] in ("body", "office"))
    return max(len(refs) - roots, 1)
