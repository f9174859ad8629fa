"""API of the instructions on control (``/api/v1/instructions/``): the lifecycle end to end, who may do what
(404 / 403 / 400 / 409), filters and pinned query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from instructions.choices import Form, InstructionStatus, Source
from instructions.models import ChecklistTemplate, Instruction
from instructions.standard_checklists import templates_load_standard
from tests.instructions.test_instructions_services import put

pytestmark = pytest.mark.django_db

URL = "/api/v1/instructions/"
LIST_QUERIES = 4


def _payload(gov, **overrides) -> dict:
    return {
        "source": Source.GOVERNMENT_OFFICE_HEAD,
        "issuer_name": "Руководитель Аппарата Правительства",
        "form": Form.WRITTEN,
        "text": "Представить информацию о ходе реализации",
        "controller_body": f"office:{gov.office.pk}",
        "executor": gov.pm.pk,
        "co_executors": [gov.member.pk],
        "deadline": (timezone.localdate() + dt.timedelta(days=20)).isoformat(),
        "steps": ["Собрать данные"],
        **overrides,
    }


def test_lifecycle_end_to_end(api_as, gov):
    templates_load_standard()
    template = ChecklistTemplate.objects.get(form=Form.WRITTEN)
    response = api_as(gov.office_staff).post(URL, _payload(gov, template=template.pk), format="json")
    assert response.status_code == 201, response.data
    data = response.data
    pk = data["id"]
    assert data["code"].startswith("INS-") and data["status"] == InstructionStatus.ON_CONTROL
    assert len(data["checklist"]) == template.steps.count() + 1 and data["days_left"] == 20

    executor = api_as(gov.pm)
    answer = executor.post(f"{URL}{pk}/report/", {"report": "Готово", "version": 1}, format="json")
    assert answer.status_code == 400 and "Собрать данные" in str(answer.data)
    for item in data["checklist"]:
        toggled = executor.post(f"{URL}{pk}/checklist/{item['id']}/toggle/", {"done": True}, format="json")
        assert toggled.status_code == 200
    assert all(item["done_at"] for item in toggled.data["checklist"])
    answer = executor.post(f"{URL}{pk}/report/", {"report": "Готово", "version": 1}, format="json")
    assert answer.status_code == 200 and answer.data["status"] == InstructionStatus.EXECUTED
    assert executor.post(f"{URL}{pk}/remove/", {}, format="json").status_code == 403

    controller = api_as(gov.office_staff)
    returned = controller.post(f"{URL}{pk}/return/", {"reason": "Неполно", "version": 2}, format="json")
    assert returned.status_code == 200 and returned.data["status"] == InstructionStatus.ON_CONTROL
    answer = api_as(gov.member).post(f"{URL}{pk}/report/", {"report": "Дополнено"}, format="json")
    assert answer.status_code == 200
    controller = api_as(gov.office_staff)  # one client: logging in another person switches it
    stale = controller.post(f"{URL}{pk}/remove/", {"version": 1}, format="json")
    assert stale.status_code == 409 and stale.data["current"]["version"] == 4
    assert api_as(gov.np_group_head).post(f"{URL}{pk}/remove/", {}, format="json").status_code == 403
    controller = api_as(gov.office_staff)
    removed = controller.post(f"{URL}{pk}/remove/", {"note": "Снято", "version": 4}, format="json")
    assert removed.status_code == 200 and removed.data["status"] == InstructionStatus.REMOVED


def test_visibility_and_refusals(api_as, gov):
    instruction = put(gov)
    assert api_as(gov.member).get(f"{URL}{instruction.pk}/").status_code == 200
    outsider = api_as(gov.outsider)
    assert outsider.get(f"{URL}{instruction.pk}/").status_code == 404
    assert outsider.get(URL).data["count"] == 0
    for action in ("report", "return", "remove", "extend"):
        assert outsider.post(f"{URL}{instruction.pk}/{action}/", {}, format="json").status_code == 404
    assert (
        outsider.patch(f"{URL}{instruction.pk}/", {"text": "x", "version": 1}, format="json").status_code
        == 404
    )
    # Visible but not allowed: 403.
    assert (
        api_as(gov.pm)
        .patch(f"{URL}{instruction.pk}/", {"text": "x", "version": 1}, format="json")
        .status_code
        == 403
    )
    assert api_as(gov.pm).post(URL, _payload(gov), format="json").status_code == 403
    instruction.refresh_from_db()
    assert instruction.text.startswith("Обеспечить")


@pytest.mark.parametrize(
    "overrides",
    [
        {"deadline": "2020-01-01"},
        {"source": Source.NP_CURATOR, "controller_body": "body"},
        {"executor": None},
        {"node": "program:999999"},
        {"text": ""},
    ],
)
def test_bad_input_is_400_and_nothing_is_written(api_as, gov, overrides):
    if overrides.get("controller_body") == "body":
        overrides = {**overrides, "controller_body": f"body:{gov.body.pk}"}
    response = api_as(gov.office_staff).post(URL, _payload(gov, **overrides), format="json")
    assert response.status_code == 400, response.data
    assert not Instruction.objects.exists()


def test_patch_and_extend(api_as, gov):
    instruction = put(gov)
    controller = api_as(gov.office_staff)
    response = controller.patch(
        f"{URL}{instruction.pk}/",
        {"version": 1, "executor": gov.gp_head.pk, "co_executors": []},
        format="json",
    )
    assert response.status_code == 200 and response.data["executor"] == gov.gp_head.pk
    assert response.data["co_executors"] == []
    assert (
        controller.patch(f"{URL}{instruction.pk}/", {"version": 1, "text": "y"}, format="json").status_code
        == 409
    )
    new = (instruction.deadline + dt.timedelta(days=3)).isoformat()
    bad = controller.post(f"{URL}{instruction.pk}/extend/", {"deadline": new, "reason": ""}, format="json")
    assert bad.status_code == 400
    extended = controller.post(
        f"{URL}{instruction.pk}/extend/", {"deadline": new, "reason": "Причина"}, format="json"
    )
    assert extended.status_code == 200 and extended.data["deadline"] == new


def test_filters(api_as, gov):
    mine = put(gov)
    other = put(gov, executor=gov.gp_head, co_executors=[], source=Source.BD_HEAD)
    Instruction.objects.filter(pk=other.pk).update(put_on=dt.date(2026, 1, 5), deadline=dt.date(2026, 1, 9))
    client = api_as(gov.office_staff)

    def codes(**query):
        return {row["code"] for row in client.get(URL, query).data["results"]}

    assert codes() == {mine.code, other.code}
    assert codes(overdue="true") == {other.code}
    assert codes(source=Source.BD_HEAD) == {other.code}
    assert codes(executor=gov.member.pk) == {mine.code}
    assert codes(mine="control") == {mine.code, other.code}
    assert codes(status=InstructionStatus.EXECUTED) == set()
    assert client.get(URL, {"status": "nonsense"}).status_code == 400
    assert {row["code"] for row in api_as(gov.gp_head).get(URL, {"mine": "execute"}).data["results"]} == {
        other.code
    }


def test_list_query_count_does_not_grow(api_as, gov, django_assert_num_queries):
    put(gov)
    client = api_as(gov.office_staff)
    with django_assert_num_queries(LIST_QUERIES):
        client.get(URL)
    for _ in range(4):
        put(gov, co_executors=[gov.member, gov.gp_head])
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(URL).data["count"] == 5
