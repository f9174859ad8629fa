"""The initiative's life (Rules p.21–26) through the services: propose, passport, submit, return, recommend,
decide; each of the five outcomes becomes the right object in the right parent."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from initiatives.choices import InitiativeStatus
from initiatives.models import Initiative, PassportVersion
from initiatives.services import initiatives as services
from org.models import Notification
from pmis.core import authorization
from programs.models import BasicDirection, Program, ProjectGroup
from projects.models import Project, Task
from tests.factories_scrum import make_meeting, make_schedule

from .helpers import PASSPORT, decide, fill, propose, recommended, submitted

pytestmark = pytest.mark.django_db


def test_propose_sets_code_and_scope(gov):
    initiative = propose(gov)
    assert initiative.code.startswith("INI-") and initiative.code.endswith(f"{initiative.pk:05d}")
    assert initiative.scope_path == gov.program.path
    assert initiative.portfolio == gov.portfolio
    assert initiative.status == InitiativeStatus.DRAFT
    body_only = propose(gov, gov.citizen, program=False)
    assert body_only.scope_path == f"body:{gov.body.pk}/"
    assert authorization.can(gov.citizen, "view", body_only) and authorization.can(
        gov.po_admin, "change", body_only
    )
    with pytest.raises(ValidationError):  # a citizen names no program they cannot see
        propose(gov, gov.citizen)
    # the proposer sees it, the outsider does not; the project office sees the program's
    assert authorization.can(gov.member, "view", initiative)
    assert not authorization.can(gov.outsider, "view", initiative)
    assert authorization.can(gov.po_admin, "change", initiative)
    assert not authorization.can(gov.member, "change", initiative)


def test_propose_refuses_what_the_person_cannot_see_or_mismatched(gov):
    with pytest.raises(ValidationError) as error:
        services.initiative_create(
            actor=gov.stranger, body=gov.body, name_ru="X", program=gov.program, proposer_kind="citizen"
        )
    assert "program" in error.value.message_dict
    from tests.factories import make_portfolio

    other = make_portfolio(body=gov.office, name="Другой")
    with pytest.raises(ValidationError):
        services.initiative_create(
            actor=gov.manager,
            body=gov.body,
            name_ru="X",
            program=gov.program,
            portfolio=other,
            proposer_kind="citizen",
        )
    assert not Initiative.objects.exists()


def test_steps_fill_passport_and_set_fields(gov):
    initiative = fill(propose(gov), gov.member)
    initiative.refresh_from_db()
    assert initiative.steps_done == 6
    assert initiative.planned_start == dt.date(2026, 3, 1)
    assert initiative.estimated_cost == Decimal("1500000.00")
    assert initiative.proposed_outcome == "project"
    assert initiative.passport["decision_tree"]["chosen"] == 1


def test_step_validation_changes_nothing(gov):
    initiative = propose(gov)
    for step, data in (
        (2, {"problem": "", "proposal": "x"}),
        (3, {"options": [], "chosen": 1}),
        (5, {"effects_economy": "x", "planned_start": "2027-01-01", "planned_end": "2026-01-01"}),
        (6, {"outcome": "bogus", "justification": "x"}),
        (6, {"outcome": "project", "justification": "x", "target": f"project:{gov.project.pk}"}),
    ):
        with pytest.raises(ValidationError):
            services.initiative_save_step(
                actor=gov.member, initiative=initiative, step=step, data=data, version=initiative.version
            )
    initiative.refresh_from_db()
    assert initiative.passport == {} and initiative.steps_done == 0 and initiative.version == 1


def test_step_needs_contribute_and_fresh_version(gov):
    from pmis.core.concurrency import StaleVersion

    initiative = propose(gov)
    with pytest.raises(PermissionDenied):
        services.initiative_save_step(
            actor=gov.committee_member, initiative=initiative, step=2, data=PASSPORT[2], version=1
        )
    services.initiative_save_step(
        actor=gov.member, initiative=initiative, step=2, data=PASSPORT[2], version=1
    )
    with pytest.raises(StaleVersion):
        services.initiative_save_step(
            actor=gov.member, initiative=initiative, step=2, data=PASSPORT[2], version=1
        )


def test_submit_needs_all_steps_and_notifies(gov):
    initiative = propose(gov)
    fill(initiative, gov.member, skip=(3, 5))
    with pytest.raises(ValidationError) as error:
        services.initiative_submit(actor=gov.member, initiative=initiative)
    assert "3." in error.value.messages[0] and "5." in error.value.messages[0]
    assert not PassportVersion.objects.exists()
    fill(initiative, gov.member)
    services.initiative_submit(actor=gov.member, initiative=initiative)
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED and initiative.passport_version == 1
    told = set(
        Notification.objects.filter(kind="initiatives.submitted").values_list(
            "recipient__username", flat=True
        )
    )
    assert {"po_admin", "deputy", "manager", "bd_head", "bd_head2"} <= told
    assert "member" not in told and "pm" not in told and "citizen" not in told
    # a submitted passport is frozen
    with pytest.raises(ValidationError):
        services.initiative_save_step(
            actor=gov.member, initiative=initiative, step=2, data=PASSPORT[2], version=initiative.version
        )


def test_return_and_resubmit_make_version_two(gov):
    initiative = submitted(gov)
    with pytest.raises(PermissionDenied):
        services.initiative_return(actor=gov.member, initiative=initiative, reason="x")
    with pytest.raises(ValidationError):
        services.initiative_return(actor=gov.po_admin, initiative=initiative, reason=" ")
    services.initiative_return(actor=gov.po_admin, initiative=initiative, reason="Уточните стоимость")
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.RETURNED
    assert Notification.objects.filter(kind="initiatives.returned", recipient=gov.member).exists()
    fill(initiative, gov.member, overrides={5: {"estimated_cost": "2000000"}})
    services.initiative_submit(actor=gov.member, initiative=initiative, note="Стоимость уточнена")
    initiative.refresh_from_db()
    versions = list(initiative.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[0].passport["impact"]["estimated_cost"] == "1500000.00"
    assert versions[1].passport["impact"]["estimated_cost"] == "2000000.00"


def test_withdraw_only_by_proposer_before_decision(gov):
    initiative = submitted(gov)
    with pytest.raises(PermissionDenied):
        services.initiative_withdraw(actor=gov.po_admin, initiative=initiative)
    services.initiative_withdraw(actor=gov.member, initiative=initiative)
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        services.initiative_withdraw(actor=gov.member, initiative=initiative)


def test_recommend_checks_target_and_moves_scope(gov):
    initiative = submitted(gov)
    assert not authorization.can(gov.bd_head2, "view", initiative)
    for outcome, target in (
        ("project", gov.project),  # wrong kind
        ("program", gov.group),
        ("direction", gov.other_program),  # outside the initiative's program
    ):
        with pytest.raises(ValidationError):
            services.initiative_recommend(
                actor=gov.po_admin, initiative=initiative, outcome=outcome, target=target, identification="x"
            )
    with pytest.raises(ValidationError):
        services.initiative_recommend(
            actor=gov.po_admin, initiative=initiative, outcome="project", target=gov.group2, identification=""
        )
    with pytest.raises(PermissionDenied):
        services.initiative_recommend(
            actor=gov.member, initiative=initiative, outcome="project", target=gov.group2, identification="x"
        )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.SUBMITTED and initiative.scope_path == gov.program.path
    services.initiative_recommend(
        actor=gov.po_admin, initiative=initiative, outcome="project", target=gov.group2, identification="x"
    )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.RECOMMENDED and initiative.scope_path == gov.group2.path
    # the head of the basic direction the target lies in now sees it (p.23), the other one does not
    assert authorization.can(gov.bd_head2, "view", initiative)
    assert not authorization.can(gov.bd_head, "view", initiative)


def test_outcome_task(gov):
    initiative = recommended(gov, "task")
    decide(gov, initiative, gov.manager)
    initiative.refresh_from_db()
    task = Task.objects.get(pk=initiative.result_id)
    assert initiative.status == InitiativeStatus.APPROVED and initiative.result_kind == "task"
    assert task.project == gov.project and task.title == initiative.name_ru
    assert initiative.code in task.description
    assert initiative.scope_path == gov.project.path


def test_outcome_project(gov):
    initiative = recommended(gov, "project")
    decide(gov, initiative, gov.chair)
    initiative.refresh_from_db()
    project = Project.objects.get(pk=initiative.result_id)
    assert initiative.result_kind == "project" and project.group == gov.group
    assert project.owner_body == gov.body and project.budget == Decimal("1500000.00")
    assert project.planned_end == dt.date(2027, 12, 31) and project.name_ru == initiative.name_ru
    assert initiative.scope_path == project.path and initiative.deciding_body == "committee"
    told = set(
        Notification.objects.filter(kind="initiatives.approved").values_list("recipient__username", flat=True)
    )
    assert {"member", "manager", "bd_head"} <= told and "bd_head2" not in told


def test_outcome_group(gov):
    initiative = recommended(gov, "group")
    decide(gov, initiative, gov.deputy)
    initiative.refresh_from_db()
    group = ProjectGroup.objects.get(pk=initiative.result_id)
    assert initiative.result_kind == "group" and group.direction == gov.direction and group.parent is None


def test_outcome_direction(gov):
    initiative = recommended(gov, "direction")
    decide(gov, initiative, gov.manager)
    initiative.refresh_from_db()
    direction = BasicDirection.objects.get(pk=initiative.result_id)
    assert initiative.result_kind == "direction" and direction.program == gov.program


def test_outcome_program_needs_the_council(gov):
    initiative = recommended(gov, "direction")
    # the committee's people may not make it a new program: the council decides (p.25)
    with pytest.raises(PermissionDenied):
        decide(gov, initiative, gov.manager, outcome="program", target=gov.portfolio)
    initiative.refresh_from_db()
    assert (
        initiative.status == InitiativeStatus.RECOMMENDED
        and not Program.objects.filter(name_ru=initiative.name_ru).exists()
    )
    # The council makes it a national project (p.25: "a new program or national project").
    decide(
        gov, initiative, gov.curator, outcome="program", target=gov.portfolio, program_kind="national_project"
    )
    initiative.refresh_from_db()
    program = Program.objects.get(pk=initiative.result_id)
    assert initiative.result_kind == "program" and program.portfolio == gov.portfolio
    assert program.kind == "national_project"
    assert initiative.deciding_body == "council" and initiative.decided_outcome == "program"
    assert program.owner_body == gov.body and initiative.scope_path == program.path


def test_who_may_decide(gov):
    initiative = recommended(gov, "project")
    for person in (gov.committee_member, gov.bd_head, gov.po_admin, gov.member):
        with pytest.raises(PermissionDenied):
            decide(gov, initiative, person)
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.RECOMMENDED and initiative.result_id is None


def test_rejection_needs_reasons(gov):
    initiative = recommended(gov, "project")
    with pytest.raises(ValidationError) as error:
        decide(gov, initiative, gov.manager, approve=False)
    assert "reasons" in error.value.message_dict
    decide(gov, initiative, gov.manager, approve=False, reasons="Дублирует проект")
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.REJECTED and initiative.result_id is None
    assert Notification.objects.filter(kind="initiatives.rejected", recipient=gov.member).exists()
    with pytest.raises(ValidationError):
        decide(gov, initiative, gov.manager)


def test_decision_form_rules(gov):
    initiative = recommended(gov, "project")
    with pytest.raises(ValidationError) as error:
        decide(gov, initiative, gov.manager, document="")
    assert "document" in error.value.message_dict
    with pytest.raises(ValidationError):
        decide(gov, initiative, gov.manager, form="meeting", meeting=None)
    council = make_meeting(make_schedule("council", gov.portfolio, chair=gov.curator), dt.date(2026, 1, 15))
    with pytest.raises(ValidationError):
        decide(gov, initiative, gov.manager, form="meeting", meeting=council)
    with pytest.raises(ValidationError):
        decide(gov, initiative, gov.manager, decided_on=dt.date(2999, 1, 1))
    assert not Project.objects.filter(name_ru=initiative.name_ru).exists()
    committee = make_meeting(make_schedule("committee", gov.program, chair=gov.chair), dt.date(2026, 1, 16))
    decide(gov, initiative, gov.manager, form="meeting", meeting=committee, document="")
    initiative.refresh_from_db()
    assert initiative.meeting == committee and initiative.status == InitiativeStatus.APPROVED


def test_project_needs_planned_dates(gov):
    initiative = propose(gov)
    fill(initiative, gov.member, overrides={5: {"planned_start": "", "planned_end": ""}})
    services.initiative_submit(actor=gov.member, initiative=initiative)
    services.initiative_recommend(
        actor=gov.po_admin, initiative=initiative, outcome="project", target=gov.group, identification="x"
    )
    with pytest.raises(ValidationError) as error:
        decide(gov, initiative, gov.manager)
    assert "planned" in error.value.messages[0]
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.RECOMMENDED


def test_update_name_while_editable(gov):
    from pmis.core.concurrency import StaleVersion

    initiative = propose(gov)
    services.initiative_update(actor=gov.member, initiative=initiative, version=1, name_ru=" Новое имя ")
    initiative.refresh_from_db()
    assert initiative.name_ru == "Новое имя" and initiative.version == 2
    with pytest.raises(StaleVersion):
        services.initiative_update(actor=gov.member, initiative=initiative, version=1, summary="x")
    with pytest.raises(PermissionDenied):
        services.initiative_update(actor=gov.committee_member, initiative=initiative, version=2, summary="x")
    with pytest.raises(ValidationError):  # no name in any language
        services.initiative_update(actor=gov.member, initiative=initiative, version=2, name_ru="")
    fill(initiative, gov.member)
    services.initiative_submit(actor=gov.member, initiative=initiative)
    initiative.refresh_from_db()
    with pytest.raises(ValidationError):
        services.initiative_update(
            actor=gov.member, initiative=initiative, version=initiative.version, summary="x"
        )


def test_stranger_of_another_program_sees_nothing(gov):
    initiative = recommended(gov, "project")
    assert not authorization.can(gov.stranger, "view", initiative)
    with pytest.raises((PermissionDenied, ValidationError)):
        decide(gov, initiative, gov.stranger)
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.RECOMMENDED
