"""Pages of the official forms' files and of the import (issue 7 items 4–5), under /operational-plans/:

- ``<plan>/export/`` (POST ``format`` xlsx|pdf, ``language`` kk|ru, ``op-export-plan``): queue the plan as
  Appendix 1 and go to the export's progress page;
- ``<plan>/reports/<year>/<quarter>/export/`` (POST, the same, ``op-export-report``): the quarter's report as
  Appendix 2 (for those who read the whole plan: 403 for a unit's people; the year must be the plan's);
- ``<plan>/import/`` (``op-import``): upload an XLSX in the Appendix 1 layout; the result, or the table of the
  wrong rows (400, nothing written);
- ``<plan>/import/template/?language=`` (``op-import-template``): the workbook to fill in.

Not visible: 404; visible but not allowed: 403.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.http import require_POST

from org.forms import ServiceForm
from pmis.core import authorization
from projects.exports import XLSX_CONTENT_TYPE

from ..exports import export_form
from ..selectors.plans import plan_get
from ..services.imports import import_template, plan_import

LANGUAGE_CHOICES = (("kk", gettext_lazy("Kazakh")), ("ru", gettext_lazy("Russian")))
FORMAT_CHOICES = (("xlsx", "XLSX"), ("pdf", "PDF"))


def _default_language() -> str:
    language = (get_language() or "ru")[:2]
    return language if language in ("kk", "ru") else "ru"


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=FORMAT_CHOICES)
    language = forms.ChoiceField(choices=LANGUAGE_CHOICES)


class ImportForm(ServiceForm):
    file = forms.FileField(
        label=gettext_lazy("XLSX file"),
        help_text=gettext_lazy("The plan in the layout of Appendix 1, at most 10 MB and 5,000 rows."),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the file"),
        choices=LANGUAGE_CHOICES,
        help_text=gettext_lazy("The texts are written to the plan's fields in this language."),
    )

    LAYOUT = ((gettext_lazy("File"), (("file", "col-md-8"), ("language", "col-md-4"))),)


def _start(request, plan, **arguments):
    form = ExportForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest(
            _("Choose the format (XLSX or PDF) and the language (Kazakh or Russian).")
        )
    try:
        job = export_form(
            owner=request.user,
            plan=plan,
            fmt=form.cleaned_data["format"],
            language=form.cleaned_data["language"],
            **arguments,
        )
    except ValidationError as error:
        return HttpResponseBadRequest(" ".join(error.messages))
    return redirect(reverse("export-detail", args=[job.pk]))


@require_POST
def export_plan(request, plan_pk: int):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    plan = plan_get(request.user, plan_pk)
    return _start(request, plan, form="plan")


@require_POST
def export_report(request, plan_pk: int, year: int, quarter: int):
    if not request.user.is_authenticated:
        return redirect(f"{reverse('login')}?next={request.path}")
    plan = plan_get(request.user, plan_pk)
    if plan.year != year or quarter not in (1, 2, 3, 4):
        raise Http404
    return _start(request, plan, form="report", quarter=quarter)


def _importable_plan(request, plan_pk: int):
    plan = plan_get(request.user, plan_pk)
    if not authorization.can(request.user, authorization.CHANGE, plan):
        raise PermissionDenied
    return plan


class ImportPage(LoginRequiredMixin, View):
    """Upload the plan as an Appendix 1 workbook; wrong rows re-render with the report (400), nothing written."""

    def _page(self, plan, form, *, report=None, status=200):
        return render(
            self.request,
            "operational_plans/import_plan.html",
            {"plan": plan, "form": form, "report": report or []},
            status=status,
        )

    def get(self, request, plan_pk: int):
        plan = _importable_plan(request, plan_pk)
        return self._page(plan, ImportForm(initial={"language": _default_language()}))

    def post(self, request, plan_pk: int):
        plan = _importable_plan(request, plan_pk)
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._page(plan, form, status=400)
        try:
            result = plan_import(
                actor=request.user,
                plan=plan,
                file=form.cleaned_data["file"],
                language=form.cleaned_data["language"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
            return self._page(plan, form, status=400)
        if not result.ok:
            form.add_error(
                None, _("Nothing was imported: %(count)s rows are wrong.") % {"count": len(result.errors)}
            )
            return self._page(plan, form, report=result.errors, status=400)
        messages.success(
            request,
            _(
                "Imported %(headings)s headings and %(activities)s activities (%(kept)s kept, %(added)s added, "
                "%(removed)s removed)."
            )
            % {
                "headings": result.headings,
                "activities": result.activities,
                "kept": result.kept,
                "added": result.added,
                "removed": result.removed,
            },
        )
        return redirect(reverse("op-import", args=[plan.pk]))


class ImportTemplatePage(LoginRequiredMixin, View):
    """The Appendix 1 workbook to fill in, with an example line of each kind."""

    def get(self, request, plan_pk: int):
        plan = plan_get(request.user, plan_pk)
        language = request.GET.get("language") or _default_language()
        if language not in ("kk", "ru"):
            language = "ru"
        response = HttpResponse(import_template(plan, language), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = (
            f'attachment; filename="operational-plan-template-{plan.body.code}-{plan.year}-{language}.xlsx"'
        )
        return response


urlpatterns = [
    path("<int:plan_pk>/export/", export_plan, name="op-export-plan"),
    path("<int:plan_pk>/reports/<int:year>/<int:quarter>/export/", export_report, name="op-export-report"),
    path("<int:plan_pk>/import/", ImportPage.as_view(), name="op-import"),
    path("<int:plan_pk>/import/template/", ImportTemplatePage.as_view(), name="op-import-template"),
]
