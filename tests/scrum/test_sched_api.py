"""The API of scrum schedules: /api/v1/scrum/schedules/."""

import datetime as dt

import pytest
from icalendar import Calendar

from org.models import Person
from scrum.choices import Level, ScheduleStatus
from scrum.models import Meeting, Schedule
from tests.factories_scrum import make_schedule

pytestmark = pytest.mark.django_db

URL = "/api/v1/scrum/schedules/"


def _body(sc, **overrides):
    body = {
        "level": Level.TEAM,
        "node": f"project:{sc.project_b.pk}",
        "weekday": 2,
        "starts_at": "09:00",
        "mode": "offline",
        "place": "Каб. 5",
        "chair": sc.pm_b.pk,
        "participants": [sc.member.pk],
        "valid_from": "2026-12-01",
    }
    body.update(overrides)
    return body


def test_the_list_shows_what_the_person_may_see_in_fixed_queries(
    sc, api_as, outsider, django_assert_num_queries
):
    def fresh(person):  # a new user object: the grants are read again, as on a new request
        return Person.objects.get(pk=person.pk)

    client = api_as(fresh(sc.program_manager))
    # grants, count, rows with people, participants, the nodes that name them (one query per kind: 4 here)
    with django_assert_num_queries(8):
        answer = client.get(URL)
    assert answer.status_code == 200
    assert answer.data["count"] == 5
    Schedule.objects.filter(pk=sc.schedules["team"].pk).update(status=ScheduleStatus.ARCHIVED)
    make_schedule(Level.TEAM, sc.project_b, chair=sc.pm_b, participants=[sc.member, sc.pm])
    make_schedule(Level.TEAM, sc.project, chair=sc.pm, participants=[sc.member])
    sc.schedules["office"].participants.add(outsider)
    client = api_as(fresh(sc.program_manager))
    with django_assert_num_queries(8):
        assert client.get(URL).data["count"] == 7
    # A participant without a role sees only the schedule they take part in.
    rows = api_as(outsider).get(URL).data["results"]
    assert [row["id"] for row in rows] == [sc.schedules["office"].pk]


def test_the_list_filters_by_node_level_and_status(sc, api_as):
    client = api_as(sc.program_manager)
    rows = client.get(URL, {"node": f"program:{sc.program.pk}"}).data["results"]
    assert {row["level"] for row in rows} == {"office", "committee"}
    rows = client.get(URL, {"level": "team", "status": "approved"}).data["results"]
    assert [row["node"] for row in rows] == [f"project:{sc.project.pk}"]
    assert client.get(URL, {"node": "nonsense"}).status_code == 400


def test_an_outsider_gets_404_and_a_participant_may_not_change(sc, api_as, outsider):
    office = sc.schedules["office"]
    assert api_as(outsider).get(f"{URL}{office.pk}/").status_code == 404
    assert api_as(outsider).get(f"{URL}{office.pk}/ics/").status_code == 404
    assert api_as(outsider).patch(f"{URL}{office.pk}/", {"version": 1, "title": "x"}).status_code == 404
    guest = api_as(sc.people["guest"])
    assert guest.get(f"{URL}{office.pk}/").status_code == 200
    assert guest.patch(f"{URL}{office.pk}/", {"version": 1, "title": "x"}, format="json").status_code == 403
    assert guest.post(f"{URL}{office.pk}/archive/").status_code == 403
    assert Schedule.objects.get(pk=office.pk).title == ""


def test_create_needs_change_on_the_node_and_follows_the_rules(sc, api_as, outsider):
    assert api_as(outsider).post(URL, _body(sc), format="json").status_code == 400  # node not visible to them
    assert (
        api_as(sc.member).post(URL, _body(sc, node=f"project:{sc.project.pk}"), format="json").status_code
        == 403
    )
    client = api_as(sc.pm_b)
    refused = client.post(URL, _body(sc, weekday=6), format="json")
    assert refused.status_code == 400 and "weekday" in refused.data
    refused = client.post(URL, _body(sc, mode="online"), format="json")
    assert refused.status_code == 400 and "video_link" in refused.data
    refused = client.post(URL, _body(sc, level="group"), format="json")
    assert refused.status_code == 400 and "node" in refused.data
    assert not Schedule.objects.filter(node_kind="project", node_id=sc.project_b.pk).exists()
    created = client.post(URL, _body(sc), format="json")
    assert created.status_code == 201, created.data
    assert created.data["status"] == "draft" and created.data["participants"] == [sc.member.pk]
    assert created.data["node"] == f"project:{sc.project_b.pk}"


def test_errors_come_in_the_request_language(sc, api_as):
    answer = api_as(sc.pm_b).post(URL, _body(sc, weekday=6), format="json", HTTP_ACCEPT_LANGUAGE="ru")
    assert answer.status_code == 400
    assert answer.data["weekday"]


def test_approve_generate_and_ics(sc, api_as):
    client = api_as(sc.pm_b)
    schedule_id = client.post(URL, _body(sc), format="json").data["id"]
    assert (
        client.post(f"{URL}{schedule_id}/approve/").status_code == 403
    )  # a project manager does not approve
    assert api_as(sc.po_chief).post(f"{URL}{schedule_id}/approve/").status_code == 403
    approved = api_as(sc.program_manager).post(f"{URL}{schedule_id}/approve/")
    assert approved.status_code == 200 and approved.data["status"] == "approved"
    assert approved.data["approved_by"] == sc.program_manager.pk
    generated = client.post(f"{URL}{schedule_id}/generate/", {"until": "2030-01-01"}, format="json")
    assert generated.status_code == 200
    assert Meeting.objects.filter(schedule_id=schedule_id).count() > 4
    assert client.post(f"{URL}{schedule_id}/generate/", {}, format="json").status_code == 400
    ics = client.get(f"{URL}{schedule_id}/ics/")
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    event = Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert event["RRULE"]["BYDAY"] == ["TU"]


def test_patch_with_a_stale_version_is_409_and_a_change_of_terms_needs_approval_again(sc, api_as):
    office = sc.schedules["office"]
    client = api_as(sc.po_head)
    changed = client.patch(f"{URL}{office.pk}/", {"version": 1, "starts_at": "11:30"}, format="json")
    assert changed.status_code == 200
    assert changed.data["status"] == "draft" and changed.data["version"] == 2
    stale = client.patch(f"{URL}{office.pk}/", {"version": 1, "title": "x"}, format="json")
    assert stale.status_code == 409 and stale.data["current"]["version"] == 2
    assert client.patch(f"{URL}{office.pk}/", {"title": "x"}, format="json").status_code == 400
    archived = client.post(f"{URL}{office.pk}/archive/")
    assert archived.status_code == 200 and archived.data["status"] == "archived"
    assert Schedule.objects.get(pk=office.pk).starts_at == dt.time(11, 30)
