"""``/tasks/mine/``: the tasks assigned to the signed-in person in every project they may see, overdue first;
each links to its project's board with the card's dialog open."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from scrum.selectors.decisions import my_decisions
from scrum.selectors.schedules import with_nodes

from ..selectors.my_tasks import my_task_choices, my_task_list

PAGE_SIZE = 100
#: How many of the person's open meeting outcomes the page lists (the rest are on /scrum/decisions/mine/).
MY_DECISIONS = 20


class MyTasksFilter(forms.Form):
    """The page's filters, read from the query string; a value that does not parse is ignored."""

    VIEWS = (("due", _("By due date")), ("project", _("By project")))

    view = forms.ChoiceField(label=_("View"), choices=VIEWS, required=False)
    project = forms.IntegerField(label=_("Project"), required=False)
    label = forms.CharField(label=_("Label"), required=False, max_length=40)
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    blocked = forms.BooleanField(label=_("Blocked"), required=False)
    done = forms.BooleanField(label=_("Include done"), required=False)

    def values(self) -> dict:
        if self.is_valid():
            return self.cleaned_data
        return {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}


class MyTasksPage(LoginRequiredMixin, View):
    def get(self, request):
        form = MyTasksFilter(request.GET)
        values = form.values()
        by_project = values.get("view") == "project"
        tasks = my_task_list(
            request.user,
            project=values.get("project"),
            label=values.get("label") or None,
            overdue=bool(values.get("overdue")),
            blocked=bool(values.get("blocked")),
            done=bool(values.get("done")),
            by_project=by_project,
        )
        page = Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page"))
        today = timezone.localdate()
        # The open outcomes of scrum meetings the person owns (Rules p.45), named by their meetings' nodes.
        decisions = list(my_decisions(request.user)[:MY_DECISIONS])
        with_nodes(decision.meeting.schedule for decision in decisions)
        filtered = any(values.get(name) for name in ("project", "label", "overdue", "blocked", "done"))
        return render(
            request,
            "projects/my_tasks.html",
            {
                "form": form,
                "values": values,
                "by_project": by_project,
                "page_obj": page,
                "choices": my_task_choices(request.user),
                "today": today,
                "soon": today + dt.timedelta(days=2),
                "filtered": filtered,
                "my_decisions": decisions,
            },
        )


urlpatterns = [
    path("tasks/mine/", MyTasksPage.as_view(), name="my-tasks"),
]
