"""The team card of every node's page, the assignment pages, and the organisational chart of a state body."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from org.models import Role, RoleAssignment
from org.scopes import Scope
from org.selectors import team_of
from org.substitution import acting_holders, acting_holders_many
from pmis.core.choices import Stage
from projects.services import project_update
from tests.factories import (
    PersonFactory,
    StateBodyFactory,
    assign,
    away,
    make_direction,
    make_group,
    make_portfolio,
    make_program,
    make_project,
    office,
)
from tests.node_pages import assert_login_redirect, page_text

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def short(day) -> str:
    return date_format(day, "SHORT_DATE_FORMAT")


@pytest.fixture
def as_viewer(client, viewer):
    client.force_login(viewer)
    return client


@pytest.fixture
def as_editor(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def office_team(tree):
    """The project office of the body that owns the tree's program: its head away today, the chief manager in."""
    body = tree["program"].owner_body
    head = PersonFactory(username="head", last_name="Бекова", first_name="Алия", patronymic="Сериковна")
    chief = PersonFactory(username="chief", last_name="Нуров", first_name="Ержан", patronymic="Маратович")
    assign(head, "po_head", body)
    assign(chief, "po_chief_manager", body)
    absence = away(head, TODAY() - dt.timedelta(days=2), TODAY() + dt.timedelta(days=10))
    return {"body": body, "head": head, "chief": chief, "absence": absence}


# --- the team card -----------------------------------------------------------------------------------------


def test_team_card_groups_holders_by_role_with_period_basis_and_employment(as_viewer, tree):
    project = tree["projects"][0]
    manager = PersonFactory(username="pm", last_name="Сапарова", first_name="Гульнар")
    member = PersonFactory(username="member", last_name="Иванов", first_name="Пётр")
    assign(
        manager,
        "project_manager",
        project,
        starts_on=dt.date(2025, 2, 1),
        basis_number="12-п",
        basis_date=dt.date(2025, 1, 30),
    )
    assign(member, "team_member", project, ends_on=dt.date(2030, 6, 30))
    text = page_text(as_viewer.get(project.get_absolute_url()))
    assert 'data-testid="team"' in text
    assert "Project manager" in text and "Project team member" in text
    assert manager.short_name in text and reverse("person-detail", args=[manager.pk]) in text
    assert "Order № 12-п of " + short(dt.date(2025, 1, 30)) in text
    assert "from " + short(dt.date(2025, 2, 1)) in text
    assert short(dt.date(2025, 1, 1)) + " – " + short(dt.date(2030, 6, 30)) in text
    assert "Combined with the main activity" in text
    # Catalogue order inside the level: project_manager before team_member.
    assert text.index("Project manager") < text.index("Project team member")


def test_absent_holder_shows_the_absence_and_who_acts_for_them(as_viewer, tree, office_team):
    text = page_text(as_viewer.get(tree["program"].get_absolute_url()))
    head, chief = office_team["head"], office_team["chief"]
    assert f"{head.short_name}</a>" in text
    assert "on leave until " + short(office_team["absence"].ends_on) in text
    assert "acting:" in text and chief.short_name in text
    assert "(Chief manager of the project office)" in text
    # The roles come from the state body that owns the program: shown "via" the body.
    assert "via " in text


def test_team_card_of_a_project_lists_the_charter_roles_not_assigned(as_viewer, tree):
    project = tree["projects"][0]
    assign(PersonFactory(username="pm"), "project_manager", project)
    response = as_viewer.get(project.get_absolute_url())
    team = response.context["team"]
    assert [role.code for role in team.charter_missing] == [
        "project_customer",
        "project_initiator",
        "project_sponsor",
    ]
    text = page_text(response)
    assert text.count("not assigned") == 3
    assert "nobody acts for this role" in text  # Appendix 4 names no substitute of the charter roles
    assert not team.charter_warning and 'data-testid="charter-warning"' not in text


def test_a_project_past_initiation_without_its_charter_roles_is_warned(as_viewer, editor, tree):
    project = tree["projects"][0]
    # The services refuse leaving initiation without the roles (Rules p.77); data imported earlier may not.
    type(project).objects.filter(pk=project.pk).update(stage=Stage.PLANNING)
    text = page_text(as_viewer.get(project.get_absolute_url()))
    assert 'data-testid="charter-warning"' in text and "Rules p.77" in text


def test_a_vacant_role_shows_who_acts_for_it(as_viewer, tree):
    """program_manager is substituted by po_head (Appendix 4): nobody manages the program, the head acts."""
    body = tree["program"].owner_body
    head = PersonFactory(username="head", last_name="Бекова")
    assign(head, "po_head", body)
    team = team_of(PersonFactory(username="x", is_superuser=True), tree["program"])
    assert "program_manager" not in [item.role.code for item in team.roles]  # only held roles are listed
    scope = Scope.of(tree["program"])
    role = Role.objects.get(code="program_manager")
    [answer] = acting_holders_many([(role, scope)], []).values()
    assert [(holder.person, holder.vacancy) for holder in answer.holders] == [(head, True)]


def test_earlier_and_future_assignments_are_listed_apart(as_viewer, tree):
    group = tree["group"]
    past = PersonFactory(username="past", last_name="Прошлый")
    future = PersonFactory(username="future", last_name="Будущий")
    assign(past, "gp_head", group, starts_on=dt.date(2024, 1, 1), ends_on=dt.date(2024, 12, 31))
    assign(future, "gp_head", group, starts_on=TODAY() + dt.timedelta(days=30))
    response = as_viewer.get(group.get_absolute_url())
    team = response.context["team"]
    assert team.roles == [] and [a.person for a in team.other] == [future, past]
    text = page_text(response)
    assert "Earlier and future: 2 assignments" in text and "future" in text and "ended" in text


def test_manage_buttons_only_for_who_may_manage_the_team(client, viewer, editor, tree):
    project = tree["projects"][0]
    assignment = assign(PersonFactory(username="pm"), "project_manager", project)
    create = reverse("assignment-create") + f"?node=project:{project.pk}"
    client.force_login(viewer)
    text = page_text(client.get(project.get_absolute_url()))
    assert create not in text and reverse("assignment-edit", args=[assignment.pk]) not in text
    client.force_login(editor)
    text = page_text(client.get(project.get_absolute_url()))
    assert create in text
    for name in ("assignment-edit", "assignment-end", "assignment-delete"):
        assert reverse(name, args=[assignment.pk]) in text


def test_inherited_holders_have_no_buttons_here(as_editor, tree, office_team):
    text = page_text(as_editor.get(tree["program"].get_absolute_url()))
    for assignment in RoleAssignment.objects.filter(body=office_team["body"]):
        assert reverse("assignment-edit", args=[assignment.pk]) not in text


def _detail_queries(client, url, django_assert_num_queries, expected):
    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200


def test_node_page_query_count_does_not_grow_with_the_team(as_viewer, tree, django_assert_num_queries):
    """The project page with a team, absences and stand-ins costs the same with 2 or 12 members and absences.

    session, user, grants, node, breadcrumbs ×4 (portfolio, program, direction, group), history; team:
    assignments, charter roles, absences, scheme (Appendix 4 names no substitute of a project role, so no query
    for substitutes).
    """
    project = tree["projects"][0]
    group = tree["subgroup"]
    expected = (
        17  # with the workspace summary, the goal-map card, the scrum schedules and the initiative card
    )
    head = PersonFactory(username="gphead", last_name="Алиев")
    assign(head, "gp_head", group)
    assign(PersonFactory(username="pm", last_name="Сапарова"), "project_manager", project)
    member = PersonFactory(username="m0", last_name="Участник")
    assign(member, "team_member", project)
    away(member, TODAY(), TODAY() + dt.timedelta(days=3))
    _detail_queries(as_viewer, project.get_absolute_url(), django_assert_num_queries, expected)
    for number in range(10):
        person = PersonFactory(username=f"m{number + 1}", last_name=f"Участник {number}")
        assign(person, "team_member", project)
        away(person, TODAY() - dt.timedelta(days=1), TODAY() + dt.timedelta(days=number))
        assign(PersonFactory(username=f"c{number}"), "project_coordinator", project)
    response = as_viewer.get(project.get_absolute_url())
    assert response.context["team"].size == 22
    _detail_queries(as_viewer, project.get_absolute_url(), django_assert_num_queries, expected)


def test_program_page_with_the_project_office_away_has_a_fixed_query_count(
    as_viewer, tree, office_team, django_assert_num_queries
):
    """session, user, node, breadcrumbs (portfolio), grants, directions, history; team: assignments, absences,
    substitutes with the scheme; the initiatives card (the initiative it came from, the open ones addressed to
    it) and the governing bodies card."""
    program = tree["program"]
    _detail_queries(as_viewer, program.get_absolute_url(), django_assert_num_queries, 15)
    for number in range(5):
        person = PersonFactory(username=f"cm{number}")
        assign(person, "committee_member", program)
        away(person, TODAY(), TODAY())
    _detail_queries(as_viewer, program.get_absolute_url(), django_assert_num_queries, 15)


# --- the batched substitution read agrees with acting_holders -------------------------------------------------


def test_acting_holders_many_answers_as_acting_holders(office_team, tree):
    chief = office_team["chief"]
    program, direction, group = tree["program"], tree["direction"], tree["group"]
    admin = PersonFactory(username="poadmin")
    assign(admin, "po_admin", program)
    bd_head = PersonFactory(username="bdhead")
    assign(bd_head, "bd_head", direction)
    away(bd_head, TODAY(), TODAY())
    gp_head = PersonFactory(username="gphead")
    assign(gp_head, "gp_head", group)
    away(chief, TODAY() + dt.timedelta(days=20), TODAY() + dt.timedelta(days=25))  # later: acts today
    targets = [
        (Role.objects.get(code=code), Scope.of(node))
        for code, node in (
            ("po_head", program),
            ("po_chief_manager", program),
            ("po_admin", program),
            ("program_manager", program),
            ("bd_head", direction),
            ("gibd_head", direction),
            ("gp_head", group),
            ("gp_curator", group),
        )
    ]
    live = list(RoleAssignment.objects.select_related("person", "role"))
    many = acting_holders_many(targets, live)

    def summary(answer):
        return (
            [(h.person.pk, h.kind, getattr(h.acting_for, "pk", None), h.vacancy) for h in answer.holders],
            [(a.pk, absence.pk) for a, absence in answer.absent],
        )

    for role, scope in targets:
        assert summary(many[(role.pk, scope.ref)]) == summary(acting_holders(role, scope)), role.code
    # The cases are all there: the head away with the chief acting, a vacancy acted for from above.
    assert any(h.person == chief for h in many[(targets[0][0].pk, targets[0][1].ref)].holders)
    assert any(h.vacancy for h in many[(targets[5][0].pk, targets[5][1].ref)].holders)


# --- the assignment pages ------------------------------------------------------------------------------------


def _form(person, role, **fields) -> dict:
    data = {
        "person": person.pk,
        "role": Role.objects.get(code=role).pk,
        "starts_on": TODAY().isoformat(),
        "ends_on": "",
        "basis_kind": "order",
        "basis_number": "7",
        "basis_date": "",
        "employment": "",
        "note": "",
    }
    data.update(fields)
    return data


def test_assignment_create_permissions(client, outsider, viewer, editor, tree):
    project = tree["projects"][0]
    url = reverse("assignment-create") + f"?node=project:{project.pk}"
    assert_login_redirect(client.get(url))
    client.force_login(outsider)
    assert client.get(url).status_code == 404  # the project is not there for them
    client.force_login(viewer)
    assert client.get(url).status_code == 403  # they see it but do not manage its team
    assert client.post(url, _form(viewer, "team_member")).status_code == 403
    client.force_login(editor)
    assert client.get(url).status_code == 200
    for bad in ("project:999999", "nonsense", "project:abc", ""):
        assert client.get(reverse("assignment-create") + f"?node={bad}").status_code == 404


def test_assignment_create_offers_the_roles_of_the_kind_and_saves(as_editor, editor, tree):
    project = tree["projects"][0]
    url = reverse("assignment-create") + f"?node=project:{project.pk}"
    response = as_editor.get(url)
    codes = {role.code for role in response.context["form"].fields["role"].queryset}
    assert "project_manager" in codes and "team_member" in codes and "program_manager" not in codes
    person = PersonFactory(username="new", last_name="Новиков")
    response = as_editor.post(url, _form(person, "project_manager", basis_date="2025-01-10"))
    assert response.status_code == 302 and response.url == project.get_absolute_url()
    assignment = RoleAssignment.objects.get(person=person)
    assert assignment.project == project and assignment.created_by == editor
    assert assignment.employment == "combined"  # the role's usual employment
    assert assignment.basis_number == "7" and assignment.basis_date == dt.date(2025, 1, 10)
    text = page_text(as_editor.get(response.url))
    assert "saved" in text and person.short_name in text


def test_assignment_on_a_state_body_and_the_office(as_editor, tree):
    body = tree["program"].owner_body
    person = PersonFactory(username="po")
    url = reverse("assignment-create") + f"?node=body:{body.pk}"
    response = as_editor.post(url, _form(person, "po_admin"))
    assert response.status_code == 302 and response.url == reverse("body-detail", args=[body.pk])
    assert RoleAssignment.objects.get(person=person).body == body
    the_office = office()
    url = reverse("assignment-create") + f"?node=office:{the_office.pk}"
    assert as_editor.post(url, _form(person, "np_group_head")).status_code == 302
    assert as_editor.get(reverse("assignment-create") + f"?node=office:{body.pk}").status_code == 404


def test_second_active_project_is_refused_on_the_form(as_editor, tree):
    """Rules p.79: a project manager manages one active project at a time; nothing is saved."""
    first, second = tree["projects"]
    manager = PersonFactory(username="pm", last_name="Сапарова")
    assign(manager, "project_manager", first)
    url = reverse("assignment-create") + f"?node=project:{second.pk}"
    response = as_editor.post(url, _form(manager, "project_manager"))
    assert response.status_code == 200
    text = page_text(response)
    assert "Rules p.79" in text and 'data-testid="form-errors"' in text
    assert RoleAssignment.objects.filter(person=manager).count() == 1


def test_overlapping_duplicate_and_bad_dates_are_refused(as_editor, tree):
    project = tree["projects"][0]
    member = PersonFactory(username="member")
    assign(member, "team_member", project)
    url = reverse("assignment-create") + f"?node=project:{project.pk}"
    text = page_text(as_editor.post(url, _form(member, "team_member")))
    assert "already holds the role" in text
    text = page_text(
        as_editor.post(url, _form(PersonFactory(username="x"), "team_member", ends_on="2000-01-01"))
    )
    assert "must not be earlier than its start" in text
    assert RoleAssignment.objects.filter(project=project).count() == 1


def test_person_search_keeps_the_select_small(as_editor, tree, django_assert_num_queries):
    for number in range(40):
        PersonFactory(username=f"p{number}", last_name=f"Фамилия{number:02d}")
    PersonFactory(username="needle", last_name="Жаксылыкова", first_name="Динара")
    project = tree["projects"][0]
    response = as_editor.get(reverse("assignment-create") + f"?node=project:{project.pk}")
    assert len(response.context["form"].fields["person"].widget.choices) == 31  # empty + 30
    # session, user, people found
    with django_assert_num_queries(3):
        response = as_editor.get(reverse("person-options"), {"person_q": "жаксы дин"})
    text = page_text(response)
    assert "Жаксылыкова Динара" in text and text.count("<option") == 2
    # Without JavaScript, "Find" reloads the form with the query.
    response = as_editor.get(
        reverse("assignment-create"), {"node": f"project:{project.pk}", "person_q": "needle", "find": "1"}
    )
    assert [label for _value, label in response.context["form"].fields["person"].widget.choices][1:] == [
        "Жаксылыкова Динара Болатович"
    ]


def test_assignment_edit_end_and_delete(client, outsider, viewer, editor, tree):
    project = tree["projects"][0]
    member = PersonFactory(username="member")
    assignment = assign(member, "team_member", project)
    edit = reverse("assignment-edit", args=[assignment.pk])
    end = reverse("assignment-end", args=[assignment.pk])
    delete = reverse("assignment-delete", args=[assignment.pk])
    client.force_login(outsider)
    assert client.get(edit).status_code == 404 and client.post(end).status_code == 404
    client.force_login(viewer)
    assert client.get(edit).status_code == 403 and client.post(end).status_code == 403
    assert client.get(delete).status_code == 403
    client.force_login(editor)
    data = {
        "starts_on": "2025-01-01",
        "ends_on": "",
        "basis_kind": "protocol",
        "basis_number": "3",
        "basis_date": "",
        "employment": "full_time",
        "note": "",
    }
    response = client.post(edit, data)
    assert response.status_code == 302 and response.url == project.get_absolute_url()
    assignment.refresh_from_db()
    assert assignment.basis_kind == "protocol" and assignment.employment == "full_time"
    text = page_text(client.post(edit, {**data, "ends_on": "2024-01-01"}))
    assert "must not be earlier" in text
    assert client.post(end).status_code == 302
    assignment.refresh_from_db()
    assert assignment.ends_on == TODAY()
    assert "Delete this role assignment?" in page_text(client.get(delete))
    assert client.post(delete).status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_ending_a_future_assignment_today_is_refused_with_a_message(as_editor, tree):
    project = tree["projects"][0]
    assignment = assign(
        PersonFactory(username="later"), "team_member", project, starts_on=TODAY() + dt.timedelta(5)
    )
    response = as_editor.post(reverse("assignment-end", args=[assignment.pk]), follow=True)
    assert "must not be earlier than its start" in page_text(response)
    assignment.refresh_from_db()
    assert assignment.ends_on is None


# --- the organisational chart of a state body (Rules Appendix 1) ---------------------------------------------


def test_body_page_shows_the_appendix_1_structure(as_viewer, tree, office_team):
    body = office_team["body"]
    program = tree["program"]
    manager = PersonFactory(username="progman", last_name="Руководитель")
    assign(manager, "program_manager", program)
    gibd = PersonFactory(username="gibd", last_name="Группова")
    assign(gibd, "gibd_head", tree["direction"])
    response = as_viewer.get(reverse("body-detail", args=[body.pk]))
    text = page_text(response)
    assert 'data-testid="org-structure"' in text
    for title in (
        "Program manager",
        "Program governing committee",
        "Project office of the state body",
        "Situational-analytical centre (if necessary)",
        "Communication centre",
        "Expert council",
        "Project teams",
    ):
        assert title in text
    assert manager.short_name in text and program.name in text
    assert gibd.short_name in text and tree["direction"].name in text
    assert "on leave until" in text and office_team["chief"].short_name in text
    assert "as required" in text and "Full-time" in text
    assert "assigned on each project" in text  # 16: curators of projects are on the projects' pages
    # po_admin nobody holds on the body: the head would act, but is away; nobody present is named.
    row = text.split('data-role="po_admin"', 1)[1].split("</tr>", 1)[0]
    assert "not assigned" in row


def test_office_page_shows_its_own_roles(as_viewer, viewer):
    the_office = office()
    staff = PersonFactory(username="staff", last_name="Сотрудник")
    assign(staff, "office_staff", the_office)
    text = page_text(as_viewer.get(reverse("body-detail", args=[the_office.pk])))
    assert "The national project Office" in text and staff.short_name in text
    assert "Program governing committee" not in text


def test_body_page_query_count_does_not_grow(as_viewer, django_assert_num_queries):
    """session, user, body, units, people, grants, standard direction (none here: no query for its groups),
    programs; chart: roles, assignments on the body, on its programs, directions and groups, absences, the
    substitutes with the scheme."""
    body = StateBodyFactory()
    program = make_program(portfolio=make_portfolio(body=body), owner_body=body)
    head = PersonFactory(username="head")
    assign(head, "po_head", body)
    assign(PersonFactory(username="pm0"), "program_manager", program)
    away(head, TODAY(), TODAY())
    url = reverse("body-detail", args=[body.pk])
    expected = 15
    _detail_queries(as_viewer, url, django_assert_num_queries, expected)
    for number in range(4):
        extra = make_program(portfolio=make_portfolio(body=body), owner_body=body, name=f"П {number}")
        person = PersonFactory(username=f"pm{number + 1}")
        assign(person, "program_manager", extra)
        away(person, TODAY(), TODAY())
        group = make_group(direction=make_direction(program=extra))
        assert group.owner_body == body
        assign(PersonFactory(username=f"gp{number}", last_name=f"Руководитель ГП {number}"), "gp_head", group)
    _detail_queries(as_viewer, url, django_assert_num_queries, expected)
    text = page_text(as_viewer.get(url))
    assert "Руководитель ГП 3" in text and text.count("on leave until") == 5


def test_pages_need_a_login(client, tree):
    assignment = assign(PersonFactory(username="member"), "team_member", tree["projects"][0])
    for url in (
        reverse("assignment-edit", args=[assignment.pk]),
        reverse("assignment-delete", args=[assignment.pk]),
        reverse("person-options"),
    ):
        assert_login_redirect(client.get(url))
    assert_login_redirect(client.post(reverse("assignment-end", args=[assignment.pk])))


def test_project_update_to_planning_needs_the_charter_roles(editor, tree):
    """The warning above is for data from before; the service itself refuses (Rules p.77)."""
    from django.core.exceptions import ValidationError

    project = make_project(group=tree["group"], name="Новый")
    with pytest.raises(ValidationError):
        project_update(actor=editor, project=project, stage=Stage.PLANNING)


def test_assignment_form_pages_have_fixed_query_counts(as_editor, tree, django_assert_num_queries):
    project = tree["projects"][0]
    for number in range(40):
        PersonFactory(username=f"p{number}", last_name=f"Фамилия{number:02d}")
    url = reverse("assignment-create") + f"?node=project:{project.pk}"
    # session, user, the project, grants, people offered (first 30), roles of a project
    with django_assert_num_queries(6):
        assert as_editor.get(url).status_code == 200
    assignment = assign(PersonFactory(username="member"), "team_member", project)
    # session, user, grants, the assignment with its person, role and node
    with django_assert_num_queries(4):
        assert as_editor.get(reverse("assignment-edit", args=[assignment.pk])).status_code == 200
    with django_assert_num_queries(4):
        assert as_editor.get(reverse("assignment-delete", args=[assignment.pk])).status_code == 200
