"""The demo project's registers: six risks across the heat map, three change requests (a draft, one awaiting
decision, one approved with its change log) and three lessons learned — all through the services, in Russian.

Each register is filled only while it is empty, so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation

from org.models import Person
from projects.choices import RiskResponse, RiskStatus
from projects.models import ChangeRequest, Lesson, Project, Risk
from projects.selectors.changes import change_approvers
from projects.services.changes import change_request_create, change_request_decide, change_request_submit
from projects.services.lessons import lesson_create
from projects.services.risks import risk_create

#: (title, description, opportunity, probability, impact, response, plan, status, days identified ago, review in days)
RISKS = (
    (
        "Задержка поставки серверного оборудования",
        "Причина: длительные конкурсные процедуры. Событие: оборудование поступает позже плана. "
        "Последствие: сдвиг начала опытной эксплуатации.",
        False,
        4,
        4,
        RiskResponse.MITIGATE,
        "Провести закупку через единого дистрибьютора; параллельно развернуть тестовый стенд в облаке.",
        RiskStatus.RESPONDING,
        40,
        -3,
    ),
    (
        "Сокращение бюджетного финансирования на следующий год",
        "Уточнение республиканского бюджета может сократить лимиты по бюджетной программе проекта.",
        False,
        3,
        5,
        RiskResponse.MITIGATE,
        "Подготовить обоснование потребности и приоритизировать работы второго этапа.",
        RiskStatus.IDENTIFIED,
        25,
        10,
    ),
    (
        "Изменение требований законодательства о персональных данных",
        "Поправки могут потребовать доработки подсистемы хранения и обезличивания данных.",
        False,
        2,
        5,
        RiskResponse.AVOID,
        "Согласовать архитектуру с уполномоченным органом до начала разработки.",
        RiskStatus.IDENTIFIED,
        20,
        30,
    ),
    (
        "Недостаточная квалификация пользователей в регионах",
        "Сотрудники местных исполнительных органов не прошли обучение работе с системой.",
        False,
        3,
        3,
        RiskResponse.MITIGATE,
        "Провести серию вебинаров и подготовить видеоинструкции на казахском и русском языках.",
        RiskStatus.RESPONDING,
        15,
        7,
    ),
    (
        "Низкая вовлечённость местных исполнительных органов",
        "Ответственные лица в акиматах не назначены, письма остаются без ответа.",
        False,
        2,
        2,
        RiskResponse.MITIGATE,
        "Закрепить ответственных распоряжением акимов областей.",
        RiskStatus.CLOSED,
        60,
        None,
    ),
    (
        "Использование типовых решений электронного правительства",
        "Готовые сервисы шлюза электронного правительства сокращают объём разработки.",
        True,
        4,
        3,
        RiskResponse.EXPLOIT,
        "Включить интеграцию со шлюзом в план второго спринта.",
        RiskStatus.IDENTIFIED,
        10,
        14,
    ),
)

#: (title, description, justification, impact on content, days, budget)
CHANGES = (
    (
        "Добавление модуля мобильных уведомлений",
        "Граждане получают уведомления о статусе обращения в мобильном приложении.",
        "Предложение заказчика по итогам опроса пользователей.",
        "Новый модуль в составе второй очереди.",
        20,
        Decimal("12000000"),
    ),
    (
        "Перенос срока опытной эксплуатации на один месяц",
        "Опытная эксплуатация начинается на месяц позже.",
        "Задержка поставки серверного оборудования (риск R-1).",
        "Состав работ не меняется.",
        30,
        None,
    ),
    (
        "Замена поставщика облачной инфраструктуры",
        "Переход на национального облачного провайдера.",
        "Требование о размещении данных государственных органов на территории Республики Казахстан; "
        "стоимость ниже первоначальной.",
        "Перенастройка среды развёртывания.",
        None,
        Decimal("-8500000"),
    ),
)

#: (stage, title, went well, what happened, recommendation)
LESSONS = (
    (
        "initiation",
        "Ранняя установочная встреча с заказчиком",
        True,
        "Требования к первой очереди согласованы за две недели благодаря установочной встрече.",
        "Проводить установочную встречу с заказчиком и ключевыми пользователями до утверждения паспорта.",
    ),
    (
        "planning",
        "Недооценка сроков закупок",
        False,
        "Конкурсные процедуры на оборудование заняли вдвое больше запланированного.",
        "Закладывать в график не менее 60 рабочих дней на закупки и начинать их на этапе планирования.",
    ),
    (
        "planning",
        "Еженедельный скрам сократил число эскалаций",
        True,
        "Препятствия снимались на уровне проекта, в проектный офис ушли только два вопроса.",
        "Сохранять еженедельный ритм скрам-совещаний и фиксировать решения в ИСУП в день совещания.",
    ),
)


def _risks(project: Project, actor: Person, team: list, today: dt.date) -> None:
    if Risk.objects.filter(project=project).exists():
        return
    owners = team or [actor]
    for index, row in enumerate(RISKS):
        title, description, opportunity, probability, impact, response, plan, status, ago, review = row
        identified = today - dt.timedelta(days=ago)
        risk_create(
            actor=actor,
            project=project,
            title=title,
            description=description,
            is_opportunity=opportunity,
            probability=probability,
            impact=impact,
            owner=owners[index % len(owners)],
            response=response,
            response_plan=plan,
            status=status,
            identified_on=identified,
            review_on=today + dt.timedelta(days=review) if review is not None else None,
        )


def _changes(project: Project, actor: Person, team: list) -> None:
    if ChangeRequest.objects.filter(project=project).exists():
        return
    requester = team[1] if len(team) > 1 else actor
    made = [
        change_request_create(
            actor=requester,
            project=project,
            title=title,
            description=description,
            justification=justification,
            impact_scope=scope,
            impact_days=days,
            impact_budget=budget,
        )
        for title, description, justification, scope, days, budget in CHANGES
    ]
    _draft, waiting, approved = made
    change_request_submit(actor=actor, change_request=waiting)
    change_request_submit(actor=actor, change_request=approved)
    approver = change_approvers(project).first()
    if approver is not None:
        change_request_decide(
            actor=approver,
            change_request=approved,
            approve=True,
            note="Согласовано: экономия бюджета и соответствие требованиям к размещению данных.",
        )


def _lessons(project: Project, actor: Person, team: list) -> None:
    if Lesson.objects.filter(project=project).exists():
        return
    authors = team or [actor]
    for index, (stage, title, went_well, situation, recommendation) in enumerate(LESSONS):
        lesson_create(
            actor=authors[index % len(authors)],
            project=project,
            stage=stage,
            title=title,
            went_well=went_well,
            situation=situation,
            recommendation=recommendation,
        )


def build(*, project: Project, actor: Person, team: list, today: dt.date) -> None:
    """Fill the registers of the demo project; `actor` is its manager, `team` the people working on it."""
    with translation.override("ru"):  # the change log's lines are written in the demo's language
        _risks(project, actor, team, today)
        _changes(project, actor, team)
        _lessons(project, actor, team)
