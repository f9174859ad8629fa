"""Pages of the indicator registry and passport (Rules p.17, Appendix 2; Methodology summary §2).

`/kpi/indicators/` lists what the reader may see; a passport shows plans as approved and as adjusted, facts with
who entered them, achievement per period, the trend with its forecast, the history of corrections and the
decomposition links, and the forms to change them — each only to those with the power. Reads go through
``kpi_maps.selectors.indicators``; writes through the services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from pmis.core import authorization
from pmis.core.concurrency import StaleVersion
from pmis.core.downloads import file_response

from ..choices import Direction, IndicatorKind
from ..forms import IndicatorForm, TargetForm, ValueForm
from ..models import Indicator
from ..selectors.indicators import indicator_get, indicator_list, indicator_passport, value_list
from ..services.indicators import indicator_create, indicator_delete, indicator_update
from ..services.targets import target_set
from ..services.values import value_record
from ._nodes import node_from_ref, nodes_of

PAGE_SIZE = 50


class IndicatorListPage(LoginRequiredMixin, View):
    """The registry: filters by node (its subtree), kind and text; 50 a page; a fixed number of queries."""

    def get(self, request):
        node = node_from_ref(request.user, request.GET.get("node"), required=False)
        kind = request.GET.get("kind", "")
        kind = kind if kind in IndicatorKind.values else ""
        text = request.GET.get("q", "").strip()
        queryset = indicator_list(request.user, node=node, kind=kind or None, text=text or None)
        page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
        nodes = nodes_of(page.object_list)
        rows = [
            (indicator, nodes.get((indicator.node_kind, indicator.node_id))) for indicator in page.object_list
        ]
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "kpi_maps/indicator_list.html",
            {
                "page": page,
                "rows": rows,
                "filter_node": node,
                "filters": {"node": request.GET.get("node", "") if node else "", "kind": kind, "q": text},
                "kinds": IndicatorKind.choices,
                "query": query.urlencode(),
                "may_create": authorization.can(request.user, authorization.CHANGE, node or Indicator),
            },
        )


class IndicatorCreatePage(LoginRequiredMixin, View):
    """A new indicator on the node ``?node=kind:id`` ("change" on the node)."""

    def _node(self):
        node = node_from_ref(self.request.user, self.request.GET.get("node"))
        authorization.require(self.request.user, authorization.CHANGE, node)
        return node

    def _page(self, node, form, status=200):
        return render(
            self.request,
            "kpi_maps/indicator_form.html",
            {"form": form, "node": node, "indicator": None},
            status=status,
        )

    def get(self, request):
        return self._page(self._node(), IndicatorForm())

    def post(self, request):
        node = self._node()
        form = IndicatorForm(request.POST)
        if not form.is_valid():
            return self._page(node, form, 400)
        try:
            indicator = indicator_create(actor=request.user, node=node, **form.service_kwargs())
        except ValidationError as error:
            form.add_service_errors(error)
            return self._page(node, form, 400)
        messages.success(request, _("Indicator %(code)s created.") % {"code": indicator.code})
        return redirect("kpi-indicator-detail", indicator.pk)


class IndicatorEditPage(LoginRequiredMixin, View):
    """Edit the passport ("change"); a stale edit shows the stored passport (409)."""

    def _page(self, indicator, form, status=200, current=None):
        context = {"form": form, "node": None, "indicator": indicator, "current": current}
        return render(self.request, "kpi_maps/indicator_form.html", context, status=status)

    def get(self, request, pk):
        indicator = indicator_get(request.user, pk, authorization.CHANGE)
        initial = {
            name: getattr(indicator, name) for name in IndicatorForm.base_fields if hasattr(indicator, name)
        }
        return self._page(indicator, IndicatorForm(initial=initial, editing=True))

    def post(self, request, pk):
        indicator = indicator_get(request.user, pk, authorization.CHANGE)
        form = IndicatorForm(request.POST, editing=True)
        if not form.is_valid():
            return self._page(indicator, form, 400)
        try:
            indicator_update(
                indicator,
                actor=request.user,
                version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"],
                **form.service_kwargs(),
            )
        except StaleVersion:
            form.add_error(
                None, _("Someone else has changed this in the meantime. Review the current version.")
            )
            return self._page(indicator, form, 409, current=indicator_get(request.user, pk))
        except ValidationError as error:
            form.add_service_errors(error)
            return self._page(indicator, form, 400)
        messages.success(request, _("Passport of %(code)s saved.") % {"code": indicator.code})
        return redirect("kpi-indicator-detail", indicator.pk)


class IndicatorDetailPage(LoginRequiredMixin, View):
    """The passport; POST to `kpi-indicator-target` / `kpi-indicator-value` re-renders it with errors (400)."""

    def render_passport(self, indicator, *, target_form=None, value_form=None, status=200):
        passport = indicator_passport(self.request.user, indicator)
        return render(
            self.request,
            "kpi_maps/indicator_detail.html",
            {
                "indicator": indicator,
                "passport": passport,
                "may": passport.may,
                "target_form": target_form or TargetForm(ranged=indicator.direction == Direction.RANGE),
                "value_form": value_form or ValueForm(),
            },
            status=status,
        )

    def get(self, request, pk):
        return self.render_passport(indicator_get(request.user, pk))


class TargetSetPage(IndicatorDetailPage):
    """Set (approve or adjust) the plan of a period from the passport ("change")."""

    def get(self, request, pk):
        return redirect("kpi-indicator-detail", pk)

    def post(self, request, pk):
        indicator = indicator_get(request.user, pk, authorization.CHANGE)
        form = TargetForm(request.POST, ranged=indicator.direction == Direction.RANGE)
        if form.is_valid():
            try:
                target = target_set(actor=request.user, indicator=indicator, **form.cleaned_data)
            except StaleVersion as stale:
                form.add_error(None, str(stale))
                return self.render_passport(indicator, target_form=form, status=409)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Plan for %(period)s saved.") % {"period": target.period_label})
                return redirect("kpi-indicator-detail", pk)
        return self.render_passport(indicator, target_form=form, status=400)


class ValueRecordPage(IndicatorDetailPage):
    """Enter or correct the fact of a period from the passport ("contribute"), with an evidence file."""

    def get(self, request, pk):
        return redirect("kpi-indicator-detail", pk)

    def post(self, request, pk):
        indicator = indicator_get(request.user, pk, authorization.CONTRIBUTE)
        form = ValueForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                value = value_record(actor=request.user, indicator=indicator, **form.cleaned_data)
            except StaleVersion as stale:
                form.add_error(None, str(stale))
                return self.render_passport(indicator, value_form=form, status=409)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Fact for %(period)s saved.") % {"period": value.period_label})
                return redirect("kpi-indicator-detail", pk)
        return self.render_passport(indicator, value_form=form, status=400)


class IndicatorDeletePage(LoginRequiredMixin, View):
    """Remove an indicator ("delete"; refused while it has facts or links)."""

    def post(self, request, pk):
        indicator = indicator_get(request.user, pk, authorization.DELETE)
        try:
            indicator_delete(indicator, actor=request.user, reason=request.POST.get("reason", ""))
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("kpi-indicator-detail", pk)
        messages.success(request, _("Indicator %(code)s removed.") % {"code": indicator.code})
        return redirect("kpi-indicator-list")


class EvidencePage(LoginRequiredMixin, View):
    """The evidence file of a fact, for whoever may see the fact (404 otherwise)."""

    def get(self, request, pk):
        value = value_list(request.user).filter(pk=pk).first()
        if value is None or not value.evidence:
            raise Http404
        return file_response(value.evidence, value.evidence.name.rsplit("/", 1)[-1])


urlpatterns = [
    path("indicators/", IndicatorListPage.as_view(), name="kpi-indicator-list"),
    path("indicators/new/", IndicatorCreatePage.as_view(), name="kpi-indicator-create"),
    path("indicators/<int:pk>/", IndicatorDetailPage.as_view(), name="kpi-indicator-detail"),
    path("indicators/<int:pk>/edit/", IndicatorEditPage.as_view(), name="kpi-indicator-edit"),
    path("indicators/<int:pk>/delete/", IndicatorDeletePage.as_view(), name="kpi-indicator-delete"),
    path("indicators/<int:pk>/plan/", TargetSetPage.as_view(), name="kpi-indicator-target"),
    path("indicators/<int:pk>/fact/", ValueRecordPage.as_view(), name="kpi-indicator-value"),
    path("values/<int:pk>/evidence/", EvidencePage.as_view(), name="kpi-value-evidence"),
]
