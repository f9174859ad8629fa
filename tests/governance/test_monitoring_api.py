"""API of public monitoring (Rules p.18): /api/v1/governance/monitoring-groups/ and monitoring-results/."""

import pytest

from governance.choices import Compliance, ResultStatus
from governance.models import MonitoringGroup, MonitoringResult
from governance.services import monitoring as services
from org.models import Notification
from projects.models import Task
from tests.governance.test_monitoring_services import fresh, make_monitoring, submit

pytestmark = pytest.mark.django_db

GROUPS = "/api/v1/governance/monitoring-groups/"
RESULTS = "/api/v1/governance/monitoring-results/"

#: user's grants, count, the page of groups, their auth groups, their members, granted pairs, projects
GROUP_LIST_QUERIES = 7
#: user's grants, count, the page of results
RESULT_LIST_QUERIES = 3


def result_data(gov, group, **fields):
    data = {
        "group": group.pk,
        "project": gov.project.pk,
        "period_start": "2025-01-01",
        "period_end": "2025-03-31",
        "terms": Compliance.COMPLIES,
        "quality": Compliance.DEVIATES,
        "cost": Compliance.COMPLIES,
        "findings": "Качество бетона ниже нормы",
    }
    data.update(fields)
    return data


def test_groups_create_members_projects(api_as, gov):
    refused = api_as(gov.citizen).post(GROUPS, {"body": gov.body.pk, "name": "Группа"}, format="json")
    assert refused.status_code == 403
    refused = api_as(gov.pm).post(GROUPS, {"body": gov.body.pk, "name": "Группа"}, format="json")
    assert refused.status_code == 403
    # The Office's staff may form groups of any body; the other body's project office may not form ours.
    assert (
        api_as(gov.stranger).post(GROUPS, {"body": gov.body.pk, "name": "Г"}, format="json").status_code
        == 403
    )
    api = api_as(gov.deputy)
    assert api.post(GROUPS, {"body": gov.body.pk, "name": ""}, format="json").status_code == 400
    created = api.post(
        GROUPS, {"body": f"body:{gov.body.pk}", "name": "Мониторинг", "basis": "Приказ"}, format="json"
    )
    assert created.status_code == 201, created.json()
    group_id = created.json()["id"]
    members = f"{GROUPS}{group_id}/members/"
    projects = f"{GROUPS}{group_id}/projects/"
    answer = api.post(members, {"person": gov.citizen.pk}, format="json").json()
    assert [member["id"] for member in answer["members"]] == [gov.citizen.pk] and answer["member_count"] == 1
    assert api.post(members, {"person": gov.citizen.pk}, format="json").status_code == 400
    answer = api.post(projects, {"project": f"project:{gov.project.pk}"}, format="json").json()
    assert [project["code"] for project in answer["projects"]] == [gov.project.code]
    assert api.post(projects, {"project": gov.project.pk}, format="json").status_code == 400
    # The member sees the project read-only; the other project is not there; a task on its board: 403.
    citizen = api_as(gov.citizen)
    assert citizen.get(f"/api/v1/projects/{gov.project.pk}/").status_code == 200
    assert citizen.get(f"/api/v1/projects/{gov.project2.pk}/").status_code == 404
    task = citizen.post("/api/v1/tasks/", {"project": gov.project.pk, "title": "Проверка"}, format="json")
    assert task.status_code == 403 and not Task.objects.exists()
    assert citizen.post(members, {"person": gov.outsider.pk}, format="json").status_code == 403
    assert citizen.delete(projects, {"project": gov.project.pk}, format="json").status_code == 403
    assert citizen.get(f"{GROUPS}{group_id}/").json()["projects"][0]["id"] == gov.project.pk
    # Revoked: 404 again.
    api = api_as(gov.deputy)
    assert api.delete(projects, {"project": gov.project.pk}, format="json").json()["projects"] == []
    citizen = api_as(gov.citizen)
    assert citizen.get(f"/api/v1/projects/{gov.project.pk}/").status_code == 404
    api = api_as(gov.deputy)
    assert api.delete(members, {"person": gov.citizen.pk}, format="json").json()["members"] == []
    assert api.post(f"{GROUPS}{group_id}/deactivate/", {}, format="json").json()["is_active"] is False
    assert api_as(gov.outsider).get(f"{GROUPS}{group_id}/").status_code == 404
    assert api_as(gov.outsider).post(members, {"person": gov.outsider.pk}, format="json").status_code == 404


def test_group_list_pinned(api_as, gov, django_assert_num_queries):
    make_monitoring(gov)
    api = api_as(fresh(gov.deputy))
    with django_assert_num_queries(GROUP_LIST_QUERIES):
        rows = api.get(GROUPS).json()["results"]
    assert [row["project_count"] for row in rows] == [1]
    for number in range(3):
        group = services.group_create(actor=gov.deputy, body=gov.body, name=f"Группа {number}")
        services.member_add(actor=gov.deputy, group=group, person=gov.outsider)
        services.project_grant(actor=gov.deputy, group=group, project=gov.project2)
    api = api_as(fresh(gov.deputy))
    with django_assert_num_queries(GROUP_LIST_QUERIES):
        rows = api.get(GROUPS).json()["results"]
    assert len(rows) == 4 and all(row["members"] and row["projects"] for row in rows)
    assert api_as(gov.outsider).get(GROUPS).json()["count"] == 3
    assert api_as(gov.stranger).get(GROUPS).json()["count"] == 0


def test_results_submit_consider_and_filters(api_as, gov, django_assert_num_queries):
    group = make_monitoring(gov)
    assert api_as(gov.outsider).post(RESULTS, result_data(gov, group), format="json").status_code == 400
    assert api_as(gov.deputy).post(RESULTS, result_data(gov, group), format="json").status_code == 403
    citizen = api_as(gov.citizen)
    assert (
        citizen.post(RESULTS, result_data(gov, group, project=gov.project2.pk), format="json").status_code
        == 400
    )
    assert citizen.post(RESULTS, result_data(gov, group, findings=""), format="json").status_code == 400
    assert not MonitoringResult.objects.exists()
    created = citizen.post(RESULTS, result_data(gov, group), format="json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert body["status"] == ResultStatus.SUBMITTED and body["project_code"] == gov.project.code
    assert Notification.objects.filter(kind=services.KIND_RESULT, recipient=gov.deputy).exists()
    consider = f"{RESULTS}{body['id']}/consider/"
    assert citizen.post(consider, {"response": "Сами рассмотрим"}, format="json").status_code == 403
    assert api_as(gov.outsider).post(consider, {"response": "x"}, format="json").status_code == 404
    assert api_as(gov.outsider).get(f"{RESULTS}{body['id']}/").status_code == 404
    office = api_as(gov.po_admin)
    assert office.post(consider, {"response": ""}, format="json").status_code == 400
    answer = office.post(consider, {"response": "Направлено менеджеру проекта"}, format="json").json()
    assert answer["status"] == ResultStatus.RECEIVED and answer["received_by"] == gov.po_admin.pk
    assert office.post(consider, {"response": "Ещё"}, format="json").status_code == 400
    for _number in range(3):
        submit(gov, group)
    office = api_as(fresh(gov.po_admin))
    with django_assert_num_queries(RESULT_LIST_QUERIES):
        rows = office.get(RESULTS, {"status": ResultStatus.SUBMITTED}).json()
    assert rows["count"] == 3
    assert office.get(RESULTS, {"group": group.pk, "project": gov.project2.pk}).json()["count"] == 0
    assert api_as(gov.citizen).get(RESULTS).json()["count"] == 4
    assert api_as(gov.pm).get(RESULTS).json()["count"] == 0
    assert MonitoringGroup.objects.count() == 1
