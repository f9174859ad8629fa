"""The demo project's conversations: a few comments with @mentions on its tasks, its risks and the project itself,
through the comment service, so the project manager's bell has something in it.

Nothing is written when the project already has comments, so a second run changes nothing.
"""

from __future__ import annotations

import datetime as dt

from org.models import Person
from projects.models import Comment, Project, Risk, Task
from projects.services.comments import comment_add


def _author(team: list[Person], index: int, actor: Person) -> Person:
    return team[index % len(team)] if team else actor


def build(*, project: Project, actor: Person, team: list[Person], today: dt.date) -> None:
    if Comment.objects.filter(project=project).exists():
        return
    colleague = next((person for person in team if person.pk != actor.pk), actor)
    tasks = list(Task.objects.filter(project=project).order_by("number")[:3])
    risks = list(Risk.objects.filter(project=project).order_by("-score", "number")[:2])

    conversations: list[tuple[object, list[tuple[Person, str]]]] = [
        (
            project,
            [
                (
                    actor,
                    f"Коллеги, до пятницы обновите статусы задач на доске к еженедельному скрам-совещанию. "
                    f"@{colleague.username}, на вас сводка по рискам.",
                ),
                (colleague, f"@{actor.username}, принято. Сводку подготовлю к четвергу."),
            ],
        )
    ]
    for index, task in enumerate(tasks):
        author = _author(team, index + 1, actor)
        conversations.append(
            (
                task,
                [
                    (
                        author,
                        f"Черновик готов, выложил в документы проекта. @{actor.username}, посмотрите, пожалуйста, "
                        "раздел о сроках.",
                    ),
                    (
                        actor,
                        f"@{author.username}, спасибо. Замечания внесу в комментарии к документу до среды.",
                    ),
                ],
            )
        )
    for risk in risks:
        conversations.append(
            (
                risk,
                [
                    (
                        actor,
                        f"Риск остаётся высоким. @{colleague.username}, уточните у поставщика сроки и "
                        "обновите план реагирования.",
                    ),
                    (colleague, "Поставщик подтвердил отгрузку на следующей неделе, план обновлю сегодня."),
                ],
            )
        )
    for target, messages in conversations:
        for author, body in messages:
            comment_add(actor=author, target=target, body=body)
