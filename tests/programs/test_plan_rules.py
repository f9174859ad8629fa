"""The rules of the program management plan's registers (Rules p.62(1), p.62(3)): who keeps them, the problems'
numbering and directions, the priority list's projects, ranks and order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from pmis.core.choices import Status
from programs import plan_services as services
from programs.models import PriorityProject, ProblemEntry
from programs.plan_selectors import priority_list
from tests.factories import make_direction, make_group, make_project


def test_problems_are_numbered_in_the_program_and_keep_to_its_directions(gov):
    first = services.problem_create(
        actor=gov.po_admin, program=gov.program, text_ru="Первая", direction=gov.direction
    )
    second = services.problem_create(
        actor=gov.manager, program=gov.program, text_ru="Вторая", text_kk="Екінші"
    )
    other = services.problem_create(actor=gov.stranger, program=gov.other_program, text_ru="Чужая")
    assert (first.number, second.number, other.number) == (1, 2, 1)

    foreign = make_direction(program=gov.other_program, name="Чужое направление")
    with pytest.raises(ValidationError) as refused:
        services.problem_create(actor=gov.po_admin, program=gov.program, text_ru="Третья", direction=foreign)
    assert "direction" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.problem_update(actor=gov.po_admin, problem=first, direction=foreign)
    with pytest.raises(ValidationError):
        services.problem_create(actor=gov.po_admin, program=gov.program, text_ru="  ")
    with pytest.raises(ValidationError):
        services.problem_update(actor=gov.po_admin, problem=first, colour="red")
    assert ProblemEntry.objects.filter(program=gov.program).count() == 2

    changed = services.problem_update(
        actor=gov.po_admin,
        problem=first,
        status="easing",
        assessment="Потери снизились до 9 %",
        assessed_on=dt.date(2026, 6, 30),
        direction=gov.direction2,
    )
    assert (changed.status, changed.direction, changed.assessed_on) == (
        "easing",
        gov.direction2,
        dt.date(2026, 6, 30),
    )
    assert changed.history.first().history_user == gov.po_admin

    # Seeing the program is not keeping its plan: the committee's member and the head of a direction may not.
    for person in (gov.committee_member, gov.bd_head, gov.outsider):
        with pytest.raises(PermissionDenied):
            services.problem_create(actor=person, program=gov.program, text_ru="Нельзя")
    with pytest.raises(PermissionDenied):
        services.problem_delete(actor=gov.committee_member, problem=second)
    services.problem_delete(actor=gov.office_staff, problem=second)
    assert list(ProblemEntry.objects.filter(program=gov.program).values_list("number", flat=True)) == [1]


def test_the_priority_list_takes_running_projects_of_the_program_in_rank_order(gov):
    first = services.priority_add(
        actor=gov.manager,
        program=gov.program,
        project=gov.project,
        financing_need=Decimal("100.50"),
        funding_source="republican",
        note="Ускорить закупки",
    )
    second = services.priority_add(actor=gov.po_admin, program=gov.program, project=gov.project2)
    assert (first.rank, second.rank, first.listed_on) == (1, 2, dt.date.today())

    foreign = make_project(
        group=make_group(direction=make_direction(program=gov.other_program)), name="Чужой"
    )
    closed = make_project(group=gov.group2, name="Закрытый")
    closed.status = Status.COMPLETED
    closed.save()
    for project, message in ((foreign, "belong"), (closed, "completed"), (gov.project, "already")):
        with pytest.raises(ValidationError) as refused:
            services.priority_add(actor=gov.manager, program=gov.program, project=project)
        assert message in " ".join(refused.value.messages)
    for need, source in (("-1", ""), ("abc", ""), ("10", "bitcoin")):
        with pytest.raises(ValidationError):
            services.priority_update(
                actor=gov.manager, priority=first, financing_need=need, funding_source=source
            )
    with pytest.raises(PermissionDenied):
        services.priority_add(actor=gov.committee_member, program=gov.program, project=gov.project2)
    assert PriorityProject.objects.filter(program=gov.program).count() == 2

    third = services.priority_add(
        actor=gov.manager, program=gov.program, project=make_project(group=gov.group2)
    )
    # The order must name every entry once.
    for order in (
        [first.pk, second.pk],
        [first.pk, first.pk, third.pk],
        [first.pk, second.pk, third.pk, 99999],
    ):
        with pytest.raises(ValidationError):
            services.priority_reorder(actor=gov.manager, program=gov.program, order=order)
    with pytest.raises(PermissionDenied):
        services.priority_reorder(
            actor=gov.committee_member, program=gov.program, order=[third.pk, first.pk, second.pk]
        )
    services.priority_reorder(actor=gov.manager, program=gov.program, order=[third.pk, first.pk, second.pk])
    ranks = dict(PriorityProject.objects.values_list("pk", "rank"))
    assert ranks == {third.pk: 1, first.pk: 2, second.pk: 3}

    services.priority_remove(actor=gov.manager, priority=PriorityProject.objects.get(pk=third.pk))
    assert dict(PriorityProject.objects.values_list("pk", "rank")) == {first.pk: 1, second.pk: 2}


def test_the_priority_list_looks_twelve_months_ahead_and_sums_the_needs_by_source(gov):
    gov.project.planned_start, gov.project.planned_end = dt.date(2026, 3, 1), dt.date(2027, 12, 31)
    gov.project.save()
    gov.project2.planned_start, gov.project2.planned_end = dt.date(2025, 1, 1), dt.date(2025, 12, 31)
    gov.project2.save()
    later = make_project(group=gov.group2, name="Потом", start=dt.date(2027, 6, 1), end=dt.date(2028, 1, 1))
    services.priority_add(
        actor=gov.manager,
        program=gov.program,
        project=gov.project,
        financing_need="100",
        funding_source="local",
    )
    services.priority_add(
        actor=gov.manager,
        program=gov.program,
        project=gov.project2,
        financing_need="40",
        funding_source="local",
    )
    services.priority_add(actor=gov.manager, program=gov.program, project=later, financing_need="5")

    listed = priority_list(gov.program, on=dt.date(2026, 1, 15))
    assert listed.horizon_end == dt.date(2027, 1, 15)
    flags = [(row.project.pk, row.starts_within, row.runs_within) for row in listed.rows]
    assert flags == [(gov.project.pk, True, True), (gov.project2.pk, False, False), (later.pk, False, False)]
    assert [(source, need) for source, _label, need in listed.by_source] == [
        ("local", Decimal("140")),
        ("", Decimal("5")),
    ]
    assert listed.total == Decimal("145")
    assert listed.rows[0].order_up == [] and listed.rows[0].order_down == [
        listed.rows[1].entry.pk,
        listed.rows[0].entry.pk,
        listed.rows[2].entry.pk,
    ]
