"""Objects that name people give them powers without a role on the node (pmis.core.people_access)."""

import datetime as dt

from django.utils import timezone

from governance.models import ExpertDiscussion
from initiatives.models import Initiative, PassportVersion
from instructions.models import ChecklistItem, Instruction
from pmis.core import authorization
from pmis.core.authorization import CHANGE, CONTRIBUTE, VIEW, can, restrict
from tests.factories_gov import make_gov


def _initiative(gov, **fields):
    values = {
        "code": "INI-2026-00001",
        "proposer": gov.citizen,
        "body": gov.body,
        "program": gov.program,
        "scope_path": gov.program.path,
        "name_ru": "Инициатива",
    }
    values.update(fields)
    return Initiative.objects.create(**values)


def test_a_proposer_sees_and_edits_their_initiative_without_a_role(db):
    gov = make_gov()
    initiative = _initiative(gov)
    version = PassportVersion.objects.create(initiative=initiative, number=1, submitted_at=timezone.now())
    assert can(gov.citizen, VIEW, initiative) and can(gov.citizen, CONTRIBUTE, initiative)
    assert not can(gov.citizen, CHANGE, initiative) and can(gov.po_admin, CHANGE, initiative)
    assert can(gov.citizen, VIEW, version)
    assert list(restrict(Initiative.objects.all(), gov.citizen)) == [initiative]
    assert list(restrict(PassportVersion.objects.all(), gov.citizen)) == [version]
    assert not can(gov.outsider, VIEW, initiative)
    assert not restrict(Initiative.objects.all(), gov.outsider).exists()
    # The program's people see it through their roles; a manager of another program does not.
    assert can(gov.manager, VIEW, initiative) and can(gov.committee_member, VIEW, initiative)
    assert not can(gov.stranger, VIEW, initiative)
    assert not restrict(Initiative.objects.all(), gov.stranger).exists()


def test_an_instruction_s_executors_report_and_its_controller_removes(db):
    gov = make_gov()
    instruction = Instruction.objects.create(
        code="INS-2026-00001",
        source="program_manager",
        issuer_name="Программов А.",
        text="Подготовить",
        controller_body=gov.body,
        scope_path=f"body:{gov.body.pk}/",
        executor=gov.pm,
        deadline=dt.date(2026, 12, 1),
        put_by=gov.po_admin,
        put_on=dt.date(2026, 11, 1),
    )
    instruction.co_executors.add(gov.member, gov.expert)
    item = ChecklistItem.objects.create(instruction=instruction, position=1, text="Шаг")
    for person in (gov.pm, gov.member, gov.expert):
        assert can(person, VIEW, instruction) and can(person, CONTRIBUTE, instruction)
        assert can(person, CONTRIBUTE, item)
        assert list(restrict(Instruction.objects.all(), person, CONTRIBUTE)) == [instruction]
    assert not can(gov.pm, CHANGE, instruction)
    assert can(gov.po_admin, CHANGE, instruction)
    assert not can(gov.outsider, VIEW, instruction)
    assert restrict(Instruction.objects.all(), gov.citizen).count() == 0


def test_the_secretary_keeps_the_expert_council_s_discussions(db):
    gov = make_gov()
    discussion = ExpertDiscussion.objects.create(
        council=gov.expert_council, held_on=dt.date(2026, 3, 20), topic="Q1"
    )
    assert can(gov.secretary, CHANGE, discussion)
    assert not can(gov.expert, CHANGE, discussion) and can(gov.expert, VIEW, discussion)
    assert list(restrict(ExpertDiscussion.objects.all(), gov.secretary, authorization.CHANGE)) == [discussion]
    assert not restrict(ExpertDiscussion.objects.all(), gov.stranger).exists()


def test_bodies_where_answers_as_can_does_for_each_body(db):
    from org.models import StateBody

    gov = make_gov()
    assert authorization.bodies_where(gov.po_admin, authorization.MANAGE_TEAM) == {gov.body.pk}
    assert authorization.bodies_where(gov.office_staff, authorization.MANAGE_TEAM) is None
    # A role on a program, not on the body: the program manager is not the body's project office.
    assert authorization.bodies_where(gov.manager, authorization.MANAGE_TEAM) == set()
    assert authorization.bodies_where(gov.outsider, authorization.ADD) == set()
    for person in (gov.po_admin, gov.manager, gov.outsider, gov.deputy):
        where = authorization.bodies_where(person, authorization.MANAGE_TEAM)
        for body in StateBody.objects.exclude(kind="office"):
            assert can(person, authorization.MANAGE_TEAM, body) == (where is None or body.pk in where)
