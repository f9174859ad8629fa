"""Pages of the scrum meetings under /scrum/ (Rules p.2(59), p.45–46, p.68(3), p.84(3)).

- ``/scrum/meetings/`` (`scrum-meeting-list`): this week's and upcoming meetings the person may see, theirs
  first, and the recently held ones;
- ``/scrum/meetings/<pk>/`` (`scrum-meeting-detail`): the meeting — header and actions by status and power, the
  agenda grouped by projects group and project, attendance, outcomes, protocol downloads once closed; live
  (static/js/scrum_meeting.js re-fetches ``?part=header|agenda|attendance|outcomes`` on an event);
- the POST forms (open, start, close, cancel, agenda item, notes, attendance, outcome …), each redirecting back
  to the meeting, or re-rendering it with the message (400) when a rule refuses; HTMX swaps the page's root;
- ``/scrum/meetings/<pk>/protocol/?format=pdf|docx`` (`scrum-meeting-protocol`): the stored protocol.

Reads go through scrum.selectors, writes through scrum.services. Running the meeting needs "change" on it,
adding items "contribute"; a meeting the person may not see is 404, an action they may not take 403.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from org.forms import ServiceForm
from org.models import Person
from pmis.core import authorization
from pmis.core.downloads import file_response
from pmis.core.node_forms import DateInput
from projects.models import Project

from ..choices import AttendanceStatus, MeetingStatus, OutcomeKind
from ..live import PARTS
from ..models import AgendaItem, Decision
from ..selectors.meetings import meeting_detail, meeting_get, meeting_list, meeting_people
from ..selectors.schedules import with_nodes
from ..services import agenda as agenda_services
from ..services import meetings as services

RUNNING = (MeetingStatus.DRAFT, MeetingStatus.OPEN, MeetingStatus.IN_PROGRESS)


# --- forms ---------------------------------------------------------------------------------------------------------


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.full_name


class ItemChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.position + 1}. {obj.title[:80]}"


class ProjectChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.name}"


class OutcomeForm(ServiceForm):
    kind = forms.ChoiceField(label=_("Outcome"), choices=OutcomeKind.choices, initial=OutcomeKind.DECISION)
    text = forms.CharField(label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    item = ItemChoice(label=_("Agenda item"), queryset=AgendaItem.objects.none(), required=False)
    owner = PersonChoice(label=_("Owner"), queryset=Person.objects.none(), required=False)
    due_on = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())
    project = ProjectChoice(label=_("Project (for a task)"), queryset=Project.objects.none(), required=False)

    def __init__(self, *args, meeting, people: list, items: list, projects: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = meeting_people(meeting)
        self.fields["item"].queryset = AgendaItem.objects.filter(meeting=meeting).order_by("position")
        # The options are drawn from lists read once for the page (see _choices), not from the querysets.
        self.fields["item"].choices = [
            ("", "—"),
            *((i.pk, f"{i.position + 1}. {i.title[:80]}") for i in items),
        ]
        self.fields["owner"].choices = [("", "—"), *((p.pk, p.full_name) for p in people)]
        self.fields["project"].queryset = Project.objects.filter(path__startswith=meeting.schedule.node_path)
        self.fields["project"].choices = [("", "—"), *((p.pk, f"{p.code} {p.name}") for p in projects)]
        self._style_widgets()


class AgendaItemForm(ServiceForm):
    title = forms.CharField(label=_("Item"), max_length=500)
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    minutes = forms.IntegerField(label=_("Time-box, minutes"), min_value=1, max_value=240, initial=5)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class NotesForm(ServiceForm):
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    discussed = forms.BooleanField(label=_("Discussed"), required=False)


class AttendanceForm(ServiceForm):
    status = forms.ChoiceField(label=_("Attendance"), choices=AttendanceStatus.choices)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class CancelForm(ServiceForm):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class MinutesForm(ServiceForm):
    minutes = forms.IntegerField(label=_("Time-box, minutes"), min_value=1, max_value=240)


# --- pages -----------------------------------------------------------------------------------------------------------


class MeetingListPage(LoginRequiredMixin, View):
    """This week's and upcoming meetings (the person's own first) and the ones held in the last four weeks."""

    def get(self, request):
        today = timezone.localdate()
        meetings = meeting_list(request.user)
        upcoming = list(
            meetings.filter(status__in=RUNNING, date__gte=today - dt.timedelta(days=7)).order_by(
                "-is_mine", "date", "starts_at", "pk"
            )[:100]
        )
        recent = list(
            meetings.filter(
                status__in=(MeetingStatus.CLOSED, MeetingStatus.CANCELLED),
                date__gte=today - dt.timedelta(days=28),
            ).order_by("-date", "-starts_at", "pk")[:50]
        )
        with_nodes(meeting.schedule for meeting in (*upcoming, *recent))
        return render(
            request, "scrum/meeting_list.html", {"upcoming": upcoming, "recent": recent, "today": today}
        )


class MeetingPage(LoginRequiredMixin, View):
    """The meeting's page; the action views below re-render it (400) when a rule refuses."""

    def render_meeting(
        self, meeting, *, forms: dict | None = None, errors=None, status: int = 200, part=None
    ):
        user = self.request.user
        detail = meeting_detail(meeting)
        may = {
            "change": authorization.can(user, authorization.CHANGE, meeting),
            "contribute": authorization.can(user, authorization.CONTRIBUTE, meeting),
        }
        forms = forms or {}
        context = {
            "meeting": meeting,
            "schedule": meeting.schedule,
            "detail": detail,
            "may": may,
            "errors": [
                *(errors or []),
                *(m for form in forms.values() for ms in form.errors.values() for m in ms),
            ],
            "statuses": AttendanceStatus.choices,
            "running": meeting.status in RUNNING,
        }
        if may["contribute"] and meeting.status in RUNNING:
            context["item_form"] = forms.get("item") or AgendaItemForm()
        if may["change"] and meeting.status == MeetingStatus.IN_PROGRESS:
            people = list(meeting_people(meeting))
            projects = list(
                Project.objects.filter(path__startswith=meeting.schedule.node_path).only(
                    "id", "code", "name_kk", "name_ru", "name_en"
                )
            )
            context["outcome_form"] = forms.get("outcome") or OutcomeForm(
                meeting=meeting, people=people, items=detail.items, projects=projects
            )
            context["people"] = people
        if may["change"] and meeting.status in (MeetingStatus.DRAFT, MeetingStatus.OPEN):
            context["cancel_form"] = forms.get("cancel") or CancelForm()
        template = f"scrum/meeting_{part}.html" if part else "scrum/meeting_detail.html"
        return render(self.request, template, context, status=status)

    def get(self, request, pk):
        meeting = meeting_get(request.user, pk)
        part = request.GET.get("part")
        return self.render_meeting(meeting, part=part if part in PARTS else None)


class MeetingAction(MeetingPage):
    """A POST on the meeting: load it with `power` (404 / 403), call the subclass's `perform(meeting, data)`, go
    back to the meeting."""

    power = authorization.CHANGE
    form_class: type[forms.Form] | None = None
    form_key = ""

    def form(self, meeting):
        return self.form_class(self.request.POST) if self.form_class else None

    def post(self, request, pk, **kwargs):
        meeting = meeting_get(request.user, pk, action=self.power)
        form = self.form(meeting)
        if form is not None and not form.is_valid():
            return self.render_meeting(meeting, forms={self.form_key: form}, status=400)
        try:
            self.perform(meeting, form.cleaned_data if form is not None else {})
        except ValidationError as error:
            if form is not None:
                form.add_service_errors(error)
                return self.render_meeting(meeting, forms={self.form_key: form}, status=400)
            return self.render_meeting(meeting, errors=error.messages, status=400)
        return redirect("scrum-meeting-detail", pk=meeting.pk)

    def item(self, meeting) -> AgendaItem:
        return get_object_or_404(AgendaItem, pk=self.kwargs["item_pk"], meeting=meeting)


class OpenView(MeetingAction):
    def perform(self, meeting, data):
        services.meeting_open(actor=self.request.user, meeting=meeting)


class StartView(MeetingAction):
    def perform(self, meeting, data):
        services.meeting_start(actor=self.request.user, meeting=meeting)


class CloseView(MeetingAction):
    def perform(self, meeting, data):
        services.meeting_close(actor=self.request.user, meeting=meeting)


class CancelView(MeetingAction):
    form_class = CancelForm
    form_key = "cancel"

    def perform(self, meeting, data):
        services.meeting_cancel(actor=self.request.user, meeting=meeting, reason=data["reason"])


class RebuildView(MeetingAction):
    def perform(self, meeting, data):
        agenda_services.agenda_build(actor=self.request.user, meeting=meeting)


class ItemAddView(MeetingAction):
    power = authorization.CONTRIBUTE
    form_class = AgendaItemForm
    form_key = "item"

    def perform(self, meeting, data):
        agenda_services.agenda_item_add(actor=self.request.user, meeting=meeting, **data)


class ItemNotesView(MeetingAction):
    form_class = NotesForm
    form_key = "notes"

    def perform(self, meeting, data):
        agenda_services.item_notes(actor=self.request.user, item=self.item(meeting), **data)


class ItemMinutesView(MeetingAction):
    form_class = MinutesForm
    form_key = "minutes"

    def perform(self, meeting, data):
        agenda_services.agenda_item_update(actor=self.request.user, item=self.item(meeting), **data)


class ItemRemoveView(MeetingAction):
    def perform(self, meeting, data):
        agenda_services.agenda_item_remove(actor=self.request.user, item=self.item(meeting))


class AttendanceView(MeetingAction):
    form_class = AttendanceForm
    form_key = "attendance"

    def perform(self, meeting, data):
        person = get_object_or_404(meeting_people(meeting), pk=self.kwargs["person_pk"])
        services.attendance_set(actor=self.request.user, meeting=meeting, person=person, **data)


class OutcomeView(MeetingAction):
    form_key = "outcome"

    def form(self, meeting):
        return OutcomeForm(
            self.request.POST,
            meeting=meeting,
            people=list(meeting_people(meeting)),
            items=list(AgendaItem.objects.filter(meeting=meeting)),
            projects=list(Project.objects.filter(path__startswith=meeting.schedule.node_path)),
        )

    def perform(self, meeting, data):
        services.outcome_record(actor=self.request.user, meeting=meeting, **data)


class OutcomeDeleteView(MeetingAction):
    def perform(self, meeting, data):
        decision = get_object_or_404(Decision, pk=self.kwargs["decision_pk"], meeting=meeting)
        services.outcome_delete(actor=self.request.user, decision=decision)


class ProtocolView(LoginRequiredMixin, View):
    """The stored protocol of a closed meeting (404 until it is closed)."""

    def get(self, request, pk):
        meeting = meeting_get(request.user, pk)
        kind = request.GET.get("format", "pdf")
        if meeting.status != MeetingStatus.CLOSED or kind not in ("pdf", "docx"):
            raise Http404
        file = meeting.protocol_pdf if kind == "pdf" else meeting.protocol_docx
        if not file:
            raise Http404
        return file_response(file, f"protocol-{meeting.protocol_number}.{kind}")


urlpatterns = [
    path("meetings/", MeetingListPage.as_view(), name="scrum-meeting-list"),
    path("meetings/<int:pk>/", MeetingPage.as_view(), name="scrum-meeting-detail"),
    path("meetings/<int:pk>/open/", OpenView.as_view(), name="scrum-meeting-open"),
    path("meetings/<int:pk>/start/", StartView.as_view(), name="scrum-meeting-start"),
    path("meetings/<int:pk>/close/", CloseView.as_view(), name="scrum-meeting-close"),
    path("meetings/<int:pk>/cancel/", CancelView.as_view(), name="scrum-meeting-cancel"),
    path("meetings/<int:pk>/agenda/build/", RebuildView.as_view(), name="scrum-meeting-agenda-build"),
    path("meetings/<int:pk>/agenda/", ItemAddView.as_view(), name="scrum-meeting-item-add"),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/notes/",
        ItemNotesView.as_view(),
        name="scrum-meeting-item-notes",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/minutes/",
        ItemMinutesView.as_view(),
        name="scrum-meeting-item-minutes",
    ),
    path(
        "meetings/<int:pk>/agenda/<int:item_pk>/remove/",
        ItemRemoveView.as_view(),
        name="scrum-meeting-item-remove",
    ),
    path(
        "meetings/<int:pk>/attendance/<int:person_pk>/",
        AttendanceView.as_view(),
        name="scrum-meeting-attendance",
    ),
    path("meetings/<int:pk>/outcomes/", OutcomeView.as_view(), name="scrum-meeting-outcome"),
    path(
        "meetings/<int:pk>/outcomes/<int:decision_pk>/delete/",
        OutcomeDeleteView.as_view(),
        name="scrum-meeting-outcome-delete",
    ),
    path("meetings/<int:pk>/protocol/", ProtocolView.as_view(), name="scrum-meeting-protocol"),
]
