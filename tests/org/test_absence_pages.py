"""A person's page (roles, absences, what they act for) and the absence pages (Rules p.99)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from org.models import Absence
from tests.factories import PersonFactory, assign, away
from tests.node_pages import assert_login_redirect, page_text

pytestmark = pytest.mark.django_db


def today():
    return timezone.localdate()


def short(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


@pytest.fixture
def office_team(tree):
    """The project office of the state body that owns the tree's program."""
    body = tree["program"].owner_body
    head = PersonFactory(username="head", last_name="Бекова", first_name="Алия", patronymic="Сериковна")
    chief = PersonFactory(username="chief", last_name="Нуров", first_name="Ержан", patronymic="Маратович")
    head_role = assign(head, "po_head", body)
    assign(chief, "po_chief_manager", body)
    return {"body": body, "head": head, "chief": chief, "head_role": head_role}


# --- the person's page ----------------------------------------------------------------------------------------


def test_person_page_lists_roles_in_force_future_and_ended(client, viewer, tree):
    person = PersonFactory(username="many", last_name="Многоролев")
    project, group = tree["projects"][0], tree["group"]
    assign(person, "team_member", project)
    assign(person, "gp_curator", group, starts_on=today() + dt.timedelta(days=10))
    assign(person, "project_coordinator", group, starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 6, 30))
    client.force_login(viewer)
    response = client.get(reverse("person-detail", args=[person.pk]))
    assert response.status_code == 200
    roles = response.context["roles"]
    assert [h.assignment.role.code for h in roles.current] == ["team_member"]
    assert [a.role.code for a in roles.future] == ["gp_curator"]
    assert [a.role.code for a in roles.ended] == ["project_coordinator"]
    text = page_text(response)
    assert project.get_absolute_url() in text and group.get_absolute_url() in text
    assert "Starting later (1)" in text and "Ended (1)" in text


def test_absences_are_shown_to_the_person_and_their_managers_only(client, viewer, tree, office_team):
    head, chief = office_team["head"], office_team["chief"]
    absence = away(head, today() + dt.timedelta(days=5), today() + dt.timedelta(days=9))
    url = reverse("person-detail", args=[head.pk])
    for user, sees in ((head, True), (chief, True), (viewer, False)):
        client.force_login(user)
        text = page_text(client.get(url))
        assert ('data-testid="absences"' in text) is sees, user.username
        assert (reverse("absence-edit", args=[absence.pk]) in text) is sees
        assert (reverse("absence-create", args=[head.pk]) in text) is sees


def test_an_absent_person_s_page_says_until_when_and_who_acts(client, viewer, tree, office_team):
    head, chief = office_team["head"], office_team["chief"]
    absence = away(head, today() - dt.timedelta(days=1), today() + dt.timedelta(days=3))
    client.force_login(viewer)
    text = page_text(client.get(reverse("person-detail", args=[head.pk])))
    assert 'data-testid="away-now"' in text and "on leave until " + short(absence.ends_on) in text
    assert "acting:" in text and chief.short_name in text and "(Chief manager of the project office)" in text


def test_the_acting_person_s_page_lists_what_they_act_for(client, viewer, tree, office_team):
    head, chief = office_team["head"], office_team["chief"]
    absence = away(head, today(), today() + dt.timedelta(days=3), kind="business_trip")
    client.force_login(viewer)
    response = client.get(reverse("person-detail", args=[chief.pk]))
    text = page_text(response)
    assert "Acting now for" in text
    assert "acting for Head of the project office of the state body" in text
    assert f"for {head.short_name}" in text and "on a business trip until " + short(absence.ends_on) in text
    assert reverse("body-detail", args=[office_team["body"].pk]) in text


def test_acting_for_a_vacancy_says_vacant(client, viewer, tree):
    """Nobody heads the body's project office: its chief manager acts for the head (Appendix 4), with the
    powers the head's role adds to his own (deleting, approving)."""
    chief = PersonFactory(username="chief", last_name="Нуров")
    body = tree["program"].owner_body
    assign(chief, "po_chief_manager", body)
    client.force_login(viewer)
    text = page_text(client.get(reverse("person-detail", args=[chief.pk])))
    assert 'data-testid="acting-vacant"' in text and "vacant roles" in text
    rows = [part.split("</li>", 1)[0] for part in text.split('data-testid="acting-vacant"')[1:]]
    [on_body] = [row for row in rows if reverse("body-detail", args=[body.pk]) in row]
    assert "Head of the project office of the state body" in on_body
    assert "as Chief manager of the project office" in on_body


def test_person_page_query_count(client, viewer, tree, office_team, django_assert_num_queries):
    """session, user, person, grants, assignments, absence today, may-record (the person's roles); what they act
    for (org.substitution.acting_for): their absence, own roles, scheme, the holders of the roles they
    substitute, the bodies' programs, absences, the candidate nodes below their role (groups, programs), the
    places named (body, groups)."""
    head, chief = office_team["head"], office_team["chief"]
    away(head, today(), today() + dt.timedelta(days=3))
    url = reverse("person-detail", args=[chief.pk])
    client.force_login(viewer)
    with django_assert_num_queries(17):
        client.get(url)
    for number in range(5):
        assign(
            chief,
            "po_chief_manager",
            office_team["body"],
            starts_on=dt.date(2020 + number, 1, 1),
            ends_on=dt.date(2020 + number, 12, 31),
        )
        away(
            chief, today() + dt.timedelta(days=10 + 2 * number), today() + dt.timedelta(days=10 + 2 * number)
        )
    with django_assert_num_queries(17):
        client.get(url)
    # The absent head's page: session, user, person, grants, assignments, absence today, the substitutes with
    # the scheme, may-record; what she acts for: nothing while away (one query says so).
    with django_assert_num_queries(9):
        response = client.get(reverse("person-detail", args=[head.pk]))
    assert response.context["roles"].current[0].acting[0].person == chief


# --- the absence pages ----------------------------------------------------------------------------------------


def _data(start, end, kind="leave", note="") -> dict:
    return {"kind": kind, "starts_on": start.isoformat(), "ends_on": end.isoformat(), "note": note}


def test_a_person_records_their_own_absence(client, tree):
    person = PersonFactory(username="self")
    client.force_login(person)
    url = reverse("absence-create", args=[person.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _data(today(), today() + dt.timedelta(days=2), note="отпуск"))
    assert response.status_code == 302 and response.url == reverse("person-detail", args=[person.pk])
    absence = Absence.objects.get(person=person)
    assert absence.note == "отпуск" and absence.created_by == person
    assert "saved" in page_text(client.get(response.url))


def test_a_manager_records_an_absence_of_their_team(client, tree, office_team):
    head, chief = office_team["head"], office_team["chief"]
    client.force_login(chief)  # manage_team on the body where the head holds her role
    response = client.post(
        reverse("absence-create", args=[head.pk]), _data(today(), today() + dt.timedelta(days=1))
    )
    assert response.status_code == 302 and Absence.objects.filter(person=head).count() == 1


def test_others_may_not_record_absences(client, viewer, outsider, tree, office_team):
    url = reverse("absence-create", args=[office_team["head"].pk])
    for user in (viewer, outsider):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, _data(today(), today())).status_code == 403
    assert not Absence.objects.exists()
    client.force_login(outsider)
    assert client.get(reverse("absence-create", args=[999999])).status_code == 404
    assert_login_redirect(client.logout() or client.get(url))


def test_overlapping_and_backwards_absences_are_refused_on_the_form(client, tree):
    person = PersonFactory(username="self")
    away(person, today(), today() + dt.timedelta(days=5))
    client.force_login(person)
    url = reverse("absence-create", args=[person.pk])
    text = page_text(client.post(url, _data(today() + dt.timedelta(days=3), today() + dt.timedelta(days=8))))
    assert "is already away in this period" in text and 'data-testid="form-errors"' in text
    text = page_text(
        client.post(url, _data(today() + dt.timedelta(days=30), today() + dt.timedelta(days=20)))
    )
    assert "must not be earlier than its start" in text
    assert Absence.objects.filter(person=person).count() == 1


def test_absence_edit_and_delete(client, viewer, outsider, tree, office_team):
    head, chief = office_team["head"], office_team["chief"]
    absence = away(head, today(), today() + dt.timedelta(days=10))
    edit = reverse("absence-edit", args=[absence.pk])
    delete = reverse("absence-delete", args=[absence.pk])
    for user in (viewer, outsider):
        client.force_login(user)
        assert client.get(edit).status_code == 404  # someone else's absence is not there for them
        assert client.post(delete).status_code == 404
    client.force_login(chief)
    response = client.post(edit, _data(today(), today() + dt.timedelta(days=2), kind="illness"))
    assert response.status_code == 302
    absence.refresh_from_db()
    assert absence.kind == "illness" and absence.ends_on == today() + dt.timedelta(days=2)
    assert "Delete this absence?" in page_text(client.get(delete))
    client.force_login(head)
    assert client.post(delete).status_code == 302
    assert not Absence.objects.filter(pk=absence.pk).exists()


def test_absence_form_pages_have_fixed_query_counts(client, tree, office_team, django_assert_num_queries):
    head, chief = office_team["head"], office_team["chief"]
    absence = away(head, today(), today())
    client.force_login(chief)
    # session, user, the person, grants, may-record (the person's roles)
    with django_assert_num_queries(5):
        assert client.get(reverse("absence-create", args=[head.pk])).status_code == 200
    # session, user, grants, the absence (restricted to the teams managed), may-change (the person's roles)
    with django_assert_num_queries(5):
        assert client.get(reverse("absence-edit", args=[absence.pk])).status_code == 200
