"""The completion report (Rules p.63, p.100, p.102), the program's lessons log, project performance and
certificates: services, pages and API."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from org.models import Certification
from org.services.certifications import certification_add, certification_delete
from pmis.core.concurrency import StaleVersion
from programs.completion_services import (
    completion_report_get_or_create,
    completion_report_issue,
    completion_report_reopen,
    completion_report_update,
    program_lesson_create,
    program_lesson_delete,
    program_lesson_update,
)
from programs.models import CompletionReport, ProgramLesson
from projects.models import Lesson, Project, ProjectPerformance
from projects.services.performance import performance_update
from tests.factories import make_project

# --- completion report ------------------------------------------------------------------------------------------


def test_report_lifecycle_issue_freezes_and_refuses_updates(gov):
    report = completion_report_get_or_create(gov.program)
    report = completion_report_update(
        actor=gov.po_admin,
        program=gov.program,
        version=report.version,
        summary="Сделано всё",
        deviations="Задержка на 2 месяца",
        incentives=[gov.pm.pk, gov.bd_head.pk],
        competition_nominated=True,
    )
    assert set(report.incentives.values_list("pk", flat=True)) == {gov.pm.pk, gov.bd_head.pk}
    ProjectPerformance.objects.create(project=gov.project, consultants_involved=True, consultant="C")
    issued = completion_report_issue(actor=gov.manager, program=gov.program, version=report.version)
    assert issued.status == "issued" and issued.issued_by == gov.manager and issued.issued_at
    frozen = {row["key"]: row for row in issued.snapshot["ratios"]}
    assert (frozen["consultants"]["numerator"], frozen["consultants"]["denominator"]) == (1, 2)
    assert issued.snapshot["projects_by_status"]["active"] == 2

    # Later facts do not change the issued figures.
    ProjectPerformance.objects.filter(project=gov.project).update(consultants_involved=False)
    make_project(group=gov.group2, name="Новый")
    issued.refresh_from_db()
    assert issued.snapshot["projects_by_status"]["active"] == 2

    with pytest.raises(ValidationError, match="read-only"):
        completion_report_update(actor=gov.po_admin, program=gov.program, summary="Иначе")
    with pytest.raises(ValidationError, match="already issued"):
        completion_report_issue(actor=gov.po_admin, program=gov.program)
    issued.refresh_from_db()
    assert issued.summary == "Сделано всё"

    with pytest.raises(PermissionDenied):  # the project office's admin changes but does not approve
        completion_report_reopen(actor=gov.po_admin, program=gov.program, reason="Ошибка")
    with pytest.raises(ValidationError):
        completion_report_reopen(actor=gov.manager, program=gov.program, reason=" ")
    reopened = completion_report_reopen(actor=gov.manager, program=gov.program, reason="Уточнить итоги")
    assert reopened.status == "draft" and reopened.snapshot == {} and reopened.issued_by is None
    completion_report_update(actor=gov.po_admin, program=gov.program, summary="Иначе")


def test_report_rules(gov):
    with pytest.raises(PermissionDenied):
        completion_report_update(actor=gov.committee_member, program=gov.program, summary="x")
    with pytest.raises(PermissionDenied):
        completion_report_update(actor=gov.stranger, program=gov.program, summary="x")
    with pytest.raises(ValidationError, match="held roles"):
        completion_report_update(actor=gov.po_admin, program=gov.program, incentives=[gov.stranger.pk])
    with pytest.raises(ValidationError, match="summary"):
        completion_report_issue(actor=gov.po_admin, program=gov.program)
    report = completion_report_update(actor=gov.po_admin, program=gov.program, summary="Итоги")
    with pytest.raises(StaleVersion):
        completion_report_update(actor=gov.po_admin, program=gov.program, version=1, summary="Старое")
    report.refresh_from_db()
    assert report.summary == "Итоги" and report.incentives.count() == 0


def test_completion_page_live_then_frozen(gov, client):
    client.force_login(gov.po_admin)
    url = reverse("program-completion", args=[gov.program.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert "Figures (live until issued)" in response.content.decode()
    assert not CompletionReport.objects.exists()  # reading writes nothing
    response = client.post(
        url,
        {
            "summary": "Итоги программы",
            "deviations": "",
            "incentives": [gov.pm.pk],
            "competition_nominated": "on",
        },
    )
    assert response.status_code == 302
    report = CompletionReport.objects.get(program=gov.program)
    assert report.competition_nominated and list(report.incentives.all()) == [gov.pm]
    client.post(reverse("program-completion-issue", args=[gov.program.pk]), {"version": report.version})
    report.refresh_from_db()
    assert report.status == "issued"
    html = client.get(url).content.decode()
    assert "Figures frozen on" in html and "Issue the report" not in html and 'name="summary"' not in html
    refused = client.post(url, {"summary": "Новое"})  # po_admin may change, but the report is issued
    assert refused.status_code == 400 and "reopen it to change it" in refused.content.decode()
    report.refresh_from_db()
    assert report.summary == "Итоги программы"


def test_completion_page_permissions(gov, client):
    url = reverse("program-completion", args=[gov.program.pk])
    client.force_login(gov.outsider)
    assert client.get(url).status_code == 404
    assert client.post(url, {"summary": "x"}).status_code == 404
    client.force_login(gov.committee_member)
    assert client.get(url).status_code == 200
    assert client.post(url, {"summary": "x"}).status_code == 403
    assert not CompletionReport.objects.filter(summary="x").exists()


def test_completion_pdf_export_needs_the_program(gov, client):
    client.force_login(gov.outsider)
    assert client.post(reverse("program-completion-pdf", args=[gov.program.pk])).status_code == 404


def test_completion_api(gov, api_as):
    base = f"/api/v1/programs/{gov.program.pk}/completion-report/"
    assert api_as(gov.outsider).get(base).status_code == 404
    member = api_as(gov.committee_member)
    assert member.get(base).json()["status"] == "draft"
    assert member.patch(base, {"summary": "x"}, format="json").status_code == 403
    office = api_as(gov.po_admin)
    response = office.patch(base, {"summary": "Итоги", "incentives": [gov.member.pk]}, format="json")
    assert response.status_code == 200, response.json()
    assert response.json()["incentives"] == [gov.member.pk]
    version = response.json()["version"]
    assert office.patch(base, {"summary": "Старое", "version": version - 1}, format="json").status_code == 409
    assert office.patch(base, {"incentives": [gov.outsider.pk]}, format="json").status_code == 400
    response = office.post(base + "issue/", {"version": version}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "issued"
    assert len(response.json()["figures"]["ratios"]) == 5
    assert office.patch(base, {"summary": "Новое"}, format="json").status_code == 400
    assert office.post(base + "reopen/", {"reason": "x"}, format="json").status_code == 403
    assert (
        api_as(gov.manager).post(base + "reopen/", {"reason": "Уточнить"}, format="json").status_code == 200
    )


# --- lessons log ------------------------------------------------------------------------------------------------


def _project_lesson(project, **fields):
    return Lesson.objects.create(
        project=project,
        stage=fields.pop("stage", "closure"),
        title=fields.pop("title", "Урок проекта"),
        situation="s",
        recommendation="r",
        **fields,
    )


def test_lesson_services(gov):
    lesson = program_lesson_create(
        actor=gov.po_admin,
        program=gov.program,
        stage="planning",
        title="Ранний учёт рисков",
        situation="Риски выявлены поздно",
        recommendation="Реестр рисков с первого дня",
    )
    assert lesson.recorded_by == gov.po_admin
    with pytest.raises(PermissionDenied):
        program_lesson_create(
            actor=gov.committee_member,
            program=gov.program,
            stage="planning",
            title="x",
            situation="s",
            recommendation="r",
        )
    with pytest.raises(ValidationError):
        program_lesson_create(
            actor=gov.po_admin,
            program=gov.program,
            stage="planning",
            title=" ",
            situation="s",
            recommendation="r",
        )
    program_lesson_update(actor=gov.manager, lesson=lesson, went_well=True)
    lesson.refresh_from_db()
    assert lesson.went_well
    with pytest.raises(ValidationError):
        program_lesson_update(actor=gov.manager, lesson=lesson, program=gov.other_program)
    with pytest.raises(PermissionDenied):
        program_lesson_delete(actor=gov.committee_member, lesson=lesson)
    program_lesson_delete(actor=gov.po_admin, lesson=lesson)
    assert not ProgramLesson.objects.exists()


def test_lessons_log_joins_project_lessons_and_filters(gov, client, django_assert_num_queries):
    program_lesson_create(
        actor=gov.po_admin,
        program=gov.program,
        stage="closure",
        title="Урок программы",
        situation="s",
        recommendation="r",
        went_well=True,
    )
    _project_lesson(gov.project, title="Урок солнечной станции", went_well=False)
    _project_lesson(gov.project2, title="Урок ветрового парка", stage="planning", went_well=True)
    other = make_project(group=None, name="Чужой")
    _project_lesson(other, title="Чужой урок")
    client.force_login(gov.manager)
    url = reverse("program-lessons", args=[gov.program.pk])
    html = client.get(url).content.decode()
    assert "Урок программы" in html and "Урок солнечной станции" in html and "Урок ветрового парка" in html
    assert "Чужой урок" not in html and "Солнечная станция" in html  # the project is named
    html = client.get(url, {"stage": "closure", "went_well": "1"}).content.decode()
    assert (
        "Урок программы" in html
        and "Урок солнечной станции" not in html
        and "Урок ветрового парка" not in html
    )

    with django_assert_num_queries(QUERIES_LESSONS_PAGE) as first:
        client.get(url)
    for n in range(3):
        _project_lesson(gov.project, title=f"Ещё {n}")
        program_lesson_create(
            actor=gov.po_admin,
            program=gov.program,
            stage="closure",
            title=f"П {n}",
            situation="s",
            recommendation="r",
        )
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(url)


#: session, user, grants, program, the program's lessons, its projects' lessons.
QUERIES_LESSONS_PAGE = 6


def test_lessons_page_permissions(gov, client):
    url = reverse("program-lessons", args=[gov.program.pk])
    data = {"stage": "closure", "title": "T", "situation": "s", "recommendation": "r"}
    client.force_login(gov.outsider)
    assert client.get(url).status_code == 404
    client.force_login(gov.committee_member)
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 403
    client.force_login(gov.po_admin)
    assert client.post(url, {**data, "title": ""}).status_code == 400
    assert client.post(url, data).status_code == 302
    lesson = ProgramLesson.objects.get()
    client.force_login(gov.committee_member)
    assert client.post(reverse("program-lesson-delete", args=[gov.program.pk, lesson.pk])).status_code == 403
    assert ProgramLesson.objects.exists()


def test_lessons_api(gov, api_as):
    _project_lesson(gov.project, title="Урок проекта")
    url = f"/api/v1/programs/{gov.program.pk}/lessons/"
    data = {"stage": "closure", "title": "Урок программы", "situation": "s", "recommendation": "r"}
    assert api_as(gov.outsider).get(url).status_code == 404
    assert api_as(gov.committee_member).post(url, data, format="json").status_code == 403
    response = api_as(gov.po_admin).post(url, data, format="json")
    assert response.status_code == 201 and response.json()["source"] == "program"
    assert api_as(gov.po_admin).post(url, {**data, "stage": "x"}, format="json").status_code == 400
    rows = api_as(gov.committee_member).get(url).json()
    assert {(row["source"], row["title"]) for row in rows} == {
        ("program", "Урок программы"),
        ("project", "Урок проекта"),
    }
    assert [row["project"] for row in rows if row["source"] == "project"] == [gov.project.pk]


# --- project performance ----------------------------------------------------------------------------------------


def test_performance_update(gov):
    performance = performance_update(
        actor=gov.pm,
        project=gov.project,
        expectations="met",
        expectations_note="Опрос заинтересованных сторон",
        actual_cost=Decimal("500"),
        consultants_involved=True,
        consultant="ТОО Консалт",
    )
    assert performance.assessed_by == gov.pm and performance.assessed_on and performance.version == 2
    with pytest.raises(StaleVersion):
        performance_update(
            actor=gov.po_admin, project=gov.project, expectations="partly", expectations_note="n", version=1
        )
    with pytest.raises(PermissionDenied):
        performance_update(actor=gov.member, project=gov.project, expectations="met", expectations_note="n")
    with pytest.raises(PermissionDenied):
        performance_update(
            actor=gov.committee_member, project=gov.project, expectations="met", expectations_note="n"
        )
    with pytest.raises(ValidationError, match="consultant"):
        performance_update(
            actor=gov.pm,
            project=gov.project,
            expectations="met",
            expectations_note="n",
            consultants_involved=True,
        )
    with pytest.raises(ValidationError, match="assessed"):
        performance_update(actor=gov.pm, project=gov.project, expectations="met")
    performance.refresh_from_db()
    assert performance.consultant == "ТОО Консалт" and performance.version == 2
    performance_update(actor=gov.po_admin, project=gov.project, expectations="not_assessed", version=2)


def test_performance_page(gov, client):
    url = reverse("project-performance", args=[gov.project.pk])
    client.force_login(gov.outsider)
    assert client.get(url).status_code == 404
    client.force_login(gov.member)
    response = client.get(url)
    assert response.status_code == 200 and 'name="expectations"' not in response.content.decode()
    assert client.post(url, {"expectations": "met"}).status_code == 403
    client.force_login(gov.pm)
    assert client.post(url, {"expectations": "met"}).status_code == 400  # no note
    response = client.post(
        url, {"expectations": "met", "expectations_note": "Опрос", "actual_cost": "1500.00", "version": ""}
    )
    assert response.status_code == 302
    assert ProjectPerformance.objects.get(project=gov.project).actual_cost == Decimal("1500.00")
    assert "1500" in client.get(url).content.decode()


def test_performance_api(gov, api_as):
    url = f"/api/v1/projects/{gov.project.pk}/performance/"
    assert api_as(gov.outsider).get(url).status_code == 404
    assert api_as(gov.member).get(url).json()["version"] == 0
    data = {"expectations": "partly", "expectations_note": "n", "actual_cost": "10.00"}
    assert api_as(gov.member).put(url, data, format="json").status_code == 403
    response = api_as(gov.po_admin).put(url, data, format="json")
    assert response.status_code == 200 and response.json()["expectations"] == "partly"
    assert api_as(gov.po_admin).put(url, {**data, "version": 1}, format="json").status_code == 409
    assert (
        api_as(gov.po_admin).put(url, {**data, "consultants_involved": True}, format="json").status_code
        == 400
    )


# --- certificates -----------------------------------------------------------------------------------------------


def test_certification_services(gov):
    mine = certification_add(actor=gov.pm, person=gov.pm, kind="pmp", issued_on=dt.date(2025, 1, 1))
    with pytest.raises(PermissionDenied):
        certification_add(actor=gov.manager, person=gov.pm, kind="pmp", issued_on=dt.date(2025, 1, 1))
    with pytest.raises(PermissionDenied):
        certification_delete(actor=gov.member, certification=mine)
    certification_add(actor=gov.office_staff, person=gov.member, kind="ipma_d", issued_on=dt.date(2025, 1, 1))
    with pytest.raises(ValidationError):
        certification_add(
            actor=gov.pm,
            person=gov.pm,
            kind="pmp",
            issued_on=dt.date(2025, 1, 1),
            valid_until=dt.date(2024, 1, 1),
        )
    certification_delete(actor=gov.pm, certification=mine)
    assert list(Certification.objects.values_list("person", flat=True)) == [gov.member.pk]


def test_certifications_page(gov, client):
    url = reverse("person-certifications", args=[gov.pm.pk])
    data = {"kind": "pmp", "number": "123", "issued_on": "2025-03-01", "valid_until": ""}
    client.force_login(gov.manager)  # sees, may not add
    response = client.get(url)
    assert response.status_code == 200 and 'name="kind"' not in response.content.decode()
    assert client.post(url, data).status_code == 403
    client.force_login(gov.pm)
    assert client.post(url, {**data, "issued_on": ""}).status_code == 400
    assert client.post(url, data).status_code == 302
    certification = Certification.objects.get(person=gov.pm)
    client.force_login(gov.manager)
    delete = reverse("person-certification-delete", args=[gov.pm.pk, certification.pk])
    assert client.post(delete).status_code == 403
    client.force_login(gov.pm)
    assert client.post(delete).status_code == 302
    assert not Certification.objects.exists()


def test_certifications_api(gov, api_as):
    response = api_as(gov.pm).post(
        "/api/v1/certifications/", {"kind": "pmp", "issued_on": "2025-01-01"}, format="json"
    )
    assert response.status_code == 201 and response.json()["person"] == gov.pm.pk
    other = api_as(gov.manager).post(
        "/api/v1/certifications/",
        {"person": gov.pm.pk, "kind": "pmp", "issued_on": "2025-01-01"},
        format="json",
    )
    assert other.status_code == 403
    assert (
        api_as(gov.pm)
        .post(
            "/api/v1/certifications/",
            {"kind": "pmp", "issued_on": "2025-01-01", "valid_until": "2024-01-01"},
            format="json",
        )
        .status_code
        == 400
    )
    assert api_as(gov.manager).get("/api/v1/certifications/?mine=1").json() == []
    assert len(api_as(gov.manager).get(f"/api/v1/certifications/?person={gov.pm.pk}").json()) == 1
    pk = response.json()["id"]
    assert api_as(gov.manager).delete(f"/api/v1/certifications/{pk}/").status_code == 403
    assert api_as(gov.office_staff).delete(f"/api/v1/certifications/{pk}/").status_code == 204
    assert Certification.objects.count() == 0


def test_cancelled_project_facts_do_not_break_the_page(gov, client):
    Project.objects.filter(pk=gov.project2.pk).update(status="cancelled")
    client.force_login(gov.po_admin)
    assert client.get(reverse("program-ratios", args=[gov.program.pk])).status_code == 200


def test_completion_pdf_maker_reads_as_the_owner(gov):
    from io import BytesIO

    from pypdf import PdfReader

    from pmis.core.models import ExportJob
    from programs.completion_exports import make_completion_pdf

    completion_report_update(
        actor=gov.po_admin, program=gov.program, summary="Итоги энергетики", incentives=[gov.pm.pk]
    )
    job = ExportJob.objects.create(
        owner=gov.po_admin, kind="program.completion.pdf", params={"program": gov.program.pk}
    )
    content, filename = make_completion_pdf(job, lambda share: None)
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)
    assert filename.endswith(".pdf") and "Итоги энергетики" in text and gov.pm.last_name in text
    from django.http import Http404

    job.owner = gov.outsider
    with pytest.raises(Http404):
        make_completion_pdf(job, lambda share: None)


@pytest.mark.parametrize(
    ("name", "who", "queries"),
    [
        ("program-completion", "po_admin", "QUERIES_COMPLETION_PAGE"),
        ("program-completion", "committee_member", "QUERIES_COMPLETION_READ"),
    ],
)
def test_completion_page_queries_do_not_grow(gov, client, django_assert_num_queries, name, who, queries):
    completion_report_update(actor=gov.po_admin, program=gov.program, summary="Итоги", incentives=[gov.pm.pk])
    client.force_login(getattr(gov, who))
    url = reverse(name, args=[gov.program.pk])
    client.get(url)
    with django_assert_num_queries(globals()[queries]):
        client.get(url)
    for n in range(3):
        project = make_project(group=gov.group2, name=f"Ещё {n}")
        _project_lesson(project)
        ProjectPerformance.objects.create(project=project, expectations="met")
    with django_assert_num_queries(globals()[queries]):
        client.get(url)


#: session, user, grants, program, the report and its incentives, the live figures (two for the ratios, the
#: projects by status, two lesson counts), the form's people.
QUERIES_COMPLETION_PAGE = 12
#: the same without the form's people.
QUERIES_COMPLETION_READ = 11


def test_performance_and_certification_pages_queries(gov, client, django_assert_num_queries):
    certification_add(actor=gov.pm, person=gov.pm, kind="pmp", issued_on=dt.date(2025, 1, 1))
    client.force_login(gov.pm)
    for url, expected in (
        (reverse("project-performance", args=[gov.project.pk]), QUERIES_PERFORMANCE_PAGE),
        (reverse("person-certifications", args=[gov.pm.pk]), QUERIES_CERTIFICATIONS_PAGE),
    ):
        client.get(url)
        with django_assert_num_queries(expected):
            client.get(url)
    certification_add(actor=gov.pm, person=gov.pm, kind="ipma_c", issued_on=dt.date(2025, 2, 1))
    with django_assert_num_queries(QUERIES_CERTIFICATIONS_PAGE):
        client.get(reverse("person-certifications", args=[gov.pm.pk]))


#: session, user, grants, the project with its performance.
QUERIES_PERFORMANCE_PAGE = 4
#: session, user, the person, the certificates (the person's own: no grants needed).
QUERIES_CERTIFICATIONS_PAGE = 4


@pytest.mark.django_db(transaction=True)
def test_the_worker_makes_the_completion_pdf(gov, client, celery_worker):
    import time
    from io import BytesIO

    from pypdf import PdfReader

    from pmis.core.choices import ExportStatus
    from pmis.core.models import ExportJob

    completion_report_update(actor=gov.po_admin, program=gov.program, summary="Итоги для PDF")
    client.force_login(gov.po_admin)
    response = client.post(reverse("program-completion-pdf", args=[gov.program.pk]))
    job = ExportJob.objects.get(owner=gov.po_admin, kind="program.completion.pdf")
    assert response["Location"] == reverse("export-detail", args=[job.pk])
    deadline = time.monotonic() + 90
    while job.status not in (ExportStatus.DONE, ExportStatus.FAILED) and time.monotonic() < deadline:
        time.sleep(0.3)
        job.refresh_from_db()
    assert job.status == ExportStatus.DONE, job.error
    text = "".join(page.extract_text() for page in PdfReader(BytesIO(job.file.read())).pages)
    assert "Итоги для PDF" in text


def test_issue_and_reopen_pages(gov, client):
    completion_report_update(actor=gov.po_admin, program=gov.program, summary="Итоги")
    issue = reverse("program-completion-issue", args=[gov.program.pk])
    reopen = reverse("program-completion-reopen", args=[gov.program.pk])
    client.force_login(gov.committee_member)
    assert client.post(issue).status_code == 403
    client.force_login(gov.outsider)
    assert client.post(issue).status_code == 404
    assert CompletionReport.objects.get().status == "draft"
    client.force_login(gov.po_admin)
    assert client.post(issue, {"version": "1"}).status_code == 302  # stale: told on the page, nothing issued
    assert CompletionReport.objects.get().status == "draft"
    client.post(issue)
    assert CompletionReport.objects.get().status == "issued"
    assert client.post(reopen, {"reason": "x"}).status_code == 403
    client.force_login(gov.manager)
    assert "Reopen" in client.get(reverse("program-completion", args=[gov.program.pk])).content.decode()
    client.post(reopen, {"reason": ""})
    assert CompletionReport.objects.get().status == "issued"
    client.post(reopen, {"reason": "Уточнить итоги"})
    assert CompletionReport.objects.get().status == "draft"
