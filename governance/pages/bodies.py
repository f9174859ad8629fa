"""Pages of the governing bodies under /governance/:

- ``bodies/?kind=`` (governing-body-list): the bodies the person sees;
- ``bodies/new/?kind=&node=<kind>:<id>`` (governing-body-create), ``bodies/<pk>/edit/`` (governing-body-edit);
- ``bodies/<pk>/`` (governing-body-detail): the composition with positions and the checks of the Rules, the
  member forms and the composition approval for whoever may, the scrum schedule with the next and recent
  meetings, the first decisions of the body's register (filters status / owner; the full register filtered by
  the body), for an expert council its discussions, quarter coverage and recommendations, for a committee the
  expert recommendations awaiting its response;
- ``bodies/<pk>/members/add|end/``, ``bodies/<pk>/approve/``, ``bodies/<pk>/dissolve/`` (POST);
- ``bodies/options/?selected=`` (governing-body-options): the <option>s of the decision register's body filter.

Reads go through ``governance.selectors``, writes through ``governance.services``. Not visible: 404; visible but
not allowed: 403; a broken rule: the page again with the reason.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from org.forms import PERSON_OPTIONS, PersonChoiceField, ServiceForm
from org.selectors import person_list, person_search
from pmis.core import authorization
from pmis.core.node_forms import DateInput
from pmis.core.nodes import resolve_ref
from pmis.core.page_input import error_messages, int_or_none
from scrum.choices import DecisionStatus

from ..choices import BODY_NODE_KIND, BODY_SCRUM_LEVEL, MEMBER_ROLES, BodyKind, Position, RecommendationStatus
from ..selectors.bodies import (
    body_get,
    body_list,
    body_meetings,
    body_members,
    body_schedule,
    composition_warnings,
    with_nodes,
)
from ..services import bodies as services
from ..services.expert import may_keep

DECISIONS_SHOWN = 10


class BodyForm(ServiceForm):
    """The names and basis of a body (the sphere for an expert council)."""

    name_ru = forms.CharField(label=gettext_lazy("Name (Russian)"), max_length=500)
    name_kk = forms.CharField(label=gettext_lazy("Name (Kazakh)"), max_length=500, required=False)
    name_en = forms.CharField(label=gettext_lazy("Name (English)"), max_length=500, required=False)
    sphere = forms.CharField(label=gettext_lazy("Sphere, industry or region"), max_length=300, required=False)
    basis = forms.CharField(label=gettext_lazy("Basis (order, protocol)"), max_length=300, required=False)
    established_on = forms.DateField(label=gettext_lazy("Established on"), required=False, widget=DateInput())

    LAYOUT = (
        (
            gettext_lazy("The body"),
            (
                ("name_ru", "col-md-6"),
                ("name_kk", "col-md-6"),
                ("name_en", "col-md-6"),
                ("sphere", "col-md-6"),
                ("basis", "col-md-8"),
                ("established_on", "col-md-4"),
            ),
        ),
    )

    def __init__(self, *args, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        if kind != BodyKind.EXPERT_COUNCIL:
            del self.fields["sphere"]
        self._style_widgets()

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {name: data.get(name) or "" for name in data if name != "established_on"} | {
            "established_on": data.get("established_on")
        }


class MemberForm(ServiceForm):
    """Add a member in a position of the body (a role assignment on its node)."""

    person = PersonChoiceField(
        label=gettext_lazy("Person"), queryset=None, empty_label=gettext_lazy("— choose —")
    )
    position = forms.ChoiceField(label=gettext_lazy("Position"))
    starts_on = forms.DateField(label=gettext_lazy("From"), widget=DateInput())
    basis = forms.CharField(label=gettext_lazy("Basis (order, protocol)"), max_length=100, required=False)

    LAYOUT = (
        (
            gettext_lazy("Add a member"),
            (
                ("person", "col-md-4"),
                ("position", "col-md-3"),
                ("starts_on", "col-md-2"),
                ("basis", "col-md-3"),
            ),
        ),
    )

    def __init__(self, *args, user, body, person_query: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].choices = [
            (position, Position(position).label) for (kind, position) in MEMBER_ROLES if kind == body.kind
        ]
        self.fields["starts_on"].initial = timezone.localdate()
        field = self.fields["person"]
        field.queryset = person_list(user)
        shown = person_search(user, person_query, limit=PERSON_OPTIONS)
        chosen = int_or_none(self.data.get(self.add_prefix("person")))
        if chosen and chosen not in {person.pk for person in shown}:
            shown = list(field.queryset.filter(pk=chosen)) + shown
        field.widget.choices = [("", field.empty_label)] + [
            (person.pk, field.label_from_instance(person)) for person in shown
        ]
        self._style_widgets()


class BodyListPage(LoginRequiredMixin, View):
    """The bodies at the nodes the person sees; a filter by kind. Queries fixed: the rows, their nodes."""

    def get(self, request):
        kind = request.GET.get("kind") if request.GET.get("kind") in BodyKind.values else ""
        bodies = with_nodes(body_list(request.user, kind=kind or None))
        return render(
            request,
            "governance/body_list.html",
            {"bodies": bodies, "kind": kind, "kinds": BodyKind.choices},
        )


class BodyOptionsFragment(LoginRequiredMixin, View):
    """The <option>s of the decision register's body filter: the councils and committees the person sees."""

    def get(self, request):
        bodies = body_list(request.user).filter(kind__in=list(BODY_SCRUM_LEVEL))
        return render(
            request,
            "governance/body_options.html",
            {"bodies": bodies, "selected": int_or_none(request.GET.get("selected"))},
        )


def _node_for(request, kind: str):
    try:
        node = resolve_ref(request.GET.get("node", ""))
    except ValidationError as error:
        raise Http404 from error
    if kind not in BodyKind.values or getattr(node, "KIND", None) != BODY_NODE_KIND[kind]:
        raise Http404
    if not authorization.can(request.user, authorization.VIEW, node):
        raise Http404
    authorization.require(request.user, authorization.MANAGE_TEAM, node)
    return node


class BodyCreatePage(LoginRequiredMixin, View):
    """Create a council at a portfolio, a committee or an expert council at a program ("manage team" there)."""

    def _render(self, request, form, kind, node, status=200):
        context = {"form": form, "kind_label": BodyKind(kind).label, "node": node, "is_new": True}
        return render(request, "governance/body_form.html", context, status=status)

    def get(self, request):
        kind = request.GET.get("kind", "")
        node = _node_for(request, kind)
        return self._render(request, BodyForm(kind=kind), kind, node)

    def post(self, request):
        kind = request.GET.get("kind", "")
        node = _node_for(request, kind)
        form = BodyForm(request.POST, kind=kind)
        if form.is_valid():
            try:
                body = services.body_create(actor=request.user, kind=kind, node=node, **form.service_kwargs())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The body is created. Now add its members."))
                return redirect(body)
        return self._render(request, form, kind, node, status=400)


class BodyEditPage(LoginRequiredMixin, View):
    """Change the names, sphere, basis and date of a body ("manage team" on its node)."""

    def _render(self, request, form, body, status=200):
        context = {"form": form, "body": body, "kind_label": body.get_kind_display(), "node": body.node}
        return render(request, "governance/body_form.html", context, status=status)

    def get(self, request, pk):
        body = body_get(request.user, pk, action=authorization.MANAGE_TEAM)
        initial = {name: getattr(body, name) for name in services.EDITABLE}
        return self._render(request, BodyForm(kind=body.kind, initial=initial), body)

    def post(self, request, pk):
        body = body_get(request.user, pk, action=authorization.MANAGE_TEAM)
        form = BodyForm(request.POST, kind=body.kind)
        if form.is_valid():
            try:
                services.body_update(actor=request.user, body=body, **form.service_kwargs())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Saved."))
                return redirect(body)
        return self._render(request, form, body, status=400)


def _detail_context(request, body, member_form=None) -> dict:
    from scrum.selectors.decisions import decision_list

    from ..selectors.expert import (
        committee_decisions,
        discussion_list,
        pending_recommendations,
        quarter_coverage,
    )

    user = request.user
    today = timezone.localdate()
    members = body_members(body, on=today)
    may_manage = body.is_active and authorization.can(user, authorization.MANAGE_TEAM, body)
    context = {
        "body": body,
        "node": body.node,
        "members": members,
        "warnings": composition_warnings(body, members, on=today),
        "may_manage": may_manage,
        "may_approve": body.is_active and services.may_approve_composition(user, body),
        "today": today,
    }
    if may_manage:
        context["member_form"] = member_form or MemberForm(
            user=user, body=body, person_query=request.GET.get("person_q", "")
        )
        context["person_query"] = request.GET.get("person_q", "")
    if body.kind in BODY_SCRUM_LEVEL:
        schedule = body_schedule(body)
        upcoming, recent = body_meetings(user, schedule, today=today)
        status = request.GET.get("status") if request.GET.get("status") in DecisionStatus.values else ""
        owner = int_or_none(request.GET.get("owner"))
        decisions = list(
            decision_list(user, body=body.pk, status=status or None, owner=owner)[:DECISIONS_SHOWN]
        )
        context |= {
            "schedule": schedule,
            "schedule_level": BODY_SCRUM_LEVEL[body.kind],
            "may_add_schedule": schedule is None and authorization.can(user, authorization.CHANGE, body),
            "upcoming": upcoming,
            "recent": recent,
            "decisions": decisions,
            "decision_status": status,
            "decision_owner": owner,
            "statuses": DecisionStatus.choices,
            "owners": sorted({member.person for member in members}, key=lambda person: person.full_name),
        }
    if body.kind == BodyKind.EXPERT_COUNCIL:
        year = int_or_none(request.GET.get("year")) or today.year
        context |= {
            "discussions": list(discussion_list(user, body)),
            "coverage": quarter_coverage(body, year, today=today),
            "year": year,
            "may_keep": body.is_active and may_keep(user, body),
        }
    if body.kind == BodyKind.COMMITTEE:
        pending = list(pending_recommendations(user, body.node))
        may_respond = authorization.can(user, authorization.APPROVE, body)
        context |= {
            "pending": pending,
            "may_respond": may_respond,
            "respond_statuses": [
                (value, label)
                for value, label in RecommendationStatus.choices
                if value != RecommendationStatus.PENDING
            ],
            "committee_decisions": list(committee_decisions(body.node)[:30])
            if pending and may_respond
            else [],
        }
    return context


class BodyDetailPage(LoginRequiredMixin, View):
    def get(self, request, pk):
        body = body_get(request.user, pk)
        return render(request, "governance/body_detail.html", _detail_context(request, body))


class BodyActionView(LoginRequiredMixin, View):
    """POST: add / end a member, approve the composition, dissolve; back to the body's page."""

    action = ""

    def post(self, request, pk):
        body = body_get(request.user, pk)
        data = request.POST
        try:
            if self.action == "member-add":
                authorization.require(request.user, authorization.MANAGE_TEAM, body)
                form = MemberForm(data, user=request.user, body=body)
                if not form.is_valid():
                    context = _detail_context(request, body, member_form=form)
                    return render(request, "governance/body_detail.html", context, status=400)
                services.member_add(
                    actor=request.user,
                    body=body,
                    person=form.cleaned_data["person"],
                    position=form.cleaned_data["position"],
                    starts_on=form.cleaned_data["starts_on"],
                    basis=form.cleaned_data.get("basis") or "",
                )
                messages.success(request, _("The member is added."))
            elif self.action == "member-end":
                authorization.require(request.user, authorization.MANAGE_TEAM, body)
                assignment = services.member_assignment(body, int_or_none(data.get("assignment")))
                ends_on = data.get("ends_on") or ""
                services.member_end(
                    actor=request.user,
                    body=body,
                    assignment=assignment,
                    ends_on=_date(ends_on),
                )
                messages.success(request, _("The membership is ended."))
            elif self.action == "approve":
                services.composition_approve(actor=request.user, body=body)
                messages.success(request, _("The composition is approved."))
            else:
                services.body_dissolve(actor=request.user, body=body)
                messages.success(request, _("The body is dissolved."))
        except ValidationError as error:
            error_messages(request, error)
        return redirect(body)


def _date(value: str):
    import datetime as dt

    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as error:
        raise ValidationError(_("Give the date as YYYY-MM-DD.")) from error


def decisions_url(body) -> str:
    return f"{reverse('scrum-decision-list')}?body={body.pk}"


urlpatterns = [
    path("bodies/", BodyListPage.as_view(), name="governing-body-list"),
    path("bodies/options/", BodyOptionsFragment.as_view(), name="governing-body-options"),
    path("bodies/new/", BodyCreatePage.as_view(), name="governing-body-create"),
    path("bodies/<int:pk>/", BodyDetailPage.as_view(), name="governing-body-detail"),
    path("bodies/<int:pk>/edit/", BodyEditPage.as_view(), name="governing-body-edit"),
    path(
        "bodies/<int:pk>/members/add/",
        BodyActionView.as_view(action="member-add"),
        name="governing-body-member-add",
    ),
    path(
        "bodies/<int:pk>/members/end/",
        BodyActionView.as_view(action="member-end"),
        name="governing-body-member-end",
    ),
    path("bodies/<int:pk>/approve/", BodyActionView.as_view(action="approve"), name="governing-body-approve"),
    path(
        "bodies/<int:pk>/dissolve/", BodyActionView.as_view(action="dissolve"), name="governing-body-dissolve"
    ),
]
