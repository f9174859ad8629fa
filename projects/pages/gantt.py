"""The Gantt view of a project: its tasks and milestones on a timeline with the dependencies between tasks.

Read-only: dates change on the board (the task's own form), whose service keeps the optimistic version. The
chart is drawn by gantt.js from the data embedded in the page; the same data are in a table under it for
keyboard and screen-reader users, and tasks without dates are listed apart.
"""

from __future__ import annotations

from django.urls import path

from ..selectors.gantt import gantt_data
from .base import WorkspacePage


class GanttPage(WorkspacePage):
    """``/projects/<pk>/gantt/``: the timeline, grouped by column or assignee, zoomed by day, week or month."""

    tab = "gantt"
    template_name = "projects/gantt.html"

    def get(self, request, pk):
        project = self.get_project()
        gantt = gantt_data(request.user, project)
        rows = [
            (task, [gantt.numbers[pk] for pk in task.blocked_by if pk in gantt.numbers])
            for task in gantt.tasks
        ]
        return self.render_page(project, {"gantt": gantt, "rows": rows, "chart": gantt.json()})


urlpatterns = [
    path("projects/<int:pk>/gantt/", GanttPage.as_view(), name="project-gantt"),
]
