"""Pages of the expert councils under /governance/ (Rules p.50–54, p.75):

- ``bodies/<pk>/discussions/new/`` (expert-discussion-create): record a discussion — the council's secretary or
  the project office;
- ``discussions/<pk>/`` (expert-discussion-detail): its conclusions and recommendations; adding and removing
  recommendations and sending it to the governing committee while it is a draft;
  ``discussions/<pk>/edit/`` (expert-discussion-edit);
- ``discussions/<pk>/recommendations/add/``, ``recommendations/<pk>/delete/``, ``discussions/<pk>/send/`` (POST);
- ``recommendations/<pk>/respond/`` (expert-recommendation-respond, POST): the committee accepts a
  recommendation for information and work or takes note of it (p.54), optionally naming its decision.

Not visible: 404; visible but not allowed: 403; a broken rule: the page again with the reason.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from org.forms import ServiceForm
from pmis.core import authorization
from pmis.core.node_forms import DateInput
from pmis.core.page_input import error_messages, int_or_none
from programs.models import BasicDirection

from ..choices import BodyKind, DiscussionStatus, RecommendationStatus
from ..selectors.bodies import body_get, body_members
from ..selectors.expert import committee_decisions, discussion_get, recommendation_get
from ..services import expert as services


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class DiscussionForm(ServiceForm):
    """A discussion of the program: when, what, which basic directions, who took part, the conclusions."""

    held_on = forms.DateField(label=gettext_lazy("Held on"), widget=DateInput())
    topic = forms.CharField(label=gettext_lazy("Topic"), max_length=500)
    directions = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Basic directions discussed"),
        queryset=BasicDirection.objects.none(),
        required=False,
    )
    participants = PeopleChoiceField(label=gettext_lazy("Participants"), queryset=None, required=False)
    conclusions = forms.CharField(
        label=gettext_lazy("Conclusions"), widget=forms.Textarea(attrs={"rows": 5}), required=False
    )

    LAYOUT = (
        (
            gettext_lazy("The discussion"),
            (
                ("held_on", "col-md-3"),
                ("topic", "col-md-9"),
                ("directions", "col-md-6"),
                ("participants", "col-md-6"),
                ("conclusions", "col-12"),
            ),
        ),
    )

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        from org.models import Person

        self.fields["directions"].queryset = BasicDirection.objects.filter(
            program_id=council.node_id
        ).order_by("code")
        members = [member.person_id for member in body_members(council)]
        self.fields["participants"].queryset = Person.objects.filter(pk__in=members).order_by(
            "last_name", "first_name"
        )
        self._style_widgets()


class RecommendationForm(ServiceForm):
    text = forms.CharField(label=gettext_lazy("Recommendation"), widget=forms.Textarea(attrs={"rows": 3}))
    direction = forms.ModelChoiceField(
        label=gettext_lazy("Basic direction"), queryset=BasicDirection.objects.none(), required=False
    )

    LAYOUT = ((gettext_lazy("Add a recommendation"), (("text", "col-md-8"), ("direction", "col-md-4"))),)

    def __init__(self, *args, council, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["direction"].queryset = BasicDirection.objects.filter(
            program_id=council.node_id
        ).order_by("code")
        self._style_widgets()


def _council(request, pk):
    council = body_get(request.user, pk)
    if council.kind != BodyKind.EXPERT_COUNCIL:
        from django.http import Http404

        raise Http404
    if not services.may_keep(request.user, council):
        raise PermissionDenied
    return council


class DiscussionCreatePage(LoginRequiredMixin, View):
    def _render(self, request, form, council, status=200):
        return render(
            request,
            "governance/expert_discussion_form.html",
            {"form": form, "council": council, "is_new": True},
            status=status,
        )

    def get(self, request, pk):
        council = _council(request, pk)
        form = DiscussionForm(council=council, initial={"held_on": timezone.localdate()})
        return self._render(request, form, council)

    def post(self, request, pk):
        council = _council(request, pk)
        form = DiscussionForm(request.POST, council=council)
        if form.is_valid():
            try:
                discussion = services.discussion_create(
                    actor=request.user, council=council, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The discussion is recorded. Add its recommendations."))
                return redirect(discussion)
        return self._render(request, form, council, status=400)


class DiscussionEditPage(LoginRequiredMixin, View):
    def _render(self, request, form, discussion, status=200):
        return render(
            request,
            "governance/expert_discussion_form.html",
            {"form": form, "council": discussion.council, "discussion": discussion},
            status=status,
        )

    def get(self, request, pk):
        discussion = discussion_get(request.user, pk, action=authorization.CHANGE)
        initial = {
            "held_on": discussion.held_on,
            "topic": discussion.topic,
            "conclusions": discussion.conclusions,
            "directions": list(discussion.directions.all()),
            "participants": list(discussion.participants.all()),
        }
        return self._render(request, DiscussionForm(council=discussion.council, initial=initial), discussion)

    def post(self, request, pk):
        discussion = discussion_get(request.user, pk, action=authorization.CHANGE)
        form = DiscussionForm(request.POST, council=discussion.council)
        if form.is_valid():
            try:
                services.discussion_update(actor=request.user, discussion=discussion, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Saved."))
                return redirect(discussion)
        return self._render(request, form, discussion, status=400)


def _discussion_context(request, discussion, recommendation_form=None) -> dict:
    user = request.user
    may_change = discussion.status == DiscussionStatus.DRAFT and authorization.can(
        user, authorization.CHANGE, discussion
    )
    may_respond = discussion.status == DiscussionStatus.SENT and authorization.can(
        user, authorization.APPROVE, discussion.council
    )
    recommendations = list(discussion.recommendations.all())
    context = {
        "discussion": discussion,
        "council": discussion.council,
        "recommendations": recommendations,
        "may_change": may_change,
        "may_respond": may_respond,
        "statuses": [
            (value, label)
            for value, label in RecommendationStatus.choices
            if value != RecommendationStatus.PENDING
        ],
    }
    if may_change:
        context["recommendation_form"] = recommendation_form or RecommendationForm(council=discussion.council)
    if may_respond and any(r.status == RecommendationStatus.PENDING for r in recommendations):
        program = discussion.council.node
        context["committee_decisions"] = list(committee_decisions(program)[:30])
    return context


class DiscussionDetailPage(LoginRequiredMixin, View):
    def get(self, request, pk):
        discussion = discussion_get(request.user, pk)
        return render(
            request, "governance/expert_discussion_detail.html", _discussion_context(request, discussion)
        )


class DiscussionActionView(LoginRequiredMixin, View):
    """POST: add a recommendation, send the discussion to the committee."""

    action = ""

    def post(self, request, pk):
        discussion = discussion_get(request.user, pk, action=authorization.CHANGE)
        try:
            if self.action == "add":
                form = RecommendationForm(request.POST, council=discussion.council)
                if not form.is_valid():
                    context = _discussion_context(request, discussion, recommendation_form=form)
                    return render(request, "governance/expert_discussion_detail.html", context, status=400)
                services.recommendation_add(actor=request.user, discussion=discussion, **form.cleaned_data)
                messages.success(request, _("The recommendation is added."))
            else:
                services.discussion_send(actor=request.user, discussion=discussion)
                messages.success(request, _("The discussion is sent to the governing committee."))
        except ValidationError as error:
            error_messages(request, error)
        return redirect(discussion)


class RecommendationDeleteView(LoginRequiredMixin, View):
    def post(self, request, pk):
        recommendation = recommendation_get(request.user, pk, action=authorization.CHANGE)
        try:
            services.recommendation_delete(actor=request.user, recommendation=recommendation)
            messages.success(request, _("The recommendation is removed."))
        except ValidationError as error:
            error_messages(request, error)
        return redirect(recommendation.discussion)


class RecommendationRespondView(LoginRequiredMixin, View):
    """POST ``status`` (accepted / noted), ``response``, ``decision`` (id, optional), ``next``."""

    def post(self, request, pk):
        recommendation = recommendation_get(request.user, pk)
        data = request.POST
        decision = None
        decision_id = int_or_none(data.get("decision"))
        if decision_id:
            decision = (
                committee_decisions(recommendation.discussion.council.node).filter(pk=decision_id).first()
            )
        try:
            if decision_id and decision is None:
                raise ValidationError(_("Name a decision of a meeting of the program's governing committee."))
            services.recommendation_respond(
                actor=request.user,
                recommendation=recommendation,
                status=data.get("status", ""),
                response=data.get("response", ""),
                decision=decision,
            )
            messages.success(request, _("The response is recorded."))
        except ValidationError as error:
            error_messages(request, error)
        target = data.get("next", "")
        if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        return redirect(recommendation.discussion)


urlpatterns = [
    path("bodies/<int:pk>/discussions/new/", DiscussionCreatePage.as_view(), name="expert-discussion-create"),
    path("discussions/<int:pk>/", DiscussionDetailPage.as_view(), name="expert-discussion-detail"),
    path("discussions/<int:pk>/edit/", DiscussionEditPage.as_view(), name="expert-discussion-edit"),
    path(
        "discussions/<int:pk>/recommendations/add/",
        DiscussionActionView.as_view(action="add"),
        name="expert-recommendation-add",
    ),
    path(
        "discussions/<int:pk>/send/",
        DiscussionActionView.as_view(action="send"),
        name="expert-discussion-send",
    ),
    path(
        "recommendations/<int:pk>/delete/",
        RecommendationDeleteView.as_view(),
        name="expert-recommendation-delete",
    ),
    path(
        "recommendations/<int:pk>/respond/",
        RecommendationRespondView.as_view(),
        name="expert-recommendation-respond",
    ),
]
