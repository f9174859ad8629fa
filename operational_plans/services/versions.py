"""The frozen form of an approved version of the plan (OP Rules p.6, p.18; Methodology App.6).

`snapshot(plan)` is what `plan_approve` stores on the new `PlanVersion`: every heading and every activity in
force, each with its id and every field in Kazakh and Russian, the names of the units and indicators as they were,
the codes of the linked projects and the numbers of the linked tasks — so that two versions compare element by
element (`selectors.versions.version_compare`) whatever is renamed or deleted later.
"""

from __future__ import annotations

from django.db.models import Prefetch

from projects.models import Project, Task

from ..models import Activity, Heading, OperationalPlan


def _heading(heading: Heading) -> dict:
    indicator = heading.indicator
    return {
        "id": heading.pk,
        "kind": heading.kind,
        "parent": heading.parent_id,
        "number": heading.number,
        "name_kk": heading.name_kk,
        "name_ru": heading.name_ru,
        "indicator": heading.indicator_id,
        "indicator_code": indicator.code if indicator else "",
        "indicator_name_kk": indicator.name_kk if indicator else "",
        "indicator_name_ru": indicator.name_ru if indicator else "",
        "position": heading.position,
    }


def _activity(activity: Activity) -> dict:
    unit = activity.unit
    return {
        "id": activity.pk,
        "heading": activity.heading_id,
        "position": activity.position,
        "name_kk": activity.name_kk,
        "name_ru": activity.name_ru,
        "budget_program": activity.budget_program,
        "unit": activity.unit_id,
        "unit_name_kk": unit.name_kk,
        "unit_name_ru": unit.name_ru,
        "deadline": activity.deadline.isoformat(),
        "term_kk": activity.term_kk,
        "term_ru": activity.term_ru,
        "completion_form_kk": activity.completion_form_kk,
        "completion_form_ru": activity.completion_form_ru,
        "projects": sorted(project.code for project in activity.projects.all()),
        "tasks": sorted(f"{task.project.code}#{task.number}" for task in activity.tasks.all()),
    }


def snapshot(plan: OperationalPlan) -> dict:
    """The plan's structure as it stands now ({"headings": […], "activities": […]}); four queries."""
    headings = Heading.objects.filter(plan=plan).select_related("indicator").order_by("position", "id")
    activities = (
        Activity.objects.filter(plan=plan, is_active=True)
        .select_related("unit")
        .prefetch_related(
            Prefetch("projects", queryset=Project.objects.only("id", "code")),
            Prefetch(
                "tasks", queryset=Task.objects.select_related("project").only("id", "number", "project__code")
            ),
        )
        .order_by("position", "id")
    )
    return {
        "headings": [_heading(heading) for heading in headings],
        "activities": [_activity(activity) for activity in activities],
    }
