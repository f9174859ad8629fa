"""The demo's operational plan (OP Rules): the Ministry of Energy's plan for the current year, approved by its chief
of staff within ten days of the development plan's signing, adjusted after the second quarter's monitoring
(version 2), its activities linked to the demo's energy projects; the units' quarterly information for every
quarter whose deadline has passed, the monitoring unit's reports issued with recommendations and the chief of
staff's decisions — except for the last quarter that ended, whose report is still being consolidated, with one
unit that has not submitted and one that submitted late.

Everything goes through the services, as people would do it, on the days they would have done it (dates in the
past; whatever lies in the future of today is left undone). Idempotent: nothing is done when the ministry already
has a plan for the year. The four people of the plan who hold no project role are created here:
the chief of staff (approves, decides), the head of the strategic planning department (develops the plan),
the head of the analysis and monitoring department (monitors it) and the director of the subordinate centre.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from kpi_maps.choices import Direction, IndicatorKind, SourceType
from kpi_maps.models import Indicator
from kpi_maps.services.indicators import indicator_create
from operational_plans.choices import DecisionKind, ExecutionStatus, HeadingKind
from operational_plans.deadlines import report_deadline, submission_deadline
from operational_plans.models import OperationalPlan
from operational_plans.services.plans import plan_adjust, plan_approve, plan_create
from operational_plans.services.reports import (
    decision_record,
    recommendation_set,
    report_issue,
    report_open,
    report_update,
)
from operational_plans.services.structure import activity_create, activity_update, heading_create
from operational_plans.services.submissions import submission_open, submission_save, submission_submit
from org.models import Person, StateBody, Unit
from programs.models import Program
from projects.models import Project

from .data import PersonSpec
from .goal_maps import OFFICE_USERNAME

BODY = "minenergo"
PEOPLE = (
    # username, spec, unit code, head of the unit
    # The chief of staff leads the ministry's apparatus, not one of its departments: no unit.
    PersonSpec("chief_of_staff", "Сулейменов", "Марат", "Кайратович", "Руководитель аппарата Министерства энергетики",
               (BODY, "")),
    PersonSpec("op_planner", "Жакупова", "Гульнара", "Сериковна",
               "Директор Департамента стратегического планирования", (BODY, "strategy")),
    PersonSpec("op_monitor", "Әбдірахманов", "Ерлан", "Жанұлы", "Талдау және мониторинг департаментінің директоры",
               (BODY, "analysis"), "kk"),
    PersonSpec("op_centre_head", "Ли", "Виктор", "Андреевич",
               "Директор РГП «Центр энергоэффективности и энергосбережения»", (BODY, "energy-efficiency-centre")),
)  # fmt: skip
#: Who heads which unit of the ministry: the people above, and two demo people with project roles.
HEADS = {
    "strategy": "op_planner",
    "analysis": "op_monitor",
    "energy-efficiency-centre": "op_centre_head",
    "electricity": "committee_member",
    "heat": "bd_head",
}


@dataclass(frozen=True)
class ActivitySpec:
    key: str
    heading: str | None  # "macro" / "target" / None (section II)
    unit: str
    month: int  # the term: the end of this month
    names: tuple[str, str]  # kk, ru
    form: tuple[str, str]
    budget: str = ""
    term: tuple[str, str] = ("", "")
    project: str = ""  # a word of the English name of the demo project it is linked to


ACTIVITIES = (
    ActivitySpec("auctions", "macro", "electricity", 12,
                 ("Жаңартылатын энергия көздері жобаларын іріктеу бойынша аукциондар өткізу",
                  "Проведение аукционов по отбору проектов возобновляемых источников энергии"),
                 ("Үкіметке ақпарат", "Информация в Правительство"), "036", project="wind"),
    ActivitySpec("trading", "macro", "electricity", 6,
                 ("Электр энергиясының орталықтандырылған сауда-саттығын ұйымдастыру қағидаларын әзірлеу",
                  "Разработка Правил организации централизованных торгов электрической энергией"),
                 ("Министрдің бұйрығы", "Приказ министра")),
    ActivitySpec("boilers", "target", "heat", 10,
                 ("Қарағанды қаласының № 3 ЖЭО қазандық агрегаттарын қайта жаңарту",
                  "Реконструкция котлоагрегатов ТЭЦ-3 г. Караганды"),
                 ("Пайдалануға беру актісі", "Акт ввода в эксплуатацию"), "043", project="boiler"),
    ActivitySpec("tariffs", "target", "heat", 3,
                 ("Жылу желілерін жаңғыртуға арналған тарифтік сметаны келісу",
                  "Согласование тарифной сметы на модернизацию тепловых сетей"),
                 ("Бірлескен бұйрық", "Совместный приказ")),
    ActivitySpec("wear", "target", "energy-efficiency-centre", 12,
                 ("Өңірлердің жылу желілерінің тозуына мониторинг жүргізу",
                  "Мониторинг износа тепловых сетей регионов"),
                 ("Министрлікке ақпарат", "Информация в министерство"), term=("тоқсан сайын", "ежеквартально")),
    ActivitySpec("report", None, "strategy", 2,
                 ("Министрліктің даму жоспарын іске асыру туралы есепті дайындау",
                  "Подготовка отчёта о реализации плана развития министерства"),
                 ("Есеп", "Отчёт")),
    ActivitySpec("audit", None, "energy-efficiency-centre", 12,
                 ("Мемлекеттік органдар ғимараттарына энергетикалық аудит жүргізу",
                  "Проведение энергоаудита зданий государственных органов"),
                 ("Энергоаудит қорытындысы", "Заключение энергоаудита"), "038"),
)  # fmt: skip


def _month_end(year: int, month: int) -> dt.date:
    after = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return after - dt.timedelta(days=1)


def _at(day: dt.date, hour: int = 11) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@transaction.atomic
def _unit_head_set(*, actor: Person, unit: Unit, head: Person) -> Unit:
    """Name the head of a unit (OP Rules p.14); the org services for units come with a later issue."""
    unit.head = head
    unit.full_clean()
    unit._history_user, unit._change_reason = actor, "demo: head of the unit"
    unit.save(update_fields=["head"])
    return unit


def _people(actor, create_person, password_hash) -> tuple[dict[str, Person], dict[str, Unit]]:
    """The plan's own people, created when missing, every unit's head named, and the ministry's units by code
    (two queries when all is in place)."""
    units = {unit.code: unit for unit in Unit.objects.filter(body__code=BODY).select_related("body")}
    usernames = {spec.username for spec in PEOPLE} | set(HEADS.values())
    found = {person.username: person for person in Person.objects.filter(username__in=usernames)}
    for spec in PEOPLE:
        if spec.username not in found:
            found[spec.username] = create_person(
                actor=actor, spec=spec, unit=units.get(spec.unit[1]), password_hash=password_hash
            )
    for code, username in HEADS.items():
        if code in units and username in found and units[code].head_id != found[username].pk:
            _unit_head_set(actor=actor, unit=units[code], head=found[username])
    return {spec.username: found[spec.username] for spec in PEOPLE}, units


def _indicators(actor, body: StateBody) -> tuple[Indicator, Indicator | None]:
    """A macro-indicator of the ministry's development plan on its national project (not decomposed from a key
    national indicator: it comes from the development plan), and a target indicator the goal map already has
    there."""
    program = Program.objects.filter(owner_body=body).order_by("pk").first()
    # The goal map's indicators are the Office's to write (pmis.demo.goal_maps), this one too.
    office = Person.objects.filter(username=OFFICE_USERNAME).first() or actor
    macro = Indicator.objects.filter(code=f"MI-{BODY}-1").first() or indicator_create(
        actor=office,
        node=program,
        code=f"MI-{BODY}-1",
        name_kk="Электр энергиясын өндірудегі жаңартылатын энергия көздерінің үлесі",
        name_ru="Доля возобновляемых источников энергии в производстве электроэнергии",
        name_en="Share of renewable sources in electricity generation",
        unit_kk="%",
        unit_ru="%",
        unit_en="%",
        kind=IndicatorKind.MACRO,
        direction=Direction.HIGHER,
        source_type=SourceType.OFFICIAL,
        source_name="Бюро национальной статистики",
    )
    target = (
        Indicator.objects.filter(node_path__startswith=program.path, kind=IndicatorKind.TARGET)
        .order_by("node_path", "code")
        .first()
    )
    return macro, target


def build(*, actor: Person, create_person, password_hash: str, today: dt.date | None = None) -> list[Person]:
    """Build the ministry's plan for today's year as far as today allows; answer the plan's own people."""
    today = today or timezone.localdate()
    people, units = _people(actor, create_person, password_hash)
    body = units["strategy"].body
    year = today.year
    if OperationalPlan.objects.filter(body=body, year=year).exists():
        return list(people.values())
    heads = {code: unit.head for code, unit in units.items() if unit.head_id is not None}
    planner, monitor, chief = people["op_planner"], people["op_monitor"], people["chief_of_staff"]

    signed = dt.date(year, 1, 12)
    plan = plan_create(
        actor=planner,
        body=body,
        year=year,
        developer_unit=units["strategy"],
        monitoring_unit=units["analysis"],
        approver=chief,
        development_plan_signed_on=signed,
    )
    macro, target = _indicators(actor, body)
    direction = heading_create(
        actor=actor, plan=plan, kind=HeadingKind.DIRECTION, name_kk="Сенімді энергиямен жабдықтауды қамтамасыз ету",
        name_ru="Обеспечение надёжного энергоснабжения",
    )  # fmt: skip
    headings = {
        "macro": heading_create(
            actor=actor, plan=plan, kind=HeadingKind.MACRO, parent=direction, indicator=macro
        )
    }
    if target is not None:
        goal = heading_create(
            actor=actor, plan=plan, kind=HeadingKind.GOAL, parent=direction, name_kk="Жылу энергетикасын жаңғырту",
            name_ru="Модернизация тепловой энергетики",
        )  # fmt: skip
        headings["target"] = heading_create(
            actor=actor, plan=plan, kind=HeadingKind.TARGET, parent=goal, indicator=target
        )
    projects = list(Project.objects.filter(owner_body=body))
    activities = {}
    for spec in ACTIVITIES:
        linked = [p for p in projects if spec.project and spec.project in (p.name_en or "").lower()][:1]
        activities[spec.key] = activity_create(
            actor=actor,
            plan=plan,
            unit=units[spec.unit],
            deadline=_month_end(year, spec.month),
            heading=headings.get(spec.heading) if spec.heading else None,
            name_kk=spec.names[0],
            name_ru=spec.names[1],
            budget_program=spec.budget,
            term_kk=spec.term[0],
            term_ru=spec.term[1],
            completion_form_kk=spec.form[0],
            completion_form_ru=spec.form[1],
            projects=linked,
        )
    approved_on = signed + dt.timedelta(days=8)
    if approved_on > today:
        return list(people.values())
    plan = plan_approve(actor=chief, plan=plan, approved_on=approved_on)

    for quarter in (1, 2, 3, 4):
        due = submission_deadline(year, quarter)
        if due >= today:
            break
        last = quarter == 4 or submission_deadline(year, quarter + 1) >= today
        _quarter(plan, quarter, units, heads, activities, monitor, chief, today, last=last)
        if quarter == 2 and dt.date(year, 7, 25) < today:
            plan = _adjust(plan, activities, planner, chief, dt.date(year, 7, 25))
    return list(people.values())


def _status(activity, quarter: int, year: int) -> str:
    """What the unit reports for an activity with nothing linked: done when its term has passed, under way else."""
    if activity.deadline <= _month_end(year, quarter * 3):
        return ExecutionStatus.EXECUTED
    return ExecutionStatus.PARTIAL


def _quarter(plan, quarter, units, heads, activities, monitor, chief, today, *, last: bool) -> None:
    year = plan.year
    due = submission_deadline(year, quarter)
    for code in ("electricity", "heat", "energy-efficiency-centre", "strategy"):
        unit, head = units[code], heads.get(code)
        if head is None:
            continue
        if last and code == "energy-efficiency-centre":
            continue  # the centre has not submitted the last quarter yet: the monitoring unit sees it missing
        submission = submission_open(
            actor=head, plan=plan, unit=unit, quarter=quarter, today=due - dt.timedelta(days=6)
        )
        rows = []
        for row in submission.rows.select_related("activity"):
            status = row.status or _status(row.activity, quarter, year)
            actual = row.actual_execution or (
                "Выполнено в установленный срок."
                if status == ExecutionStatus.EXECUTED
                else "Работа продолжается по графику."
            )
            reasons = row.reasons
            if status != ExecutionStatus.EXECUTED and not reasons:
                reasons = "Срок исполнения мероприятия — до конца года; работа ведётся по графику."
            rows.append(
                {"activity": row.activity, "status": status, "actual_execution": actual, "reasons": reasons}
            )
        submission = submission_save(actor=head, submission=submission, rows=rows, version=submission.version)
        # The heat department submits the last quarter two days late (when those days have passed).
        late = last and code == "heat" and due + dt.timedelta(days=2) < today
        submitted = due + dt.timedelta(days=2) if late else due - dt.timedelta(days=2)
        submission_submit(actor=head, submission=submission, version=submission.version, now=_at(submitted))

    report = report_open(actor=monitor, plan=plan, quarter=quarter)
    recommendation_set(
        actor=monitor,
        report=report,
        activity=activities["boilers"],
        text="Обеспечить ежемесячный контроль графика поставки оборудования подрядчиком.",
    )
    if last:
        recommendation_set(
            actor=monitor,
            report=report,
            activity=activities["wear"],
            text="Внести изменение в операционный план: перенести срок на IV квартал.",
            amendment=True,
        )
        return
    report_update(
        actor=monitor,
        report=report,
        summary="Мероприятия квартала исполнены в основном в установленные сроки; отставание — по реконструкции "
        "котлоагрегатов ТЭЦ-3 из-за сроков поставки оборудования.",
    )
    issued = report_deadline(year, quarter) - dt.timedelta(days=1)
    report = report_issue(actor=monitor, report=report, today=issued)
    decision_record(
        actor=chief,
        report=report,
        kind=DecisionKind.PROBLEMS,
        text="Департаменту развития теплоэнергетики внести предложения по ускорению поставки оборудования.",
        decided_on=min(today, issued + dt.timedelta(days=3)),
    )


def _adjust(plan, activities, planner, chief, day: dt.date):
    """The adjustment after the second quarter's monitoring (OP Rules p.18): a term moved, version 2 approved."""
    plan = plan_adjust(
        actor=planner, plan=plan, basis="По итогам мониторинга операционного плана за II квартал."
    )
    activity_update(actor=planner, activity=activities["boilers"], deadline=_month_end(plan.year, 11))
    return plan_approve(actor=chief, plan=plan, approved_on=day)
