"""The meetings' pages (scrum.pages.meetings): list and detail with pinned queries, 404 / 403, the forms' way
through a meeting without JavaScript, refusals re-rendered with 400 and nothing changed, the protocol download."""

import datetime as dt

import pytest
from django.urls import reverse

from scrum.choices import AgendaSource, AttendanceStatus, MeetingStatus
from scrum.models import AgendaItem, Attendance, Decision
from tests.factories_scrum import make_meeting
from tests.scrum import make_task

pytestmark = pytest.mark.django_db

TODAY = dt.date.today()


@pytest.fixture
def office(sc):
    return make_meeting(sc.schedules["office"], TODAY)


def url(name, *args):
    return reverse(name, args=args)


def test_the_list_shows_what_the_person_may_see_theirs_first(sc, office, client, django_assert_num_queries):
    committee = make_meeting(sc.schedules["committee"], TODAY + dt.timedelta(days=2))
    make_meeting(sc.schedules["team"], TODAY - dt.timedelta(days=3), status=MeetingStatus.CLOSED)
    client.force_login(sc.pm)
    # session, user, grants, upcoming, recent, nodes (program, project)
    with django_assert_num_queries(7):
        page = client.get(url("scrum-meeting-list"))
    html = page.content.decode()
    assert page.status_code == 200
    assert f'data-meeting="{office.pk}"' in html and f'data-meeting="{committee.pk}"' not in html
    assert 'data-testid="meetings-recent"' in html
    others = [make_meeting(sc.schedules["direction"], TODAY - dt.timedelta(days=n + 1)) for n in range(4)]
    client.force_login(sc.po_head)
    with django_assert_num_queries(8):  # one more kind of node: the direction
        html = client.get(url("scrum-meeting-list")).content.decode()
    # The head's own meetings (chair of the office, participant of the committee) before the earlier others.
    last_own = max(html.index(f'data-meeting="{m.pk}"') for m in (office, committee))
    assert all(last_own < html.index(f'data-meeting="{m.pk}"') for m in others)
    assert html.count("data-meeting=") == 7


def test_an_outsider_gets_404_and_a_participant_cannot_run_the_meeting(sc, office, client, outsider):
    client.force_login(outsider)
    assert client.get(url("scrum-meeting-detail", office.pk)).status_code == 404
    assert client.post(url("scrum-meeting-open", office.pk)).status_code == 404
    client.force_login(sc.guest)
    page = client.get(url("scrum-meeting-detail", office.pk))
    assert page.status_code == 200 and 'id="meeting-open"' not in page.content.decode()
    assert client.post(url("scrum-meeting-open", office.pk)).status_code == 403
    answer = client.post(url("scrum-meeting-item-add", office.pk), {"title": "Мой вопрос", "minutes": 5})
    assert answer.status_code == 302 and AgendaItem.objects.get().source == AgendaSource.MANUAL
    assert (
        client.post(
            url("scrum-meeting-item-minutes", office.pk, AgendaItem.objects.get().pk), {"minutes": 9}
        ).status_code
        == 403
    )
    client.force_login(sc.po_chief)
    item = AgendaItem.objects.get()
    assert (
        client.post(url("scrum-meeting-item-minutes", office.pk, item.pk), {"minutes": 9}).status_code == 302
    )
    assert (
        client.post(url("scrum-meeting-item-minutes", office.pk, item.pk), {"minutes": 0}).status_code == 400
    )
    item.refresh_from_db()
    assert item.minutes == 9


def test_running_a_meeting_with_the_forms(sc, office, client):
    make_task(sc.project, "Просроченная задача", due_on=TODAY - dt.timedelta(days=3))
    client.force_login(sc.po_head)
    page = client.get(url("scrum-meeting-detail", office.pk)).content.decode()
    assert 'id="meeting-open"' in page and 'id="outcome-form"' not in page
    assert client.post(url("scrum-meeting-open", office.pk)).status_code == 302
    page = client.get(url("scrum-meeting-detail", office.pk)).content.decode()
    assert "Просроченная задача" in page and 'id="meeting-start"' in page
    assert client.post(url("scrum-meeting-start", office.pk)).status_code == 302
    page = client.get(url("scrum-meeting-detail", office.pk)).content.decode()
    for marker in (
        'id="meeting-close"',
        'id="outcome-form"',
        'id="outcome-submit"',
        'name="owner"',
        'name="due_on"',
    ):
        assert marker in page
    item = AgendaItem.objects.get(meeting=office)

    client.post(url("scrum-meeting-item-notes", office.pk, item.pk), {"notes": "Сроки", "discussed": "on"})
    client.post(url("scrum-meeting-attendance", office.pk, sc.pm.pk), {"status": AttendanceStatus.PRESENT})
    assert Attendance.objects.get(meeting=office, person=sc.pm).status == AttendanceStatus.PRESENT
    refused = client.post(
        url("scrum-meeting-outcome", office.pk), {"kind": "decision", "text": "Без владельца"}
    )
    assert refused.status_code == 400 and "needs an owner" in refused.content.decode()
    assert not Decision.objects.exists()
    due = (TODAY + dt.timedelta(days=4)).isoformat()
    answer = client.post(
        url("scrum-meeting-outcome", office.pk),
        {
            "kind": "decision",
            "text": "Согласовать спецификацию",
            "owner": sc.pm.pk,
            "due_on": due,
            "item": item.pk,
        },
    )
    assert answer.status_code == 302
    outcomes = client.get(url("scrum-meeting-detail", office.pk), {"part": "outcomes"}).content.decode()
    assert 'id="outcomes"' in outcomes and "Согласовать спецификацию" in outcomes and "<html" not in outcomes
    for part in ("header", "agenda", "attendance"):
        fragment = client.get(url("scrum-meeting-detail", office.pk), {"part": part}).content.decode()
        assert f'id="meeting-{part}"' in fragment and "<html" not in fragment
    assert "Сроки" in client.get(url("scrum-meeting-detail", office.pk), {"part": "agenda"}).content.decode()

    assert client.post(url("scrum-meeting-close", office.pk)).status_code == 302
    page = client.get(url("scrum-meeting-detail", office.pk)).content.decode()
    assert 'id="protocol-pdf"' in page and 'id="protocol-docx"' in page
    download = client.get(url("scrum-meeting-protocol", office.pk), {"format": "pdf"})
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert client.get(url("scrum-meeting-protocol", office.pk), {"format": "xls"}).status_code == 404


def test_a_refused_transition_is_400_and_changes_nothing(sc, office, client):
    client.force_login(sc.po_head)
    answer = client.post(url("scrum-meeting-start", office.pk))
    assert answer.status_code == 400 and "Open the meeting first" in answer.content.decode()
    office.refresh_from_db()
    assert office.status == MeetingStatus.DRAFT
    assert client.get(url("scrum-meeting-protocol", office.pk)).status_code == 404
    assert client.post(url("scrum-meeting-cancel", office.pk), {"reason": ""}).status_code == 400


def test_the_detail_page_takes_a_fixed_number_of_queries(sc, office, client, django_assert_num_queries):
    client.force_login(sc.po_head)
    client.post(url("scrum-meeting-open", office.pk))
    client.post(url("scrum-meeting-start", office.pk))

    def count_page():
        with django_assert_num_queries(11) as captured:
            assert client.get(url("scrum-meeting-detail", office.pk)).status_code == 200
        return len(captured)

    count_page()
    for n in range(6):
        make_task(sc.project_b, f"Задача {n}", due_on=TODAY - dt.timedelta(days=1))
    client.post(url("scrum-meeting-agenda-build", office.pk))
    due = (TODAY + dt.timedelta(days=4)).isoformat()
    for n in range(3):
        client.post(
            url("scrum-meeting-outcome", office.pk),
            {"kind": "assignment", "text": f"Поручение {n}", "owner": sc.pm_b.pk, "due_on": due},
        )
    assert AgendaItem.objects.filter(meeting=office).count() == 6 and Decision.objects.count() == 3
    count_page()
