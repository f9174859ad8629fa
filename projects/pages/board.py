"""The project's kanban board page (Rules p.2(57)): the server renders the frame and hands the board over as JSON;
``static/js/board.js`` draws the cards, moves them through the API and applies other people's changes live."""

from __future__ import annotations

from django.urls import path
from django.utils import timezone
from django.utils.dates import MONTHS_AP
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from ..choices import Priority
from ..selectors.board import board_json
from .base import WorkspacePage

#: Every text board.js shows, translated here so the script holds no UI language. `{name}` marks a value.
BOARD_TEXTS = {
    "addTask": _("Add task"),
    "addTaskPlaceholder": _("Task title, Enter to save"),
    "assignee": _("Assignee"),
    "assignedTo": _("assigned to {name}"),
    "blocked": _("Blocked"),
    "blockedBy": _("Waits for {count} task(s)"),
    "cardLabel": _("Task #{number}: {title}"),
    "checklist": _("Checklist: {done} of {total} done"),
    "column": _("Column {name}"),
    "conflict": _("Changed by someone else — showing the current card."),
    "conflictDialog": _(
        "Someone else saved this task while you were editing it. The form now shows the saved values; your "
        "unsaved changes are listed below."
    ),
    "changedElsewhere": _("Someone else has just changed this task; saving will show you their version."),
    "deleted": _("Task #{number} was deleted."),
    "deletedElsewhere": _("Someone else deleted this task."),
    "due": _("due {date}"),
    "dueSoon": _("due soon"),
    "estimate": _("{hours} h"),
    "estimateLong": _("estimate {hours} hours"),
    "error": _("The server did not accept the change: {message}"),
    "networkError": _("No connection to the server. Try again."),
    "moved": _("Task #{number} moved to {column}, position {position} of {count}."),
    "movedBack": _("Task #{number} stays in {column}."),
    "noCards": _("No tasks"),
    "nobody": _("Unassigned"),
    "overdue": _("overdue"),
    "created": _("Task #{number} added to {column}."),
    "saved": _("Task #{number} saved."),
    "uploaded": _("{name} attached."),
    "yourValue": _("Your unsaved value"),
    "reconnected": _("Connection restored; the board is up to date."),
    "live": _("Live"),
    "offline": _("Offline — reconnecting…"),
    "wip": _("{count} of at most {limit} tasks"),
    "count": _("{count} tasks"),
    "remove": _("Remove"),
    "loading": _("Loading…"),
    "close": _("Close"),
    "notOnBoard": _("This task is on another project's board."),
    "shown": _("{shown} of {total} tasks shown"),
    "removeFile": _("Remove {name}"),
    "inSprint": _("In this week's sprint"),
}

PRIORITY_ICONS = {
    Priority.LOW: "bi-arrow-down",
    Priority.NORMAL: "",
    Priority.HIGH: "bi-arrow-up",
    Priority.CRITICAL: "bi-exclamation-diamond-fill",
}


def script_json(text: str) -> SafeString:
    """JSON text safe inside <script>: no "<", ">" or "&" can end the element or open a comment.

    The escapes are valid inside JSON strings, and JSON has these characters nowhere else."""
    return mark_safe(text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e"))


class BoardPage(WorkspacePage):
    """``/projects/<pk>/board/``: the kanban board; read-only for whoever may not contribute."""

    tab = "board"
    template_name = "projects/board.html"

    def get(self, request, pk: int):
        project = self.get_project()
        texts = dict(BOARD_TEXTS)
        texts["priorities"] = {value: str(label) for value, label in Priority.choices}
        texts["priorityIcons"] = PRIORITY_ICONS
        texts["sizeUnits"] = [_("B"), _("KB"), _("MB"), _("GB")]
        # Dates are written by the script; the browser's own month names are missing for Kazakh ("M12 21").
        texts["months"] = [str(MONTHS_AP[month]).lower() for month in range(1, 13)]
        return self.render_page(
            project,
            {
                "board_json": script_json(board_json(request.user, project)),
                "board_texts": texts,
                "priorities": Priority.choices,
                "today": timezone.localdate(),
            },
        )


urlpatterns = [
    path("projects/<int:pk>/board/", BoardPage.as_view(), name="project-board"),
]
