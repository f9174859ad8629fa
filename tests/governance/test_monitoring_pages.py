"""Pages of public monitoring (Rules p.18): "My monitoring", the project office's groups, a group with its forms,
filing and considering results; 404 for outsiders, 403 for a visible-but-not-allowed action; pinned queries."""

import pytest
from django.urls import reverse

from governance.choices import Compliance, ResultStatus
from governance.models import MonitoringGroup, MonitoringResult
from governance.services import monitoring as services
from tests.governance.test_monitoring_services import make_monitoring, submit

pytestmark = pytest.mark.django_db

#: session, user, grants, memberships, granted pairs, projects, last results, the groups (none managed: no more)
LIST_MEMBER_QUERIES = 7
#: session, user, grants, memberships (none), the groups with their counts, the results awaiting consideration
LIST_OFFICE_QUERIES = 6
#: session, user, grants, the group, "may manage" body, membership, members, granted pairs, projects, results,
#: grantable projects
DETAIL_OFFICE_QUERIES = 11


def result_form(gov, **fields):
    data = {
        "project": gov.project.pk,
        "period_start": "2025-01-01",
        "period_end": "2025-03-31",
        "terms": Compliance.DEVIATES,
        "quality": Compliance.COMPLIES,
        "cost": Compliance.NOT_ASSESSED,
        "social_results": "Станция построена на 40%",
        "findings": "Отставание от графика",
    }
    data.update(fields)
    return data


def test_outsider_gets_404_everywhere_and_403_on_create(client, gov):
    group = make_monitoring(gov)
    result = submit(gov, group)
    for who in ("outsider", "pm", "manager", "stranger"):
        client.force_login(getattr(gov, who))
        for name, args in (
            ("monitoring-group-detail", [group.pk]),
            ("monitoring-result-create", [group.pk]),
            ("monitoring-result-detail", [result.pk]),
        ):
            assert client.get(reverse(name, args=args)).status_code == 404, (who, name)
        for name, args in (
            ("monitoring-member-add", [group.pk]),
            ("monitoring-project-grant", [group.pk]),
            ("monitoring-result-consider", [result.pk]),
        ):
            assert client.post(reverse(name, args=args), {"person": gov.outsider.pk}).status_code == 404
        assert client.get(reverse("monitoring-group-create")).status_code == 403
        page = client.get(reverse("monitoring-group-list"))
        assert page.status_code == 200 and group.name not in page.content.decode()
    assert not gov.outsider.groups.exists()
    assert MonitoringResult.objects.get().status == ResultStatus.SUBMITTED


def test_member_cannot_manage_the_group_403(client, gov):
    group = make_monitoring(gov, grant=False)
    client.force_login(gov.citizen)
    for name in ("monitoring-member-add", "monitoring-project-grant", "monitoring-group-deactivate"):
        response = client.post(
            reverse(name, args=[group.pk]), {"person": gov.outsider.pk, "project": gov.project.pk}
        )
        assert response.status_code == 403, name
    assert client.get(reverse("monitoring-group-create")).status_code == 403
    group.refresh_from_db()
    assert group.is_active and services.granted_project_ids(group) == set()


def test_project_office_forms_a_group_adds_a_member_and_grants_a_project(client, gov):
    client.force_login(gov.deputy)
    page = client.get(reverse("monitoring-group-create"))
    assert page.status_code == 200 and str(gov.body) in page.content.decode()
    refused = client.post(reverse("monitoring-group-create"), {"body": gov.body.pk, "name": " "})
    assert refused.status_code == 400 and not MonitoringGroup.objects.exists()
    response = client.post(
        reverse("monitoring-group-create"),
        {"body": gov.body.pk, "name": "Мониторинг ВИЭ", "basis": "Приказ №1"},
    )
    group = MonitoringGroup.objects.get()
    assert response.status_code == 302 and response.url == group.get_absolute_url()
    detail = reverse("monitoring-group-detail", args=[group.pk])
    found = client.get(detail, {"person_q": "Гражданов", "project_q": gov.project.code}).content.decode()
    assert f'value="{gov.citizen.pk}"' in found and f'value="{gov.project.pk}"' in found
    client.post(reverse("monitoring-member-add", args=[group.pk]), {"person": gov.citizen.pk})
    client.post(reverse("monitoring-project-grant", args=[group.pk]), {"project": gov.project.pk})
    assert list(group.auth_group.user_set.all()) == [gov.citizen]
    assert services.granted_project_ids(group) == {gov.project.pk}
    # A broken rule: the page again with the reason, nothing changed.
    again = client.post(
        reverse("monitoring-project-grant", args=[group.pk]), {"project": gov.project.pk}, follow=True
    )
    assert "already has access" in again.content.decode()
    # The citizen now sees the project read-only, and not the other one.
    client.force_login(gov.citizen)
    assert client.get(reverse("project-detail", args=[gov.project.pk])).status_code == 200
    assert client.get(reverse("project-detail", args=[gov.project2.pk])).status_code == 404
    client.force_login(gov.po_admin)
    client.post(reverse("monitoring-project-revoke", args=[group.pk]), {"project": gov.project.pk})
    client.force_login(gov.citizen)
    assert client.get(reverse("project-detail", args=[gov.project.pk])).status_code == 404
    client.force_login(gov.deputy)
    client.post(reverse("monitoring-member-remove", args=[group.pk]), {"person": gov.citizen.pk})
    client.post(reverse("monitoring-group-update", args=[group.pk]), {"name": "Новое имя", "basis": ""})
    client.post(reverse("monitoring-group-deactivate", args=[group.pk]), {"reason": "Завершено"})
    group.refresh_from_db()
    assert group.name == "Новое имя" and not group.is_active and not group.auth_group.user_set.exists()


def test_member_files_results_and_the_project_office_considers_them(client, gov):
    group = make_monitoring(gov)
    client.force_login(gov.citizen)
    listing = client.get(reverse("monitoring-group-list")).content.decode()
    assert "My monitoring" in listing and gov.project.code in listing
    create = reverse("monitoring-result-create", args=[group.pk])
    assert f"{create}?project={gov.project.pk}" in listing
    form = client.get(create, {"project": gov.project.pk})
    assert form.status_code == 200 and gov.project2.code not in form.content.decode()
    bad = client.post(create, result_form(gov, findings=""))
    assert bad.status_code == 400 and not MonitoringResult.objects.exists()
    not_granted = client.post(create, result_form(gov, project=gov.project2.pk))
    assert not_granted.status_code == 400 and not MonitoringResult.objects.exists()
    response = client.post(create, result_form(gov))
    result = MonitoringResult.objects.get()
    assert response.status_code == 302 and response.url == result.get_absolute_url()
    page = client.get(result.get_absolute_url()).content.decode()
    assert "Отставание от графика" in page and "consider-response" not in page
    # The project office: the result awaits on the list page; a non-member may not file (403).
    client.force_login(gov.deputy)
    listing = client.get(reverse("monitoring-group-list")).content.decode()
    assert result.get_absolute_url() in listing
    assert client.get(create).status_code == 403
    assert "consider-response" in client.get(result.get_absolute_url()).content.decode()
    client.post(reverse("monitoring-result-consider", args=[result.pk]), {"response": "Вынесем на комитет"})
    result.refresh_from_db()
    assert result.status == ResultStatus.RECEIVED and result.response == "Вынесем на комитет"
    client.force_login(gov.citizen)
    assert "Вынесем на комитет" in client.get(result.get_absolute_url()).content.decode()
    assert (
        client.post(reverse("monitoring-result-consider", args=[result.pk]), {"response": "x"}).status_code
        == 403
    )


def test_list_and_detail_queries_are_pinned(client, gov, django_assert_num_queries):
    group = make_monitoring(gov)
    submit(gov, group)
    url = reverse("monitoring-group-list")
    detail = reverse("monitoring-group-detail", args=[group.pk])
    client.force_login(gov.citizen)
    with django_assert_num_queries(LIST_MEMBER_QUERIES):
        client.get(url)
    client.force_login(gov.deputy)
    with django_assert_num_queries(LIST_OFFICE_QUERIES):
        client.get(url)
    with django_assert_num_queries(DETAIL_OFFICE_QUERIES):
        client.get(detail)
    # More groups, members, projects and results: the same number of queries.
    services.project_grant(actor=gov.deputy, group=group, project=gov.project2)
    services.member_add(actor=gov.deputy, group=group, person=gov.outsider)
    for number in range(3):
        other = services.group_create(actor=gov.deputy, body=gov.body, name=f"Группа {number}")
        services.member_add(actor=gov.deputy, group=other, person=gov.citizen)
        services.project_grant(actor=gov.deputy, group=other, project=gov.project)
        submit(gov, other)
    submit(gov, group, project=gov.project2)
    client.force_login(gov.citizen)
    with django_assert_num_queries(LIST_MEMBER_QUERIES):
        page = client.get(url)
    assert page.content.decode().count("File results") == 5
    client.force_login(gov.deputy)
    with django_assert_num_queries(LIST_OFFICE_QUERIES):
        page = client.get(url)
    assert page.content.decode().count("monitoring/results/") == 5
    with django_assert_num_queries(DETAIL_OFFICE_QUERIES):
        client.get(detail)


def test_admin_lists_groups_and_results_read_only(client, gov):
    group = make_monitoring(gov)
    result = submit(gov, group)
    admin = type(gov.outsider).objects.create_superuser("root", "root@example.kz", "x")
    client.force_login(admin)
    groups = client.get(reverse("admin:governance_monitoringgroup_changelist"))
    assert groups.status_code == 200 and group.name in groups.content.decode()
    assert (
        client.get(reverse("admin:governance_monitoringresult_change", args=[result.pk])).status_code == 200
    )
    assert client.get(reverse("admin:governance_monitoringgroup_add")).status_code == 403
