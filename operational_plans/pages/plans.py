"""Pages of the operational plan: the list, a plan's page (the Appendix 1 form with its approval deadline), its
people and dates, approval, adjustment, versions and their comparison, and the headings of section I.

Reads go through ``operational_plans.selectors``, writes through ``operational_plans.services`` (which decide the
powers). Not visible: 404; visible but not allowed: 403; a broken rule: the page (or form) again with the reason.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from kpi_maps.models import Indicator
from org.forms import PersonChoiceField, ServiceForm
from org.models import Person, StateBody, Unit
from pmis.core import authorization
from pmis.core.node_forms import DateInput
from pmis.core.page_input import error_messages, int_or_none

from ..choices import INDICATOR_HEADINGS, HeadingKind, PlanStatus
from ..models import Heading, OperationalPlan
from ..selectors.plans import heading_get, plan_get, plan_list, plan_page
from ..selectors.versions import CURRENT, version_compare, version_list
from ..services import plans as services
from ..services import structure

# --- forms -----------------------------------------------------------------------------------------------


class UnitChoiceField(forms.ModelChoiceField):
    """A unit named with its state body, since a new plan's form lists the units of every body."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.body.short_name or obj.body.code} · {obj.name}"


class PlanForm(ServiceForm):
    body = forms.ModelChoiceField(label=gettext_lazy("State body"), queryset=StateBody.objects.none())
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    development_plan_signed_on = forms.DateField(
        label=gettext_lazy("Development plan signed on"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("The plan is approved within ten calendar days of this day (OP Rules p.6)."),
    )
    developer_unit = UnitChoiceField(
        label=gettext_lazy("Unit responsible for the development"), queryset=Unit.objects.none()
    )
    monitoring_unit = UnitChoiceField(
        label=gettext_lazy("Unit responsible for the monitoring"), queryset=Unit.objects.none()
    )
    approver = PersonChoiceField(
        label=gettext_lazy("Approved by (first head or chief of staff)"), queryset=Person.objects.none()
    )

    LAYOUT = (
        (
            gettext_lazy("Plan"),
            (("body", "col-md-8"), ("year", "col-md-4"), ("development_plan_signed_on", "col-md-4")),
        ),
        (
            gettext_lazy("People"),
            (("developer_unit", "col-md-6"), ("monitoring_unit", "col-md-6"), ("approver", "col-md-6")),
        ),
    )

    def __init__(self, *args, plan: OperationalPlan | None = None, body: StateBody | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()
        body = plan.body if plan is not None else body
        units = Unit.objects.select_related("body").order_by("body__code", "code")
        if body is not None:
            units = units.filter(body=body)
        self.fields["developer_unit"].queryset = units
        self.fields["monitoring_unit"].queryset = units
        self.fields["approver"].queryset = Person.objects.filter(is_active=True).order_by(
            "last_name", "first_name"
        )
        if plan is not None:
            del self.fields["body"]
            if plan.version > 0:
                del self.fields["year"]
        else:
            self.fields["body"].queryset = StateBody.objects.exclude(kind="office").order_by("code")


class HeadingForm(ServiceForm):
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=HeadingKind.choices)
    parent = forms.ModelChoiceField(
        label=gettext_lazy("Under"), queryset=Heading.objects.none(), required=False
    )
    number = forms.CharField(
        label=gettext_lazy("Number"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("Empty: the next in its place."),
    )
    indicator = forms.ModelChoiceField(
        label=gettext_lazy("Indicator of the goal map"), queryset=Indicator.objects.none(), required=False
    )
    name_kk = forms.CharField(
        label=gettext_lazy("Name (Kazakh)"), required=False, widget=forms.Textarea({"rows": 2})
    )
    name_ru = forms.CharField(
        label=gettext_lazy("Name (Russian)"), required=False, widget=forms.Textarea({"rows": 2})
    )

    LAYOUT = (
        (
            gettext_lazy("Heading"),
            (
                ("kind", "col-md-4"),
                ("parent", "col-md-5"),
                ("number", "col-md-3"),
                ("indicator", "col-12"),
                ("name_kk", "col-md-6"),
                ("name_ru", "col-md-6"),
            ),
        ),
    )

    def __init__(self, *args, user, plan: OperationalPlan, heading: Heading | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()
        self.fields["parent"].queryset = Heading.objects.filter(
            plan=plan, kind__in=[HeadingKind.DIRECTION, HeadingKind.GOAL]
        ).order_by("position", "id")
        self.fields["indicator"].queryset = authorization.restrict(
            Indicator.objects.filter(kind__in=["macro", "target", "kni"], is_active=True).order_by("code"),
            user,
        )
        if heading is not None:
            del self.fields["kind"]
            del self.fields["parent"]


def _heading_values(form: HeadingForm) -> dict:
    return dict(form.cleaned_data)


# --- the list and a plan's page ----------------------------------------------------------------------------


class PlanListPage(LoginRequiredMixin, View):
    """The plans the person may see, by year, body and status; "New plan" for those who may draft one."""

    def get(self, request):
        query = request.GET
        values = {
            "year": int_or_none(query.get("year")),
            "body": int_or_none(query.get("body")),
            "status": query.get("status") if query.get("status") in PlanStatus.values else "",
        }
        plans = list(
            plan_list(request.user, year=values["year"], body=values["body"], status=values["status"] or None)
        )
        return render(
            request,
            "operational_plans/plan_list.html",
            {
                "plans": plans,
                "values": values,
                "statuses": PlanStatus.choices,
                "bodies": StateBody.objects.exclude(kind="office").order_by("code"),
                "may_add": authorization.can(request.user, authorization.ADD, OperationalPlan),
            },
        )


class PlanCreatePage(LoginRequiredMixin, View):
    def _guard(self, request):
        authorization.require(request.user, authorization.ADD, OperationalPlan)

    def get(self, request):
        self._guard(request)
        body = StateBody.objects.filter(pk=int_or_none(request.GET.get("body"))).first()
        form = PlanForm(body=body, initial={"year": timezone.localdate().year, "body": body})
        return render(request, "operational_plans/plan_form.html", {"form": form, "plan": None})

    def post(self, request):
        self._guard(request)
        form = PlanForm(request.POST)
        if form.is_valid():
            try:
                plan = services.plan_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The plan is drafted: add its headings and activities."))
                return redirect(plan)
        return render(request, "operational_plans/plan_form.html", {"form": form, "plan": None})


class PlanDetailPage(LoginRequiredMixin, View):
    """The plan as Appendix 1 lays it out, with its people, deadline and the buttons the person's powers allow."""

    def get(self, request, pk):
        plan = plan_get(request.user, pk)
        page = plan_page(request.user, plan, unit=int_or_none(request.GET.get("unit")))
        return render(
            request,
            "operational_plans/plan_detail.html",
            {"plan": plan, "page": page, "quarters": (1, 2, 3, 4), "today": timezone.localdate()},
        )


class PlanEditPage(LoginRequiredMixin, View):
    def get(self, request, pk):
        plan = plan_get(request.user, pk, action=authorization.CHANGE)
        initial = {
            name: getattr(plan, name)
            for name in (
                "year",
                "development_plan_signed_on",
                "developer_unit",
                "monitoring_unit",
                "approver",
            )
        }
        form = PlanForm(plan=plan, initial=initial)
        return render(request, "operational_plans/plan_form.html", {"form": form, "plan": plan})

    def post(self, request, pk):
        plan = plan_get(request.user, pk, action=authorization.CHANGE)
        form = PlanForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                services.plan_update(actor=request.user, plan=plan, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The plan is saved."))
                return redirect(plan)
        return render(request, "operational_plans/plan_form.html", {"form": form, "plan": plan})


class PlanActionView(LoginRequiredMixin, View):
    """POST only: approve / adjust / delete; back to the plan (or the list) with what happened."""

    action = ""

    def post(self, request, pk):
        plan = plan_get(request.user, pk)
        data = request.POST
        try:
            if self.action == "approve":
                approved_on = forms.DateField(required=False).clean(data.get("approved_on") or None)
                services.plan_approve(
                    actor=request.user, plan=plan, approved_on=approved_on, basis=data.get("basis", "")
                )
                messages.success(request, _("The plan is approved."))
            elif self.action == "adjust":
                services.plan_adjust(actor=request.user, plan=plan, basis=data.get("basis", ""))
                messages.success(
                    request, _("The adjustment is started: change the plan, then have it approved.")
                )
            else:
                services.plan_delete(actor=request.user, plan=plan)
                messages.success(request, _("The draft is deleted."))
                return redirect("op-plan-list")
        except ValidationError as error:
            error_messages(request, error)
        return redirect(plan)


class VersionListPage(LoginRequiredMixin, View):
    def get(self, request, pk):
        plan = plan_get(request.user, pk)
        versions = list(version_list(request.user, plan))
        return render(request, "operational_plans/version_list.html", {"plan": plan, "versions": versions})


class VersionComparePage(LoginRequiredMixin, View):
    """The comparative table of amendments between two versions (or a version and the plan as it stands)."""

    def get(self, request, pk):
        plan = plan_get(request.user, pk)
        versions = list(version_list(request.user, plan))
        default_a = str(versions[-1].number) if versions else CURRENT
        a = request.GET.get("a") or default_a
        b = request.GET.get("b") or CURRENT
        changes, error = [], ""
        try:
            changes = version_compare(plan, a, b)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        return render(
            request,
            "operational_plans/version_compare.html",
            {"plan": plan, "versions": versions, "a": a, "b": b, "changes": changes, "error": error},
        )


# --- headings ---------------------------------------------------------------------------------------------


class HeadingCreatePage(LoginRequiredMixin, View):
    def _plan(self, request, plan_pk):
        plan = plan_get(request.user, plan_pk)
        authorization.require(request.user, authorization.ADD, Heading(plan=plan))
        return plan

    def get(self, request, plan_pk):
        plan = self._plan(request, plan_pk)
        initial = {
            "kind": request.GET.get("kind") or HeadingKind.DIRECTION,
            "parent": int_or_none(request.GET.get("parent")),
        }
        form = HeadingForm(user=request.user, plan=plan, initial=initial)
        return render(
            request, "operational_plans/heading_form.html", {"form": form, "plan": plan, "heading": None}
        )

    def post(self, request, plan_pk):
        plan = self._plan(request, plan_pk)
        form = HeadingForm(request.POST, user=request.user, plan=plan)
        if form.is_valid():
            values = _heading_values(form)
            if values["kind"] not in INDICATOR_HEADINGS:
                values["indicator"] = None
            try:
                structure.heading_create(actor=request.user, plan=plan, **values)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The heading is added."))
                return redirect(plan)
        return render(
            request, "operational_plans/heading_form.html", {"form": form, "plan": plan, "heading": None}
        )


class HeadingEditPage(LoginRequiredMixin, View):
    def _load(self, request, plan_pk, pk):
        plan = plan_get(request.user, plan_pk)
        return plan, heading_get(request.user, plan, pk, action=authorization.CHANGE)

    def get(self, request, plan_pk, pk):
        plan, heading = self._load(request, plan_pk, pk)
        initial = {name: getattr(heading, name) for name in ("number", "name_kk", "name_ru", "indicator")}
        form = HeadingForm(user=request.user, plan=plan, heading=heading, initial=initial)
        return render(
            request, "operational_plans/heading_form.html", {"form": form, "plan": plan, "heading": heading}
        )

    def post(self, request, plan_pk, pk):
        plan, heading = self._load(request, plan_pk, pk)
        form = HeadingForm(request.POST, user=request.user, plan=plan, heading=heading)
        if form.is_valid():
            values = _heading_values(form)
            if heading.kind not in INDICATOR_HEADINGS:
                values.pop("indicator", None)
            try:
                structure.heading_update(actor=request.user, heading=heading, **values)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The heading is saved."))
                return redirect(plan)
        return render(
            request, "operational_plans/heading_form.html", {"form": form, "plan": plan, "heading": heading}
        )


class HeadingDeleteView(LoginRequiredMixin, View):
    def post(self, request, plan_pk, pk):
        plan = plan_get(request.user, plan_pk)
        heading = heading_get(request.user, plan, pk, action=authorization.DELETE)
        try:
            structure.heading_delete(actor=request.user, heading=heading)
            messages.success(request, _("The heading is deleted."))
        except ValidationError as error:
            error_messages(request, error)
        return redirect(plan)


urlpatterns = [
    path("", PlanListPage.as_view(), name="op-plan-list"),
    path("new/", PlanCreatePage.as_view(), name="op-plan-create"),
    path("<int:pk>/", PlanDetailPage.as_view(), name="op-plan-detail"),
    path("<int:pk>/edit/", PlanEditPage.as_view(), name="op-plan-edit"),
    path("<int:pk>/approve/", PlanActionView.as_view(action="approve"), name="op-plan-approve"),
    path("<int:pk>/adjust/", PlanActionView.as_view(action="adjust"), name="op-plan-adjust"),
    path("<int:pk>/delete/", PlanActionView.as_view(action="delete"), name="op-plan-delete"),
    path("<int:pk>/versions/", VersionListPage.as_view(), name="op-plan-versions"),
    path("<int:pk>/versions/compare/", VersionComparePage.as_view(), name="op-plan-compare"),
    path("<int:plan_pk>/headings/new/", HeadingCreatePage.as_view(), name="op-heading-create"),
    path("<int:plan_pk>/headings/<int:pk>/edit/", HeadingEditPage.as_view(), name="op-heading-edit"),
    path("<int:plan_pk>/headings/<int:pk>/delete/", HeadingDeleteView.as_view(), name="op-heading-delete"),
]
