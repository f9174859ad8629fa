"""The program's lessons log (Rules p.63): its own lessons and its projects' in one list.

Reads go through ``programs.completion_selectors``, writes through ``programs.completion_services``.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from org.forms import ServiceForm
from pmis.core import authorization
from pmis.core.choices import Stage
from pmis.core.page_input import flag_or_none

from ..completion_selectors import (
    lessons_log,
    program_for_performance,
    program_lesson_get,
)
from ..completion_services import (
    program_lesson_create,
    program_lesson_delete,
)


class LessonForm(ServiceForm):
    stage = forms.ChoiceField(label=gettext_lazy("Stage"), choices=Stage.choices)
    title = forms.CharField(label=gettext_lazy("Lesson"), max_length=300)
    went_well = forms.BooleanField(label=gettext_lazy("What went well"), required=False)
    situation = forms.CharField(label=gettext_lazy("What happened"), widget=forms.Textarea(attrs={"rows": 3}))
    recommendation = forms.CharField(
        label=gettext_lazy("Recommendation for future programs"), widget=forms.Textarea(attrs={"rows": 3})
    )

    LAYOUT = (
        (
            gettext_lazy("New lesson of the program"),
            (
                ("stage", "col-md-4"),
                ("title", "col-md-6"),
                ("went_well", "col-md-2"),
                ("situation", "col-md-6"),
                ("recommendation", "col-md-6"),
            ),
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class LessonsPage(LoginRequiredMixin, View):
    """The program's lessons and its projects' lessons in one list, filtered by stage and "went well"."""

    def get(self, request, pk, form=None, status=200):
        program = program_for_performance(request.user, pk)
        query = request.GET
        values = {
            "stage": query.get("stage") if query.get("stage") in Stage.values else "",
            "went_well": flag_or_none(query.get("went_well")),
        }
        may_change = authorization.can(request.user, authorization.CHANGE, program)
        rows = lessons_log(
            request.user, program, stage=values["stage"] or None, went_well=values["went_well"]
        )
        return render(
            request,
            "programs/completion_lessons.html",
            {
                "program": program,
                "lessons": rows,
                "values": values,
                "stages": Stage.choices,
                "filtered": bool(values["stage"]) or values["went_well"] is not None,
                "may_change": may_change,
                "form": (form or LessonForm()) if may_change else None,
            },
            status=status,
        )

    def post(self, request, pk):
        program = program_for_performance(request.user, pk)
        if not authorization.can(request.user, authorization.CHANGE, program):
            raise PermissionDenied
        form = LessonForm(request.POST)
        if form.is_valid():
            try:
                program_lesson_create(actor=request.user, program=program, **form.cleaned_data)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The lesson is recorded."))
                return redirect("program-lessons", pk=program.pk)
        return self.get(request, pk, form=form, status=400)


class LessonDeleteView(LoginRequiredMixin, View):
    def post(self, request, pk, lesson_pk):
        program = program_for_performance(request.user, pk)
        lesson = program_lesson_get(request.user, program, lesson_pk, action=authorization.CHANGE)
        program_lesson_delete(actor=request.user, lesson=lesson)
        messages.success(request, _("The lesson is deleted."))
        return redirect("program-lessons", pk=program.pk)


# --- a project's performance facts ----------------------------------------------------------------------------


urlpatterns = [
    path("programs/<int:pk>/lessons/", LessonsPage.as_view(), name="program-lessons"),
    path(
        "programs/<int:pk>/lessons/<int:lesson_pk>/delete/",
        LessonDeleteView.as_view(),
        name="program-lesson-delete",
    ),
]
