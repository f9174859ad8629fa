"""The demo project's kanban board (Rules p.2(57)): about twenty-five tasks of a youth-employment project spread
over the columns — a few blocked with their reasons, labels («НПА», «закуп», «ИТ» …), due dates around today,
estimates, checklists and a couple of dependencies — made through the board's services, so numbers, positions,
WIP limits and history are real.

Idempotent: nothing is done when the project already has tasks.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from org.models import Person
from pmis.core import authorization
from projects.choices import ColumnKind, Priority
from projects.models import BoardColumn, Project
from projects.services.tasks import task_create


@dataclass(frozen=True)
class DemoTask:
    title: str
    kind: str
    due: int | None = None  # days from today
    labels: tuple[str, ...] = ()
    hours: int | None = None
    priority: str = Priority.NORMAL
    checklist: tuple[tuple[str, bool], ...] = ()
    blocked: str = ""
    blocked_by: tuple[int, ...] = ()  # indexes in TASKS
    description: str = ""
    starts: int | None = None


B, T, D, R, X = ColumnKind.BACKLOG, ColumnKind.TO_DO, ColumnKind.DOING, ColumnKind.REVIEW, ColumnKind.DONE

TASKS: tuple[DemoTask, ...] = (
    DemoTask(
        "Утвердить приказ о составе проектной команды",
        X,
        due=-40,
        labels=("НПА",),
        hours=4,
        checklist=(("Проект приказа", True), ("Согласование с юрдепартаментом", True), ("Подписание", True)),
    ),
    DemoTask("Провести стартовое совещание по проекту", X, due=-35, labels=("совещание",), hours=3),
    DemoTask(
        "Подготовить методику отбора работодателей",
        X,
        due=-20,
        labels=("методика",),
        hours=16,
        description="Критерии: отрасль, регион, готовность наставничества, отсутствие налоговой задолженности.",
    ),
    DemoTask(
        "Согласовать правила субсидирования зарплаты с Минфином",
        R,
        due=3,
        labels=("НПА", "финансы"),
        hours=12,
        priority=Priority.HIGH,
        checklist=(("Проект правил", True), ("Письмо в Минфин", True), ("Замечания Минфина учтены", False)),
    ),
    DemoTask(
        "Техническая спецификация доработки портала Enbek.kz",
        R,
        due=1,
        labels=("ИТ", "закуп"),
        hours=20,
        checklist=(("Личный кабинет работодателя", True), ("Интеграция с ГБД ФЛ", True), ("Отчёты", False)),
    ),
    DemoTask(
        "Сверка списков выпускников колледжей с ГБД ФЛ",
        D,
        due=5,
        labels=("ИТ", "регионы"),
        hours=24,
        priority=Priority.HIGH,
        starts=-3,
    ),
    DemoTask(
        "Конкурс на доработку портала Enbek.kz",
        D,
        due=14,
        labels=("закуп", "ИТ"),
        hours=10,
        blocked="Ждём утверждения технической спецификации и заключения ЦЭПП.",
        blocked_by=(4,),
    ),
    DemoTask(
        "Региональные квоты на 2027 год: свод заявок акиматов",
        D,
        due=-2,
        labels=("регионы",),
        hours=16,
        priority=Priority.HIGH,
        checklist=(("Алматинская обл.", True), ("Туркестанская обл.", True), ("г. Шымкент", False)),
    ),
    DemoTask(
        "Публикация проекта правил на портале «Открытые НПА»",
        D,
        due=7,
        labels=("НПА",),
        hours=2,
        blocked="Публикация после согласования с Минфином.",
        blocked_by=(3,),
    ),
    DemoTask(
        "Медиаплан информационной кампании для выпускников", D, due=10, labels=("коммуникации",), hours=8
    ),
    DemoTask(
        "Подготовить бюджетную заявку на 2027–2029 годы",
        T,
        due=12,
        labels=("финансы",),
        hours=24,
        priority=Priority.CRITICAL,
        checklist=(("Расчёт по регионам", False), ("Обоснование", False), ("Согласование с РБК", False)),
    ),
    DemoTask(
        "Договор с АО «Центр развития трудовых ресурсов» об операторе", T, due=9, labels=("закуп",), hours=6
    ),
    DemoTask(
        "Форма ежемесячного отчёта акиматов о трудоустройстве", T, due=6, labels=("регионы", "отчёт"), hours=4
    ),
    DemoTask(
        "Обучение специалистов центров занятости работе в портале",
        T,
        due=21,
        labels=("ИТ", "регионы"),
        hours=12,
        blocked_by=(6,),
    ),
    DemoTask("Реестр рисков: пересмотр после заседания штаба", T, due=2, labels=("риски",), hours=2),
    DemoTask("Проект постановления о внесении изменений в Правила", T, due=18, labels=("НПА",), hours=16),
    DemoTask("Отчёт о ходе реализации за квартал для проектного офиса", T, due=4, labels=("отчёт",), hours=6),
    DemoTask(
        "Соглашения с работодателями-партнёрами (первая волна)",
        T,
        due=-1,
        labels=("регионы",),
        hours=10,
        blocked="Типовая форма соглашения на экспертизе в Минюсте.",
    ),
    DemoTask("Горячая линия 1414: сценарий ответов по проекту", B, due=30, labels=("коммуникации",), hours=4),
    DemoTask("Исследование удержания выпускников через 12 месяцев", B, labels=("аналитика",), hours=40),
    DemoTask("Интеграция с ИС «Е-лицензирование»", B, labels=("ИТ",), hours=30, priority=Priority.LOW),
    DemoTask(
        "Предложения по расширению на выпускников вузов", B, due=60, labels=("НПА", "аналитика"), hours=12
    ),
    DemoTask(
        "Дашборд показателей проекта для ситуационного центра", B, due=45, labels=("ИТ", "отчёт"), hours=20
    ),
    DemoTask("Выездной мониторинг в Туркестанской области", B, due=25, labels=("регионы",), hours=16),
    DemoTask(
        "Обновить карту стейкхолдеров проекта", B, labels=("коммуникации",), hours=2, priority=Priority.LOW
    ),
)


def build(*, project: Project, actor: Person, team: list, today: dt.date) -> None:
    """Fill the project's board once."""
    if project.tasks.exists():
        return
    columns: dict[str, BoardColumn] = {}
    for column in BoardColumn.objects.filter(project=project).order_by("position", "id"):
        columns.setdefault(column.kind, column)
    if not columns:
        return
    fallback = next(iter(columns.values()))
    # Only people who see the project may be assigned; the manager takes what nobody else can.
    people = [person for person in team if authorization.can(person, authorization.VIEW, project)] or [None]
    created = []
    for index, spec in enumerate(TASKS):
        created.append(
            task_create(
                actor=actor,
                project=project,
                title=spec.title,
                column=columns.get(spec.kind, fallback),
                # The demo tells the story the columns' WIP limits would stop: it may go over them, and says why.
                override_reason="Демонстрационные данные",
                description=spec.description,
                assignee=people[index % len(people)],
                starts_on=today + dt.timedelta(days=spec.starts) if spec.starts is not None else None,
                due_on=today + dt.timedelta(days=spec.due) if spec.due is not None else None,
                priority=spec.priority,
                labels=list(spec.labels),
                checklist=[{"text": text, "done": done} for text, done in spec.checklist],
                blocked=bool(spec.blocked),
                blocked_reason=spec.blocked,
                estimate_hours=Decimal(spec.hours) if spec.hours is not None else None,
                blocked_by=[created[i].pk for i in spec.blocked_by],
            )
        )
