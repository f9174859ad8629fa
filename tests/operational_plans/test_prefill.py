"""The pre-fill of the units' information from the linked project work (OP Rules p.12; issue 7 item 2)."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from operational_plans.choices import ExecutionStatus
from operational_plans.models import Activity
from operational_plans.prefill import MILESTONE, TASK, Suggestion, suggestions
from projects.choices import ColumnKind, RiskStatus
from projects.models import BoardColumn, Milestone, Risk, Task

TODAY = dt.date(2026, 7, 3)


def _column(project, kind):
    return BoardColumn.objects.filter(project=project, kind=kind).order_by("position").first()


def _task(project, number, title, *, kind=ColumnKind.TO_DO, due=None, blocked_reason=""):
    return Task.objects.create(
        project=project,
        number=number,
        column=_column(project, kind),
        title=title,
        due_on=due,
        blocked=bool(blocked_reason),
        blocked_reason=blocked_reason,
    )


def test_every_milestone_reached_by_the_quarters_end_is_executed(op):
    Milestone.objects.filter(project=op.project).update(done_on=dt.date(2026, 6, 1))
    found = suggestions([op.a1], 2026, 2, today=TODAY)[op.a1.pk]
    assert (found.status, found.done, found.total) == (ExecutionStatus.EXECUTED, 2, 2)
    assert found.actual == "Done 2 of 2: «Прототип», «Запуск»."
    assert found.reasons == ""
    assert [(item.kind, item.title, item.done) for item in found.items] == [
        (MILESTONE, "Прототип", True),
        (MILESTONE, "Запуск", True),
    ]


def test_the_work_counts_milestones_of_the_year_up_to_the_quarter_only(op):
    Milestone.objects.filter(project=op.project, title="Прототип").update(done_on=dt.date(2026, 3, 19))
    q1 = suggestions([op.a1], 2026, 1, today=dt.date(2026, 4, 2))[op.a1.pk]
    assert (q1.status, q1.done, q1.total) == (ExecutionStatus.EXECUTED, 1, 1)
    # Reached after the quarter's end: not done in that quarter.
    Milestone.objects.filter(project=op.project, title="Прототип").update(done_on=dt.date(2026, 4, 1))
    q1 = suggestions([op.a1], 2026, 1, today=dt.date(2026, 4, 2))[op.a1.pk]
    assert (q1.status, q1.done) == (ExecutionStatus.NOT_EXECUTED, 0)


def test_some_done_is_partial_with_the_blockers_overdue_and_risks_as_reasons(op):
    Milestone.objects.filter(project=op.project, title="Прототип").update(done_on=dt.date(2026, 3, 19))
    Risk.objects.create(
        project=op.project,
        number=1,
        title="Задержка поставки серверов",
        probability=4,
        impact=4,
        status=RiskStatus.OCCURRED,
        identified_on=dt.date(2026, 2, 1),
    )
    Risk.objects.create(
        project=op.project,
        number=2,
        title="Только выявлен",
        probability=2,
        impact=2,
        identified_on=dt.date(2026, 2, 1),
    )
    found = suggestions([op.a1], 2026, 2, today=TODAY)[op.a1.pk]
    assert (found.status, found.done, found.total) == (ExecutionStatus.PARTIAL, 1, 2)
    assert found.actual == "Done 1 of 2: «Прототип»."
    assert "«Запуск» was due" in found.reasons
    assert "Задержка поставки серверов" in found.reasons
    assert "Только выявлен" not in found.reasons
    assert found.prefilled_reasons == found.reasons

    linked = Task.objects.get(project=op.other_project, number=1)
    Task.objects.filter(pk=linked.pk).update(blocked=True, blocked_reason="Нет доступа к API ЕГРН")
    done = _task(op.other_project, 2, "Схема данных", kind=ColumnKind.DONE, due=dt.date(2026, 5, 1))
    op.a4.tasks.add(done)
    found = suggestions([op.a4], 2026, 2, today=TODAY)[op.a4.pk]
    assert (found.status, found.done, found.total) == (ExecutionStatus.PARTIAL, 1, 2)
    assert found.reasons == "«Интеграция с ЕГРН» is blocked: Нет доступа к API ЕГРН."
    assert {item.kind for item in found.items} == {TASK}


def test_nothing_done_is_not_executed_and_no_links_no_suggestion(op):
    found = suggestions([op.a1, op.a2, op.a3, op.a4], 2026, 2, today=TODAY)
    assert set(found) == {op.a1.pk, op.a4.pk}
    assert (found[op.a1.pk].status, found[op.a1.pk].done) == (ExecutionStatus.NOT_EXECUTED, 0)
    assert found[op.a1.pk].actual == "Done 0 of 2."
    # The linked task is due on 1 September: not past due in July, so no reason yet.
    assert found[op.a4.pk].status == ExecutionStatus.NOT_EXECUTED
    assert found[op.a4.pk].reasons == ""
    assert suggestions([], 2026, 2) == {}


def test_a_project_without_milestones_counts_its_tasks_due_in_the_span(op):
    op.a2.projects.add(op.other_project)  # no milestones; its task «Интеграция с ЕГРН» is due 1 September
    _task(op.other_project, 2, "Пилот", kind=ColumnKind.DONE, due=dt.date(2026, 2, 1))
    _task(op.other_project, 3, "Следующий год", due=dt.date(2027, 2, 1))
    q2 = suggestions([op.a2], 2026, 2, today=TODAY)[op.a2.pk]
    assert [item.title for item in q2.items] == ["Пилот"]
    assert q2.status == ExecutionStatus.EXECUTED
    q3 = suggestions([op.a2], 2026, 3, today=dt.date(2026, 10, 2))[op.a2.pk]
    assert [item.title for item in q3.items] == ["Пилот", "Интеграция с ЕГРН"]
    assert (q3.status, q3.done) == (ExecutionStatus.PARTIAL, 1)
    assert "«Интеграция с ЕГРН» was due" in q3.reasons


def test_the_suggestion_round_trips_through_json(op):
    found = suggestions([op.a1], 2026, 2, today=TODAY)[op.a1.pk]
    again = Suggestion.from_json(found.as_json())
    assert again == found
    assert Suggestion.from_json({}) is None


def test_a_fixed_number_of_queries_for_any_number_of_activities(op):
    def measure(activities):
        with CaptureQueriesContext(connection) as captured:
            suggestions(activities, 2026, 2, today=TODAY)
        return len(captured)

    few = measure([op.a1, op.a4])
    many = []
    for n in range(40):
        activity = Activity.objects.create(
            plan=op.plan,
            name_ru=f"Мероприятие {n}",
            unit=op.unit_a,
            deadline=dt.date(2026, 12, 1),
            position=10 + n,
        )
        activity.projects.add(op.project)
        activity.tasks.add(_task(op.other_project, 10 + n, f"Задача {n}", due=dt.date(2026, 5, 1)))
        many.append(activity)
    assert few == 7
    assert measure([op.a1, op.a4, *many]) == few
    result = suggestions(many, 2026, 2, today=TODAY)
    assert len(result) == 40 and result[many[0].pk].total == 3
