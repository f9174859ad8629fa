"""Pages of the weekly sprints (Rules p.2(58), p.84(3)): the week's sprint of a project and its history.

- ``/projects/<pk>/sprint/``: the current sprint — goal, tasks by column, "add tasks", figures, burndown, close;
  "Open the sprint for this week" when there is none; the history of the other weeks;
- ``/projects/<pk>/sprint/<YYYY-MM-DD>/``: one week's sprint (frozen figures and burndown once closed);
- the POST forms of open / goal / add / remove / close, each redirecting back to the sprint's page.

Reads go through scrum.selectors, writes through scrum.services; opening, the goal and closing need "change" on
the project (the project manager), planning "contribute" (the team). A refused write re-renders the page with
the message (400) and changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from pmis.core import authorization
from pmis.core.workdays import monday_of, short_date
from scrum.forms import SprintGoalForm, SprintOpenForm, SprintRemoveForm, SprintTasksForm
from scrum.models import Sprint, SprintItem
from scrum.selectors.sprints import (
    burndown,
    item_is_done,
    sprint_candidates,
    sprint_current,
    sprint_figures,
    sprint_get,
    sprint_items,
    sprint_list,
    sprint_of_week,
)
from scrum.services import sprints as services

from ..choices import ColumnKind, SprintStatus
from .base import WorkspacePage


@dataclass
class ItemRow:
    """A task of the sprint as the page lists it: live from the task while the sprint is open, as frozen once
    it is closed."""

    item: SprintItem
    number: int | None
    title: str
    assignee: str
    hours: Decimal | None
    done: bool

    @classmethod
    def of(cls, item: SprintItem, *, live: bool) -> ItemRow:
        task = item.task
        if live and task is not None:
            return cls(
                item=item,
                number=task.number,
                title=task.title,
                assignee=task.assignee.short_name if task.assignee else "",
                hours=task.estimate_hours,
                done=item_is_done(task),
            )
        return cls(
            item=item,
            number=task.number if task is not None else None,
            title=item.title,
            assignee=task.assignee.short_name if task is not None and task.assignee else "",
            hours=item.estimate_hours,
            done=item.outcome == SprintItem.Outcome.DONE,
        )


def _groups(sprint: Sprint, items: list[SprintItem]) -> list[tuple[str, str, list[ItemRow]]]:
    """(key, heading, rows): an open sprint's tasks by the kind of the column they stand in, a closed one's by
    outcome; removed tasks (and, while open, tasks deleted since) last."""
    live = sprint.status == SprintStatus.OPEN
    buckets: dict[str, list[ItemRow]] = {}
    for item in items:
        if item.outcome == SprintItem.Outcome.REMOVED or (live and item.task is None):
            key = "removed"
        elif live:
            key = item.task.column.kind
        else:
            key = item.outcome
        buckets.setdefault(key, []).append(ItemRow.of(item, live=live))
    if live:
        order = [(kind, label) for kind, label in ColumnKind.choices]
    else:
        order = [(SprintItem.Outcome.DONE, _("Done")), (SprintItem.Outcome.CARRIED, _("Carried over"))]
    order.append(("removed", _("Removed from the sprint")))
    return [(key, heading, buckets[key]) for key, heading in order if key in buckets]


#: The days of the week on the burndown's axis. Django's Kazakh catalogue abbreviates Tuesday as «Сб», which a
#: Kazakh reader takes for Saturday; these are the usual abbreviations (Дс, Сс, Ср, Бс, Жм, Сб, Жс).
WEEKDAYS = (
    pgettext_lazy("weekday", "Mon"),
    pgettext_lazy("weekday", "Tue"),
    pgettext_lazy("weekday", "Wed"),
    pgettext_lazy("weekday", "Thu"),
    pgettext_lazy("weekday", "Fri"),
    pgettext_lazy("weekday", "Sat"),
    pgettext_lazy("weekday", "Sun"),
)


def _day_label(day: dt.date) -> str:
    """ "Tue 17": the burndown's axis label of a day."""
    return f"{WEEKDAYS[day.weekday()]} {day.day}"


def _chart(data: dict) -> dict:
    """The burndown as the page draws it: in hours when the tasks have estimates, else in tasks; each day with
    its label and its date for the table under the chart."""
    unit = "hours" if data["start"] or any(day["remaining"] for day in data["days"]) else "tasks"
    suffix = "" if unit == "hours" else "_tasks"
    days = [
        {
            "day": day["day"],
            "date": dt.date.fromisoformat(day["day"]),
            "label": _day_label(dt.date.fromisoformat(day["day"])),
            "remaining": day[f"remaining{suffix}"],
            "ideal": day[f"ideal{suffix}"],
        }
        for day in data["days"]
    ]
    return {
        "unit": unit,
        "start": data["start"] if unit == "hours" else data["start_tasks"],
        "days": days,
        # What burndown.js reads (json_script): no dates, only strings and numbers.
        "json": {
            "unit": unit,
            "start": data["start"] if unit == "hours" else data["start_tasks"],
            "labels": [day["label"] for day in days],
            "remaining": [day["remaining"] for day in days],
            "ideal": [day["ideal"] for day in days],
        },
    }


class SprintPages(WorkspacePage):
    """What the sprint pages share: the sprint's block (goal, tasks, figures, burndown, forms) and the history."""

    tab = "sprint"
    template_name = "projects/sprint.html"

    def sprint_in_project(self, project, action: str) -> Sprint:
        sprint = sprint_get(self.request.user, self.kwargs["sprint_pk"])
        if sprint.project_id != project.pk:
            raise Http404
        authorization.require(self.request.user, action, sprint)
        return sprint

    def sprint_url(self, project, sprint: Sprint) -> str:
        current = sprint_current(self.request.user, project)
        if current is not None and current.pk == sprint.pk:
            return reverse("project-sprint", args=[project.pk])
        return reverse("project-sprint-week", args=[project.pk, sprint.week_start.isoformat()])

    def sprint_context(
        self, project, sprint: Sprint | None, forms: dict | None = None, errors: list[str] | None = None
    ) -> dict:
        forms = forms or {}
        today = timezone.localdate()
        # Every message of a refused form, shown above the sprint (the forms are small and far apart).
        messages_ = [
            message for form in forms.values() for field in form.errors.values() for message in field
        ]
        context: dict = {
            "sprint": sprint,
            "today": today,
            "this_week": monday_of(today),
            "errors": [*messages_, *(errors or [])],
        }
        may = self.powers(project)
        if sprint is None:
            if may[authorization.CHANGE]:
                context["open_form"] = forms.get("open") or SprintOpenForm()
            return context
        items = sprint_items(sprint)
        is_open = sprint.status == SprintStatus.OPEN
        context.update(
            week_end=sprint.week_start + dt.timedelta(days=6),
            stale=is_open and sprint.week_start + dt.timedelta(days=7) <= today,
            groups=_groups(sprint, items),
            figures=sprint_figures(sprint, items),
            burndown=_chart(burndown(sprint, items, today=today)),
            item_count=sum(1 for item in items if item.outcome != SprintItem.Outcome.REMOVED),
        )
        if is_open:
            context["carry_over"] = [
                ItemRow.of(item, live=True)
                for item in items
                if item.outcome == SprintItem.Outcome.OPEN
                and item.task is not None
                and not item_is_done(item.task)
            ]
            if may[authorization.CHANGE]:
                context["goal_form"] = forms.get("goal") or SprintGoalForm(initial={"goal": sprint.goal})
            if may[authorization.CONTRIBUTE]:
                candidates = sprint_candidates(sprint)
                context["tasks_form"] = forms.get("tasks") or SprintTasksForm(candidates=candidates)
                # The checkboxes are drawn from this list (one query), not from the form field's own queryset.
                context["candidates"] = list(candidates)
        return context

    def render_sprint(
        self, project, sprint: Sprint | None, *, history: bool, forms=None, errors=None, status: int = 200
    ):
        context = self.sprint_context(project, sprint, forms, errors)
        if history:
            sprints = sprint_list(self.request.user, project)
            context["history"] = [
                (row, row.week_start + dt.timedelta(days=6))
                for row in sprints
                if sprint is None or row.pk != sprint.pk
            ]
        return self.render_page(project, context, status=status)

    def refused(self, project, sprint: Sprint, forms: dict, errors: list[str] | None = None):
        """Re-render the page the sprint is shown on with the form's messages (400)."""
        current = sprint_current(self.request.user, project)
        is_current = current is not None and current.pk == sprint.pk
        return self.render_sprint(project, sprint, history=is_current, forms=forms, errors=errors, status=400)


class SprintPage(SprintPages):
    """``/projects/<pk>/sprint/``: the sprint the team works in now, and the history of the other weeks."""

    def get(self, request, pk):
        project = self.get_project()
        return self.render_sprint(project, sprint_current(request.user, project), history=True)


class SprintWeekPage(SprintPages):
    """``/projects/<pk>/sprint/<week>/``: one week's sprint; a closed one shows its frozen figures and burndown."""

    def get(self, request, pk, week):
        project = self.get_project()
        try:
            week_start = dt.date.fromisoformat(week)
        except ValueError as error:
            raise Http404 from error
        sprint = sprint_of_week(request.user, project, week_start)
        current = sprint_current(request.user, project)
        if current is not None and current.pk == sprint.pk:
            return redirect("project-sprint", pk=project.pk)
        return self.render_sprint(project, sprint, history=False)


class SprintOpenView(SprintPages):
    """POST: open this week's sprint with its goal ("change")."""

    def post(self, request, pk):
        project = self.get_project(authorization.CHANGE)
        form = SprintOpenForm(request.POST)
        if form.is_valid():
            try:
                sprint = services.sprint_open(
                    actor=request.user, project=project, goal=form.cleaned_data["goal"]
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request,
                    _("The sprint of the week of %(day)s is open.") % {"day": short_date(sprint.week_start)},
                )
                return redirect("project-sprint", pk=project.pk)
        current = sprint_current(request.user, project)
        return self.render_sprint(project, current, history=True, forms={"open": form}, status=400)


class SprintGoalView(SprintPages):
    """POST: change the goal of an open sprint ("change")."""

    def post(self, request, pk, sprint_pk):
        project = self.get_project()
        sprint = self.sprint_in_project(project, authorization.CHANGE)
        form = SprintGoalForm(request.POST)
        if form.is_valid():
            try:
                services.sprint_update_goal(actor=request.user, sprint=sprint, goal=form.cleaned_data["goal"])
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("The sprint goal is saved."))
                return redirect(self.sprint_url(project, sprint))
        return self.refused(project, sprint, {"goal": form})


class SprintAddView(SprintPages):
    """POST: add tasks to an open sprint ("contribute")."""

    def post(self, request, pk, sprint_pk):
        project = self.get_project()
        sprint = self.sprint_in_project(project, authorization.CONTRIBUTE)
        form = SprintTasksForm(request.POST, candidates=sprint_candidates(sprint))
        if form.is_valid():
            try:
                items = services.sprint_add_tasks(
                    actor=request.user, sprint=sprint, tasks=form.cleaned_data["tasks"]
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Tasks added to the sprint: %(count)s.") % {"count": len(items)})
                return redirect(self.sprint_url(project, sprint))
        return self.refused(project, sprint, {"tasks": form})


class SprintRemoveView(SprintPages):
    """POST: take a task out of an open sprint ("contribute")."""

    def post(self, request, pk, sprint_pk):
        project = self.get_project()
        sprint = self.sprint_in_project(project, authorization.CONTRIBUTE)
        form = SprintRemoveForm(request.POST, project_id=project.pk)
        if form.is_valid():
            task = form.cleaned_data["task"]
            try:
                services.sprint_remove_task(actor=request.user, sprint=sprint, task=task)
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(
                    request, _("Task #%(number)s is taken out of the sprint.") % {"number": task.number}
                )
                return redirect(self.sprint_url(project, sprint))
        return self.refused(project, sprint, {"remove": form})


class SprintCloseView(SprintPages):
    """GET: confirm closing, showing what carries over; POST: close the sprint ("change")."""

    def get(self, request, pk, sprint_pk):
        project = self.get_project()
        sprint = self.sprint_in_project(project, authorization.CHANGE)
        if sprint.status != SprintStatus.OPEN:
            return redirect(self.sprint_url(project, sprint))
        context = self.sprint_context(project, sprint)
        context["next_week"] = sprint.week_start + dt.timedelta(days=7)
        self.template_name = "projects/sprint_close.html"  # this request's view instance only
        return self.render_page(project, context)

    def post(self, request, pk, sprint_pk):
        project = self.get_project()
        sprint = self.sprint_in_project(project, authorization.CHANGE)
        try:
            sprint = services.sprint_close(actor=request.user, sprint=sprint)
        except ValidationError as error:
            return self.refused(project, sprint, {}, errors=error.messages)
        messages.success(
            request,
            _(
                "The sprint of the week of %(day)s is closed: %(done)s of %(total)s tasks done, %(carried)s carried over."
            )
            % {
                "day": short_date(sprint.week_start),
                "done": sprint.done_count,
                "total": sprint.done_count + sprint.carried_count,
                "carried": sprint.carried_count,
            },
        )
        return redirect("project-sprint-week", pk=project.pk, week=sprint.week_start.isoformat())


urlpatterns = [
    path("projects/<int:pk>/sprint/", SprintPage.as_view(), name="project-sprint"),
    path("projects/<int:pk>/sprint/open/", SprintOpenView.as_view(), name="project-sprint-open"),
    re_path(
        r"^projects/(?P<pk>\d+)/sprint/(?P<week>\d{4}-\d{2}-\d{2})/$",
        SprintWeekPage.as_view(),
        name="project-sprint-week",
    ),
    path(
        "projects/<int:pk>/sprints/<int:sprint_pk>/goal/",
        SprintGoalView.as_view(),
        name="project-sprint-goal",
    ),
    path(
        "projects/<int:pk>/sprints/<int:sprint_pk>/add/", SprintAddView.as_view(), name="project-sprint-add"
    ),
    path(
        "projects/<int:pk>/sprints/<int:sprint_pk>/remove/",
        SprintRemoveView.as_view(),
        name="project-sprint-remove",
    ),
    path(
        "projects/<int:pk>/sprints/<int:sprint_pk>/close/",
        SprintCloseView.as_view(),
        name="project-sprint-close",
    ),
]
