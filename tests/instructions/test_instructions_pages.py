"""Pages of the instructions on control: who sees what (executors without a role, outsiders 404), the lifecycle
through the pages, the create form with its checklist preview, and pinned query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from instructions.choices import Escalation, Form, InstructionStatus, Source
from instructions.models import ChecklistTemplate, Instruction
from instructions.standard_checklists import templates_load_standard
from tests.instructions.test_instructions_services import put

pytestmark = pytest.mark.django_db

# … and one for the state bodies whose instructions the person may put on control (the button, Rules p.92)
LIST_QUERIES = 8


def test_executors_see_it_without_a_role_and_an_outsider_gets_404(client, gov):
    instruction = put(gov)
    url = reverse("instruction-detail", args=[instruction.pk])
    for person in (gov.pm, gov.member, gov.office_staff):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 200
        assert instruction.code in response.content.decode()
        assert instruction.code in client.get(reverse("instruction-list")).content.decode()
    client.force_login(gov.outsider)
    assert client.get(url).status_code == 404
    assert instruction.code not in client.get(reverse("instruction-list")).content.decode()
    for name in ("instruction-report", "instruction-remove", "instruction-return", "instruction-extend"):
        assert client.post(reverse(name, args=[instruction.pk])).status_code == 404
    assert client.get(reverse("instruction-edit", args=[instruction.pk])).status_code == 404


def test_lifecycle_through_the_pages(client, gov):
    instruction = put(gov)
    client.force_login(gov.pm)
    page = client.get(reverse("instruction-detail", args=[instruction.pk])).content.decode()
    assert "Report executed" in page and "Remove from control" not in page
    response = client.post(
        reverse("instruction-report", args=[instruction.pk]), {"report": "Готово", "version": 1}
    )
    assert response.status_code == 302
    instruction.refresh_from_db()
    assert (
        instruction.status == InstructionStatus.ON_CONTROL
    )  # the checklist is open: refused with the reason
    for item in instruction.checklist.all():
        url = reverse("instruction-checklist-toggle", args=[instruction.pk, item.pk])
        response = client.post(url, {"done": "1"}, HTTP_HX_REQUEST="true")
        assert response.status_code == 200 and 'id="checklist"' in response.content.decode()
    client.post(reverse("instruction-report", args=[instruction.pk]), {"report": "Готово", "version": 1})
    instruction.refresh_from_db()
    assert instruction.status == InstructionStatus.EXECUTED
    # The executor may not remove it: 403, nothing changed.
    assert (
        client.post(reverse("instruction-remove", args=[instruction.pk]), {"version": 2}).status_code == 403
    )
    # Nor another employee of the Office.
    client.force_login(gov.np_group_head)
    assert (
        client.post(reverse("instruction-remove", args=[instruction.pk]), {"version": 2}).status_code == 403
    )
    instruction.refresh_from_db()
    assert instruction.status == InstructionStatus.EXECUTED
    client.force_login(gov.office_staff)
    page = client.get(reverse("instruction-detail", args=[instruction.pk])).content.decode()
    assert "Remove from control" in page and "Return on control" in page
    # A stale version: the page says so, nothing changes.
    client.post(reverse("instruction-remove", args=[instruction.pk]), {"version": 1})
    instruction.refresh_from_db()
    assert instruction.status == InstructionStatus.EXECUTED
    client.post(reverse("instruction-remove", args=[instruction.pk]), {"version": 2, "note": "Принято"})
    instruction.refresh_from_db()
    assert instruction.status == InstructionStatus.REMOVED and instruction.removal_note == "Принято"


def test_extend_and_edit_by_the_one_who_put_it(client, gov):
    instruction = put(gov)
    client.force_login(gov.pm)
    assert client.get(reverse("instruction-edit", args=[instruction.pk])).status_code == 403
    new = instruction.deadline + dt.timedelta(days=7)
    assert (
        client.post(
            reverse("instruction-extend", args=[instruction.pk]), {"deadline": new, "reason": "x"}
        ).status_code
        == 403
    )
    client.force_login(gov.office_staff)
    client.post(reverse("instruction-extend", args=[instruction.pk]), {"deadline": new, "reason": "Поставка"})
    instruction.refresh_from_db()
    assert instruction.deadline == new
    assert client.get(reverse("instruction-edit", args=[instruction.pk])).status_code == 200
    response = client.post(
        reverse("instruction-edit", args=[instruction.pk]),
        {
            "issuer_name": instruction.issuer_name,
            "text": "Новый текст",
            "executor": gov.gp_head.pk,
            "co_executors": [gov.pm.pk],
            "version": instruction.version,
        },
    )
    assert response.status_code == 302
    instruction.refresh_from_db()
    assert instruction.text == "Новый текст" and instruction.executor == gov.gp_head


def test_create_page_puts_on_control_with_the_template(client, gov):
    templates_load_standard()
    template = ChecklistTemplate.objects.get(form=Form.ORAL)
    client.force_login(gov.pm)
    assert client.get(reverse("instruction-create")).status_code == 403
    client.force_login(gov.deputy)
    response = client.get(reverse("instruction-create"))
    assert response.status_code == 200
    preview = client.get(reverse("instruction-template-preview"), {"template": template.pk}).content.decode()
    assert template.steps.first().text_ru in preview
    data = {
        "source": Source.PROGRAM_MANAGER,
        "issuer_name": "Руководитель программы",
        "form": Form.ORAL,
        "text": "Подготовить справку",
        "controller_body": gov.body.pk,
        "node": f"program:{gov.program.pk}",
        "executor": gov.bd_head.pk,
        "co_executors": [gov.gp_head.pk],
        "deadline": (timezone.localdate() + dt.timedelta(days=14)).isoformat(),
        "template": template.pk,
        "steps": "Доп. шаг\n\n",
    }
    # The curator's instruction with a body as controller is refused beside the field, nothing is written.
    response = client.post(reverse("instruction-create"), {**data, "source": Source.NP_CURATOR})
    assert response.status_code == 200 and "Rules p.93" in response.content.decode()
    assert not Instruction.objects.exists()
    response = client.post(reverse("instruction-create"), data)
    instruction = Instruction.objects.get()
    assert response.status_code == 302 and response.url == instruction.get_absolute_url()
    assert instruction.scope_path == gov.program.path and instruction.put_by == gov.deputy
    assert instruction.checklist.count() == template.steps.count() + 1


def test_list_filters_counts_and_overdue_badge(client, gov):
    mine = put(gov)
    other = put(gov, executor=gov.gp_head, co_executors=[], source=Source.BD_HEAD)
    Instruction.objects.filter(pk=other.pk).update(
        put_on=dt.date(2026, 1, 5), deadline=dt.date(2026, 1, 9), escalation=Escalation.HEAD
    )
    client.force_login(gov.office_staff)
    page = client.get(reverse("instruction-list")).content.decode()
    assert mine.code in page and other.code in page
    assert 'data-testid="overdue-badge"' in page and "head of the project office" in page
    overdue = client.get(reverse("instruction-list"), {"overdue": "1"}).content.decode()
    assert other.code in overdue and mine.code not in overdue
    by_source = client.get(reverse("instruction-list"), {"source": Source.BD_HEAD}).content.decode()
    assert other.code in by_source and mine.code not in by_source
    by_executor = client.get(reverse("instruction-list"), {"executor": gov.member.pk}).content.decode()
    assert mine.code in by_executor and other.code not in by_executor
    client.force_login(gov.pm)
    executing = client.get(reverse("instruction-list"), {"mine": "execute"})
    assert mine.code in executing.content.decode() and other.code not in executing.content.decode()
    assert executing.context["statuses"][0][2] == 1


def test_list_query_count_does_not_grow(client, gov, django_assert_num_queries):
    put(gov)
    client.force_login(gov.office_staff)
    client.get(reverse("instruction-list"))
    with django_assert_num_queries(LIST_QUERIES):
        client.get(reverse("instruction-list"))
    for _ in range(4):
        put(gov, co_executors=[gov.member, gov.gp_head])
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(reverse("instruction-list")).status_code == 200


def test_detail_query_count_is_fixed(client, gov, django_assert_num_queries):
    first = put(gov, steps=["a"])
    second = put(
        gov, steps=[f"шаг {n}" for n in range(8)], co_executors=[gov.member, gov.gp_head], node=gov.project
    )
    client.force_login(gov.pm)
    client.get(reverse("instruction-detail", args=[first.pk]))
    with django_assert_num_queries(DETAIL_QUERIES):
        client.get(reverse("instruction-detail", args=[first.pk]))
    with django_assert_num_queries(DETAIL_QUERIES + 1):  # + the node it concerns
        assert client.get(reverse("instruction-detail", args=[second.pk])).status_code == 200


DETAIL_QUERIES = 11
