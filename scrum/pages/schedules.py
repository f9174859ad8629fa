"""Pages of the scrum schedules (Rules p.2(60), p.46, p.66(2)) under ``/scrum/schedules/``.

- ``schedules/`` (scrum-schedule-list): the schedules the person may see, grouped by program, filtered by level
  and status, each with its next meeting and who chairs this week;
- ``schedules/<pk>/`` (scrum-schedule-detail): terms, people, status, the next four meetings, history, the
  approve / archive buttons per power;
- ``schedules/new/?node=kind:id&level=…`` (scrum-schedule-create), ``schedules/<pk>/edit/`` (scrum-schedule-edit);
- ``schedules/<pk>/approve/``, ``schedules/<pk>/archive/`` (POST), ``schedules/<pk>/ics/`` (the invitation),
  ``schedules/<pk>/current/`` (to this week's or the next meeting).

Reads through scrum.selectors.schedules, writes through scrum.services.schedules. A schedule the person may not
see is 404; a form or button they may not use is 403; a refused write shows the service's message (400) and
changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from org.forms import PersonChoiceField, ServiceForm
from org.models import Person
from org.selectors import person_search
from pmis.core import authorization
from pmis.core.concurrency import StaleVersion
from pmis.core.node_forms import DateInput
from pmis.core.node_views import history_entries
from pmis.core.nodes import path_prefixes, resolve_ref
from pmis.core.workdays import monday_of

from ..calendar import schedule_ics
from ..chairing import acting_chair, acting_chairs
from ..choices import LEVEL_NODE_KIND, Level, Mode, ScheduleStatus
from ..selectors.schedules import (
    current_meeting,
    schedule_get,
    schedule_list,
    schedule_meetings,
    schedules_by_program,
    with_next_meetings,
    with_nodes,
)
from ..services import schedules as services

WEEKDAYS = [
    (1, gettext_lazy("Monday")),
    (2, gettext_lazy("Tuesday")),
    (3, gettext_lazy("Wednesday")),
    (4, gettext_lazy("Thursday")),
    (5, gettext_lazy("Friday")),
]
#: How many people the selects offer besides the node's own people and the chosen ones.
SEARCH_LIMIT = 30


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%H:%M")


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.full_name} — {obj.position}" if obj.position else obj.full_name


class ScheduleForm(ServiceForm):
    """The terms of a schedule. The person selects offer the people with a role on the node's branch, the
    people already chosen and those found by the search box; any active person is accepted."""

    title = forms.CharField(label=gettext_lazy("Title"), required=False, max_length=300)
    weekday = forms.TypedChoiceField(label=gettext_lazy("Weekday"), choices=WEEKDAYS, coerce=int)
    starts_at = forms.TimeField(label=gettext_lazy("Starts at"), widget=TimeInput())
    duration_minutes = forms.IntegerField(
        label=gettext_lazy("Duration, minutes"), min_value=5, max_value=480, initial=60
    )
    mode = forms.ChoiceField(label=gettext_lazy("Mode"), choices=Mode.choices, initial=Mode.OFFLINE)
    place = forms.CharField(label=gettext_lazy("Place"), required=False, max_length=300)
    video_link = forms.URLField(
        label=gettext_lazy("Video link"), required=False, max_length=500, assume_scheme="https"
    )
    chair = PersonChoiceField(label=gettext_lazy("Chair"), queryset=None, required=False)
    deputy_chair = PersonChoiceField(
        label=gettext_lazy("Deputy chair"),
        queryset=None,
        required=False,
        help_text=gettext_lazy("Chairs in the chair's absence (Rules p.46)."),
    )
    secretary = PersonChoiceField(label=gettext_lazy("Secretary"), queryset=None, required=False)
    participants = PeopleChoiceField(
        label=gettext_lazy("Participants"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    valid_from = forms.DateField(label=gettext_lazy("Valid from"), widget=DateInput())
    valid_until = forms.DateField(
        label=gettext_lazy("Valid until"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Empty: until further notice."),
    )

    LAYOUT = (
        (
            gettext_lazy("When and where"),
            (
                ("title", "col-12"),
                ("weekday", "col-sm-6 col-lg-3"),
                ("starts_at", "col-sm-6 col-lg-3"),
                ("duration_minutes", "col-sm-6 col-lg-3"),
                ("mode", "col-sm-6 col-lg-3"),
                ("place", "col-md-6"),
                ("video_link", "col-md-6"),
            ),
        ),
        (
            gettext_lazy("People"),
            (
                ("chair", "col-md-4"),
                ("deputy_chair", "col-md-4"),
                ("secretary", "col-md-4"),
                ("participants", "col-12"),
            ),
        ),
        (
            gettext_lazy("Validity"),
            (("valid_from", "col-sm-6 col-lg-3"), ("valid_until", "col-sm-6 col-lg-3")),
        ),
    )

    def __init__(self, *args, node_path: str, query: str = "", user=None, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(is_active=True)
        branch = Q(role_assignments__scope_path__startswith=node_path) | Q(
            role_assignments__scope_path__in=path_prefixes(node_path)
        )
        chosen: set[int] = set()
        for name in ("chair", "deputy_chair", "secretary", "participants"):
            values = self.data.getlist(self.add_prefix(name)) if self.is_bound else [self.initial.get(name)]
            for value in values:
                for item in value if isinstance(value, list | tuple) else [value]:
                    pk = getattr(item, "pk", item)
                    if pk and str(pk).isdigit():
                        chosen.add(int(pk))
        shown = {person.pk: person for person in people.filter(branch | Q(pk__in=chosen)).distinct()}
        if query and user is not None:
            shown.update({person.pk: person for person in person_search(user, query, limit=SEARCH_LIMIT)})
        ordered = sorted(shown.values(), key=lambda person: person.full_name)
        for name in ("chair", "deputy_chair", "secretary", "participants"):
            field = self.fields[name]
            field.queryset = people
            options = [(person.pk, field.label_from_instance(person)) for person in ordered]
            field.widget.choices = options if name == "participants" else [("", _("— nobody —")), *options]
        self._style_widgets()

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["participants"] = list(data.get("participants") or [])
        for name in ("title", "place", "video_link"):
            data[name] = data.get(name) or ""
        return data


def _level_choices(node_kind: str) -> list[tuple[str, str]]:
    return [(level, label) for level, label in Level.choices if LEVEL_NODE_KIND[level] == node_kind]


def _meeting_day(schedule, today: dt.date) -> dt.date:
    """The day of the schedule's meeting in this week."""
    return monday_of(today) + dt.timedelta(days=schedule.weekday - 1)


class ScheduleListPage(LoginRequiredMixin, View):
    """The schedules grouped by program: a fixed number of queries whatever their number (the schedules with
    their people, the next meetings, the program nodes, the absences of the chairs)."""

    def get(self, request):
        level = request.GET.get("level", "")
        status = request.GET.get("status", "")
        level = level if level in Level.values else ""
        status = status if status in ScheduleStatus.values else ""
        today = timezone.localdate()
        schedules = schedule_list(request.user, level=level or None, status=status or None)
        if not status:
            schedules = schedules.exclude(status=ScheduleStatus.ARCHIVED)
        rows = with_nodes(with_next_meetings(schedules, today=today))
        chairs = acting_chairs(rows, lambda schedule: _meeting_day(schedule, today))
        for schedule in rows:
            schedule.acting = chairs.get(schedule.pk)
        return render(
            request,
            "scrum/schedules_list.html",
            {
                "groups": schedules_by_program(rows),
                "levels": Level.choices,
                "statuses": ScheduleStatus.choices,
                "level": level,
                "status": status,
                "today": today,
            },
        )


class ScheduleDetailPage(LoginRequiredMixin, View):
    def get(self, request, pk):
        schedule = schedule_get(request.user, pk)
        today = timezone.localdate()
        meetings = schedule_meetings(schedule, today=today)
        approval = services.approval_node(schedule)
        user = request.user
        chair_day = meetings[0].date if meetings else _meeting_day(schedule, today)
        return render(
            request,
            "scrum/schedules_detail.html",
            {
                "schedule": schedule,
                "node": schedule.node,
                "meetings": meetings,
                "acting": acting_chair(schedule, chair_day),
                "acting_day": chair_day,
                "may_change": authorization.can(user, authorization.CHANGE, schedule),
                "may_approve": approval is not None
                and authorization.can(user, authorization.APPROVE, approval),
                "history": history_entries(schedule),
                "weekday": dict(WEEKDAYS).get(schedule.weekday, schedule.weekday),
            },
        )


class _FormPage(LoginRequiredMixin, View):
    template_name = "scrum/schedules_form.html"

    def render_form(self, request, form, context: dict, status: int = 200):
        return render(
            request,
            self.template_name,
            {"form": form, "query": request.GET.get("q", ""), **context},
            status=status,
        )


class ScheduleCreatePage(_FormPage):
    """Draft a schedule of a level at a node ("change" on the node)."""

    def _node_and_level(self, request):
        try:
            node = resolve_ref(request.GET.get("node", ""))
        except ValidationError as error:
            raise Http404 from error
        if getattr(node, "KIND", None) not in LEVEL_NODE_KIND.values():
            raise Http404
        if not authorization.can(request.user, authorization.VIEW, node):
            raise Http404
        authorization.require(request.user, authorization.CHANGE, node)
        levels = _level_choices(node.KIND)
        level = request.GET.get("level") or levels[0][0]
        if level not in dict(levels):
            raise Http404
        return node, level, levels

    def _context(self, node, level, levels):
        return {"node": node, "level": level, "levels": levels, "level_label": Level(level).label}

    def get(self, request):
        node, level, levels = self._node_and_level(request)
        form = ScheduleForm(
            node_path=node.path,
            query=request.GET.get("q", ""),
            user=request.user,
            initial={"valid_from": timezone.localdate(), "weekday": 1, "starts_at": dt.time(10, 0)},
        )
        return self.render_form(request, form, self._context(node, level, levels))

    def post(self, request):
        node, level, levels = self._node_and_level(request)
        form = ScheduleForm(
            request.POST, node_path=node.path, query=request.GET.get("q", ""), user=request.user
        )
        if form.is_valid():
            try:
                schedule = services.schedule_create(
                    actor=request.user, level=level, node=node, **form.service_kwargs()
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The schedule is drafted; the program manager approves it."))
                return redirect("scrum-schedule-detail", pk=schedule.pk)
        return self.render_form(request, form, self._context(node, level, levels), status=400)


class ScheduleEditPage(_FormPage):
    """Change a schedule ("change" on its node); a stale edit shows the current terms (409)."""

    def _initial(self, schedule) -> dict:
        names = [name for name in services.EDITABLE if name != "participants"]
        initial = {name: getattr(schedule, name) for name in names}
        initial["participants"] = list(schedule.participants.all())
        return initial

    def get(self, request, pk):
        schedule = schedule_get(request.user, pk, action=authorization.CHANGE)
        form = ScheduleForm(
            node_path=schedule.node_path,
            query=request.GET.get("q", ""),
            user=request.user,
            initial=self._initial(schedule),
        )
        return self.render_form(request, form, {"schedule": schedule, "version": schedule.version})

    def post(self, request, pk):
        schedule = schedule_get(request.user, pk, action=authorization.CHANGE)
        form = ScheduleForm(
            request.POST, node_path=schedule.node_path, query=request.GET.get("q", ""), user=request.user
        )
        version = request.POST.get("version")
        status = 400
        if form.is_valid():
            try:
                services.schedule_update(
                    actor=request.user,
                    schedule=schedule,
                    version=int(version) if version and version.isdigit() else None,
                    **form.service_kwargs(),
                )
            except StaleVersion as stale:
                form.add_error(None, str(stale))
                schedule = schedule_get(request.user, pk)
                status = 409
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The schedule is saved."))
                return redirect("scrum-schedule-detail", pk=schedule.pk)
        return self.render_form(
            request, form, {"schedule": schedule, "version": schedule.version}, status=status
        )


class ScheduleApproveView(LoginRequiredMixin, View):
    """Approve (the program manager: "approve" on the program, asked by the service) — 403 for others."""

    def post(self, request, pk):
        schedule = schedule_get(request.user, pk)
        try:
            services.schedule_approve(actor=request.user, schedule=schedule)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, _("The schedule is approved; its meetings for four weeks are on the calendar.")
            )
        return redirect("scrum-schedule-detail", pk=pk)


class ScheduleArchiveView(LoginRequiredMixin, View):
    def post(self, request, pk):
        schedule = schedule_get(request.user, pk, action=authorization.CHANGE)
        try:
            services.schedule_archive(actor=request.user, schedule=schedule)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The schedule is archived."))
        return redirect("scrum-schedule-detail", pk=pk)


class ScheduleIcsView(LoginRequiredMixin, View):
    def get(self, request, pk):
        schedule = schedule_get(request.user, pk)
        response = HttpResponse(schedule_ics(schedule), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="scrum-schedule-{schedule.pk}.ics"'
        return response


class ScheduleCurrentView(LoginRequiredMixin, View):
    """To this week's meeting of the schedule, or the next one; back to the schedule when there is none."""

    def get(self, request, pk):
        schedule = schedule_get(request.user, pk)
        meeting = current_meeting(schedule)
        if meeting is None:
            messages.info(request, _("The schedule has no meeting this week or later."))
            return redirect("scrum-schedule-detail", pk=pk)
        return redirect(reverse("scrum-meeting-detail", args=[meeting.pk]))


urlpatterns = [
    path("schedules/", ScheduleListPage.as_view(), name="scrum-schedule-list"),
    path("schedules/new/", ScheduleCreatePage.as_view(), name="scrum-schedule-create"),
    path("schedules/<int:pk>/", ScheduleDetailPage.as_view(), name="scrum-schedule-detail"),
    path("schedules/<int:pk>/edit/", ScheduleEditPage.as_view(), name="scrum-schedule-edit"),
    path("schedules/<int:pk>/approve/", ScheduleApproveView.as_view(), name="scrum-schedule-approve"),
    path("schedules/<int:pk>/archive/", ScheduleArchiveView.as_view(), name="scrum-schedule-archive"),
    path("schedules/<int:pk>/ics/", ScheduleIcsView.as_view(), name="scrum-schedule-ics"),
    path("schedules/<int:pk>/current/", ScheduleCurrentView.as_view(), name="scrum-schedule-current"),
]
