"""The pages of a hierarchy level — list, detail, create, edit, delete — written once, configured per level.

Each app describes its level with a `NodeLevel` (model, selectors, services, form, the query parameters that
name a new node's parent, the sections of children on the detail page) and gets its URL patterns from
`NodeLevel.urlpatterns()`. The views read through the selectors, write through the services and turn their
ValidationError into form errors; they hold no business rule of their own.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.formats import date_format, number_format
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from simple_history.models import DeletedObject

from . import authorization, selectors
from .choices import Status
from .node_forms import NodeFilterForm
from .nodes import new_parent_in, parent_in

PAGE_SIZE = 25
HISTORY_LIMIT = 10

# --- configuration of a level --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ParentParam:
    """A query-string parameter naming the parent of a new node (``/projects/new/?group=12``).

    `get` is the parent level's `*_get` selector, so a parent the user may not see answers 404. `initial`
    turns the parent into the form's initial values; by default the parent field and its owning body.
    """

    name: str
    get: Callable[..., Any]
    initial: Callable[[Any], dict] | None = None

    def initial_for(self, parent) -> dict:
        if self.initial is not None:
            return self.initial(parent)
        return {self.name: parent.pk, "owner_body": parent.owner_body_id}


@dataclass(frozen=True)
class Count:
    """An annotated count shown as a column: `attr` on each row, `active_attr` as the "n active" hint."""

    attr: str
    label: str
    active_attr: str = ""


PROJECT_COUNT = Count("project_count", gettext_lazy("Projects"), "active_project_count")


@dataclass(frozen=True)
class ChildSection:
    """One list of children on a detail page: portfolio → programs, group → subgroups and projects…

    `rows(user, node)` reads them through the child level's list selector; `add_param` is the query parameter
    of the child's create page that preselects this node (``program`` in ``/directions/new/?program=3``).
    """

    title: str
    level: Callable[[], NodeLevel]
    rows: Callable[[Any, Any], Any]
    add_param: str = ""
    add_label: str = ""
    empty: str = ""


@dataclass(frozen=True)
class NodeLevel:
    """Everything the generic pages need to know about one level of the hierarchy."""

    kind: str
    plural: str
    model: type
    list_selector: Callable[..., Any]
    get_selector: Callable[..., Any]
    create: Callable[..., Any]
    update: Callable[..., Any]
    delete: Callable[..., Any]
    form_class: type
    parent_params: tuple[ParentParam, ...] = ()
    #: The node's parent (already joined by the selector), for the list column and the redirect after delete.
    parent: Callable[[Any], Any] = lambda node: None
    parent_label: str = ""
    counts: tuple[Count, ...] = ()
    children: tuple[ChildSection, ...] = ()
    #: Facts of this level only (label, value) for the detail page, e.g. a program's kind and region.
    extra_facts: Callable[[Any], list[tuple[str, Any]]] = lambda node: []
    #: A panel of this level's own (the project's workspace at a glance): (template, context) or None.
    panel: Callable[[Any], tuple[str, dict] | None] = lambda node: None
    #: Show where the node sits (its ancestors) as a panel: the project page's "group and place".
    show_place: bool = False
    icon: str = "dot"

    @property
    def verbose_name(self) -> str:
        return capfirst(self.model._meta.verbose_name)

    @property
    def verbose_name_plural(self) -> str:
        return capfirst(self.model._meta.verbose_name_plural)

    def url(self, action: str, *args) -> str:
        return reverse(f"{self.kind}-{action}", args=args)

    @property
    def list_url(self) -> str:
        return self.url("list")

    @property
    def create_url(self) -> str:
        return self.url("create")

    def urlpatterns(self) -> list:
        """The five pages of the level, under the URL names others link to: ``<kind>-list`` etc."""
        views = {
            "list": ("", NodeListView),
            "create": ("new/", NodeCreateView),
            "detail": ("<int:pk>/", NodeDetailView),
            "edit": ("<int:pk>/edit/", NodeUpdateView),
            "delete": ("<int:pk>/delete/", NodeDeleteView),
        }
        return [
            path(f"{self.plural}/{route}", view.as_view(level=self), name=f"{self.kind}-{action}")
            for action, (route, view) in views.items()
        ]


# --- presentation helpers ------------------------------------------------------------------------------------


def url_of(obj) -> str:
    """The page of a node, or of the state body that roots a standard basic direction."""
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    return reverse("body-detail", args=[obj.pk])


def schedule_hint(node, today: dt.date | None = None) -> dict:
    """Days left until the planned end, or days overdue, for a node whose work is not over yet."""
    today = today or timezone.localdate()
    finished = node.actual_end is not None or node.status in (Status.COMPLETED, Status.CANCELLED)
    if node.planned_end is None or finished:
        return {"finished": finished, "days": None, "overdue": False}
    days = (node.planned_end - today).days
    return {"finished": False, "days": abs(days), "overdue": days < 0}


@dataclass
class Row:
    """A node as one table row: its parent and its annotated counts already looked up."""

    node: Any
    parent: Any
    counts: list[tuple[int, int | None]]
    overdue: bool


def table_rows(level: NodeLevel, nodes) -> list[Row]:
    today = timezone.localdate()
    rows = []
    for node in nodes:
        counts = [
            (
                getattr(node, count.attr, 0),
                getattr(node, count.active_attr, None) if count.active_attr else None,
            )
            for count in level.counts
        ]
        rows.append(Row(node, level.parent(node), counts, schedule_hint(node, today)["overdue"]))
    return rows


@dataclass
class HistoryEntry:
    record: Any
    action: str
    actor: str
    css: str
    reason: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _display(model_field, value) -> str:
    """A field value of a history record as a person reads it."""
    if isinstance(value, DeletedObject):
        return "—" if value.pk is None else _("deleted (#%(pk)s)") % {"pk": value.pk}
    if value is None or value == "" or value == []:
        return "—"
    if getattr(model_field, "many_to_many", False) and isinstance(value, list):
        # simple-history gives a many-to-many change as the through rows: name the related objects.
        target = model_field.m2m_reverse_field_name()
        return ", ".join(_display(None, row.get(target)) for row in value if isinstance(row, dict)) or "—"
    if getattr(model_field, "choices", None):
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return number_format(value, 2, force_grouping=True)
    if hasattr(value, "code") and hasattr(value, "name"):
        return f"{value.code} — {value.name}" if getattr(value, "KIND", "") else value.name
    return Truncator(str(value)).chars(120)


HISTORY_ACTIONS = {
    "+": (gettext_lazy("created"), "created"),
    "~": (gettext_lazy("changed"), "changed"),
    "-": (gettext_lazy("deleted"), "deleted"),
}


@functools.cache
def _default_reasons() -> frozenset[str]:
    """The reasons the services record when none is given, in every UI language (the writer's was active)."""
    words = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            words |= {_(word).lower() for word in ("Created", "Changed", "Deleted")}
    return frozenset(words)


def history_entries(node, *, limit: int = HISTORY_LIMIT, hidden: tuple[str, ...] = ()) -> list[HistoryEntry]:
    """The node's last changes, newest first, each with who, when and which fields changed from what to what
    (except the `hidden` fields: a document kept whole elsewhere, such as a passport and its versions).

    One query: the selector reads one record more than shown, so the oldest shown change has its predecessor
    to be diffed against (simple-history's diff_against, related objects joined, not fetched one by one).
    """
    records = selectors.node_history(node, limit=limit)
    default_reasons = _default_reasons()
    entries = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = []
        if record.history_type == "~" and previous is not None:
            delta = record.diff_against(previous, foreign_keys_are_objs=True)
            for change in delta.changes:
                if change.field in hidden:
                    continue
                model_field = node._meta.get_field(change.field)
                changes.append(
                    (
                        capfirst(model_field.verbose_name),
                        _display(model_field, change.old),
                        _display(model_field, change.new),
                    )
                )
        user = record.history_user
        action, css = HISTORY_ACTIONS.get(record.history_type, (record.history_type, "changed"))
        reason = record.history_change_reason or ""
        if reason.lower() in default_reasons:  # "Created" beside "created" says nothing new
            reason = ""
        entries.append(
            HistoryEntry(
                record=record,
                action=str(action),
                actor=user.full_name if user else _("System"),
                css=css,
                reason=reason,
                changes=changes,
            )
        )
    return entries


# --- the views -----------------------------------------------------------------------------------------------


class NodePage(LoginRequiredMixin, View):
    """Base of the pages of one level; `level` is given by `NodeLevel.urlpatterns()` through as_view()."""

    level: NodeLevel = None  # type: ignore[assignment]
    template_name = ""

    def render(self, context: dict, status: int = 200):
        return render(self.request, self.template_name, {"level": self.level, **context}, status=status)

    def get_node(self, action: str = authorization.VIEW):
        return self.level.get_selector(self.request.user, self.kwargs["pk"], action=action)

    def can(self, action: str, obj) -> bool:
        return authorization.can(self.request.user, action, obj)


class NodeListView(NodePage):
    """The level's nodes as a filterable, sortable table, 25 a page, in a fixed number of queries."""

    template_name = "nodes/list.html"

    def get(self, request, **kwargs):
        level = self.level
        form = NodeFilterForm(request.GET, user=request.user)
        queryset = level.list_selector(request.user)
        parent_filter = None
        # /programs/?portfolio=3 lists the programs of one portfolio; the parent is read through its selector.
        for param in level.parent_params:
            raw = request.GET.get(param.name, "")
            if raw:
                if not raw.isdigit():
                    raise Http404
                parent_filter = (param, param.get(request.user, int(raw)))
                queryset = queryset.filter(**{param.name: parent_filter[1]})
        page = Paginator(form.filter(queryset), PAGE_SIZE).get_page(request.GET.get("page"))
        return self.render(
            {
                "form": form,
                "page_obj": page,
                "rows": table_rows(level, page.object_list),
                "parent_filter": parent_filter[1] if parent_filter else None,
                "parent_filter_param": parent_filter[0].name if parent_filter else "",
                "sort": form.active_sort,
                "can_add": self.can(authorization.ADD, level.model),
            }
        )


class NodeDetailView(NodePage):
    """One node: header, facts, children, history and the live "changed by" banner."""

    template_name = "nodes/detail.html"

    def get(self, request, **kwargs):
        from governance.cards import bodies_card
        from initiatives.cards import initiatives_card
        from kpi_maps.node_card import indicators_card  # the apps' pages build on the core, not the reverse
        from org.team_views import team_card
        from programs.management_card import management_card
        from scrum.selectors.schedules import node_schedules_card

        node = self.get_node()
        user = request.user
        # Read once: the breadcrumbs and the "place in the hierarchy" panel show the same ancestors.
        ancestors = selectors.node_ancestors(user, node)
        sections = []
        for section in self.level.children:
            child_level = section.level()
            add_url = ""
            if section.add_param and self.can(authorization.ADD, child_level.model):
                add_url = f"{child_level.url('create')}?{section.add_param}={node.pk}"
            sections.append(
                {
                    "section": section,
                    "level": child_level,
                    "rows": table_rows(child_level, section.rows(user, node)),
                    "add_url": add_url,
                }
            )
        return self.render(
            {
                "node": node,
                "parent": self.level.parent(node),
                "schedule": schedule_hint(node),
                "extra_facts": self.level.extra_facts(node),
                "panel": self.level.panel(node),
                "sections": sections,
                "ancestors": ancestors,
                "place": ancestors if self.level.show_place else None,
                "history": history_entries(node),
                "can_change": self.can(authorization.CHANGE, node),
                "can_delete": self.can(authorization.DELETE, node),
                "ws_path": f"/ws/nodes/{node.KIND}/{node.pk}/",
                "team": team_card(user, node),
                "indicators_card": indicators_card(user, node),
                "schedules_card": node_schedules_card(user, node),
                "initiatives_card": initiatives_card(user, node),
                "bodies_card": bodies_card(user, node),
                "management_card": management_card(user, node),
            }
        )


class NodeFormPage(NodePage):
    """Shared by create and edit: render the form, call the service, show its refusal on the form.

    Subclasses define ``save(form)``, which calls the level's create or update service and returns the node.
    """

    template_name = "nodes/form.html"

    def handle(self, form, context: dict):
        if self.request.method == "POST" and form.is_valid():
            try:
                node = self.save(form)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    self.request,
                    _("%(kind)s %(code)s saved.") % {"kind": self.level.verbose_name, "code": node.code},
                )
                return redirect(node.get_absolute_url())
        return self.render({"form": form, **context})


class NodeCreateView(NodeFormPage):
    """A new node; ``?<parent>=<id>`` preselects and shows its parent. Needs the "add" permission (else 403)."""

    def dispatch_form(self, request):
        authorization.require(request.user, authorization.ADD, self.level.model)
        parent, initial = None, {}
        for param in self.level.parent_params:
            raw = request.GET.get(param.name, "")
            if raw:
                if not raw.isdigit():
                    raise Http404
                parent = param.get(request.user, int(raw))
                initial = param.initial_for(parent)
                break
        data = request.POST if request.method == "POST" else None
        form = self.level.form_class(data, user=request.user, initial=initial)
        cancel_url = parent.get_absolute_url() if parent else self.level.url("list")
        return self.handle(form, {"parent": parent, "is_new": True, "cancel_url": cancel_url})

    def save(self, form):
        kwargs = form.service_kwargs()
        # "add" on the chosen parent: the form offers only parents the person may add to, this is the rule.
        authorization.require(self.request.user, authorization.ADD, parent_in(kwargs) or self.level.model)
        return self.level.create(actor=self.request.user, **kwargs)

    def get(self, request, **kwargs):
        return self.dispatch_form(request)

    def post(self, request, **kwargs):
        return self.dispatch_form(request)


class NodeUpdateView(NodeFormPage):
    """Edit a node the user may change (else 403; a node they may not see, 404)."""

    def dispatch_form(self, request):
        self.node = self.get_node(authorization.CHANGE)
        data = request.POST if request.method == "POST" else None
        # The form works on a copy: a refused change must not leak into the page header.
        form = self.level.form_class(data, user=request.user, instance=copy.copy(self.node))
        return self.handle(
            form, {"node": self.node, "is_new": False, "cancel_url": self.node.get_absolute_url()}
        )

    def save(self, form):
        kwargs = form.service_kwargs()
        new_parent = new_parent_in(self.node, kwargs)
        if new_parent is not None:  # a move adds the node under its new parent
            authorization.require(self.request.user, authorization.ADD, new_parent)
        return self.level.update(actor=self.request.user, **{self.level.kind: self.node}, **kwargs)

    def get(self, request, **kwargs):
        return self.dispatch_form(request)

    def post(self, request, **kwargs):
        return self.dispatch_form(request)


class NodeDeleteView(NodePage):
    """Confirm, then delete through the service; a node with children gets the service's refusal shown."""

    template_name = "nodes/confirm_delete.html"

    def context(self, node, errors=()):
        return {
            "node": node,
            "errors": list(errors),
            "counts": [
                (count.label, number)
                for count, (number, _active) in zip(
                    self.level.counts, table_rows(self.level, [node])[0].counts, strict=True
                )
            ],
        }

    def get(self, request, **kwargs):
        return self.render(self.context(self.get_node(authorization.DELETE)))

    def post(self, request, **kwargs):
        node = self.get_node(authorization.DELETE)
        parent = self.level.parent(node)
        try:
            self.level.delete(actor=request.user, **{self.level.kind: node})
        except ValidationError as error:
            return self.render(self.context(node, error.messages), status=409)
        messages.success(
            request, _("%(kind)s %(code)s deleted.") % {"kind": self.level.verbose_name, "code": node.code}
        )
        return redirect(url_of(parent) if parent is not None else self.level.url("list"))
