"""API of the units' quarterly information: ``/api/v1/operational-plans/{id}/submissions/`` (OP Rules p.11–14)."""

import datetime as dt

from operational_plans.choices import SubmissionStatus
from operational_plans.models import Activity, Report, Submission
from operational_plans.services.submissions import submission_open
from org.models import Person, Unit

JUNE = dt.date(2026, 6, 5)


def _url(op, pk=None, action=None):
    base = f"/api/v1/operational-plans/{op.plan.pk}/submissions/"
    if pk is not None:
        base += f"{pk}/"
    if action:
        base += f"{action}/"
    return base


def _open(op, unit=None, actor=None):
    return submission_open(
        actor=actor or op.staff_a, plan=op.plan, unit=unit or op.unit_a, quarter=2, today=JUNE
    )


def test_the_overview_shows_every_unit_to_the_monitoring_unit_and_its_own_to_a_unit(op, api_as):
    _open(op)
    answer = api_as(op.mon).get(_url(op), {"quarter": 2})
    assert answer.status_code == 200
    data = answer.json()
    assert (data["year"], data["quarter"], data["count"]) == (2026, 2, 2)
    by_unit = {row["unit"]: row for row in data["results"]}
    assert by_unit[op.unit_a.pk]["state"] == "overdue"  # a draft after 10 July 2026
    assert by_unit[op.unit_a.pk]["status"] == "draft" and by_unit[op.unit_a.pk]["activities"] == 2
    assert by_unit[op.unit_b.pk]["submission"] is None and by_unit[op.unit_b.pk]["late"] is True
    assert by_unit[op.unit_a.pk]["deadline"] == "2026-07-10"
    assert by_unit[op.unit_a.pk]["head_name"] == op.head_a.full_name

    mine = api_as(op.staff_b).get(_url(op), {"quarter": 2}).json()
    assert [row["unit"] for row in mine["results"]] == [op.unit_b.pk]
    assert api_as(op.mon).get(_url(op), {"quarter": 2, "unit": op.unit_b.pk}).json()["count"] == 1
    assert api_as(op.mon).get(_url(op), {"quarter": 7}).status_code == 400
    for person in (op.outsider, op.stranger):
        assert api_as(person).get(_url(op)).status_code == 404


def test_the_overview_has_a_fixed_number_of_queries(op, api_as, django_assert_num_queries):
    """Powers (2), the plan, the units' activities, their information, the units with their heads: six."""
    client = api_as(Person.objects.get(pk=op.mon.pk))  # a person as a request loads them: powers not read yet
    with django_assert_num_queries(6):
        assert client.get(_url(op), {"quarter": 2}).json()["count"] == 2
    for n in range(15):
        unit = Unit.objects.create(body=op.body, code=f"u{n}", name_ru=f"Отдел {n}")
        Activity.objects.create(plan=op.plan, name_ru=f"М {n}", unit=unit, deadline=dt.date(2026, 12, 1))
        Submission.objects.create(plan=op.plan, unit=unit, quarter=2)
    client = api_as(Person.objects.get(pk=op.mon.pk))
    with django_assert_num_queries(6):
        assert client.get(_url(op), {"quarter": 2}).json()["count"] == 17


def test_a_unit_opens_saves_and_its_head_submits(op, api_as):
    created = api_as(op.staff_a).post(_url(op), {"unit": op.unit_a.pk, "quarter": 3}, format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert [row["activity"] for row in data["rows"]] == [op.a2.pk, op.a1.pk]  # the form's order: macro first
    assert [row["number"] for row in data["rows"]] == ["1", "2"]
    assert data["rows"][1]["suggested_status"] == "not_executed"
    pk, version = data["id"], data["version"]
    # Someone of another unit does not see it; the monitoring unit may not fill it in.
    assert api_as(op.staff_b).get(_url(op, pk)).status_code == 404
    assert (
        api_as(op.staff_b).post(_url(op), {"unit": op.unit_a.pk, "quarter": 3}, format="json").status_code
        == 403
    )
    rows = [
        {"activity": op.a1.pk, "status": "partial", "actual_execution": "Прототип готов", "reasons": "Сроки"},
        {"activity": op.a2.pk, "status": "executed", "actual_execution": "Обучено 120"},
    ]
    assert (
        api_as(op.mon).patch(_url(op, pk), {"version": version, "rows": rows}, format="json").status_code
        == 403
    )
    saved = api_as(op.staff_a).patch(_url(op, pk), {"version": version, "rows": rows}, format="json")
    assert saved.status_code == 200
    assert saved.json()["version"] == version + 1
    stale = api_as(op.staff_a).patch(_url(op, pk), {"version": version, "rows": rows}, format="json")
    assert stale.status_code == 409 and stale.json()["current"]["version"] == version + 1
    bad = api_as(op.staff_a).patch(
        _url(op, pk), {"version": version + 1, "rows": [{"activity": op.a3.pk}]}, format="json"
    )
    assert bad.status_code == 400
    # Staff may save but not submit (p.14): the head does.
    assert (
        api_as(op.staff_a).post(_url(op, pk, "submit"), {"version": version + 1}, format="json").status_code
        == 403
    )
    submitted = api_as(op.head_a).post(_url(op, pk, "submit"), {"version": version + 1}, format="json")
    assert submitted.status_code == 200
    # Q3 2026 was due 12 October 2026 (the 10th is a Saturday): submitted after it, it is flagged late.
    assert (submitted.json()["status"], submitted.json()["state"], submitted.json()["late"]) == (
        "submitted",
        "submitted_late",
        True,
    )
    # The monitoring unit returns it.
    assert api_as(op.head_a).post(_url(op, pk, "return"), {"reason": "x"}, format="json").status_code == 403
    empty = api_as(op.mon).post(_url(op, pk, "return"), {"reason": ""}, format="json")
    assert empty.status_code == 400
    returned = api_as(op.mon).post(_url(op, pk, "return"), {"reason": "Уточните"}, format="json")
    assert returned.status_code == 200 and returned.json()["returned_reason"] == "Уточните"
    assert Submission.objects.get(pk=pk).status == SubmissionStatus.RETURNED


def test_refresh_and_the_lock_after_the_report(op, api_as):
    submission = _open(op)
    refreshed = api_as(op.staff_a).post(_url(op, submission.pk, "refresh"), {"version": 1}, format="json")
    assert refreshed.status_code == 200 and refreshed.json()["version"] == 2
    assert api_as(op.mon).post(_url(op, submission.pk, "refresh"), {}, format="json").status_code == 403
    Report.objects.create(plan=op.plan, quarter=2, status="issued")
    locked = api_as(op.staff_a).patch(_url(op, submission.pk), {"version": 2, "rows": []}, format="json")
    assert locked.status_code == 400
    assert "locked" in str(locked.json())
    assert api_as(op.staff_a).get(_url(op, submission.pk)).json()["locked"] is True
    assert api_as(op.outsider).get(_url(op, submission.pk)).status_code == 404
