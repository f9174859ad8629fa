"""Pages of the lessons-learned log (Rules p.2(21), p.84(6)): the log grouped by stage, "went well" beside "to
improve", with the form to add a lesson; editing and removing one.

Reads go through ``projects.selectors.lessons``, writes through ``projects.services.lessons``: the team records
lessons ("contribute"); a lesson is removed by its author or by whoever may delete in the project.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _

from pmis.core import authorization

from ..register_forms import LessonForm
from ..selectors.lessons import lesson_get, lesson_list, lessons_by_stage
from ..services.lessons import lesson_create, lesson_delete, lesson_update
from .base import WorkspacePage


class LessonsPage(WorkspacePage):
    """The log by stage and the form to add a lesson (POST here); one query for the lessons."""

    tab = "lessons"
    template_name = "projects/lessons.html"

    def _page(self, project, form, status=200):
        lessons = list(lesson_list(self.request.user, project=project))
        return self.render_page(
            project,
            {"stages": lessons_by_stage(lessons), "total": len(lessons), "form": form},
            status=status,
        )

    def get(self, request, pk):
        project = self.get_project()
        return self._page(project, LessonForm(project=project))

    def post(self, request, pk):
        project = self.get_project(authorization.CONTRIBUTE)
        form = LessonForm(request.POST, project=project)
        if form.is_valid():
            try:
                lesson_create(actor=request.user, project=project, **form.service_kwargs())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The lesson has been recorded."))
                return redirect("project-lessons", project.pk)
        return self._page(project, form, status=400)


class LessonEditPage(WorkspacePage):
    tab = "lessons"
    template_name = "projects/lesson_form.html"

    def _lesson(self, project):
        return lesson_get(
            self.request.user, self.kwargs["lesson_pk"], project=project, action=authorization.CONTRIBUTE
        )

    def get(self, request, pk, lesson_pk):
        project = self.get_project()
        lesson = self._lesson(project)
        return self.render_page(
            project, {"form": LessonForm(project=project, lesson=lesson), "lesson": lesson}
        )

    def post(self, request, pk, lesson_pk):
        project = self.get_project()
        lesson = self._lesson(project)
        form = LessonForm(request.POST, project=project, lesson=lesson)
        if form.is_valid():
            try:
                lesson_update(actor=request.user, lesson=lesson, **form.service_kwargs())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The lesson has been saved."))
                return redirect("project-lessons", project.pk)
        return self.render_page(project, {"form": form, "lesson": lesson}, status=400)


class LessonDeletePage(WorkspacePage):
    """Remove a lesson (POST): its author or whoever may delete in the project (the service decides, 403)."""

    def post(self, request, pk, lesson_pk):
        project = self.get_project()
        lesson = lesson_get(request.user, lesson_pk, project=project)
        lesson_delete(actor=request.user, lesson=lesson)
        messages.success(request, _("The lesson has been removed from the log."))
        return redirect("project-lessons", project.pk)


urlpatterns = [
    path("projects/<int:pk>/lessons/", LessonsPage.as_view(), name="project-lessons"),
    path(
        "projects/<int:pk>/lessons/<int:lesson_pk>/edit/",
        LessonEditPage.as_view(),
        name="project-lesson-edit",
    ),
    path(
        "projects/<int:pk>/lessons/<int:lesson_pk>/delete/",
        LessonDeletePage.as_view(),
        name="project-lesson-delete",
    ),
]
