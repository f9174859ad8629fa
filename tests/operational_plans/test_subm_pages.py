"""Pages of the units' quarterly information (OP Rules p.11–14): the overview, opening, the form, submitting by
the head with the confirmation of p.14, returning by the monitoring unit."""

import datetime as dt

from django.urls import reverse

from operational_plans.choices import SubmissionStatus
from operational_plans.models import Activity, Submission, SubmissionRow
from operational_plans.services.submissions import submission_open, submission_refresh
from org.models import Unit

JUNE = dt.date(2026, 6, 5)


def _as(client, person):
    client.force_login(person)
    return client


def _list(op, quarter=2):
    return reverse("op-submission-list", args=[op.plan.pk]) + f"?quarter={quarter}"


def _open(op):
    return submission_open(actor=op.staff_a, plan=op.plan, unit=op.unit_a, quarter=2, today=JUNE)


def test_the_overview_for_the_monitoring_unit_and_for_a_unit(op, client):
    page = _as(client, op.mon).get(_list(op))
    assert page.status_code == 200
    html = page.content.decode()
    assert op.unit_a.name_ru in html and op.unit_b.name_ru in html
    assert "Overdue" in html and 'id="submission-deadline"' in html
    assert (
        reverse("op-submission-open", args=[op.plan.pk]) not in html
    )  # the monitoring unit does not fill in

    html = _as(client, op.staff_b).get(_list(op)).content.decode()
    assert op.unit_b.name_ru in html and op.unit_a.name_ru not in html
    assert reverse("op-submission-open", args=[op.plan.pk]) in html
    for person in (op.outsider, op.stranger):
        assert _as(client, person).get(_list(op)).status_code == 404


def test_the_overview_page_has_a_fixed_number_of_queries(op, client, django_assert_num_queries):
    _as(client, op.mon)
    client.get(_list(op))
    with django_assert_num_queries(8):
        client.get(_list(op))
    for n in range(12):
        unit = Unit.objects.create(body=op.body, code=f"u{n}", name_ru=f"Отдел {n}")
        Activity.objects.create(plan=op.plan, name_ru=f"М {n}", unit=unit, deadline=dt.date(2026, 12, 1))
        Submission.objects.create(plan=op.plan, unit=unit, quarter=2)
    with django_assert_num_queries(8):
        assert client.get(_list(op)).content.decode().count("data-unit=") == 14


def test_a_unit_fills_in_and_its_head_submits_with_the_confirmation(op, client):
    opened = _as(client, op.staff_a).post(
        reverse("op-submission-open", args=[op.plan.pk]), {"unit": op.unit_a.pk, "quarter": 2}
    )
    submission = Submission.objects.get()
    assert opened.status_code == 302 and opened.url == submission.get_absolute_url()
    url = submission.get_absolute_url()
    html = client.get(url).content.decode()
    for name in (
        f'name="row-{op.a1.pk}-status"',
        f'name="row-{op.a1.pk}-actual"',
        f'name="row-{op.a1.pk}-reasons"',
    ):
        assert name in html
    assert 'id="save-submission"' in html and 'id="submit-submission"' not in html
    assert "Suggested by the linked work: Not executed (0 of 2 done)" in html
    # Staff save, but may not submit (p.14).
    saved = client.post(url, {"version": 1, "action": "save", f"row-{op.a2.pk}-status": "executed"})
    assert saved.status_code == 302
    assert SubmissionRow.objects.get(activity=op.a2).status == "executed"
    assert client.post(url, {"version": 2, "action": "submit", "confirm": "1"}).status_code == 403

    html = _as(client, op.head_a).get(url).content.decode()
    assert 'id="confirm-accuracy"' in html and 'id="submit-submission"' in html
    form = {
        "version": 2,
        "action": "submit",
        f"row-{op.a1.pk}-status": "partial",
        f"row-{op.a1.pk}-actual": "Прототип готов",
        f"row-{op.a1.pk}-reasons": "Задержка поставки серверов",
        f"row-{op.a2.pk}-status": "executed",
    }
    refused = client.post(url, form, follow=True)
    assert "Confirm the accuracy" in refused.content.decode()
    assert Submission.objects.get().status == SubmissionStatus.DRAFT
    done = client.post(url, {**form, "confirm": "1"}, follow=True)
    html = done.content.decode()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED and submission.late  # Q2 was due 10 July 2026
    assert 'id="submission-status">Submitted late<' in html
    row = SubmissionRow.objects.get(activity=op.a1)
    assert (row.status, row.reasons) == ("partial", "Задержка поставки серверов")
    assert 'id="save-submission"' not in html

    # The monitoring unit returns it; others may not.
    return_url = reverse("op-submission-return", args=[op.plan.pk, submission.pk])
    assert client.post(return_url, {"reason": "x"}).status_code == 403  # the head may not return it
    assert Submission.objects.get().status == SubmissionStatus.SUBMITTED
    html = _as(client, op.mon).get(url).content.decode()
    assert 'id="return-form"' in html and 'id="save-submission"' not in html
    client.post(return_url, {"reason": "Уточните данные", "version": submission.version})
    assert Submission.objects.get().status == SubmissionStatus.RETURNED
    assert "Уточните данные" in _as(client, op.staff_a).get(url).content.decode()


def test_outsiders_and_other_units_get_404(op, client):
    submission = _open(op)
    url = submission.get_absolute_url()
    for person in (op.outsider, op.stranger, op.staff_b, op.head_b):
        assert _as(client, person).get(url).status_code == 404
        assert client.post(url, {"version": 1, "action": "save"}).status_code == 404
    assert _as(client, op.reader).get(url).status_code == 200
    assert client.post(url, {"version": 1, "action": "save"}).status_code == 403
    other = _as(client, op.staff_b).post(
        reverse("op-submission-open", args=[op.plan.pk]), {"unit": op.unit_a.pk, "quarter": 2}
    )
    assert other.status_code == 403


def test_the_form_page_has_a_fixed_number_of_queries(op, client, django_assert_num_queries):
    submission = _open(op)
    url = submission.get_absolute_url()
    _as(client, op.staff_a)
    client.get(url)
    with django_assert_num_queries(10):
        client.get(url)
    for n in range(20):
        Activity.objects.create(
            plan=op.plan,
            heading=op.target_heading,
            name_ru=f"М {n}",
            unit=op.unit_a,
            deadline=dt.date(2026, 12, 1),
        )
    submission_refresh(actor=op.staff_a, submission=submission, today=JUNE)
    with django_assert_num_queries(10):
        html = client.get(url).content.decode()
    assert html.count('-status" id="row-') == 22
