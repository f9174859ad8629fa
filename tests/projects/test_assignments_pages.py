"""Pages of project assignments: the list, the form, the detail page with its actions; who sees what; the detail
page drawn without the workspace for the addressee head and the executors; pinned query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from projects.choices import AssignmentStatus, AssignmentWay
from projects.models import ProjectAssignment
from projects.services import assignments as services
from tests.node_pages import page_text
from tests.projects.test_assignments import FAR, Addressee, appointed, draft, sent

pytestmark = pytest.mark.django_db

# session, user, grants, the project (path, ancestors for breadcrumbs), the rows, their executors
LIST_QUERIES = 10


@pytest.fixture
def addressee(db):
    return Addressee()


def login(client, person):
    client.force_login(person)
    return client


def list_url(ws):
    return reverse("project-assignments", args=[ws.project.pk])


def detail_url(assignment):
    return reverse("project-assignment", args=[assignment.project_id, assignment.pk])


def action_url(assignment, action):
    return reverse("project-assignment-action", args=[assignment.project_id, assignment.pk, action])


# --- list -------------------------------------------------------------------------------------------------------


def test_list_shows_status_addressee_deadline_and_executors(client, ws, addressee):
    assignment = appointed(ws, addressee)
    response = login(client, ws.monitor).get(list_url(ws))
    assert response.status_code == 200
    text = page_text(response)
    assert assignment.title in text
    assert addressee.body.name in text and addressee.head.short_name in text
    assert addressee.executor.short_name in text
    assert "17.12.2026" in text or "12/17/2026" in text
    assert reverse("project-assignment-new", args=[ws.project.pk]) not in text  # the monitor may not draft


def test_a_late_appointment_is_red_in_the_list(client, ws, addressee):
    past = dt.datetime(2025, 12, 15, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=5)))
    late = services.assignment_send(actor=ws.bd_head, assignment=draft(ws, addressee), now=past)
    assert late.appoint_by == dt.date(2025, 12, 17)  # Independence Day, Tuesday 16 December, skipped
    html = login(client, ws.pm).get(list_url(ws)).content.decode()
    assert 'data-late="1"' in html  # long past its one working day
    assert "text-bg-danger" in html


def test_list_is_404_for_outsiders_and_the_addressee(client, ws, addressee, outsider):
    sent(ws, addressee)
    assert login(client, outsider).get(list_url(ws)).status_code == 404
    assert login(client, addressee.head).get(list_url(ws)).status_code == 404


def test_list_query_count_does_not_grow(client, ws, addressee, django_assert_num_queries):
    appointed(ws, addressee)
    login(client, ws.pm)
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(list_url(ws)).status_code == 200
    for number in range(5):
        appointed(ws, addressee, title=f"Ещё {number}")
    with django_assert_num_queries(LIST_QUERIES):
        assert client.get(list_url(ws)).status_code == 200


# --- the form ---------------------------------------------------------------------------------------------------


def form_data(addressee, **fields):
    data = {
        "title": "Согласовать формат обмена данными",
        "description": "",
        "addressee_body": addressee.body.pk,
        "addressee_unit": addressee.unit.pk,
        "addressee_head": addressee.head.pk,
        "way": AssignmentWay.CURRENT_ACTIVITY,
        "due_on": FAR.isoformat(),
    }
    data.update(fields)
    return data


def test_the_project_manager_drafts_through_the_form(client, ws, addressee):
    login(client, ws.pm)
    url = reverse("project-assignment-new", args=[ws.project.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form_data(addressee))
    assignment = ProjectAssignment.objects.get()
    assert response.status_code == 302 and response.url == detail_url(assignment)
    assert assignment.addressee_head == addressee.head


def test_choosing_a_body_reloads_its_units_and_people(client, ws, addressee):
    login(client, ws.pm)
    url = reverse("project-assignment-new", args=[ws.project.pk])
    response = client.post(url, {"addressee_body": addressee.body.pk, "reload": "1"})
    assert response.status_code == 200
    text = response.content.decode()
    assert addressee.unit.name in text and addressee.head.full_name in text
    assert not ProjectAssignment.objects.exists()


def test_the_form_refuses_with_the_services_message(client, ws, addressee):
    login(client, ws.pm)
    url = reverse("project-assignment-new", args=[ws.project.pk])
    response = client.post(url, form_data(addressee, due_on="2020-01-01"))
    assert response.status_code == 400
    assert "must not be in the past" in page_text(response)
    assert not ProjectAssignment.objects.exists()


def test_the_form_is_403_without_change_and_404_for_outsiders(client, ws, addressee, outsider):
    url = reverse("project-assignment-new", args=[ws.project.pk])
    assert login(client, ws.member).get(url).status_code == 403
    assert login(client, ws.member).post(url, form_data(addressee)).status_code == 403
    assert login(client, outsider).get(url).status_code == 404
    assert not ProjectAssignment.objects.exists()


def test_a_draft_is_edited_and_a_stale_edit_is_409(client, ws, addressee):
    assignment = draft(ws, addressee)
    login(client, ws.pm)
    url = reverse("project-assignment-edit", args=[ws.project.pk, assignment.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, form_data(addressee, title="Новое", version=1)).status_code == 302
    response = client.post(url, form_data(addressee, title="Старое", version=1))
    assert response.status_code == 409
    assert ProjectAssignment.objects.get().title == "Новое"


def test_a_sent_assignment_has_no_edit_form(client, ws, addressee):
    assignment = sent(ws, addressee)
    url = reverse("project-assignment-edit", args=[ws.project.pk, assignment.pk])
    assert login(client, ws.pm).get(url).status_code == 404


# --- the detail page and its actions ---------------------------------------------------------------------------


def test_the_detail_page_in_the_workspace_offers_what_the_reader_may_do(client, ws, addressee):
    assignment = draft(ws, addressee)
    html = login(client, ws.pm).get(detail_url(assignment)).content.decode()
    assert 'class="workspace-nav' in html
    assert 'data-testid="send-form"' not in html  # the project manager does not send
    assert 'data-testid="cancel-form"' in html
    assert 'hx-get="/projects/comments/assignment/' in html or "comments-slot" in html
    html = login(client, ws.bd_head).get(detail_url(assignment)).content.decode()
    assert 'data-testid="send-form"' in html


def test_the_head_of_the_basic_direction_sends_from_the_page(client, ws, addressee):
    assignment = draft(ws, addressee)
    response = login(client, ws.bd_head).post(action_url(assignment, "send"), {"version": 1})
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.SENT and assignment.appoint_by is not None


def test_the_project_manager_may_not_send_from_the_page(client, ws, addressee):
    assignment = draft(ws, addressee)
    assert login(client, ws.pm).post(action_url(assignment, "send")).status_code == 403
    assert ProjectAssignment.objects.get().status == AssignmentStatus.DRAFT


def test_the_addressee_head_sees_the_page_without_the_workspace(client, ws, addressee):
    assignment = sent(ws, addressee)
    response = login(client, addressee.head).get(detail_url(assignment))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="workspace-nav' not in html
    assert reverse("project-board", args=[ws.project.pk]) not in html
    assert f'href="{reverse("project-detail", args=[ws.project.pk])}"' not in html
    assert 'data-testid="appoint-form"' in html
    assert addressee.executor.full_name in html  # the people of their body to choose from
    assert 'data-testid="cancel-form"' not in html


def test_the_addressee_head_appoints_from_the_page(client, ws, addressee):
    assignment = sent(ws, addressee)
    login(client, addressee.head)
    response = client.post(
        action_url(assignment, "appoint"),
        {
            "executors": [addressee.executor.pk],
            "way": AssignmentWay.PROJECT_ACTIVITY,
            "version": assignment.version,
        },
    )
    assert response.status_code == 302
    assignment.refresh_from_db()
    assert assignment.status == AssignmentStatus.APPOINTED
    assert list(assignment.executors.all()) == [addressee.executor]


def test_appointing_nobody_is_a_400_and_changes_nothing(client, ws, addressee):
    assignment = sent(ws, addressee)
    response = login(client, addressee.head).post(action_url(assignment, "appoint"), {"way": "current"})
    assert response.status_code == 400
    assert ProjectAssignment.objects.get().status == AssignmentStatus.SENT


def test_the_executor_reports_from_the_page_without_the_workspace(client, ws, addressee):
    assignment = appointed(ws, addressee)
    login(client, addressee.executor)
    html = client.get(detail_url(assignment)).content.decode()
    assert 'class="workspace-nav' not in html and 'data-testid="report-form"' in html
    response = client.post(
        action_url(assignment, "report"), {"result": "Сделано", "version": assignment.version}
    )
    assert response.status_code == 302
    assert ProjectAssignment.objects.get().status == AssignmentStatus.DONE


def test_the_detail_page_is_404_for_outsiders_and_in_another_project(client, ws, addressee, outsider):
    assignment = sent(ws, addressee)
    assert login(client, outsider).get(detail_url(assignment)).status_code == 404
    assert login(client, outsider).post(action_url(assignment, "cancel"), {"reason": "x"}).status_code == 404
    wrong = reverse("project-assignment", args=[ws.other.pk, assignment.pk])
    assert login(client, ws.bd_head).get(wrong).status_code == 404
    unknown = reverse("project-assignment-action", args=[ws.project.pk, assignment.pk, "explode"])
    assert login(client, ws.bd_head).post(unknown).status_code == 404


def test_a_viewer_may_not_cancel(client, ws, addressee):
    assignment = sent(ws, addressee)
    assert (
        login(client, ws.monitor).post(action_url(assignment, "cancel"), {"reason": "x"}).status_code == 403
    )
    assert login(client, ws.monitor).post(action_url(assignment, "cancel"), {}).status_code == 403
    assert ProjectAssignment.objects.get().status == AssignmentStatus.SENT


def test_the_home_card_lists_what_awaits_appointment(ws, addressee):
    from django.template.loader import render_to_string

    from projects.selectors.assignments import assignments_awaiting

    waiting = sent(ws, addressee)
    html = render_to_string(
        "projects/_assignments_inbox.html",
        {"awaiting_assignments": list(assignments_awaiting(addressee.head))},
    )
    assert "Project assignments awaiting your appointment" in html
    assert detail_url(waiting) in html
    assert render_to_string("projects/_assignments_inbox.html", {"awaiting_assignments": []}).strip() == ""


def test_detail_query_count_does_not_grow_with_executors(client, ws, addressee, django_assert_num_queries):
    assignment = appointed(ws, addressee)
    login(client, ws.pm)
    client.get(detail_url(assignment))
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(detail_url(assignment)).status_code == 200
    services.assignment_appoint(
        actor=addressee.head, assignment=assignment, executors=[addressee.executor, addressee.other_executor]
    )
    with django_assert_num_queries(DETAIL_QUERIES):
        assert client.get(detail_url(assignment)).status_code == 200


DETAIL_QUERIES = 10
