"""Downloads of a project's workspace as XLSX: its tasks and its risk register (``projects.exports``).

Read through the authorization module like every page: an outsider gets 404, a reader gets the rows they may
see. The number of queries does not depend on the number of rows.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.urls import path
from django.utils import timezone

from ..exports import (
    XLSX_CONTENT_TYPE,
    export_risks,
    export_tasks,
    risks_workbook,
    tasks_workbook,
    workbook_bytes,
)
from .base import WorkspacePage


class XlsxDownload(WorkspacePage):
    """A workbook of one project: `rows(user, project)` reads what goes in, `workbook(project, rows)` lays it out;
    `name` ends the file name after the project's code."""

    name = ""
    rows = staticmethod(export_tasks)
    workbook = staticmethod(tasks_workbook)

    def get(self, request, pk):
        project = self.get_project()
        content = workbook_bytes(self.workbook(project, self.rows(request.user, project)))
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        filename = f"{project.code}-{self.name}-{timezone.localdate():%Y-%m-%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


class TasksXlsx(XlsxDownload):
    """All tasks of the project: number, title, column, assignee, dates, priority, labels, blocked, estimate,
    sprint week, created and done."""

    name = "tasks"
    rows = staticmethod(export_tasks)
    workbook = staticmethod(tasks_workbook)


class RisksXlsx(XlsxDownload):
    """The project's risk register by score."""

    name = "risks"
    rows = staticmethod(export_risks)
    workbook = staticmethod(risks_workbook)


urlpatterns = [
    path("projects/<int:pk>/tasks.xlsx", TasksXlsx.as_view(), name="project-tasks-xlsx"),
    path("projects/<int:pk>/risks.xlsx", RisksXlsx.as_view(), name="project-risks-xlsx"),
]
