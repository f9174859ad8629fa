"""Change requests and the change log (Rules p.78(6)): services, approvers, notifications, pages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from org.models import Notification
from org.notification_kinds import render
from pmis.core.concurrency import StaleVersion
from projects.choices import ChangeStatus
from projects.models import ChangeLogEntry, ChangeRequest
from projects.selectors.changes import change_approvers
from projects.services.changes import (
    change_request_create,
    change_request_decide,
    change_request_delete,
    change_request_implement,
    change_request_submit,
    change_request_update,
)
from tests.factories import assign

pytestmark = pytest.mark.django_db

# session, user, grants, the project, the requests, the change log, the 4 ancestors of the breadcrumbs.
CHANGES_QUERIES = 10


def draft(ws, actor=None, **values):
    values.setdefault("title", "Перенос срока внедрения модуля")
    values.setdefault("impact_days", 30)
    values.setdefault("impact_budget", Decimal("-1500000"))
    return change_request_create(actor=actor or ws.member, project=ws.project, **values)


def submitted(ws, **values):
    return change_request_submit(actor=ws.member, change_request=draft(ws, **values))


def approved(ws, **values):
    return change_request_decide(actor=ws.sponsor, change_request=submitted(ws, **values), approve=True)


def login(client, user):
    client.force_login(user)
    return client


# --- services -------------------------------------------------------------------------------------------------


def test_create_drafts_with_numbers_per_project(ws):
    first, second = draft(ws), draft(ws, title="Второй")
    assert (first.number, second.number) == (1, 2)
    assert first.status == ChangeStatus.DRAFT and first.requested_by == ws.member
    assert not ChangeLogEntry.objects.exists()  # a draft is not yet on record
    with pytest.raises(PermissionDenied):
        draft(ws, actor=ws.monitor)


def test_update_only_a_draft_and_only_the_current_version(ws):
    change = draft(ws)
    change = change_request_update(actor=ws.member, change_request=change, version=1, title="Уточнено")
    assert change.version == 2
    with pytest.raises(StaleVersion):
        change_request_update(actor=ws.pm, change_request=change, version=1, title="Старое")
    change = change_request_submit(actor=ws.member, change_request=change)
    with pytest.raises(ValidationError):
        change_request_update(actor=ws.member, change_request=change, title="После подачи")
    assert ChangeRequest.objects.get().title == "Уточнено"


def test_approvers_are_the_approve_roles_on_the_project_and_above_in_force(ws):
    assign(
        ws.member,
        "project_customer",
        ws.project,
        starts_on=dt.date(2020, 1, 1),
        ends_on=dt.date(2020, 12, 31),
    )
    approvers = set(change_approvers(ws.project))
    assert approvers == {ws.sponsor, ws.gp_head, ws.bd_head}  # not the manager; not an ended assignment


def test_submit_logs_and_notifies_the_approvers(ws):
    change = submitted(ws)
    assert change.status == ChangeStatus.SUBMITTED and change.submitted_at is not None
    entry = ChangeLogEntry.objects.get()
    assert (entry.event, entry.actor, entry.change_request, entry.project) == (
        "submitted",
        ws.member,
        change,
        ws.project,
    )
    assert "CR-1" in entry.summary and "+30" in entry.summary
    notified = set(Notification.objects.filter(kind="change.submitted").values_list("recipient", flat=True))
    assert notified == {ws.sponsor.pk, ws.gp_head.pk, ws.bd_head.pk}
    note = Notification.objects.filter(recipient=ws.sponsor).get()
    assert note.target == change and note.url == reverse(
        "project-change-detail", args=[ws.project.pk, change.pk]
    )
    with pytest.raises(ValidationError):
        change_request_submit(actor=ws.member, change_request=change)  # only a draft


def test_decide_needs_approve_the_manager_has_none(ws):
    change = submitted(ws)
    for person in (ws.pm, ws.member, ws.monitor):
        with pytest.raises(PermissionDenied):
            change_request_decide(actor=person, change_request=change, approve=True)
    assert ChangeRequest.objects.get().status == ChangeStatus.SUBMITTED


def test_decide_only_a_submitted_request(ws):
    change = draft(ws)
    with pytest.raises(ValidationError):
        change_request_decide(actor=ws.sponsor, change_request=change, approve=True)
    assert ChangeRequest.objects.get().status == ChangeStatus.DRAFT


def test_rejection_needs_a_note(ws):
    change = submitted(ws)
    with pytest.raises(ValidationError) as error:
        change_request_decide(actor=ws.sponsor, change_request=change, approve=False, note="  ")
    assert "note" in error.value.message_dict
    assert ChangeRequest.objects.get().status == ChangeStatus.SUBMITTED
    assert ChangeLogEntry.objects.count() == 1


def test_decision_logs_and_notifies_the_requester(ws):
    change = change_request_decide(
        actor=ws.sponsor, change_request=submitted(ws), approve=False, note="Нет обоснования"
    )
    assert (change.status, change.decided_by, change.decision_note) == (
        "rejected",
        ws.sponsor,
        "Нет обоснования",
    )
    entry = ChangeLogEntry.objects.order_by("-id").first()
    assert entry.event == "rejected" and "Нет обоснования" in entry.summary and entry.actor == ws.sponsor
    note = Notification.objects.get(kind="change.decided")
    assert note.recipient == ws.member and note.params["status"] == "rejected"
    assert "CR-1" in render(note)  # reads as the notifications module writes the kind
    with pytest.raises(ValidationError):  # decided once
        change_request_decide(actor=ws.gp_head, change_request=change, approve=True)


def test_implement_only_approved_by_the_manager(ws):
    waiting = submitted(ws)
    with pytest.raises(ValidationError):
        change_request_implement(actor=ws.pm, change_request=waiting)
    change = approved(ws, title="Другое")
    for person in (ws.member, ws.sponsor):
        with pytest.raises(PermissionDenied):
            change_request_implement(actor=person, change_request=change)
    change = change_request_implement(actor=ws.pm, change_request=change, note="Устав обновлён")
    assert change.status == ChangeStatus.IMPLEMENTED and change.implemented_at is not None
    assert list(
        ChangeLogEntry.objects.filter(change_request=change).order_by("id").values_list("event", flat=True)
    ) == [
        "submitted",
        "approved",
        "implemented",
    ]
    ws.project.refresh_from_db()
    assert ws.project.planned_end == dt.date(2028, 12, 31)  # the impact is not applied by the system


def test_delete_only_drafts_by_author_or_delete_power(ws):
    mine = draft(ws)
    with pytest.raises(PermissionDenied):
        change_request_delete(actor=ws.pm, change_request=mine)
    change_request_delete(actor=ws.member, change_request=mine)
    theirs = draft(ws, actor=ws.pm)
    change_request_delete(actor=ws.gp_head, change_request=theirs)
    sent = submitted(ws)
    with pytest.raises(ValidationError):
        change_request_delete(actor=ws.member, change_request=sent)
    assert list(ChangeRequest.objects.all()) == [sent]


# --- pages ----------------------------------------------------------------------------------------------------


def test_changes_page_lists_by_status_with_impact_and_the_log(client, ws):
    draft(ws, title="Черновик изменения")
    approved(ws, title="Одобренное изменение")
    response = login(client, ws.monitor).get(reverse("project-changes", args=[ws.project.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert 'data-testid="group-draft"' in text and 'data-testid="group-approved"' in text
    assert "Черновик изменения" in text and "Одобренное изменение" in text
    assert response.context["impact_days"] == 30 and response.context["impact_budget"] == Decimal("-1500000")
    assert [entry.event for entry in response.context["log"]] == ["approved", "submitted"]  # newest first
    assert reverse("project-change-create", args=[ws.project.pk]) not in text  # the monitor only reads


@pytest.mark.parametrize("rows", [1, 8])
def test_changes_page_query_count_does_not_grow(client, ws, django_assert_num_queries, rows):
    for index in range(rows):
        approved(ws, title=f"Изменение {index}")
    page = login(client, ws.member)
    with django_assert_num_queries(CHANGES_QUERIES):
        assert page.get(reverse("project-changes", args=[ws.project.pk])).status_code == 200


def test_pages_hidden_from_outsiders(client, ws, outsider):
    change = draft(ws)
    page = login(client, outsider)
    for url in (
        reverse("project-changes", args=[ws.project.pk]),
        reverse("project-change-create", args=[ws.project.pk]),
        reverse("project-change-detail", args=[ws.project.pk, change.pk]),
        reverse("project-change-edit", args=[ws.project.pk, change.pk]),
    ):
        assert page.get(url).status_code == 404, url
    assert (
        page.post(reverse("project-change-action", args=[ws.project.pk, change.pk, "submit"])).status_code
        == 404
    )


def test_draft_submit_and_decide_through_the_pages(client, ws):
    page = login(client, ws.member)
    response = page.post(
        reverse("project-change-create", args=[ws.project.pk]),
        {"title": "Расширение охвата", "impact_days": "10", "impact_budget": "2500000", "version": ""},
    )
    change = ChangeRequest.objects.get()
    assert response.status_code == 302 and change.status == "draft"
    detail = reverse("project-change-detail", args=[ws.project.pk, change.pk])
    assert 'data-testid="decision-panel"' not in page.get(detail).content.decode()
    assert (
        page.post(reverse("project-change-action", args=[ws.project.pk, change.pk, "submit"])).status_code
        == 302
    )

    # the manager sees no decision panel and is refused
    pm = login(client, ws.pm)
    assert 'data-testid="decision-panel"' not in pm.get(detail).content.decode()
    decide = reverse("project-change-action", args=[ws.project.pk, change.pk, "decide"])
    assert pm.post(decide, {"decision": "approve"}).status_code == 403

    sponsor = login(client, ws.sponsor)
    assert 'data-testid="decision-panel"' in sponsor.get(detail).content.decode()
    response = sponsor.post(decide, {"decision": "reject", "note": ""})
    assert response.status_code == 400
    assert response.context["decision_form"].errors["note"]
    assert ChangeRequest.objects.get().status == "submitted"
    assert sponsor.post(decide, {"decision": "approve", "note": "Согласовано"}).status_code == 302
    assert ChangeRequest.objects.get().status == "approved"

    implement = reverse("project-change-action", args=[ws.project.pk, change.pk, "implement"])
    assert sponsor.post(implement).status_code == 403
    assert login(client, ws.pm).post(implement, {"note": "Устав изменён"}).status_code == 302
    assert ChangeRequest.objects.get().status == "implemented"


def test_refused_step_re_renders_the_detail_with_the_reason(client, ws):
    change = draft(ws)
    response = login(client, ws.pm).post(
        reverse("project-change-action", args=[ws.project.pk, change.pk, "implement"])
    )
    assert response.status_code == 400
    assert response.context["errors"]
    assert ChangeRequest.objects.get().status == "draft"


def test_edit_form_stale_version_409(client, ws):
    change = draft(ws)
    change_request_update(actor=ws.pm, change_request=change, version=1, title="Правка руководителя")
    response = login(client, ws.member).post(
        reverse("project-change-edit", args=[ws.project.pk, change.pk]), {"title": "Моя", "version": "1"}
    )
    assert response.status_code == 409
    assert ChangeRequest.objects.get().title == "Правка руководителя"


def test_delete_draft_page(client, ws):
    change = draft(ws)
    url = reverse("project-change-action", args=[ws.project.pk, change.pk, "delete"])
    assert login(client, ws.pm).post(url).status_code == 403
    assert login(client, ws.member).post(url).status_code == 302
    assert not ChangeRequest.objects.exists()
