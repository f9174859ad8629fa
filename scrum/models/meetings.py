"""A meeting of a scrum schedule, its attendance and its agenda."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import AgendaSource, AttendanceStatus, MeetingStatus, Mode
from .schedules import Schedule


class Meeting(models.Model):
    """One weekly scrum meeting (Rules p.2(59)): a working meeting to solve problems and remove obstacles in the
    work, monitor the week's work and adjust the tasks for the next week (p.70(5), p.73(1), p.84(3)).

    Generated as a draft from the approved schedule for its week; opened when its agenda is published; in progress
    while it is held (attendance, notes and outcomes are recorded only then); closed with its protocol (PDF and
    DOCX), which registers its decisions (p.45). Time, place and link are copied from the schedule and may change
    for one meeting. `chair` is who actually chairs, fixed when the meeting starts: the schedule's chair, or in
    their absence the deputy chair (p.46), or whoever the substitution scheme names (Appendix 4, p.99).
    """

    SCOPE_LOOKUP = "schedule__node_path"

    schedule = models.ForeignKey(
        Schedule, verbose_name=_("scrum schedule"), on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration, minutes"), default=60)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.OFFLINE)
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT
    )
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chaired by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    chair_note = models.CharField(
        _("why this chair"),
        max_length=300,
        blank=True,
        help_text=_("E.g. the deputy chair, the chair is absent."),
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secretary"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    protocol_number = models.CharField(_("protocol number"), max_length=50, blank=True)
    protocol_pdf = models.FileField(_("protocol (PDF)"), upload_to="scrum/protocols/%Y/", blank=True)
    protocol_docx = models.FileField(_("protocol (DOCX)"), upload_to="scrum/protocols/%Y/", blank=True)
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["version", "reminded_at"])

    class Meta:
        verbose_name = _("scrum meeting")
        verbose_name_plural = _("scrum meetings")
        ordering = ["-date", "-starts_at"]
        indexes = [models.Index(fields=["date", "status"], name="scrum_meeting_date_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["schedule", "date"],
                name="scrum_meeting_one_per_day",
                violation_error_message=_("The schedule already has a meeting on this day."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.schedule} · {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("scrum-meeting-detail", args=[self.pk])


class Attendance(models.Model):
    """Whether a person attended a meeting, recorded by the secretary while it is held; `acting_for` is the
    participant they stood in for (Appendix 4)."""

    SCOPE_LOOKUP = "meeting__schedule__node_path"

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("attendance"), max_length=10, choices=AttendanceStatus.choices, default=AttendanceStatus.PRESENT
    )
    acting_for = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("stands in for"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="scrum_attendance_once",
                violation_error_message=_("This person's attendance is already recorded."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_status_display()}"


class AgendaItem(models.Model):
    """One item of a meeting's agenda, grouped by project and projects group on the page and in the protocol.

    The builder puts the week's signals here (escalated items, overdue and blocked tasks, project assignments
    without an executor, indicators off track, risks that became issues — Rules p.68(3), p.72(3), p.84(3)) and the
    open binding decisions of earlier meetings (p.45); people add their own. Each item has a presenter and a
    time-box; the secretary records its notes while the meeting is held. `signal_key` ("task:12") names the
    signal an item was built from, so a rebuild adds only new ones; `title` is copied so the protocol keeps what
    the meeting saw.
    """

    SCOPE_LOOKUP = "meeting__schedule__node_path"

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    source = models.CharField(_("source"), max_length=20, choices=AgendaSource.choices)
    signal_key = models.CharField(_("signal"), max_length=60, blank=True)
    title = models.CharField(_("item"), max_length=500)
    details = models.TextField(_("details"), blank=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    group = models.ForeignKey(
        "programs.ProjectGroup",
        verbose_name=_("group of projects"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    task = models.ForeignKey(
        "projects.Task",
        verbose_name=_("task"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    risk = models.ForeignKey(
        "projects.Risk",
        verbose_name=_("risk"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    assignment = models.ForeignKey(
        "projects.ProjectAssignment",
        verbose_name=_("project assignment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    indicator = models.ForeignKey(
        "kpi_maps.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    escalation = models.ForeignKey(
        "scrum.Escalation",
        verbose_name=_("escalation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
    )
    decision = models.ForeignKey(
        "scrum.Decision",
        verbose_name=_("decision under review"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews",
    )
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("presenter"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    minutes = models.PositiveSmallIntegerField(_("time-box, minutes"), default=5)
    notes = models.TextField(_("notes"), blank=True)
    discussed = models.BooleanField(_("discussed"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("added by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "source", "signal_key"],
                condition=~Q(signal_key=""),
                name="scrum_agenda_signal_once",
            ),
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=240),
                name="scrum_agenda_minutes",
                violation_error_message=_("An item's time-box is from 1 to 240 minutes."),
            ),
        ]

    def __str__(self) -> str:
        return self.title
