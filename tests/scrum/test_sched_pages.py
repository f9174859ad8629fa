"""The pages of scrum schedules: list, detail, create, edit, approve, archive, ICS, current meeting."""

import datetime as dt
import re

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from org.models import Person
from scrum.choices import Level, ScheduleStatus
from scrum.models import Meeting, Schedule
from scrum.selectors.schedules import node_schedules_card
from tests.factories import away
from tests.factories_scrum import make_meeting, make_schedule

pytestmark = pytest.mark.django_db

LIST = "/scrum/schedules/"


def _login(client, person):
    client.force_login(person)
    return client


def test_the_list_groups_by_program_in_fixed_queries(sc, client, django_assert_num_queries):
    _login(client, sc.program_manager)
    today = timezone.localdate()
    make_meeting(sc.schedules["office"], today + dt.timedelta(days=1))
    with django_assert_num_queries(
        12
    ):  # … and the nodes that name the schedules: one query per kind (4 here)
        page = client.get(LIST)
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-schedule="') == 5
    assert sc.tree["program"].code in html
    # More schedules, meetings and an absent chair (whose deputy chairs): the same number of queries. (Only a
    # schedule whose chair and deputy are both away adds the substitution scheme's fixed reads.)
    make_schedule(Level.TEAM, sc.project_b, chair=sc.pm_b, participants=[sc.member])
    make_meeting(sc.schedules["committee"], today + dt.timedelta(days=2))
    away(sc.po_head, today - dt.timedelta(days=7), today + dt.timedelta(days=7))
    with django_assert_num_queries(12):
        page = client.get(LIST)
    assert page.content.decode().count('data-schedule="') == 6


def test_the_list_filters_and_hides_from_outsiders(sc, client, outsider):
    _login(client, sc.program_manager)
    html = client.get(LIST, {"level": "office"}).content.decode()
    assert html.count('data-schedule="') == 1
    Schedule.objects.filter(pk=sc.schedules["team"].pk).update(status=ScheduleStatus.ARCHIVED)
    assert client.get(LIST).content.decode().count('data-schedule="') == 4
    assert client.get(LIST, {"status": "archived"}).content.decode().count('data-schedule="') == 1
    _login(client, outsider)
    assert 'data-schedule="' not in client.get(LIST).content.decode()
    client.logout()
    assert client.get(LIST).status_code == 302


def test_the_detail_shows_terms_meetings_and_the_acting_chair(
    sc, client, outsider, django_assert_max_num_queries
):
    office = sc.schedules["office"]
    today = timezone.localdate()
    meeting = make_meeting(office, today + dt.timedelta(days=3))
    away(sc.po_head, today, today + dt.timedelta(days=10))
    _login(client, sc.program_manager)
    url = f"{LIST}{office.pk}/"
    with django_assert_max_num_queries(20):
        page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"/scrum/meetings/{meeting.pk}/" in html
    assert 'data-testid="schedule-acting-chair"' in html and sc.po_chief.full_name in html
    assert 'data-testid="schedule-edit"' in html and 'data-testid="schedule-approve"' not in html  # approved
    _login(client, outsider)
    assert client.get(url).status_code == 404
    assert client.get(f"{url}ics/").status_code == 404
    assert client.get(f"{url}current/").status_code == 404
    _login(client, sc.people["guest"])  # a participant sees it, without the buttons
    html = client.get(url).content.decode()
    assert 'data-testid="schedule-edit"' not in html and 'data-testid="schedule-archive"' not in html


def test_the_detail_query_count_does_not_grow_with_meetings_and_participants(
    sc, client, django_assert_num_queries
):
    office = sc.schedules["office"]
    today = timezone.localdate()
    _login(client, sc.program_manager)
    make_meeting(office, today + dt.timedelta(days=1))
    assert client.get(f"{LIST}{office.pk}/").status_code == 200  # the session's first request
    with django_assert_num_queries(14):
        assert client.get(f"{LIST}{office.pk}/").status_code == 200
    for offset in (8, 15, 22, 29):
        make_meeting(office, today + dt.timedelta(days=offset))
    with django_assert_num_queries(14):
        html = client.get(f"{LIST}{office.pk}/").content.decode()
    assert len(re.findall(r'href="/scrum/meetings/\d+/"', html)) == 4  # the next four


def test_create_edit_approve_and_archive_through_the_pages(sc, client, outsider):
    node = f"project:{sc.project_b.pk}"
    new = f"{LIST}new/?node={node}&level=team"
    _login(client, outsider)
    assert client.get(new).status_code == 404
    _login(client, sc.member)  # sees project B? no: a member of project A only
    assert client.get(new).status_code == 404
    _login(client, sc.pm)
    assert client.get(f"{LIST}new/?node=project:{sc.project.pk}&level=group").status_code == 404
    _login(client, sc.pm_b)
    page = client.get(new)
    assert page.status_code == 200 and sc.pm_b.full_name in page.content.decode()
    form = {
        "weekday": "2",
        "starts_at": "09:00",
        "duration_minutes": "30",
        "mode": "online",
        "video_link": "",
        "chair": sc.pm_b.pk,
        "participants": [sc.member.pk],
        "valid_from": "2026-12-01",
    }
    refused = client.post(new, form)
    assert refused.status_code == 400 and "An online meeting needs a video link." in refused.content.decode()
    assert not Schedule.objects.filter(node_id=sc.project_b.pk, level=Level.TEAM).exists()
    form["video_link"] = "https://meet.example.kz/b"
    created = client.post(new, form)
    schedule = Schedule.objects.get(node_kind="project", node_id=sc.project_b.pk, level=Level.TEAM)
    assert created.status_code == 302 and created["Location"] == f"{LIST}{schedule.pk}/"
    assert list(schedule.participants.all()) == [sc.member]
    # The project manager may not approve (403); the program manager may.
    assert client.post(f"{LIST}{schedule.pk}/approve/").status_code == 403
    _login(client, sc.program_manager)
    assert 'data-testid="schedule-approve"' in client.get(f"{LIST}{schedule.pk}/").content.decode()
    assert client.post(f"{LIST}{schedule.pk}/approve/").status_code == 302
    schedule.refresh_from_db()
    assert schedule.status == ScheduleStatus.APPROVED
    assert Meeting.objects.filter(schedule=schedule).exists()
    # Edit: a stale version is 409, a current one saves and sends the schedule back to draft.
    _login(client, sc.pm_b)
    edit = f"{LIST}{schedule.pk}/edit/"
    assert client.get(edit).status_code == 200
    form.update({"starts_at": "10:00", "version": "1"})
    assert client.post(edit, form).status_code == 409
    form["version"] = str(schedule.version)
    assert client.post(edit, form).status_code == 302
    schedule.refresh_from_db()
    assert schedule.starts_at == dt.time(10, 0) and schedule.status == ScheduleStatus.DRAFT
    _login(client, sc.member)  # a participant sees the schedule but may not change it
    assert client.get(edit).status_code == 403
    assert client.post(f"{LIST}{schedule.pk}/archive/").status_code == 403
    _login(client, sc.pm_b)
    assert client.post(f"{LIST}{schedule.pk}/archive/").status_code == 302
    schedule.refresh_from_db()
    assert schedule.status == ScheduleStatus.ARCHIVED


def test_ics_download_and_the_current_meeting_redirect(sc, client):
    office = sc.schedules["office"]
    _login(client, sc.people["guest"])
    ics = client.get(f"{LIST}{office.pk}/ics/")
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    assert b"RRULE:FREQ=WEEKLY;BYDAY=WE" in ics.content
    nothing = client.get(f"{LIST}{office.pk}/current/")
    assert nothing.status_code == 302 and nothing["Location"] == f"{LIST}{office.pk}/"
    meeting = make_meeting(office, timezone.localdate() + dt.timedelta(days=9))
    found = client.get(f"{LIST}{office.pk}/current/")
    assert found["Location"] == f"/scrum/meetings/{meeting.pk}/"


def test_the_node_card(sc, rf):
    program = sc.tree["program"]
    meeting = make_meeting(sc.schedules["office"], timezone.localdate() + dt.timedelta(days=1))
    viewer = Person.objects.get(pk=sc.program_manager.pk)
    card = node_schedules_card(viewer, program)
    assert [schedule.level for schedule in card["schedules"]] == ["committee", "office"]
    assert card["can_add"]
    html = render_to_string("scrum/_node_schedules.html", card)
    assert f"/scrum/meetings/{meeting.pk}/" in html and f"?node=program:{program.pk}" in html
    assert node_schedules_card(sc.people["guest"], program)["can_add"] is False
