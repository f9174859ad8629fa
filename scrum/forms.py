"""Forms of the sprint page: open the week's sprint, its goal, add tasks, take a task out.

Forms check input only; the rules (a Monday, one sprint a week, only open tasks of the project …) are
scrum.services', whose ValidationError `add_service_errors` puts back on the form.
"""

from __future__ import annotations

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from org.forms import ServiceForm
from projects.models import Task


class SprintGoalForm(ServiceForm):
    """The goal of a sprint (what the team wants to reach this week)."""

    goal = forms.CharField(
        label=_("Sprint goal"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What the team wants to reach this week, in a sentence or two."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_widgets()


class SprintOpenForm(SprintGoalForm):
    """Open this week's sprint: only its goal is asked, the week is the current one."""


class TaskLabelChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"#{obj.number} {obj.title}"


class SprintTasksForm(ServiceForm):
    """Tasks to add to the sprint, chosen among `candidates` (the selector's tasks that may join it)."""

    tasks = TaskLabelChoice(
        label=_("Tasks"),
        queryset=Task.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one task.")},
    )

    def __init__(self, *args, candidates: QuerySet[Task], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tasks"].queryset = candidates


class SprintRemoveForm(ServiceForm):
    """A task to take out of the sprint: one of the project's tasks (the service checks it is in the sprint)."""

    task = forms.ModelChoiceField(queryset=Task.objects.none(), widget=forms.HiddenInput)

    def __init__(self, *args, project_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["task"].queryset = Task.objects.filter(project_id=project_id)
