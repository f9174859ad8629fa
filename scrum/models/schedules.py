"""The weekly scrum schedule of one level of the ladder at one node."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import LEVEL_NODE_KIND, Level, Mode, ScheduleStatus

NODE_KINDS = [(kind, kind) for kind in sorted(set(LEVEL_NODE_KIND.values()))]


class Schedule(models.Model):
    """A weekly scrum schedule (Rules p.2(60)): when and where one level of the ladder meets every week.

    The levels are the project team (at its project), the projects group (at its group), the implementation group
    of the basic direction with the heads of the projects groups (at the direction, p.70(4), p.73(1)), the project
    office of the state body (at the program, p.68(1)), the operational meeting of the program governing committee
    (at the program, p.46) and the governing council of the national priority (at the portfolio). A meeting is
    online or offline (p.2(48–49)); the chair leads it and the deputy chair leads it in the chair's absence (p.46),
    and after them whoever the substitution scheme names (Appendix 4, p.99). The program manager approves the
    schedule (p.46, p.66(2)); meetings are generated for each week from an approved one, skipping public holidays.

    `node_path` copies the path of the node the level meets at: powers over the schedule and its meetings are those
    over the node (pmis.core.authorization), and a move of the node rewrites it (pmis.core.hierarchy).
    """

    SCOPE_LOOKUP = "node_path"

    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    node_kind = models.CharField(_("level of the node"), max_length=20, choices=NODE_KINDS)
    node_id = models.PositiveBigIntegerField(_("node"))
    node_path = models.CharField(_("path"), max_length=255, editable=False)
    title = models.CharField(_("title"), max_length=300, blank=True)
    weekday = models.PositiveSmallIntegerField(_("weekday"), help_text=_("1 is Monday, 7 is Sunday (ISO)."))
    starts_at = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration, minutes"), default=60)
    mode = models.CharField(_("mode"), max_length=10, choices=Mode.choices, default=Mode.OFFLINE)
    place = models.CharField(_("place"), max_length=300, blank=True)
    video_link = models.URLField(_("video link"), max_length=500, blank=True)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    deputy_chair = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("deputy chair"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secretary"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("participants"), blank=True, related_name="scrum_schedules"
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ScheduleStatus.choices, default=ScheduleStatus.DRAFT
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["version"], m2m_fields=[participants])

    class Meta:
        verbose_name = _("scrum schedule")
        verbose_name_plural = _("scrum schedules")
        ordering = ["node_path", "level"]
        indexes = [
            models.Index(fields=["node_path"], name="scrum_schedule_path", opclasses=["varchar_pattern_ops"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "node_kind", "node_id"],
                condition=~Q(status=ScheduleStatus.ARCHIVED),
                name="scrum_schedule_one_per_level_and_node",
                violation_error_message=_("This level already has a scrum schedule at this node."),
            ),
            models.CheckConstraint(
                condition=Q(weekday__gte=1, weekday__lte=7),
                name="scrum_schedule_weekday",
                violation_error_message=_("The weekday is a number from 1 (Monday) to 7 (Sunday)."),
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=480),
                name="scrum_schedule_duration",
                violation_error_message=_("A meeting lasts from 5 minutes to 8 hours."),
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="scrum_schedule_validity",
                violation_error_message=_("The schedule cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        # Printing never queries: the node's name where it was read (`name`, `with_nodes`), else its reference.
        if self.title or "node" in self.__dict__:
            return self.name
        return f"{self.get_level_display()} · {self.node_ref}"

    def get_absolute_url(self) -> str:
        return reverse("scrum-schedule-detail", args=[self.pk])

    @cached_property
    def node(self):
        """The node the level meets at: one query, or none where a list filled it in for all its rows
        (`scrum.selectors.schedules.with_nodes`)."""
        from pmis.core.nodes import node_model

        return node_model(self.node_kind).objects.filter(pk=self.node_id).first()

    @property
    def name(self) -> str:
        """The title, or the level and the name of the node it meets at (reads the node unless it was read)."""
        if self.title:
            return self.title
        node = self.node
        return f"{self.get_level_display()} · {node.name if node is not None else self.node_ref}"

    @property
    def node_ref(self) -> str:
        return f"{self.node_kind}:{self.node_id}"
