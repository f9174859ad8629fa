"""The archive of governing documents (Rules p.90–91): versions with SHA-256, default storage periods, the upload
limit, deletion refused while the storage period runs; the pages with their powers and pinned query counts."""

from __future__ import annotations

import datetime as dt
import hashlib
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pmis.core.choices import Stage
from projects.choices import DocumentKind
from projects.models import Document, DocumentVersion, Project
from projects.services.documents import document_add_version, document_create, document_delete

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% demo protocol\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def place(project, actor, *, kind=DocumentKind.OTHER, title="Протокол", content=PDF, **fields):
    return document_create(
        actor=actor,
        project=project,
        title=title,
        kind=kind,
        file=ContentFile(content, name="протокол.pdf"),
        **fields,
    )


def closed(project, on: dt.date) -> Project:
    Project.objects.filter(pk=project.pk).update(actual_end=on, stage=Stage.CLOSURE)
    return Project.objects.get(pk=project.pk)


# --- services ------------------------------------------------------------------------------------------------------


def test_a_document_is_placed_at_the_project_stage_with_its_first_version(ws):
    document = place(ws.project, ws.member, number="12-п", dated=dt.date(2026, 2, 1))
    version = document.versions.get()
    assert document.stage == Stage.INITIATION and document.created_by == ws.member
    assert version.number == 1 and version.name == "протокол.pdf" and version.size == len(PDF)
    assert version.sha256 == hashlib.sha256(PDF).hexdigest()
    assert version.file.read() == PDF


def test_new_versions_keep_the_old_ones(ws):
    document = place(ws.project, ws.member)
    document_add_version(
        actor=ws.pm, document=document, file=ContentFile(b"v2", name="v2.pdf"), note="Правки"
    )
    numbers = list(document.versions.values_list("number", "note"))
    assert numbers == [(2, "Правки"), (1, "")]


@pytest.mark.parametrize(
    ("kind", "years"),
    [
        (DocumentKind.CHARTER, None),
        (DocumentKind.KICKOFF_PROTOCOL, None),
        (DocumentKind.PROTOCOL, None),
        (DocumentKind.REPORT, 10),
        (DocumentKind.COMPLETION_REPORT, 10),
        (DocumentKind.CONTRACT, 5),
        (DocumentKind.OTHER, 5),
    ],
)
def test_storage_periods_default_by_kind(ws, kind, years):
    assert place(ws.project, ws.pm, kind=kind).retention_years == years


def test_a_storage_period_given_wins_over_the_kinds(ws):
    assert place(ws.project, ws.pm, kind=DocumentKind.OTHER, retention_years=None).retention_years is None
    assert place(ws.project, ws.pm, kind=DocumentKind.CHARTER, retention_years=3).retention_years == 3


def test_files_over_the_limit_and_empty_files_are_refused(ws, settings):
    settings.PMIS_DOCUMENT_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as error:
        place(ws.project, ws.pm, content=b"x" * (1024 * 1024 + 1))
    assert "up to 1 MB" in error.value.message_dict["file"][0]
    with pytest.raises(ValidationError, match="empty"):
        place(ws.project, ws.pm, content=b"")
    assert not Document.objects.exists() and not DocumentVersion.objects.exists()


def test_the_default_limit_is_50_mb(ws, tmp_path):
    big = tmp_path / "big.bin"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)  # sparse: no 50 MB written
    with open(big, "rb") as handle, pytest.raises(ValidationError) as error:
        document_create(
            actor=ws.pm, project=ws.project, title="Big", kind="other", file=File(handle, name="big.bin")
        )
    assert "up to 50 MB" in error.value.message_dict["file"][0]


def test_a_permanent_document_is_never_deleted(ws):
    document = place(ws.project, ws.gp_head, kind=DocumentKind.CHARTER)
    closed(ws.project, dt.date(2000, 1, 1))
    with pytest.raises(ValidationError, match="kept permanently"):
        document_delete(actor=ws.gp_head, document=document)
    assert Document.objects.filter(pk=document.pk).exists()


def test_the_archive_of_an_open_project_is_kept(ws):
    document = place(ws.project, ws.gp_head, kind=DocumentKind.OTHER)
    with pytest.raises(ValidationError, match="has not closed yet: it is kept until 5 years after"):
        document_delete(actor=ws.gp_head, document=document)


def test_deletion_is_refused_until_the_storage_period_ends(ws, django_capture_on_commit_callbacks):
    document = place(ws.project, ws.gp_head, kind=DocumentKind.REPORT)  # 10 years
    closed(ws.project, dt.date(2020, 3, 15))
    with pytest.raises(ValidationError) as error:
        document_delete(actor=ws.gp_head, document=document, today=dt.date(2030, 12, 31))
    assert "must be kept until 12/31/2030" in error.value.messages[0]
    path = document.versions.get().file.path
    with django_capture_on_commit_callbacks(execute=True):
        document_delete(actor=ws.gp_head, document=document, today=dt.date(2031, 1, 1))
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not os.path.exists(path)  # the files go with it, once the deletion commits


# --- pages ---------------------------------------------------------------------------------------------------------


def login(client, user):
    client.force_login(user)
    return client


def test_the_archive_page_groups_by_stage(client, ws):
    place(ws.project, ws.pm, title="Устав проекта", kind=DocumentKind.CHARTER)
    place(ws.project, ws.pm, title="Отчёт за квартал", kind=DocumentKind.REPORT, stage=Stage.IMPLEMENTATION)
    response = login(client, ws.monitor).get(reverse("project-documents", args=[ws.project.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    initiation = text.index('data-testid="archive-initiation"')
    implementation = text.index('data-testid="archive-implementation"')
    assert initiation < text.index("Устав проекта") < implementation < text.index("Отчёт за квартал")
    assert "permanently" in text and "10 years" in text
    assert 'data-testid="upload-form"' not in text  # the monitor may not upload


def test_a_member_uploads_a_document_and_a_version(client, ws):
    login(client, ws.member)
    response = client.post(
        reverse("project-document-create", args=[ws.project.pk]),
        {
            "title": "Протокол стартового совещания",
            "kind": DocumentKind.KICKOFF_PROTOCOL,
            "stage": Stage.INITIATION,
            "number": "1",
            "retention": "",
            "file": SimpleUploadedFile("kickoff.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.kind == DocumentKind.KICKOFF_PROTOCOL and document.retention_years is None
    response = client.post(
        reverse("project-document-version-create", args=[ws.project.pk, document.pk]),
        {"file": SimpleUploadedFile("kickoff-2.pdf", b"second"), "note": "Подписи"},
    )
    assert response.status_code == 302
    assert document.versions.count() == 2
    detail = client.get(reverse("project-document-detail", args=[ws.project.pk, document.pk]))
    assert "Подписи" in detail.content.decode() and "kickoff-2.pdf" in detail.content.decode()


def test_the_upload_limit_message_is_shown(client, ws, settings):
    settings.PMIS_DOCUMENT_MAX_BYTES = 1024 * 1024
    response = login(client, ws.member).post(
        reverse("project-document-create", args=[ws.project.pk]),
        {
            "title": "Большой",
            "kind": "other",
            "stage": "initiation",
            "file": SimpleUploadedFile("b.bin", b"x" * (1024 * 1024 + 10)),
        },
    )
    assert response.status_code == 400
    assert "up to 1 MB" in response.content.decode()
    assert not Document.objects.exists()


def test_the_monitor_may_not_upload(client, ws):
    response = login(client, ws.monitor).post(
        reverse("project-document-create", args=[ws.project.pk]),
        {"title": "Т", "kind": "other", "stage": "initiation", "file": SimpleUploadedFile("a.txt", b"a")},
    )
    assert response.status_code == 403


def test_download_goes_through_the_authorized_view(client, ws, outsider):
    document = place(ws.project, ws.pm)
    url = reverse("project-document-download", args=[ws.project.pk, document.pk, 1])
    response = login(client, ws.monitor).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"]
    assert login(client, outsider).get(url).status_code == 404
    assert client.get(reverse("project-documents", args=[ws.project.pk])).status_code == 404
    assert (
        client.get(reverse("project-document-detail", args=[ws.project.pk, document.pk])).status_code == 404
    )
    # Another project's id in the URL does not reach this document.
    other_url = reverse("project-document-download", args=[ws.other.pk, document.pk, 1])
    assert login(client, ws.gp_head).get(other_url).status_code == 404


def test_deleting_needs_the_delete_power_and_respects_the_period(client, ws):
    document = place(ws.project, ws.pm, kind=DocumentKind.OTHER)
    url = reverse("project-document-delete", args=[ws.project.pk, document.pk])
    assert login(client, ws.pm).post(url).status_code == 403  # the pm has no "delete" in the catalogue
    response = login(client, ws.gp_head).post(url)
    assert response.status_code == 400
    assert "has not closed yet" in response.content.decode()
    closed(ws.project, dt.date(2010, 6, 30))  # 5 years: kept until the end of 2015
    assert login(client, ws.gp_head).post(url).status_code == 302
    assert not Document.objects.exists()


# session, user, grants, the project, its 4 ancestors (breadcrumbs), the documents, their versions
DOCUMENTS_PAGE_QUERIES = 10


def test_the_archive_page_has_a_fixed_query_count(client, ws, django_assert_num_queries):
    place(ws.project, ws.pm)
    login(client, ws.pm)
    url = reverse("project-documents", args=[ws.project.pk])
    with django_assert_num_queries(DOCUMENTS_PAGE_QUERIES):
        assert client.get(url).status_code == 200
    for number, stage in enumerate(Stage.values * 3):
        document = place(ws.project, ws.pm, title=f"Документ {number}", stage=stage)
        document_add_version(actor=ws.pm, document=document, file=ContentFile(b"2", name="v2.txt"))
    with django_assert_num_queries(DOCUMENTS_PAGE_QUERIES):
        assert client.get(url).status_code == 200


def test_the_document_page_has_a_fixed_query_count(client, ws, django_assert_num_queries):
    document = place(ws.project, ws.pm)
    login(client, ws.pm)
    url = reverse("project-document-detail", args=[ws.project.pk, document.pk])
    with django_assert_num_queries(DOCUMENTS_PAGE_QUERIES):
        assert client.get(url).status_code == 200
    for number in range(6):
        document_add_version(actor=ws.pm, document=document, file=ContentFile(b"n", name=f"v{number}.txt"))
    with django_assert_num_queries(DOCUMENTS_PAGE_QUERIES):
        assert client.get(url).status_code == 200
