"""Pages of public monitoring (Rules p.18): the monitors' "My monitoring" and the project office's groups, one
group with its members, granted projects and results, filing results, and considering them.

Reads go through ``governance.selectors.monitoring``, writes through ``governance.services.monitoring`` (which
decide the powers). Not visible: 404; visible but not allowed: 403; a broken rule: the page again with the reason.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views import View

from org.forms import ServiceForm
from org.models import Person
from org.selectors import person_search
from pmis.core.node_forms import DateInput
from pmis.core.page_input import error_messages, int_or_none
from projects.models import Project
from projects.selectors.project import project_list

from ..choices import Compliance
from ..selectors import monitoring as selectors
from ..services import monitoring as services

#: How many people and projects the pickers offer before anything is typed.
PICKER_LIMIT = 30


class GroupForm(ServiceForm):
    """A new public monitoring group of a state body whose project office the person is in."""

    body = forms.ModelChoiceField(label=gettext_lazy("State body (project office)"), queryset=None)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=300)
    basis = forms.CharField(
        label=gettext_lazy("Basis (order, agreement)"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("The document under which the group works."),
    )

    LAYOUT = (
        (
            gettext_lazy("Group"),
            (("body", "col-md-6"), ("name", "col-md-6"), ("basis", "col-12")),
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = selectors.managed_bodies(user)
        self._style_widgets()


class ResultForm(ServiceForm):
    """The results of monitoring one granted project for a period (Rules p.18: terms, quality, cost and the
    socially significant results actually achieved)."""

    project = forms.ModelChoiceField(label=gettext_lazy("Project"), queryset=Project.objects.none())
    period_start = forms.DateField(label=gettext_lazy("Period from"), widget=DateInput())
    period_end = forms.DateField(label=gettext_lazy("Period to"), widget=DateInput())
    terms = forms.ChoiceField(label=pgettext_lazy("monitoring", "Terms"), choices=Compliance.choices)
    quality = forms.ChoiceField(label=gettext_lazy("Quality"), choices=Compliance.choices)
    cost = forms.ChoiceField(label=gettext_lazy("Cost"), choices=Compliance.choices)
    social_results = forms.CharField(
        label=gettext_lazy("Socially significant results actually achieved"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    findings = forms.CharField(
        label=gettext_lazy("Findings and proposals"), widget=forms.Textarea(attrs={"rows": 5})
    )

    LAYOUT = (
        (
            gettext_lazy("What was monitored"),
            (("project", "col-12"), ("period_start", "col-sm-6"), ("period_end", "col-sm-6")),
        ),
        (
            gettext_lazy("Compliance with the planned parameters"),
            (("terms", "col-md-4"), ("quality", "col-md-4"), ("cost", "col-md-4")),
        ),
        (
            gettext_lazy("Results"),
            (("social_results", "col-12"), ("findings", "col-12")),
        ),
    )

    def __init__(self, *args, projects, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.filter(pk__in=[p.pk for p in projects]).order_by(
            "code"
        )
        self.fields["project"].label_from_instance = lambda project: f"{project.code} {project.name}"
        self._style_widgets()


class MonitoringListPage(LoginRequiredMixin, View):
    """For a member: "My monitoring" — the granted projects with their last result and "File results"; for the
    project office: its groups with member and project counts and the results awaiting consideration."""

    def get(self, request):
        user = request.user
        mine = selectors.my_monitoring(user)
        manages = selectors.may_form_groups(user)
        groups = list(selectors.group_list(user)) if manages else []
        awaiting = selectors.awaiting_results(user) if manages else []
        return render(
            request,
            "governance/monitoring_list.html",
            {"mine": mine, "manages": manages, "groups": groups, "awaiting": awaiting},
        )


class GroupCreatePage(LoginRequiredMixin, View):
    """The project office forms a group (403 for whoever manages no state body's team)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not selectors.may_form_groups(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self._render(request, GroupForm(user=request.user))

    def post(self, request):
        form = GroupForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                group = services.group_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request, _("The group is formed: add its members and the projects it monitors.")
                )
                return redirect(group.get_absolute_url())
        return self._render(request, form, status=400)

    def _render(self, request, form, status=200):
        return render(request, "governance/monitoring_group_form.html", {"form": form}, status=status)


class GroupDetailPage(LoginRequiredMixin, View):
    """One group: members, granted projects (grant / revoke for the project office), its results."""

    def get(self, request, pk):
        user = request.user
        group = selectors.group_get(user, pk)
        may_manage = selectors.may_manage(user, group)
        is_member = selectors.is_member(user, group)
        context = {
            "group": group,
            "may_manage": may_manage and group.is_active,
            "is_member": is_member and group.is_active,
            "members": selectors.members_of(group),
            "projects": selectors.granted_projects([group])[group.pk],
            "results": list(selectors.result_list(user, group=group)[:100]),
        }
        if context["may_manage"]:
            person_query = (request.GET.get("person_q") or "").strip()[:100]
            project_query = (request.GET.get("project_q") or "").strip()[:100]
            context.update(
                person_query=person_query,
                people=person_search(user, person_query, limit=PICKER_LIMIT) if person_query else [],
                project_query=project_query,
                grantable=selectors.grantable_projects(user, group, q=project_query, limit=PICKER_LIMIT),
            )
        return render(request, "governance/monitoring_group_detail.html", context)


class GroupActionView(LoginRequiredMixin, View):
    """POST only: change / deactivate the group, add / remove a member, grant / revoke a project."""

    action = ""

    def post(self, request, pk):
        user = request.user
        group = selectors.group_get(user, pk)
        if not selectors.may_manage(user, group):
            raise PermissionDenied  # a member sees the group but keeps nothing of it
        data = request.POST
        try:
            if self.action == "update":
                services.group_update(
                    actor=user, group=group, name=data.get("name", ""), basis=data.get("basis", "")
                )
            elif self.action == "deactivate":
                services.group_deactivate(actor=user, group=group, reason=data.get("reason", ""))
            elif self.action in ("member-add", "member-remove"):
                person = Person.objects.filter(pk=int_or_none(data.get("person"))).first()
                if person is None:
                    raise ValidationError(_("Choose a person."))
                service = services.member_add if self.action == "member-add" else services.member_remove
                service(actor=user, group=group, person=person)
            else:
                projects = project_list(user) if self.action == "grant" else Project.objects.all()
                project = projects.filter(pk=int_or_none(data.get("project"))).first()
                if project is None:
                    raise ValidationError(_("Choose a project."))
                service = services.project_grant if self.action == "grant" else services.project_revoke
                service(actor=user, group=group, project=project)
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("Saved."))
        return redirect(group.get_absolute_url())


class ResultCreatePage(LoginRequiredMixin, View):
    """A member files the group's results on a granted project (``?project=<id>`` preselects it)."""

    def _load(self, request, pk):
        group = selectors.group_get(request.user, pk)
        if not (group.is_active and selectors.is_member(request.user, group)):
            raise PermissionDenied
        return group, selectors.granted_projects([group])[group.pk]

    def get(self, request, pk):
        group, projects = self._load(request, pk)
        chosen = int_or_none(request.GET.get("project"))
        initial = {"period_end": timezone.localdate()}
        if chosen in {project.pk for project in projects}:
            initial["project"] = chosen
        return self._render(request, group, ResultForm(initial=initial, projects=projects))

    def post(self, request, pk):
        group, projects = self._load(request, pk)
        form = ResultForm(request.POST, projects=projects)
        if form.is_valid():
            try:
                result = services.result_submit(actor=request.user, group=group, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The results are filed to the project office."))
                return redirect(result.get_absolute_url())
        return self._render(request, group, form, status=400)

    def _render(self, request, group, form, status=200):
        return render(
            request, "governance/monitoring_result_form.html", {"group": group, "form": form}, status=status
        )


class ResultDetailPage(LoginRequiredMixin, View):
    """One result with the project office's response, and the consider form for the project office."""

    def get(self, request, pk):
        result = selectors.result_get(request.user, pk)
        return render(
            request,
            "governance/monitoring_result_detail.html",
            {"result": result, "may_consider": selectors.may_consider(request.user, result)},
        )


class ResultConsiderView(LoginRequiredMixin, View):
    def post(self, request, pk):
        result = selectors.result_get(request.user, pk)
        try:
            services.result_consider(
                actor=request.user, result=result, response=request.POST.get("response", "")
            )
        except ValidationError as error:
            error_messages(request, error)
        else:
            messages.success(request, _("The results are considered; the group is told."))
        return redirect(result.get_absolute_url())


def _group_action(action: str):
    return GroupActionView.as_view(action=action)


urlpatterns = [
    path("monitoring/", MonitoringListPage.as_view(), name="monitoring-group-list"),
    path("monitoring/new/", GroupCreatePage.as_view(), name="monitoring-group-create"),
    path("monitoring/<int:pk>/", GroupDetailPage.as_view(), name="monitoring-group-detail"),
    path("monitoring/<int:pk>/edit/", _group_action("update"), name="monitoring-group-update"),
    path("monitoring/<int:pk>/deactivate/", _group_action("deactivate"), name="monitoring-group-deactivate"),
    path("monitoring/<int:pk>/members/add/", _group_action("member-add"), name="monitoring-member-add"),
    path(
        "monitoring/<int:pk>/members/remove/", _group_action("member-remove"), name="monitoring-member-remove"
    ),
    path("monitoring/<int:pk>/projects/grant/", _group_action("grant"), name="monitoring-project-grant"),
    path("monitoring/<int:pk>/projects/revoke/", _group_action("revoke"), name="monitoring-project-revoke"),
    path("monitoring/<int:pk>/results/new/", ResultCreatePage.as_view(), name="monitoring-result-create"),
    path("monitoring/results/<int:pk>/", ResultDetailPage.as_view(), name="monitoring-result-detail"),
    path(
        "monitoring/results/<int:pk>/consider/",
        ResultConsiderView.as_view(),
        name="monitoring-result-consider",
    ),
]
