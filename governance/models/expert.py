"""The expert council's quarterly discussions of its program and their recommendations (Rules p.50–54)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import DiscussionStatus, RecommendationStatus
from .bodies import GoverningBody


class ExpertDiscussion(models.Model):
    """A discussion of the program by its expert council for expert evaluation and situational analysis of its
    implementation by basic directions and groups of projects (Rules p.50): held at least once a quarter; its
    conclusions (p.51) and recommendations go to the program governing committee (p.50, p.54). The secretary
    organises it (p.75)."""

    SCOPE_LOOKUP = "council__node_path"
    #: The secretary of the expert council keeps its discussions (Rules p.75) with no other power on the program.
    ROLE_PEOPLE = {
        "view": ("council__node_path", ("expert_council_secretary",)),
        "change": ("council__node_path", ("expert_council_secretary",)),
    }

    council = models.ForeignKey(
        GoverningBody, verbose_name=_("expert council"), on_delete=models.PROTECT, related_name="discussions"
    )
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=500)
    directions = models.ManyToManyField(
        "programs.BasicDirection", verbose_name=_("basic directions discussed"), blank=True, related_name="+"
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("participants"), blank=True, related_name="+"
    )
    conclusions = models.TextField(_("conclusions"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=DiscussionStatus.choices, default=DiscussionStatus.DRAFT
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[directions])

    class Meta:
        verbose_name = _("expert council discussion")
        verbose_name_plural = _("expert council discussions")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%d.%m.%Y} · {self.topic}"

    def get_absolute_url(self) -> str:
        return reverse("expert-discussion-detail", args=[self.pk])


class ExpertRecommendation(models.Model):
    """One recommendation of an expert council's discussion to the program governing committee (Rules p.50–51),
    which accepts it for information and work (p.54), possibly as a binding decision of its meeting."""

    SCOPE_LOOKUP = "discussion__council__node_path"
    ROLE_PEOPLE = {
        "view": ("discussion__council__node_path", ("expert_council_secretary",)),
        "change": ("discussion__council__node_path", ("expert_council_secretary",)),
    }

    discussion = models.ForeignKey(
        ExpertDiscussion,
        verbose_name=_("discussion"),
        on_delete=models.CASCADE,
        related_name="recommendations",
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("recommendation"))
    direction = models.ForeignKey(
        "programs.BasicDirection",
        verbose_name=_("basic direction"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RecommendationStatus.choices, default=RecommendationStatus.PENDING
    )
    response = models.TextField(_("committee's response"), blank=True)
    decision = models.ForeignKey(
        "scrum.Decision",
        verbose_name=_("decision of the committee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("expert council recommendation")
        verbose_name_plural = _("expert council recommendations")
        ordering = ["discussion", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["discussion", "number"], name="expert_recommendation_number_once"
            ),
            models.CheckConstraint(
                condition=Q(status=RecommendationStatus.PENDING) | Q(responded_at__isnull=False),
                name="expert_recommendation_response_dated",
                violation_error_message=_("A response is dated."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.discussion} · {self.number}"
