"""Demo project assignments (Rules p.81): two tasks sent to another state body by the head of the basic
direction — one whose executors were appointed in time, one still waiting for its executors after its
one-working-day term (so the list shows it late and the escalation task raises it).

Idempotent: nothing is done when the project already has assignments. Needs another state body with people in
its units, and a head of the project's basic direction (who sends); without them the drafts stay drafts.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q
from django.utils import timezone

from org.choices import BodyKind
from org.models import Person, StateBody
from pmis.core.workdays import add_working_days
from projects.choices import AssignmentWay
from projects.models import Project, ProjectAssignment
from projects.services.assignments import (
    assignment_appoint,
    assignment_create,
    assignment_send,
    holders_of,
)

#: The state body the demo prefers to address (the Ministry of Digital Development), if it has people.
PREFERRED_BODY = "mcriap"


def _addressee(project: Project) -> tuple[StateBody, Person, list[Person]] | None:
    bodies = (
        StateBody.objects.exclude(kind=BodyKind.OFFICE)
        .exclude(pk=project.owner_body_id)
        .annotate(staff=Count("units__people", filter=Q(units__people__is_active=True)))
        .filter(staff__gte=2)
        .order_by("code")
    )
    body = bodies.filter(code=PREFERRED_BODY).first() or bodies.first()
    if body is None:
        return None
    people = list(
        Person.objects.filter(unit__body=body, is_active=True).select_related("unit").order_by("pk")
    )
    heads = [
        person
        for person in people
        if "руковод" in person.position.lower() or "директор" in person.position.lower()
    ]
    head = heads[0] if heads else people[0]
    executors = [person for person in people if person.pk != head.pk][:2]
    return body, head, executors


def _at_nine(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 30)))


def build(*, project: Project, actor: Person, team: list, today: dt.date) -> None:
    if ProjectAssignment.objects.filter(project=project).exists():
        return
    found = _addressee(project)
    if found is None:
        return
    body, head, executors = found
    senders = holders_of(("bd_head",), project.group.direction, today)
    sender = senders[0] if senders else None

    appointed = assignment_create(
        actor=actor,
        project=project,
        title="Обеспечить интеграцию информационной системы с порталом «электронного правительства»",
        description=(
            "Предоставить доступ к API шлюза электронного правительства и согласовать формат обмена данными "
            "о выпускниках и вакансиях для автоматического подбора рабочих мест."
        ),
        addressee_body=body,
        addressee_unit=head.unit,
        addressee_head=head,
        way=AssignmentWay.CURRENT_ACTIVITY,
        due_on=add_working_days(today, 15),
    )
    waiting = assignment_create(
        actor=actor,
        project=project,
        title="Подготовить заключение о соответствии архитектуры требованиям информационной безопасности",
        description=(
            "Рассмотреть проект архитектуры платформы трудоустройства и подготовить заключение "
            "с перечнем необходимых доработок."
        ),
        addressee_body=body,
        addressee_unit=head.unit,
        addressee_head=head,
        way=AssignmentWay.PROJECT_ACTIVITY,
        due_on=add_working_days(today, 10),
    )
    if sender is None:
        return
    sent_on = add_working_days(today, -4)
    assignment_send(actor=sender, assignment=appointed, now=_at_nine(sent_on))
    if executors:
        assignment_appoint(
            actor=head,
            assignment=appointed,
            executors=executors,
            way=AssignmentWay.CURRENT_ACTIVITY,
            now=_at_nine(add_working_days(sent_on, 1)),
        )
    # Sent three working days ago and still without executors: late, flagged and escalated.
    assignment_send(actor=sender, assignment=waiting, now=_at_nine(add_working_days(today, -3)))
