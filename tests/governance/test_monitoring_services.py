"""Public monitoring (Rules p.18): groups formed by the project office, members, read-only grants on projects,
results filed by members and considered by the project office; who may do what; notifications."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from governance.choices import Compliance, ResultStatus
from governance.models import MonitoringGroup, MonitoringResult
from governance.selectors import monitoring as selectors
from governance.services import monitoring as services
from org.models import Notification
from pmis.core import authorization
from projects.models import Task
from tests.factories import make_direction, make_group, make_project

pytestmark = pytest.mark.django_db

PERIOD = {"period_start": dt.date(2025, 1, 1), "period_end": dt.date(2025, 3, 31)}


def make_monitoring(gov, *, grant=True) -> MonitoringGroup:
    """A group of the ministry with `gov.citizen` as its member and, with `grant`, access to `gov.project`."""
    group = services.group_create(actor=gov.deputy, body=gov.body, name="Общественный мониторинг энергетики")
    services.member_add(actor=gov.deputy, group=group, person=gov.citizen)
    if grant:
        services.project_grant(actor=gov.deputy, group=group, project=gov.project)
    return group


def submit(gov, group, **fields) -> MonitoringResult:
    values = {
        "actor": gov.citizen,
        "group": group,
        "project": gov.project,
        **PERIOD,
        "terms": Compliance.DEVIATES,
        "quality": Compliance.COMPLIES,
        "cost": Compliance.NOT_ASSESSED,
        "social_results": "Станция даёт 5 МВт",
        "findings": "Сроки сдвинуты на два месяца",
    }
    values.update(fields)
    return services.result_submit(**values)


def fresh(person):
    """The person as a new request sees them (no grants kept from before)."""
    return type(person).objects.get(pk=person.pk)


def test_group_create_by_the_project_office_with_its_own_access_group(gov):
    group = services.group_create(actor=gov.deputy, body=gov.body, name="  Группа 1 ", basis="Приказ №5")
    assert group.name == "Группа 1" and group.basis == "Приказ №5" and group.is_active
    assert group.auth_group.name == f"public-monitoring-{group.pk}"
    assert group.history.first().history_user == gov.deputy
    # The administrator of the project office manages its team too (catalogue: po_admin has manage_team).
    assert services.group_create(actor=gov.po_admin, body=gov.body, name="Группа 2").pk
    assert services.group_create(actor=gov.office_staff, body=gov.body, name="Группа 3").pk
    with pytest.raises(ValidationError) as error:
        services.group_create(actor=gov.po_admin, body=gov.body, name="группа 1")
    assert "name" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.group_create(actor=gov.po_admin, body=gov.body, name="  ")


@pytest.mark.parametrize("who", ["citizen", "manager", "pm", "stranger", "chair"])
def test_group_create_refused_without_manage_team_on_the_body(gov, who):
    with pytest.raises(PermissionDenied):
        services.group_create(actor=getattr(gov, who), body=gov.body, name="Группа")
    assert not MonitoringGroup.objects.exists()


def test_member_sees_exactly_the_granted_project_read_only(gov):
    assert not authorization.can(gov.citizen, authorization.VIEW, gov.project)
    group = make_monitoring(gov)
    citizen = fresh(gov.citizen)
    assert authorization.can(citizen, authorization.VIEW, gov.project)
    for action in (authorization.CONTRIBUTE, authorization.CHANGE, authorization.MANAGE_TEAM):
        assert not authorization.can(citizen, action, gov.project)
    assert not authorization.can(citizen, authorization.VIEW, gov.project2)
    assert not authorization.can(citizen, authorization.VIEW, Task(project=gov.project2))
    assert authorization.can(citizen, authorization.VIEW, Task(project=gov.project))
    assert not authorization.can(citizen, authorization.CONTRIBUTE, Task(project=gov.project))
    services.project_revoke(actor=gov.po_admin, group=group, project=gov.project)
    assert not authorization.can(fresh(gov.citizen), authorization.VIEW, gov.project)


def test_member_removed_loses_access(gov):
    group = make_monitoring(gov)
    services.member_remove(actor=gov.deputy, group=group, person=gov.citizen)
    assert not authorization.can(fresh(gov.citizen), authorization.VIEW, gov.project)
    with pytest.raises(ValidationError):
        services.member_remove(actor=gov.deputy, group=group, person=gov.citizen)
    services.member_add(actor=gov.deputy, group=group, person=gov.citizen)
    with pytest.raises(ValidationError):
        services.member_add(actor=gov.deputy, group=group, person=gov.citizen)
    with pytest.raises(PermissionDenied):
        services.member_add(actor=gov.pm, group=group, person=gov.outsider)
    assert not gov.outsider.groups.exists()


def test_grant_rules(gov):
    group = make_monitoring(gov, grant=False)
    # The project manager manages the project's team but not the body's groups.
    with pytest.raises(PermissionDenied):
        services.project_grant(actor=gov.pm, group=group, project=gov.project)
    # A project of another body's program: the project office of this body does not manage it.
    other = make_project(
        group=make_group(direction=make_direction(program=gov.other_program, name="Д")), name="П"
    )
    with pytest.raises(PermissionDenied):
        services.project_grant(actor=gov.deputy, group=group, project=other)
    assert services.granted_project_ids(group) == set()
    services.project_grant(actor=gov.deputy, group=group, project=gov.project)
    with pytest.raises(ValidationError):
        services.project_grant(actor=gov.deputy, group=group, project=gov.project)
    with pytest.raises(ValidationError):
        services.project_revoke(actor=gov.deputy, group=group, project=gov.project2)
    assert services.granted_project_ids(group) == {gov.project.pk}
    assert Notification.objects.filter(recipient=gov.citizen, kind=services.KIND_ACCESS).count() == 1


def test_grant_refused_for_a_project_outside_programs(gov):
    """The standard basic direction of a state body is not a program: no public monitoring there (p.18)."""
    from programs.services import standard_direction_create

    standard = standard_direction_create(actor=None, body=gov.body)
    project = make_project(group=standard.groups.order_by("pk").first(), name="Типовой")
    group = make_monitoring(gov, grant=False)
    with pytest.raises(ValidationError) as error:
        services.project_grant(actor=gov.office_staff, group=group, project=project)
    assert "project" in error.value.message_dict
    assert services.granted_project_ids(group) == set()


def test_deactivate_revokes_every_grant(gov):
    group = make_monitoring(gov)
    services.project_grant(actor=gov.deputy, group=group, project=gov.project2)
    with pytest.raises(PermissionDenied):
        services.group_deactivate(actor=gov.citizen, group=group)
    services.group_deactivate(actor=gov.deputy, group=group, reason="Срок истёк")
    group.refresh_from_db()
    assert not group.is_active and services.granted_project_ids(group) == set()
    assert not authorization.can(fresh(gov.citizen), authorization.VIEW, gov.project)
    with pytest.raises(ValidationError):
        services.project_grant(actor=gov.deputy, group=group, project=gov.project)
    with pytest.raises(ValidationError):
        submit(gov, group)


def test_result_submit_by_a_member_notifies_the_project_office(gov):
    group = make_monitoring(gov)
    result = submit(gov, group)
    assert result.status == ResultStatus.SUBMITTED and result.submitted_by == gov.citizen
    told = set(
        Notification.objects.filter(kind=services.KIND_RESULT).values_list("recipient__username", flat=True)
    )
    assert told == {"deputy", "po_admin"}  # po_head and po_admin on the body; no po_chief_manager in the cast
    note = Notification.objects.filter(kind=services.KIND_RESULT).first()
    assert note.url == result.get_absolute_url()
    assert note.params["project"] == gov.project.code


def test_result_submit_rules(gov):
    group = make_monitoring(gov)
    with pytest.raises(PermissionDenied):
        submit(gov, group, actor=gov.deputy)  # the project office is not a member
    with pytest.raises(ValidationError) as error:
        submit(gov, group, project=gov.project2)  # not granted
    assert "project" in error.value.message_dict
    with pytest.raises(ValidationError):
        submit(gov, group, period_start=dt.date(2025, 4, 1), period_end=dt.date(2025, 3, 1))
    with pytest.raises(ValidationError):
        submit(
            gov,
            group,
            period_start=dt.date.today() + dt.timedelta(days=3),
            period_end=dt.date.today() + dt.timedelta(days=9),
        )
    with pytest.raises(ValidationError) as error:
        submit(gov, group, findings="   ")
    assert "findings" in error.value.message_dict
    with pytest.raises(ValidationError):
        submit(gov, group, terms="maybe")
    assert not MonitoringResult.objects.exists()
    assert not Notification.objects.filter(kind=services.KIND_RESULT).exists()


def test_result_consider_by_the_project_office(gov):
    group = make_monitoring(gov)
    result = submit(gov, group)
    for who in ("citizen", "pm", "manager"):
        with pytest.raises(PermissionDenied):
            services.result_consider(actor=getattr(gov, who), result=result, response="Принято")
    with pytest.raises(ValidationError) as error:
        services.result_consider(actor=gov.po_admin, result=result, response=" ")
    assert "response" in error.value.message_dict
    result.refresh_from_db()
    assert result.status == ResultStatus.SUBMITTED
    services.result_consider(actor=gov.po_admin, result=result, response="Учтём на комитете")
    result.refresh_from_db()
    assert (
        result.status == ResultStatus.RECEIVED and result.received_by == gov.po_admin and result.received_at
    )
    assert Notification.objects.get(kind=services.KIND_CONSIDERED).recipient == gov.citizen
    with pytest.raises(ValidationError):
        services.result_consider(actor=gov.deputy, result=result, response="Ещё раз")


def test_selectors_who_sees_what(gov):
    group = make_monitoring(gov)
    other_group = services.group_create(
        actor=gov.office_staff, body=gov.other_body, name="Мониторинг здоровья"
    )
    result = submit(gov, group)
    assert list(selectors.group_list(gov.citizen)) == [group]
    assert list(selectors.group_list(gov.deputy)) == [group]
    assert set(selectors.group_list(gov.office_staff)) == {group, other_group}
    for who in ("outsider", "pm", "manager", "stranger"):
        assert not selectors.group_list(getattr(gov, who)).exists()
        assert not selectors.result_list(getattr(gov, who)).exists()
        with pytest.raises(Http404):
            selectors.result_get(getattr(gov, who), result.pk)
    assert list(selectors.result_list(gov.citizen)) == [result]
    assert list(selectors.result_list(gov.po_admin, status=ResultStatus.SUBMITTED)) == [result]
    assert not selectors.result_list(gov.po_admin, status=ResultStatus.RECEIVED).exists()
    assert not selectors.result_list(gov.po_admin, group=other_group).exists()
    row = selectors.group_get(gov.deputy, group.pk)
    assert (row.member_count, row.project_count, row.awaiting) == (1, 1, 1)
    mine = selectors.my_monitoring(gov.citizen)
    assert [item.group for item in mine] == [group]
    assert [row.project for row in mine[0].projects] == [gov.project]
    assert mine[0].projects[0].last_result == result
    assert selectors.my_monitoring(gov.deputy) == []
    assert selectors.awaiting_results(gov.deputy) == [result]
    assert selectors.awaiting_results(gov.citizen) == []


def test_my_monitoring_costs_four_queries_however_many_projects(gov, django_assert_num_queries):
    group = make_monitoring(gov)
    submit(gov, group)
    citizen = fresh(gov.citizen)
    with django_assert_num_queries(4):
        first = selectors.my_monitoring(citizen)
    services.project_grant(actor=gov.deputy, group=group, project=gov.project2)
    second_group = services.group_create(actor=gov.deputy, body=gov.body, name="Вторая группа")
    services.member_add(actor=gov.deputy, group=second_group, person=gov.citizen)
    services.project_grant(actor=gov.deputy, group=second_group, project=gov.project)
    submit(gov, group, project=gov.project2)
    citizen = fresh(gov.citizen)
    with django_assert_num_queries(4):
        second = selectors.my_monitoring(citizen)
    assert len(first) == 1 and len(second) == 2
    assert sum(len(item.projects) for item in second) == 3


def test_notifications_read_as_sentences(gov):
    from org.notification_kinds import icon, render

    group = make_monitoring(gov)
    result = submit(gov, group)
    services.result_consider(actor=gov.deputy, result=result, response="Принято")
    texts = {
        note.kind: (render(note), icon(note))
        for note in Notification.objects.select_related("actor").filter(
            kind__startswith="governance.monitoring"
        )
    }
    assert set(texts) == {
        services.KIND_MEMBER,
        services.KIND_ACCESS,
        services.KIND_RESULT,
        services.KIND_CONSIDERED,
    }
    assert (
        gov.project.code in texts[services.KIND_RESULT][0] and "Гражданов" in texts[services.KIND_RESULT][0]
    )
    assert texts[services.KIND_RESULT][1] == "binoculars"
    assert group.name in texts[services.KIND_MEMBER][0]
    assert "considered" in texts[services.KIND_CONSIDERED][0]
