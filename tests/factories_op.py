"""A state body with its operational plan for 2026 and its cast, for the tests of operational plans (OP Rules).

Body "Министерство цифрового развития" (central) with units (each with a head and a member of staff; the cast's
fields: dev_unit, mon_unit, unit_a, unit_a1, unit_b):
  dsp   strategic planning department — develops the plan (developer unit)      head dev_head, staff dev
  mon   monitoring department — monitors it, issues the reports (monitoring unit) head mon_head, staff mon
  ua    department A, with a division ua-1 inside it                            head head_a, staff staff_a,
                                                                                division staff staff_a1
  ub    subordinate organisation B                                              head head_b, staff staff_b
People: approver (first head, approves the plan, records decisions), outsider (no unit), stranger (a unit of
another body), reader (a role with "view" on the Office: reads everything).

Goal map: a branch (tests.factories.make_tree) owned by the body, with the macro-indicator "MI-1" on its program
and the target indicator "TI-1" on its direction.

Plan 2026, approved (version 1, its snapshot frozen as the approval freezes it), development plan signed 2026-01-05:
  I. 1 Strategic direction "Цифровизация"
       macro-indicator 1 (MI-1):  a2 "Обучение служащих" — ua
       goal 1.1 "Цифровые услуги"
         target indicator 1 (TI-1): a1 "Запуск портала" — ua, projects[0] linked, with two milestones in 2026
                                    a4 "Интеграция реестров" — ub, linked to one task of projects[1]
  II. a3 "Методическая работа" — ub

Rows are written straight to the database: fixtures, not the services under test.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kpi_maps.choices import IndicatorKind
from kpi_maps.models import Indicator
from operational_plans.choices import HeadingKind, PlanStatus
from operational_plans.models import Activity, Heading, OperationalPlan, PlanVersion, Report
from org.models import Person, StateBody, Unit
from projects.models import Milestone, Project
from tests.factories import PersonFactory, StateBodyFactory, grant_everything_read_only, make_tree
from tests.factories_kpi import make_indicator

YEAR = 2026


@dataclass
class OpCast:
    body: StateBody
    plan: OperationalPlan
    dev_unit: Unit
    mon_unit: Unit
    unit_a: Unit
    unit_a1: Unit
    unit_b: Unit
    approver: Person
    dev_head: Person
    dev: Person
    mon_head: Person
    mon: Person
    head_a: Person
    staff_a: Person
    staff_a1: Person
    head_b: Person
    staff_b: Person
    outsider: Person
    stranger: Person
    reader: Person
    macro: Indicator
    target: Indicator
    direction: Heading
    macro_heading: Heading
    goal: Heading
    target_heading: Heading
    a1: Activity
    a2: Activity
    a3: Activity
    a4: Activity
    project: Project
    other_project: Project
    tree: dict


def _unit(body, code, name_ru, name_kk, *, parent=None, kind="structural") -> Unit:
    return Unit.objects.create(
        body=body, code=code, name_ru=name_ru, name_kk=name_kk, parent=parent, kind=kind
    )


def _person(username, unit, last, first, *, head_of=None) -> Person:
    person = PersonFactory(username=username, last_name=last, first_name=first)
    person.unit = unit
    person.save(update_fields=["unit"])
    if head_of is not None:
        head_of.head = person
        head_of.save(update_fields=["head"])
    return person


def make_op(*, year: int = YEAR, status: str = PlanStatus.APPROVED) -> OpCast:
    body = StateBodyFactory(
        code="mdai", name_ru="Министерство цифрового развития", name_kk="Цифрлық даму министрлігі"
    )
    dsp = _unit(
        body, "dsp", "Департамент стратегического планирования", "Стратегиялық жоспарлау департаменті"
    )
    mon = _unit(body, "mon", "Департамент мониторинга", "Мониторинг департаменті")
    ua = _unit(body, "ua", "Департамент цифровых услуг", "Цифрлық қызметтер департаменті")
    ua1 = _unit(body, "ua-1", "Управление порталов", "Порталдар басқармасы", parent=ua)
    ub = _unit(body, "ub", "АО «Центр цифровизации»", "«Цифрландыру орталығы» АҚ", kind="subordinate")
    other_body = StateBodyFactory(code="other-body", name_ru="Другое министерство")
    elsewhere = _unit(other_body, "x", "Чужой департамент", "Бөтен департамент")

    people = {
        "approver": _person("approver", None, "Мусин", "Багдат"),
        "dev_head": _person("dev_head", dsp, "Ахметова", "Сауле", head_of=dsp),
        "dev": _person("dev", dsp, "Беков", "Нурлан"),
        "mon_head": _person("mon_head", mon, "Серикова", "Айгуль", head_of=mon),
        "mon": _person("mon", mon, "Жумабаев", "Ерлан"),
        "head_a": _person("head_a", ua, "Касымов", "Тимур", head_of=ua),
        "staff_a": _person("staff_a", ua, "Оспанова", "Дина"),
        "staff_a1": _person("staff_a1", ua1, "Тулегенов", "Асхат"),
        "head_b": _person("head_b", ub, "Нуриев", "Марат", head_of=ub),
        "staff_b": _person("staff_b", ub, "Ким", "Елена"),
        "outsider": _person("outsider_op", None, "Посторонний", "Петр"),
        "stranger": _person("stranger", elsewhere, "Чужой", "Иван"),
        "reader": grant_everything_read_only(PersonFactory(username="reader_op", last_name="Читатель")),
    }

    tree = make_tree(projects=2)
    project, other_project = tree["projects"]
    macro = make_indicator(tree["program"], "MI-1", name="Доля цифровых услуг", kind=IndicatorKind.MACRO)
    target = make_indicator(
        tree["direction"], "TI-1", name="Число услуг на портале", kind=IndicatorKind.TARGET
    )

    plan = OperationalPlan.objects.create(
        body=body,
        year=year,
        status=status,
        version=1 if status != PlanStatus.DRAFT else 0,
        development_plan_signed_on=dt.date(year, 1, 5),
        developer_unit=dsp,
        monitoring_unit=mon,
        approver=people["approver"],
        approved_on=dt.date(year, 1, 12) if status != PlanStatus.DRAFT else None,
    )
    direction = Heading.objects.create(
        plan=plan,
        kind=HeadingKind.DIRECTION,
        number="1",
        name_ru="Цифровизация",
        name_kk="Цифрландыру",
        position=1,
    )
    macro_heading = Heading.objects.create(
        plan=plan, kind=HeadingKind.MACRO, parent=direction, number="1", indicator=macro, position=2
    )
    goal = Heading.objects.create(
        plan=plan,
        kind=HeadingKind.GOAL,
        parent=direction,
        number="1.1",
        name_ru="Цифровые услуги",
        name_kk="Цифрлық қызметтер",
        position=3,
    )
    target_heading = Heading.objects.create(
        plan=plan, kind=HeadingKind.TARGET, parent=goal, number="1", indicator=target, position=4
    )

    def activity(position, heading, name_ru, name_kk, unit, deadline, **fields):
        return Activity.objects.create(
            plan=plan,
            heading=heading,
            position=position,
            name_ru=name_ru,
            name_kk=name_kk,
            unit=unit,
            deadline=deadline,
            completion_form_ru=fields.pop("completion_form_ru", "Информация в Правительство"),
            completion_form_kk=fields.pop("completion_form_kk", "Үкіметке ақпарат"),
            **fields,
        )

    a1 = activity(
        1,
        target_heading,
        "Запуск портала",
        "Порталды іске қосу",
        ua,
        dt.date(year, 6, 30),
        budget_program="001",
    )
    a2 = activity(2, macro_heading, "Обучение служащих", "Қызметшілерді оқыту", ua, dt.date(year, 12, 25))
    a3 = activity(
        3,
        None,
        "Методическая работа",
        "Әдістемелік жұмыс",
        ub,
        dt.date(year, 12, 31),
        term_ru="ежеквартально",
        term_kk="тоқсан сайын",
    )
    a4 = activity(
        4,
        target_heading,
        "Интеграция реестров",
        "Тізілімдерді біріктіру",
        ub,
        dt.date(year, 9, 30),
        budget_program="002",
    )
    a1.projects.add(project)
    Milestone.objects.create(project=project, title="Прототип", due_on=dt.date(year, 3, 20))
    Milestone.objects.create(project=project, title="Запуск", due_on=dt.date(year, 6, 20))
    from projects.models import BoardColumn, Task

    column = BoardColumn.objects.filter(project=other_project).order_by("position").first()
    task = Task.objects.create(
        project=other_project, number=1, column=column, title="Интеграция с ЕГРН", due_on=dt.date(year, 9, 1)
    )
    a4.tasks.add(task)

    if status != PlanStatus.DRAFT:
        from operational_plans.services.versions import snapshot

        PlanVersion.objects.create(
            plan=plan,
            number=1,
            approved_on=plan.approved_on,
            approved_by=people["approver"],
            snapshot=snapshot(plan),
        )
    return OpCast(
        body=body,
        plan=plan,
        dev_unit=dsp,
        mon_unit=mon,
        unit_a=ua,
        unit_a1=ua1,
        unit_b=ub,
        macro=macro,
        target=target,
        direction=direction,
        macro_heading=macro_heading,
        goal=goal,
        target_heading=target_heading,
        a1=a1,
        a2=a2,
        a3=a3,
        a4=a4,
        project=project,
        other_project=other_project,
        tree=tree,
        **people,
    )


def make_large_plan(op: OpCast, *, activities: int = 2000, units: int = 40, quarter: int = 3) -> list[Unit]:
    """Grow the fixture's plan to `activities` activities spread over `units` more units of the body, under ten
    target indicators, with each unit's information for `quarter` submitted (a third executed, a third partially,
    a third not executed with reasons) and a recommendation on every tenth activity: the benchmark's plan
    (issue 7: 2,000 activities across 40 units). Bulk inserts: fixtures, not the services under test."""
    from operational_plans.models import Recommendation, Submission, SubmissionRow

    body, plan = op.body, op.plan
    made = Unit.objects.bulk_create(
        Unit(body=body, code=f"bulk-{n}", name_ru=f"Департамент № {n}", name_kk=f"№ {n} департамент")
        for n in range(units)
    )
    for unit in made:
        unit.head = op.head_a
    Unit.objects.bulk_update(made, ["head"])
    headings = []
    for n in range(10):
        indicator = make_indicator(
            op.tree["direction"], f"TI-B{n}", name=f"Индикатор {n}", kind=IndicatorKind.TARGET
        )
        headings.append(
            Heading.objects.create(
                plan=plan,
                kind=HeadingKind.TARGET,
                parent=op.goal,
                number=str(n + 2),
                indicator=indicator,
                position=10 + n,
            )
        )
    rows = Activity.objects.bulk_create(
        Activity(
            plan=plan,
            heading=headings[n % 10] if n % 7 else None,
            position=100 + n,
            name_ru=f"Мероприятие {n}: подготовка, согласование и внедрение нормативного правового акта",
            name_kk=f"{n}-іс-шара: нормативтік құқықтық актіні дайындау, келісу және енгізу",
            unit=made[n % units],
            deadline=dt.date(plan.year, 12, 20),
            budget_program=f"{n % 30:03d}",
            completion_form_ru="Приказ министра",
            completion_form_kk="Министрдің бұйрығы",
        )
        for n in range(activities)
    )
    submitted = dt.datetime(plan.year, 10, 5, 10, 0, tzinfo=dt.UTC)
    submissions = Submission.objects.bulk_create(
        Submission(
            plan=plan,
            unit=unit,
            quarter=quarter,
            status="submitted",
            submitted_by=op.head_a,
            submitted_at=submitted,
        )
        for unit in made
    )
    by_unit = {submission.unit_id: submission for submission in submissions}
    statuses = ("executed", "partial", "not_executed")
    SubmissionRow.objects.bulk_create(
        SubmissionRow(
            submission=by_unit[activity.unit_id],
            activity=activity,
            status=statuses[n % 3],
            actual_execution=f"Проект приказа внесён на согласование (исх. № {n})",
            reasons=""
            if n % 3 == 0
            else "Длительное согласование с заинтересованными государственными органами",
        )
        for n, activity in enumerate(rows)
    )
    report, _created = Report.objects.get_or_create(plan=plan, quarter=quarter)
    Recommendation.objects.bulk_create(
        Recommendation(
            report=report,
            activity=activity,
            text="Ускорить согласование",
            amendment=n % 20 == 0,
            author=op.mon,
        )
        for n, activity in enumerate(rows)
        if n % 10 == 0
    )
    return made
