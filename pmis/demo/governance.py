"""The demo's governance (Rules p.18, p.21–26, p.36, p.44–54, p.60–64, p.92–94) on the demo branch:

- the governing council of the national priority, the program governing committee and the expert council, whose
  expert council discussed the program last quarter and sent two recommendations (one already accepted);
- initiatives at every stage: one approved that became a task of the demo project, one recommended awaiting the
  committee, one submitted, one returned for revision, one a citizen's draft;
- instructions on control with the Office's standard checklists: one being executed, one executed and awaiting
  removal, one removed from control;
- a public monitoring group with the demo's public monitor, granted the demo project, and its first results;
- the program's problems register, its priority projects, the performance facts of its projects and two
  certificates in project management.

Everything goes through the services, as people would do it. Idempotent: nothing is done when the demo program
already has a governing committee.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from governance.choices import BodyKind, Compliance, Position, RecommendationStatus
from governance.models import GoverningBody
from governance.services import bodies, expert, monitoring
from initiatives.services import initiatives
from instructions.choices import Form, Source
from instructions.models import ChecklistTemplate
from instructions.services import instructions
from org.choices import CertificateKind
from org.models import Person
from org.services import certification_add
from programs import plan_services
from projects.choices import Expectations
from projects.models import Project
from projects.services.performance import performance_update

from .teams import _branch


def _bodies(people: dict[str, Person], branch: dict, today: dt.date) -> dict[str, GoverningBody]:
    portfolio, program = branch["portfolio"], branch["program"]
    council = bodies.body_create(
        actor=people["np_curator"],
        kind=BodyKind.COUNCIL,
        node=portfolio,
        name_ru=f"Управляющий совет национального приоритета «{portfolio.name_ru}»",
        name_kk=f"«{portfolio.name_kk or portfolio.name_ru}» ұлттық басымдығының басқарушы кеңесі",
        basis="Распоряжение куратора национального приоритета № 12-р",
        established_on=dt.date(today.year, 1, 20),
    )
    committee = bodies.body_create(
        actor=people["program_manager"],
        kind=BodyKind.COMMITTEE,
        node=program,
        name_ru=f"Управляющий комитет программы «{program.name_ru}»",
        name_kk=f"«{program.name_kk or program.name_ru}» бағдарламасының басқарушы комитеті",
        basis="Приказ министра № 45",
        established_on=dt.date(today.year, 1, 25),
    )
    council_of_experts = bodies.body_create(
        actor=people["program_manager"],
        kind=BodyKind.EXPERT_COUNCIL,
        node=program,
        name_ru="Экспертный совет по вопросам занятости",
        name_kk="Жұмыспен қамту мәселелері жөніндегі сараптамалық кеңес",
        sphere="Занятость и социальная защита",
        basis="Приказ министра № 46",
        established_on=dt.date(today.year, 2, 1),
    )
    # The expert council's people hold its roles on the program (Rules p.50, p.75).
    for code, position in (
        ("expert_council_member", Position.MEMBER),
        ("expert_council_secretary", Position.SECRETARY),
    ):
        bodies.member_add(
            actor=people["program_manager"],
            body=council_of_experts,
            person=people[code],
            position=position,
            starts_on=dt.date(today.year, 2, 1),
            basis="Приказ министра № 46",
        )
    bodies.composition_approve(actor=people["program_manager"], body=committee)
    return {"council": council, "committee": committee, "expert": council_of_experts}


def _expert_discussion(people, branch, council: GoverningBody, today: dt.date) -> None:
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    held_on = quarter_start - dt.timedelta(days=20)
    if held_on.year != today.year:
        held_on = (
            quarter_start + dt.timedelta(days=5) if quarter_start + dt.timedelta(days=5) <= today else today
        )
    secretary = people["expert_council_secretary"]
    discussion = expert.discussion_create(
        actor=secretary,
        council=council,
        held_on=held_on,
        topic="Экспертная оценка хода реализации программы по базовым направлениям",
        directions=[branch["direction"]],
        participants=[people["expert_council_member"], secretary],
        conclusions="Цели и КНИ программы соответствуют Национальному плану развития; по занятости молодёжи есть риск "
        "недостижения показателя трудоустройства выпускников.",
    )
    first = expert.recommendation_add(
        actor=secretary,
        discussion=discussion,
        text="Включить в приоритетный список проекты трудоустройства молодёжи в сельской местности.",
        direction=branch["direction"],
    )
    expert.recommendation_add(
        actor=secretary,
        discussion=discussion,
        text="Ежеквартально публиковать результаты общественного мониторинга проектов программы.",
    )
    expert.discussion_send(actor=secretary, discussion=discussion)
    first.refresh_from_db()
    expert.recommendation_respond(
        actor=people["committee_chair"],
        recommendation=first,
        status=RecommendationStatus.ACCEPTED,
        response="Принято к сведению и в работу: проектному офису обновить приоритетный список.",
    )


def _passport(start: dt.date, end: dt.date, cost: str, outcome: str) -> dict[int, dict]:
    return {
        1: {
            "rank": 1,
            "relevance": "Рост доли молодёжи, которая не учится и не работает",
            "national_priority": "Сильная экономика",
        },
        2: {
            "problem": "Выпускники колледжей не находят работу по специальности в первый год",
            "proposal": "Платформа стажировок, связывающая колледжи с работодателями региона",
        },
        3: {
            "options": [
                {
                    "title": "Субсидии работодателям на стажировки",
                    "pros": "Быстрый охват",
                    "cons": "Нагрузка на бюджет",
                },
                {
                    "title": "Платформа на базе Электронной биржи труда",
                    "pros": "Дёшево",
                    "cons": "Нужна интеграция",
                },
            ],
            "chosen": 1,
        },
        4: {
            "items": [
                {
                    "problem": "Работодатели не публикуют вакансии стажировок",
                    "solution": "Обязательная публикация для получателей субсидий",
                }
            ]
        },
        5: {
            "effects_economy": "Трудоустройство 5 тысяч выпускников в год",
            "estimated_cost": cost,
            "planned_start": start.isoformat(),
            "planned_end": end.isoformat(),
            "funding_sources": ["republican"],
            "risks": "Низкая активность работодателей в сёлах",
        },
        6: {"outcome": outcome, "justification": "Самостоятельный результат со своим бюджетом"},
    }


def _initiative(people, branch, proposer: str, name: str, steps: dict[int, dict] | None):
    initiative = initiatives.initiative_create(
        actor=people[proposer],
        body=branch["body"],
        name_ru=name,
        program=branch["program"],
        proposer_kind="project_personnel" if proposer != "public_monitor" else "public_monitoring",
        summary=name,
    )
    for step, data in (steps or {}).items():
        initiative = initiatives.initiative_save_step(
            actor=people[proposer], initiative=initiative, step=step, data=data, version=initiative.version
        )
    return initiative


def _initiatives(people, branch, today: dt.date) -> None:
    start, end = today + dt.timedelta(days=60), today + dt.timedelta(days=700)
    passport = _passport(start, end, "850000000", "project")
    as_task = {
        **passport,
        6: {"outcome": "task", "justification": "Укладывается в сроки и бюджет текущего проекта"},
    }
    approved = _initiative(
        people, branch, "team_member", "Модуль стажировок на Электронной бирже труда", as_task
    )
    approved = initiatives.initiative_submit(actor=people["team_member"], initiative=approved)
    approved = initiatives.initiative_recommend(
        actor=people["po_head"],
        initiative=approved,
        outcome="task",
        target=branch["project"],
        identification="Дублей нет; это работа текущего проекта, отдельный проект не нужен.",
        office_agreed_on=today - dt.timedelta(days=3),
    )
    initiatives.initiative_decide(
        actor=people["program_manager"],
        initiative=approved,
        approve=True,
        form="written",
        document="УК-3/" + str(today.year),
        decided_on=today - dt.timedelta(days=1),
    )
    waiting = _initiative(
        people, branch, "gp_head", "Мобильные центры занятости для отдалённых сёл", passport
    )
    waiting = initiatives.initiative_submit(actor=people["gp_head"], initiative=waiting)
    initiatives.initiative_recommend(
        actor=people["po_head"],
        initiative=waiting,
        outcome="project",
        target=branch["group"],
        identification="Похожа на проект «Цифровая биржа труда»; пересечения по аудитории нет.",
    )
    submitted = _initiative(
        people, branch, "project_manager", "Курсы цифровых навыков для безработных старше 45 лет", passport
    )
    initiatives.initiative_submit(actor=people["project_manager"], initiative=submitted)
    returned = _initiative(
        people, branch, "team_member", "Субсидирование первого рабочего места в моногородах", passport
    )
    returned = initiatives.initiative_submit(actor=people["team_member"], initiative=returned)
    initiatives.initiative_return(
        actor=people["po_admin"],
        initiative=returned,
        reason="Уточните оценку стоимости и источники финансирования (шаг 5).",
    )
    draft = {step: data for step, data in passport.items() if step <= 2}
    _initiative(
        people, branch, "public_monitor", "Общественный контроль качества курсов переподготовки", draft
    )


def _instructions(people, branch, today: dt.date) -> None:
    written = ChecklistTemplate.objects.filter(form=Form.WRITTEN, is_active=True).order_by("pk").first()
    oral = ChecklistTemplate.objects.filter(form=Form.ORAL, is_active=True).order_by("pk").first()
    controller = people["po_admin"]
    instructions.instruction_put_on_control(
        actor=controller,
        source=Source.PROGRAM_MANAGER,
        issuer_name=people["program_manager"].full_name,
        form=Form.WRITTEN,
        text="Представить предложения по ускорению трудоустройства выпускников колледжей.",
        controller_body=branch["body"],
        executor=people["gp_head"],
        co_executors=[people["project_manager"]],
        deadline=today + dt.timedelta(days=10),
        node=branch["program"],
        template=written,
        document_number="ПМ-18",
        document_date=today,
    )
    done = instructions.instruction_put_on_control(
        actor=controller,
        source=Source.BD_HEAD,
        issuer_name=people["bd_head"].full_name,
        form=Form.ORAL,
        text="Проверить готовность центров занятости к приёму заявок на субсидии.",
        controller_body=branch["body"],
        executor=people["project_manager"],
        deadline=today + dt.timedelta(days=3),
        node=branch["direction"],
        template=oral,
    )
    for item in done.checklist.all():
        instructions.checklist_item_toggle(actor=people["project_manager"], item=item, done=True)
    done.refresh_from_db()
    instructions.instruction_report(
        actor=people["project_manager"],
        instruction=done,
        report="Готовность подтверждена актами проверки трёх центров занятости.",
    )
    removed = instructions.instruction_put_on_control(
        actor=controller,
        source=Source.PROGRAM_MANAGER,
        issuer_name=people["program_manager"].full_name,
        form=Form.WRITTEN,
        text="Обновить состав рабочей группы по проекту.",
        controller_body=branch["body"],
        executor=people["team_member"],
        deadline=today + dt.timedelta(days=5),
        node=branch["project"],
        steps=["Подготовить проект приказа"],
    )
    for item in removed.checklist.all():
        instructions.checklist_item_toggle(actor=people["team_member"], item=item, done=True)
    removed.refresh_from_db()
    removed = instructions.instruction_report(
        actor=people["team_member"], instruction=removed, report="Приказ подписан."
    )
    instructions.instruction_remove(actor=controller, instruction=removed, note="Исполнено в срок.")


def _monitoring(people, branch, today: dt.date) -> None:
    group = monitoring.group_create(
        actor=people["po_head"],
        body=branch["body"],
        name="Общественный совет по вопросам занятости",
        basis="Соглашение о взаимодействии № 7",
    )
    monitoring.member_add(actor=people["po_head"], group=group, person=people["public_monitor"])
    project = branch["project"]
    monitoring.project_grant(actor=people["po_head"], group=group, project=project)
    monitoring.result_submit(
        actor=people["public_monitor"],
        group=group,
        project=project,
        period_start=today - dt.timedelta(days=90),
        period_end=today - dt.timedelta(days=1),
        terms=Compliance.DEVIATES,
        quality=Compliance.COMPLIES,
        cost=Compliance.NOT_ASSESSED,
        social_results="120 молодых людей трудоустроены по итогам стажировок; половина — в сельской местности.",
        findings="Набор участников отстаёт от графика на 3 недели; предлагаем публиковать вакансии стажировок на сайте акимата.",
    )


def _program_documents(people, branch, today: dt.date) -> None:
    program, actor = branch["program"], people["po_head"]
    for text_ru, text_kk, direction in (
        (
            "Высокая доля молодёжи, которая не учится и не работает",
            "Оқымайтын және жұмыс істемейтін жастардың үлесі жоғары",
            branch["direction"],
        ),
        (
            "Дефицит квалифицированных рабочих кадров в регионах",
            "Өңірлерде білікті жұмысшы кадрлардың тапшылығы",
            None,
        ),
        (
            "Низкая мобильность трудовых ресурсов",
            "Еңбек ресурстарының ұтқырлығы төмен",
            branch["direction"],
        ),
    ):
        plan_services.problem_create(
            actor=actor, program=program, text_ru=text_ru, text_kk=text_kk, direction=direction
        )
    candidates = Project.objects.filter(path__startswith=program.path, status="active").order_by("pk")[:2]
    for project in candidates:
        plan_services.priority_add(
            actor=actor,
            program=program,
            project=project,
            financing_need=Decimal("1200000000"),
            funding_source="republican",
            note="Ускорить набор участников",
        )
    for number, project in enumerate(
        Project.objects.filter(path__startswith=program.path).order_by("pk")[:3]
    ):
        performance_update(
            actor=actor,
            project=project,
            expectations=(Expectations.MET, Expectations.PARTLY, Expectations.NOT_ASSESSED)[number],
            expectations_note="Опрос заинтересованных сторон" if number < 2 else "",
            actual_cost=project.budget * Decimal("0.95") if project.actual_end else None,
            consultants_involved=number == 0,
            consultant="ТОО «Проектный консалтинг»" if number == 0 else "",
        )
    for code, kind in (("project_manager", CertificateKind.IPMA_C), ("po_head", CertificateKind.PMP)):
        certification_add(
            actor=people[code],
            person=people[code],
            kind=kind,
            issued_on=dt.date(today.year - 1, 5, 14),
            number=f"{kind.upper()}-{people[code].pk:04d}",
            valid_until=dt.date(today.year + 2, 5, 13),
        )


def build(*, people: dict[str, Person], today: dt.date) -> None:
    """The demo branch's governance, once."""
    if GoverningBody.objects.exists():  # one query: a second run of the demo stays cheap
        return
    branch = _branch()
    made = _bodies(people, branch, today)
    _expert_discussion(people, branch, made["expert"], today)
    _initiatives(people, branch, today)
    _instructions(people, branch, today)
    _monitoring(people, branch, today)
    _program_documents(people, branch, today)
