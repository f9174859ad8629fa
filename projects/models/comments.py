"""Comments on every object of a project's workspace (Rules p.15, p.89)."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Comment(models.Model):
    """A comment of a participant of project activities on a project or anything in its workspace: the exchange
    of comments happens inside the PMIS (Rules p.15, p.89).

    `target` is the object commented on (the project itself, a task, a risk, a change request …); `project` is
    kept beside it so who may read the comment is decided as for the project. `mentions` are the people named
    with ``@username`` in the text; each is notified.
    """

    SCOPE_LOOKUP = "project__path"

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="comments"
    )
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(_("comment"))
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("mentioned"), blank=True, related_name="mentioned_in"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    edited_at = models.DateTimeField(_("edited at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "created_at"], name="projects_comment_target")
        ]

    def __str__(self) -> str:
        return self.body[:60]
