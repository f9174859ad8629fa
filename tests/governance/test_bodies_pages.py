"""Pages, node card and API of the governing bodies: 404 for outsiders, 403 for who sees but may not act, 400 for a
broken rule with nothing changed, pinned query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from governance.cards import bodies_card
from governance.choices import BodyKind, Position
from governance.models import GoverningBody
from org.models import RoleAssignment
from scrum.choices import Level
from tests.factories import make_program
from tests.factories_scrum import make_meeting, make_schedule
from tests.governance.test_bodies_services import make_decision

LIST_QUERIES = 6
DETAIL_COMMITTEE_QUERIES = 12


def _rows(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) else data


def _body_at(program, kind):
    return GoverningBody.objects.create(
        kind=kind,
        node_kind="program",
        node_id=program.pk,
        node_path=program.path,
        name_ru=f"{kind} {program.pk}",
    )


def test_list_page_pinned_and_filtered(client, gov, django_assert_num_queries):
    client.force_login(gov.office_staff)
    url = reverse("governing-body-list")
    with django_assert_num_queries(LIST_QUERIES):
        page = client.get(url)
    html = page.content.decode()
    assert gov.committee.name in html and gov.council.name in html and gov.expert_council.name in html
    for number in range(3):
        program = make_program(portfolio=gov.portfolio, name=f"Программа {number}", owner_body=gov.body)
        _body_at(program, BodyKind.COMMITTEE)
        _body_at(program, BodyKind.EXPERT_COUNCIL)
    with django_assert_num_queries(LIST_QUERIES):
        page = client.get(url)
    assert page.content.decode().count("/governance/bodies/") >= 9
    council_only = client.get(url, {"kind": BodyKind.COUNCIL}).content.decode()
    assert gov.council.name in council_only and gov.committee.name not in council_only
    client.force_login(gov.outsider)
    assert gov.committee.name not in client.get(url).content.decode()


def test_detail_page_composition_meetings_and_decisions(client, gov, django_assert_num_queries):
    schedule = make_schedule(Level.COMMITTEE, gov.program, chair=gov.chair)
    today = dt.date.today()
    meeting = make_meeting(schedule, today - dt.timedelta(days=7), protocol_number="12")
    make_decision(meeting, 1, text="Утвердить дорожную карту")
    make_decision(make_meeting(make_schedule(Level.OFFICE, gov.program), today), 1, text="Решение офиса")
    url = reverse("governing-body-detail", args=[gov.committee.pk])
    client.force_login(gov.manager)
    with django_assert_num_queries(DETAIL_COMMITTEE_QUERIES):
        page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert gov.chair.full_name in html and gov.deputy.full_name in html
    assert "Утвердить дорожную карту" in html and "Решение офиса" not in html
    assert f"/scrum/decisions/?body={gov.committee.pk}" in html
    assert (
        'data-testid="approve-composition"' in html
        and f"governance/bodies/{gov.committee.pk}/members/add/" in html
    )
    for number in range(2, 8):
        make_decision(meeting, number, text=f"Пункт {number}")
    with django_assert_num_queries(DETAIL_COMMITTEE_QUERIES):
        client.get(url)
    # A member sees the page without the forms.
    client.force_login(gov.committee_member)
    html = client.get(url).content.decode()
    assert "approve-composition" not in html and "members/add/" not in html
    client.force_login(gov.outsider)
    assert client.get(url).status_code == 404
    client.force_login(gov.stranger)
    assert client.get(url).status_code == 404


def test_detail_page_without_schedule_links_its_creation(client, gov):
    client.force_login(gov.manager)
    html = client.get(reverse("governing-body-detail", args=[gov.committee.pk])).content.decode()
    assert f"/scrum/schedules/new/?node=program:{gov.program.pk}&amp;level=committee" in html


def test_create_page(client, gov):
    gov.committee.is_active = False
    gov.committee.save()
    url = reverse("governing-body-create") + f"?kind=committee&node=program:{gov.program.pk}"
    client.force_login(gov.outsider)
    assert client.get(url).status_code == 404
    client.force_login(gov.chair)
    assert client.get(url).status_code == 403
    client.force_login(gov.manager)
    assert client.get(url).status_code == 200
    assert (
        client.get(
            reverse("governing-body-create") + f"?kind=council&node=program:{gov.program.pk}"
        ).status_code
        == 404
    )
    response = client.post(url, {"name_ru": "Новый комитет", "basis": "Приказ № 1"})
    body = GoverningBody.objects.get(name_ru="Новый комитет")
    assert response.status_code == 302 and response["Location"] == body.get_absolute_url()
    response = client.post(url, {"name_ru": "Ещё один"})
    assert response.status_code == 400 and "already has an active body" in response.content.decode()
    assert not GoverningBody.objects.filter(name_ru="Ещё один").exists()


def test_edit_page(client, gov):
    url = reverse("governing-body-edit", args=[gov.expert_council.pk])
    client.force_login(gov.outsider)
    assert client.get(url).status_code == 404
    client.force_login(gov.expert)
    assert client.get(url).status_code == 403
    client.force_login(gov.manager)
    assert client.get(url).status_code == 200
    response = client.post(url, {"name_ru": "Экспертный совет", "sphere": "Энергетика и ЖКХ"})
    assert response.status_code == 302
    gov.expert_council.refresh_from_db()
    assert gov.expert_council.sphere == "Энергетика и ЖКХ"


def test_member_actions_on_the_page(client, gov):
    add = reverse("governing-body-member-add", args=[gov.committee.pk])
    client.force_login(gov.outsider)
    assert client.post(add, {}).status_code == 404
    client.force_login(gov.committee_member)
    assert client.post(add, {"person": gov.citizen.pk, "position": Position.MEMBER}).status_code == 403
    client.force_login(gov.manager)
    today = dt.date.today().isoformat()
    response = client.post(add, {"person": gov.citizen.pk, "position": Position.MEMBER, "starts_on": today})
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(person=gov.citizen, role__code="committee_member")
    # Rules of the catalogue come back as messages, nothing changes.
    response = client.post(
        add, {"person": gov.outsider.pk, "position": Position.CHAIR, "starts_on": today}, follow=True
    )
    assert "at most" in response.content.decode()
    assert not RoleAssignment.objects.filter(person=gov.outsider).exists()
    end = reverse("governing-body-member-end", args=[gov.committee.pk])
    client.post(end, {"assignment": assignment.pk, "ends_on": today})
    assignment.refresh_from_db()
    assert assignment.ends_on == dt.date.today()
    approve = reverse("governing-body-approve", args=[gov.committee.pk])
    client.force_login(gov.chair)
    assert client.post(approve).status_code == 403
    client.force_login(gov.manager)
    client.post(approve)
    gov.committee.refresh_from_db()
    assert gov.committee.composition_approved_by == gov.manager


def test_register_filter_by_body(client, gov, django_assert_num_queries):
    schedule = make_schedule(Level.COMMITTEE, gov.program, chair=gov.chair)
    meeting = make_meeting(schedule, dt.date(2026, 3, 4))
    make_decision(meeting, 1, text="Решение комитета")
    make_decision(make_meeting(make_schedule(Level.OFFICE, gov.program), dt.date(2026, 3, 4)), 1, text="Офис")
    client.force_login(gov.office_staff)
    url = reverse("scrum-decision-list")
    html = client.get(url, {"body": gov.committee.pk}).content.decode()
    assert "Решение комитета" in html and "Офис" not in html.split("decision-register")[1]
    assert f'value="{gov.committee.pk}" selected' in html
    options = client.get(reverse("governing-body-options"), {"selected": gov.committee.pk}).content.decode()
    assert (
        gov.committee.name in options
        and gov.council.name in options
        and gov.expert_council.name not in options
    )
    api = client.get("/api/v1/scrum/decisions/", {"body": gov.committee.pk}).json()
    rows = api["results"] if isinstance(api, dict) else api
    assert [row["text"] for row in rows] == ["Решение комитета"]


def test_node_card(gov, django_assert_num_queries):
    from pmis.core.grants import grants_of

    grants_of(gov.manager)  # the node page has read the person's grants already
    with django_assert_num_queries(2):
        card = bodies_card(gov.manager, gov.program)
    assert {body.kind for body in card["bodies"]} == {BodyKind.COMMITTEE, BodyKind.EXPERT_COUNCIL}
    committee = next(body for body in card["bodies"] if body.kind == BodyKind.COMMITTEE)
    assert committee.member_count == 3  # chair, deputy chair, member
    assert card["creatable"] == []
    with django_assert_num_queries(0):
        assert bodies_card(gov.manager, gov.group) is None
    grants_of(gov.outsider)
    with django_assert_num_queries(0):
        assert bodies_card(gov.outsider, gov.program) is None


def test_node_page_shows_the_card(client, gov):
    client.force_login(gov.curator)
    html = client.get(gov.portfolio.get_absolute_url()).content.decode()
    assert 'data-testid="node-bodies"' in html and gov.council.name in html


# --- API ---------------------------------------------------------------------------------------------------


def test_api_bodies(api_as, gov):
    url = "/api/v1/governance/bodies/"
    api = api_as(gov.outsider)
    assert _rows(api.get(url)) == []
    assert api.get(f"{url}{gov.committee.pk}/").status_code == 404
    assert api.post(f"{url}{gov.committee.pk}/approve-composition/").status_code == 404
    assert api.get(f"{url}{gov.committee.pk}/members/").status_code == 404

    api = api_as(gov.committee_member)
    assert api.get(f"{url}{gov.committee.pk}/").json()["kind"] == "committee"
    members = api.get(f"{url}{gov.committee.pk}/members/").json()
    assert [row["position"] for row in members] == ["chair", "deputy_chair", "member"]
    assert (
        api.post(
            f"{url}{gov.committee.pk}/members/", {"person": gov.citizen.pk, "position": "member"}
        ).status_code
        == 403
    )
    assert api.patch(f"{url}{gov.committee.pk}/", {"basis": "x"}).status_code == 403
    assert api.post(f"{url}{gov.committee.pk}/approve-composition/").status_code == 403

    api = api_as(gov.manager)
    created = api.post(
        f"{url}{gov.committee.pk}/members/", {"person": gov.citizen.pk, "position": "member"}, format="json"
    )
    assert created.status_code == 201 and gov.citizen.pk in [row["person"] for row in created.json()]
    refused = api.post(f"{url}{gov.committee.pk}/members/", {"person": gov.outsider.pk, "position": "chair"})
    assert refused.status_code == 400
    assert (
        api.post(f"{url}{gov.committee.pk}/approve-composition/").json()["composition_approved_by"]
        == gov.manager.pk
    )
    assert (
        api.patch(f"{url}{gov.committee.pk}/", {"basis": "Приказ 9"}, format="json").json()["basis"]
        == "Приказ 9"
    )
    duplicate = api.post(
        url, {"kind": "committee", "node": f"program:{gov.program.pk}", "name_ru": "Дубль"}, format="json"
    )
    assert duplicate.status_code == 400 and not GoverningBody.objects.filter(name_ru="Дубль").exists()
    assignment = RoleAssignment.objects.get(person=gov.citizen, role__code="committee_member")
    ended = api.post(f"{url}{gov.committee.pk}/end-member/", {"assignment": assignment.pk}, format="json")
    assert ended.status_code == 200

    api = api_as(gov.curator)
    gov.council.is_active = False
    gov.council.save()
    made = api.post(
        url, {"kind": "council", "node": f"portfolio:{gov.portfolio.pk}", "name_ru": "Совет"}, format="json"
    )
    assert made.status_code == 201 and made.json()["node"] == f"portfolio:{gov.portfolio.pk}"
    assert (
        api_as(gov.manager)
        .post(
            url,
            {"kind": "council", "node": f"portfolio:{gov.portfolio.pk}", "name_ru": "Совет 2"},
            format="json",
        )
        .status_code
        == 403
    )


def test_api_list_queries_do_not_grow(api_as, gov, django_assert_num_queries):
    api = api_as(gov.office_staff)
    api.get("/api/v1/governance/bodies/")  # the person's grants are read once and kept
    with django_assert_num_queries(2):  # the count, the rows
        api.get("/api/v1/governance/bodies/")
    for number in range(3):
        program = make_program(portfolio=gov.portfolio, name=f"П {number}", owner_body=gov.body)
        _body_at(program, BodyKind.COMMITTEE)
    with django_assert_num_queries(2):
        response = api.get("/api/v1/governance/bodies/")
    assert len(_rows(response)) == 6


@pytest.mark.parametrize("name", ["governing-body-detail", "governing-body-edit"])
def test_outsider_404_on_a_missing_body(client, gov, name):
    client.force_login(gov.manager)
    assert client.get(reverse(name, args=[999999])).status_code == 404
