"""The project's lessons-learned log (Rules p.2(21), p.84(6))."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from pmis.core.choices import Stage


class Lesson(models.Model):
    """An entry of the lessons-learned log: a governing document with an overview of the project's management and
    anything useful to apply in future projects (Rules p.2(21)); kept by the project manager in the PMIS as part
    of the project archive (p.84(6)). A project closes only with at least one lesson recorded.
    """

    SCOPE_LOOKUP = "project__path"

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="lessons"
    )
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices)
    title = models.CharField(_("lesson"), max_length=300)
    went_well = models.BooleanField(
        _("went well"), default=False, help_text=_("Something to repeat, not to avoid.")
    )
    situation = models.TextField(_("what happened"))
    recommendation = models.TextField(_("recommendation for future projects"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("lesson learned")
        verbose_name_plural = _("lessons learned")
        ordering = ["project", "-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
