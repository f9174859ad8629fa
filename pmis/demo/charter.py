"""The demo project's charter (Rules p.2(30)): content, results and stakeholders, a budget of three funding lines,
four milestones and a few governing documents in the archive (Rules p.91), all through the services.

Does nothing when the project's charter already has content or its archive documents, so a second run changes
nothing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from org.models import Person
from pmis.core.choices import Stage
from projects.choices import DocumentKind, FundingSource
from projects.models import Charter, Project
from projects.services.charter import (
    charter_approve,
    charter_update,
    funding_line_create,
    milestone_create,
    milestone_set_reached,
)
from projects.services.documents import document_create

CONTENT = (
    "Создание единой цифровой платформы предоставления услуг: анализ действующих процессов, проектирование и "
    "разработка платформы, интеграция с государственными базами данных, пилотное внедрение в двух регионах и "
    "тиражирование по всей стране."
)
RESULTS = (
    "Платформа введена в промышленную эксплуатацию\n"
    "90% услуг доступны в электронном формате\n"
    "Срок оказания услуги сокращён в два раза\n"
    "Регламенты услуг обновлены и утверждены"
)
STAKEHOLDERS = (
    "Граждане и бизнес; акиматы областей; Министерство финансов; операторы государственных баз данных."
)

MILESTONES = (
    (0.2, "Утверждена архитектура платформы"),
    (0.45, "Завершено пилотное внедрение в двух регионах"),
    (0.7, "Платформа интегрирована с государственными базами данных"),
    (0.95, "Платформа введена в промышленную эксплуатацию"),
)

FUNDING = (
    (FundingSource.REPUBLICAN, Decimal("0.5")),
    (FundingSource.LOCAL, Decimal("0.2")),
    (FundingSource.PRIVATE, Decimal("0.3")),
)


def _between(start: dt.date, end: dt.date, share: float) -> dt.date:
    return start + dt.timedelta(days=int((end - start).days * share))


def _text_file(name: str, title: str, project: Project, lines: list[str]) -> ContentFile:
    body = "\n".join([title.upper(), f"Проект: {project.name} ({project.code})", "", *lines, ""])
    return ContentFile(body.encode("utf-8"), name=name)


def build(*, project: Project, actor: Person, team: list, today: dt.date) -> None:
    charter = Charter.objects.filter(project=project).first()
    if (charter is not None and charter.content) or project.documents.exists():
        return
    start = project.planned_start or today
    end = project.planned_end or start + dt.timedelta(days=730)
    charter_update(actor=actor, project=project, content=CONTENT, results=RESULTS, stakeholders=STAKEHOLDERS)

    total = project.budget or Decimal("3000000000")
    years = list(range(start.year, end.year + 1))[:3]
    for (source, share), year in zip(
        FUNDING, [years[0], years[min(1, len(years) - 1)], years[-1]], strict=True
    ):
        funding_line_create(
            actor=actor,
            project=project,
            source=source,
            year=year,
            amount=(total * share).quantize(Decimal("0.01")),
            note="По паспорту проекта",
        )

    for share, title in MILESTONES:
        due = _between(start, end, share)
        milestone = milestone_create(actor=actor, project=project, title=title, due_on=due)
        if due < today and share < 0.5:
            milestone_set_reached(actor=actor, milestone=milestone, done_on=due)

    if project.stage != Stage.INITIATION:
        charter_approve(actor=actor, project=project, on=start)

    documents = (
        (
            DocumentKind.CHARTER,
            Stage.INITIATION,
            "Устав проекта",
            "ustav-proekta.txt",
            [CONTENT, "", "Результаты:", RESULTS],
        ),
        (
            DocumentKind.KICKOFF_PROTOCOL,
            Stage.INITIATION,
            "Протокол стартового совещания",
            "protokol-startovogo-soveshchaniya.txt",
            [
                "1. Утвердить состав команды проекта.",
                "2. Утвердить календарный план.",
                "3. Назначить еженедельный скрам.",
            ],
        ),
        (
            DocumentKind.SCHEDULE,
            Stage.PLANNING,
            "Календарный план проекта",
            "kalendarnyi-plan.txt",
            [f"{_between(start, end, share):%d.%m.%Y} — {title}" for share, title in MILESTONES],
        ),
    )
    for number, (kind, stage, title, file_name, lines) in enumerate(documents, start=1):
        document_create(
            actor=actor,
            project=project,
            title=title,
            kind=kind,
            stage=stage,
            number=f"{number}-П",
            dated=start,
            file=_text_file(file_name, title, project, lines),
        )
