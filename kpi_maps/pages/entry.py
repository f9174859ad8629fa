"""Pages of data entry for responsible persons and the project office (issue 5 item 6; Rules p.17).

`/kpi/entry/?node=&year=&quarter=` is the grid: one row per indicator under the node that the person may enter
facts for, with its plan and current fact; all rows are saved or none, and every wrong row shows its error (400).
`/kpi/import/?node=` uploads an XLSX of facts with the same checks and shows the per-row report; the template to
fill in lists the person's indicators.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import View

from pmis.core import authorization
from pmis.core.grants import grants_of

from ..forms import ImportForm
from ..selectors.entry import entry_grid
from ..services.entry import RowsRefused, values_enter
from ..services.imports import import_template, values_import
from ._nodes import node_from_ref


def _period(query) -> tuple[int, int]:
    """The period of the query (?year=&quarter=); by default the last full year."""
    try:
        year = int(query.get("year") or timezone.localdate().year - 1)
        quarter = int(query.get("quarter") or 0)
    except ValueError:
        year, quarter = timezone.localdate().year - 1, 0
    year = min(max(year, 1990), 2100)
    return year, quarter if quarter in (0, 1, 2, 3, 4) else 0


def _entry_node(request):
    """The node of the query: 404 when hidden; 403 when the person may enter facts nowhere under it."""
    node = node_from_ref(request.user, request.GET.get("node") or request.POST.get("node"))
    user = request.user
    if not (
        authorization.can(user, authorization.CONTRIBUTE, node)
        or any(prefix.startswith(node.path) for prefix in _contribute_prefixes(user))
    ):
        raise PermissionDenied
    return node


def _contribute_prefixes(user) -> list[str]:
    return list(grants_of(user).prefixes(authorization.CONTRIBUTE))


class EntryPage(LoginRequiredMixin, View):
    """The bulk entry grid of a node for one period."""

    def _page(self, node, year, quarter, rows, *, posted=None, errors=None, status=200):
        posted = posted or {}
        errors = errors or {}
        lines = [
            {
                "row": row,
                "value": posted.get(f"value-{row.indicator.pk}", ""),
                "source": posted.get(f"source-{row.indicator.pk}", row.value.source if row.value else ""),
                "reason": posted.get(f"reason-{row.indicator.pk}", ""),
                "errors": errors.get(row.indicator.pk, []),
            }
            for row in rows
        ]
        return render(
            self.request,
            "kpi_maps/entry.html",
            {
                "node": node,
                "ref": self.request.GET.get("node") or self.request.POST.get("node"),
                "year": year,
                "quarter": quarter,
                "quarters": [(0, _("whole year")), (1, "Q1"), (2, "Q2"), (3, "Q3"), (4, "Q4")],
                "lines": lines,
                "error_count": sum(len(line["errors"]) for line in lines),
            },
            status=status,
        )

    def get(self, request):
        node = _entry_node(request)
        year, quarter = _period(request.GET)
        return self._page(node, year, quarter, entry_grid(request.user, node, year, quarter))

    def post(self, request):
        node = _entry_node(request)
        year, quarter = _period(request.POST)
        rows = entry_grid(request.user, node, year, quarter)
        submitted = [
            {
                "indicator": row.indicator,
                "year": year,
                "quarter": quarter,
                "value": request.POST.get(f"value-{row.indicator.pk}", ""),
                "source": request.POST.get(f"source-{row.indicator.pk}", ""),
                "reason": request.POST.get(f"reason-{row.indicator.pk}", ""),
                "version": request.POST.get(f"version-{row.indicator.pk}") or None,
            }
            for row in rows
        ]
        try:
            written = values_enter(actor=request.user, rows=submitted)
        except RowsRefused as refused:
            errors: dict[int, list[str]] = {}
            for error in refused.rows:
                errors.setdefault(rows[error.row - 1].indicator.pk, []).append(error.message)
            return self._page(node, year, quarter, rows, posted=request.POST, errors=errors, status=400)
        if written:
            messages.success(request, _("%(count)s facts saved.") % {"count": len(written)})
        else:
            messages.info(request, _("Nothing to save: every fact was left blank."))
        query = urlencode({"node": request.POST.get("node"), "year": year, "quarter": quarter})
        return redirect(f"{reverse('kpi-entry')}?{query}")


class ImportPage(LoginRequiredMixin, View):
    """Upload an XLSX of facts; a wrong file or wrong rows re-render with the report (400), nothing written."""

    def _page(self, node, form, *, report=None, status=200):
        return render(
            self.request,
            "kpi_maps/import.html",
            {"node": node, "ref": self.request.GET.get("node"), "form": form, "report": report or []},
            status=status,
        )

    def get(self, request):
        return self._page(_entry_node(request), ImportForm())

    def post(self, request):
        node = _entry_node(request)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(node, form, status=400)
        try:
            result = values_import(actor=request.user, file=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_service_errors(error)
            return self._page(node, form, status=400)
        if not result.ok:
            form.add_error(
                None, _("Nothing was imported: %(count)s rows are wrong.") % {"count": len(result.errors)}
            )
            return self._page(node, form, report=result.errors, status=400)
        messages.success(request, _("%(count)s facts imported.") % {"count": len(result.values)})
        return redirect(f"{reverse('kpi-entry')}?{urlencode({'node': request.GET.get('node')})}")


class ImportTemplatePage(LoginRequiredMixin, View):
    """The XLSX to fill in: the person's indicators under the node (codes and names filled in)."""

    def get(self, request):
        node = _entry_node(request)
        year, quarter = (None, 0) if not request.GET.get("year") else _period(request.GET)
        content = import_template(request.user, node, year=year, quarter=quarter)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="facts-{node.code or node.pk}.xlsx"'
        return response


urlpatterns = [
    path("entry/", EntryPage.as_view(), name="kpi-entry"),
    path("import/", ImportPage.as_view(), name="kpi-import"),
    path("import/template/", ImportTemplatePage.as_view(), name="kpi-import-template"),
]
