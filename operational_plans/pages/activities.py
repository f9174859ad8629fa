"""Pages of a plan's activities: add, one activity with its linked work and the quarters reported on it, edit,
delete (or drop from the plan), and choose the projects and tasks that carry it out (OP Rules p.3–5).

Reads go through ``operational_plans.selectors.plans``, writes through ``operational_plans.services.structure``.
Not visible: 404; visible but not allowed: 403; a broken rule: the form again with the reason.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from org.forms import ServiceForm
from org.models import Unit
from pmis.core import authorization
from pmis.core.node_forms import DateInput
from pmis.core.page_input import error_messages, int_or_none
from projects.models import Project, Task

from ..choices import INDICATOR_HEADINGS, PlanStatus
from ..models import Activity, Heading, OperationalPlan
from ..selectors.plans import activity_get, activity_rows, link_choices, linked_work, plan_get
from ..services import structure


class HeadingChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


class ActivityForm(ServiceForm):
    heading = HeadingChoiceField(
        label=gettext_lazy("Heading"),
        queryset=Heading.objects.none(),
        required=False,
        empty_label=gettext_lazy("II. Other tasks of the state body"),
    )
    name_kk = forms.CharField(
        label=gettext_lazy("Name (Kazakh)"), required=False, widget=forms.Textarea({"rows": 2})
    )
    name_ru = forms.CharField(
        label=gettext_lazy("Name (Russian)"), required=False, widget=forms.Textarea({"rows": 2})
    )
    budget_program = forms.CharField(label=gettext_lazy("Budget program code"), required=False, max_length=20)
    unit = forms.ModelChoiceField(label=gettext_lazy("Responsible executor"), queryset=Unit.objects.none())
    deadline = forms.DateField(label=gettext_lazy("Term of execution"), widget=DateInput())
    term_kk = forms.CharField(label=gettext_lazy("Term as worded (Kazakh)"), required=False, max_length=200)
    term_ru = forms.CharField(label=gettext_lazy("Term as worded (Russian)"), required=False, max_length=200)
    completion_form_kk = forms.CharField(
        label=gettext_lazy("Form of completion (Kazakh)"), required=False, max_length=500
    )
    completion_form_ru = forms.CharField(
        label=gettext_lazy("Form of completion (Russian)"), required=False, max_length=500
    )

    LAYOUT = (
        (gettext_lazy("Place in the plan"), (("heading", "col-12"),)),
        (gettext_lazy("Activity"), (("name_kk", "col-md-6"), ("name_ru", "col-md-6"))),
        (
            gettext_lazy("Execution"),
            (
                ("budget_program", "col-md-3"),
                ("unit", "col-md-9"),
                ("deadline", "col-md-4"),
                ("term_kk", "col-md-4"),
                ("term_ru", "col-md-4"),
                ("completion_form_kk", "col-md-6"),
                ("completion_form_ru", "col-md-6"),
            ),
        ),
    )

    def __init__(self, *args, plan: OperationalPlan, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()
        self.fields["heading"].queryset = (
            Heading.objects.filter(plan=plan, kind__in=INDICATOR_HEADINGS)
            .select_related("indicator")
            .order_by("position", "id")
        )
        self.fields["unit"].queryset = Unit.objects.filter(body_id=plan.body_id).order_by("code")


class ActivityCreatePage(LoginRequiredMixin, View):
    def _plan(self, request, plan_pk) -> OperationalPlan:
        plan = plan_get(request.user, plan_pk)
        authorization.require(request.user, authorization.ADD, Activity(plan=plan))
        return plan

    def get(self, request, plan_pk):
        plan = self._plan(request, plan_pk)
        form = ActivityForm(plan=plan, initial={"heading": int_or_none(request.GET.get("heading"))})
        return render(
            request, "operational_plans/activity_form.html", {"form": form, "plan": plan, "activity": None}
        )

    def post(self, request, plan_pk):
        plan = self._plan(request, plan_pk)
        form = ActivityForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                activity = structure.activity_create(actor=request.user, plan=plan, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The activity is added."))
                return redirect(activity)
        return render(
            request, "operational_plans/activity_form.html", {"form": form, "plan": plan, "activity": None}
        )


class ActivityDetailPage(LoginRequiredMixin, View):
    """One activity: its fields, its linked projects and tasks with their state, the quarters reported on it."""

    def get(self, request, plan_pk, pk):
        plan = plan_get(request.user, plan_pk)
        activity = activity_get(request.user, plan, pk)
        may_change = authorization.can(request.user, authorization.CHANGE, activity)
        return render(
            request,
            "operational_plans/activity_detail.html",
            {
                "plan": plan,
                "activity": activity,
                "work": linked_work(request.user, activity),
                "rows": list(activity_rows(request.user, activity)),
                "may_change": may_change and activity.is_active,
                "may_edit": may_change and activity.is_active and plan.status != PlanStatus.APPROVED,
            },
        )


class ActivityEditPage(LoginRequiredMixin, View):
    def _load(self, request, plan_pk, pk):
        plan = plan_get(request.user, plan_pk)
        return plan, activity_get(request.user, plan, pk, action=authorization.CHANGE)

    def get(self, request, plan_pk, pk):
        plan, activity = self._load(request, plan_pk, pk)
        form = ActivityForm(
            plan=plan, initial={name: getattr(activity, name) for name in structure.ACTIVITY_FIELDS}
        )
        return render(
            request,
            "operational_plans/activity_form.html",
            {"form": form, "plan": plan, "activity": activity},
        )

    def post(self, request, plan_pk, pk):
        plan, activity = self._load(request, plan_pk, pk)
        form = ActivityForm(request.POST, plan=plan)
        if form.is_valid():
            try:
                structure.activity_update(actor=request.user, activity=activity, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The activity is saved."))
                return redirect(activity)
        return render(
            request,
            "operational_plans/activity_form.html",
            {"form": form, "plan": plan, "activity": activity},
        )


class ActivityDeleteView(LoginRequiredMixin, View):
    def post(self, request, plan_pk, pk):
        plan = plan_get(request.user, plan_pk)
        activity = activity_get(request.user, plan, pk, action=authorization.DELETE)
        try:
            kept = structure.activity_delete(actor=request.user, activity=activity)
        except ValidationError as error:
            error_messages(request, error)
            return redirect(activity)
        if kept is not None:
            messages.info(
                request, _("Quarters were reported on it: the activity is dropped from the plan and kept.")
            )
        else:
            messages.success(request, _("The activity is deleted."))
        return redirect(plan)


class ActivityLinksPage(LoginRequiredMixin, View):
    """Choose the projects and tasks that carry the activity out: find projects by code or name among those the
    person may see; the tasks offered are those of the chosen projects."""

    def _load(self, request, plan_pk, pk):
        plan = plan_get(request.user, plan_pk)
        return plan, activity_get(request.user, plan, pk, action=authorization.CHANGE)

    def _render(self, request, plan, activity, chosen_projects, chosen_tasks, q):
        # Only what the person may see is shown, whatever was ticked or linked by someone else.
        chosen_projects = list(
            authorization.restrict(
                Project.objects.filter(pk__in=[item.pk for item in chosen_projects]), request.user
            )
        )
        found, tasks = link_choices(request.user, q=q, projects=chosen_projects)
        chosen_ids = {project.pk for project in chosen_projects}
        offered = list(chosen_projects) + [project for project in found if project.pk not in chosen_ids]
        return render(
            request,
            "operational_plans/activity_links.html",
            {
                "plan": plan,
                "activity": activity,
                "projects": offered,
                "chosen_projects": chosen_ids,
                "tasks": tasks,
                "chosen_tasks": {task.pk for task in chosen_tasks},
                "q": q,
            },
        )

    def get(self, request, plan_pk, pk):
        plan, activity = self._load(request, plan_pk, pk)
        q = (request.GET.get("q") or "").strip()[:100]
        return self._render(
            request, plan, activity, list(activity.projects.all()), list(activity.tasks.all()), q
        )

    def post(self, request, plan_pk, pk):
        plan, activity = self._load(request, plan_pk, pk)
        project_ids = [pk for pk in (int_or_none(v) for v in request.POST.getlist("projects")) if pk]
        task_ids = [pk for pk in (int_or_none(v) for v in request.POST.getlist("tasks")) if pk]
        projects = list(Project.objects.filter(pk__in=project_ids))
        tasks = list(Task.objects.filter(pk__in=task_ids))
        if request.POST.get("find") is not None:  # search again, keeping what is ticked
            q = (request.POST.get("q") or "").strip()[:100]
            return self._render(request, plan, activity, projects, tasks, q)
        try:
            structure.activity_link(actor=request.user, activity=activity, projects=projects, tasks=tasks)
        except ValidationError as error:
            error_messages(request, error)
            return self._render(request, plan, activity, projects, tasks, "")
        messages.success(request, _("The linked work is saved."))
        return redirect(activity)


urlpatterns = [
    path("<int:plan_pk>/activities/new/", ActivityCreatePage.as_view(), name="op-activity-create"),
    path("<int:plan_pk>/activities/<int:pk>/", ActivityDetailPage.as_view(), name="op-activity-detail"),
    path("<int:plan_pk>/activities/<int:pk>/edit/", ActivityEditPage.as_view(), name="op-activity-edit"),
    path(
        "<int:plan_pk>/activities/<int:pk>/delete/", ActivityDeleteView.as_view(), name="op-activity-delete"
    ),
    path("<int:plan_pk>/activities/<int:pk>/links/", ActivityLinksPage.as_view(), name="op-activity-links"),
]
