"""API of the archive of governing documents: multipart create and versions, filters, download through the API,
deletion refused during the storage period, powers (404 outsiders, 403 without the power), pinned query count."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from pmis.core.choices import Stage
from projects.choices import DocumentKind
from projects.models import Document, Project
from projects.services.documents import document_add_version, document_create

pytestmark = pytest.mark.django_db

URL = "/api/v1/documents/"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def place(project, actor, **fields):
    fields.setdefault("kind", DocumentKind.OTHER)
    return document_create(
        actor=actor,
        project=project,
        title=fields.pop("title", "Документ"),
        file=ContentFile(b"abc", name="a.txt"),
        **fields,
    )


def test_create_multipart_with_defaults(api_as, ws):
    response = api_as(ws.member).post(
        URL,
        {
            "project": ws.project.pk,
            "title": "Устав",
            "kind": DocumentKind.CHARTER,
            "file": SimpleUploadedFile("устав.pdf", b"%PDF"),
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (
        body["stage"] == Stage.INITIATION and body["retention_years"] is None and body["kept_until"] is None
    )
    version = body["versions"][0]
    assert (
        version["number"] == 1
        and version["name"] == "устав.pdf"
        and version["sha256"] == hashlib.sha256(b"%PDF").hexdigest()
    )
    assert version["download"].endswith(f"/api/v1/documents/{body['id']}/versions/1/download/")


def test_create_refusals(api_as, ws, outsider, settings):
    data = {"project": ws.project.pk, "title": "Т", "file": SimpleUploadedFile("a.txt", b"a")}
    assert api_as(outsider).post(URL, data, format="multipart").status_code == 404
    data["file"] = SimpleUploadedFile("a.txt", b"a")
    assert api_as(ws.monitor).post(URL, data, format="multipart").status_code == 403
    settings.PMIS_DOCUMENT_MAX_BYTES = 1024 * 1024
    data["file"] = SimpleUploadedFile("big.bin", b"x" * (1024 * 1024 + 1))
    response = api_as(ws.member).post(URL, data, format="multipart")
    assert response.status_code == 400 and "up to 1 MB" in response.json()["file"][0]
    assert not Document.objects.exists()


def test_versions_download_and_filters(api_as, ws, outsider):
    document = place(ws.project, ws.pm, kind=DocumentKind.REPORT)
    place(ws.project, ws.pm, kind=DocumentKind.PROTOCOL, stage=Stage.PLANNING)
    place(ws.other, None)
    response = api_as(ws.member).post(
        f"{URL}{document.pk}/versions/",
        {"file": SimpleUploadedFile("v2.txt", b"second"), "note": "Уточнения"},
        format="multipart",
    )
    assert response.status_code == 201 and response.json()["number"] == 2
    assert (
        api_as(ws.monitor)
        .post(
            f"{URL}{document.pk}/versions/", {"file": SimpleUploadedFile("v3.txt", b"3")}, format="multipart"
        )
        .status_code
        == 403
    )

    response = api_as(ws.monitor).get(f"{URL}{document.pk}/versions/2/download/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"second"
    assert api_as(outsider).get(f"{URL}{document.pk}/versions/1/download/").status_code == 404
    assert api_as(ws.monitor).get(f"{URL}{document.pk}/versions/9/download/").status_code == 404
    assert api_as(outsider).get(f"{URL}{document.pk}/").status_code == 404

    client = api_as(ws.pm)
    assert client.get(URL).json()["count"] == 2  # the other project's document is not visible to the pm
    assert client.get(URL, {"kind": DocumentKind.REPORT}).json()["count"] == 1
    assert client.get(URL, {"stage": Stage.PLANNING}).json()["count"] == 1
    detail = client.get(f"{URL}{document.pk}/").json()
    assert [v["number"] for v in detail["versions"]] == [2, 1]


def test_delete_needs_delete_and_an_ended_storage_period(api_as, ws):
    document = place(ws.project, ws.pm)
    assert api_as(ws.pm).delete(f"{URL}{document.pk}/").status_code == 403
    response = api_as(ws.gp_head).delete(f"{URL}{document.pk}/")
    assert response.status_code == 400 and "has not closed yet" in response.json()["non_field_errors"][0]
    Project.objects.filter(pk=ws.project.pk).update(actual_end=dt.date(2012, 1, 1))
    assert api_as(ws.gp_head).delete(f"{URL}{document.pk}/").status_code == 204
    assert not Document.objects.exists()


def test_the_list_has_a_fixed_query_count(api_as, ws, django_assert_num_queries):
    client = api_as(ws.pm)
    place(ws.project, ws.pm)
    assert client.get(URL).status_code == 200  # the user's grants, kept on the user object
    # count, page of documents with their projects, their versions
    with django_assert_num_queries(3):
        assert client.get(URL).status_code == 200
    for number in range(8):
        document = place(ws.project, ws.pm, title=f"Документ {number}")
        document_add_version(actor=ws.pm, document=document, file=ContentFile(b"2", name="v2.txt"))
    with django_assert_num_queries(3):
        assert client.get(URL).status_code == 200
