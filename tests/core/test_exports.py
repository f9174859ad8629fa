"""Files made in the background (pmis.core.exporting): a real Celery worker makes them, the owner follows the
progress and downloads them; nobody else sees them; a maker's refusal or bug fails the job with a message."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse

from pmis.core import exporting
from pmis.core.choices import ExportStatus
from pmis.core.models import ExportJob
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


@exporting.register("test.echo")
def _echo(job, progress):
    for step in range(10):
        progress(step / 10)
    return f"{job.params['text']}|{job.language}".encode(), "echo.txt"


@exporting.register("test.hidden")
def _hidden(job, progress):
    raise Http404


@exporting.register("test.refused")
def _refused(job, progress):
    raise ValidationError("Слишком много строк.")


@exporting.register("test.broken")
def _broken(job, progress):
    raise RuntimeError("bug")


def _start(owner, kind, **params):
    return exporting.export_start(owner=owner, kind=kind, params=params, title="Проверка", language="kk")


def test_a_worker_makes_the_file_and_its_owner_downloads_it(celery_worker, client):
    owner = PersonFactory(username="owner")
    job = _start(owner, "test.echo", text="сәлем")
    for _attempt in range(100):
        job.refresh_from_db()
        if job.status == ExportStatus.DONE:
            break
        import time

        time.sleep(0.1)
    assert (job.status, job.progress, job.filename) == (ExportStatus.DONE, 100, "echo.txt")

    client.force_login(owner)
    page = client.get(reverse("export-detail", args=[job.pk]))
    assert page.status_code == 200 and "export-download" in page.content.decode()
    download = client.get(reverse("export-download", args=[job.pk]))
    assert b"".join(download.streaming_content).decode() == "сәлем|kk"
    listing = client.get(reverse("export-list"))
    assert "Проверка" in listing.content.decode()


def test_nobody_else_sees_or_downloads_an_export(client, api_as):
    owner, other = PersonFactory(username="owner"), PersonFactory(username="other")
    job = _start(owner, "test.echo", text="x")
    exporting.export_make(job.pk)
    client.force_login(other)
    assert client.get(reverse("export-detail", args=[job.pk])).status_code == 404
    assert client.get(reverse("export-download", args=[job.pk])).status_code == 404
    api = api_as(other)
    assert api.get(f"/api/v1/exports/{job.pk}/").status_code == 404
    assert api.get(f"/api/v1/exports/{job.pk}/download/").status_code == 404
    assert api.get("/api/v1/exports/").json() == []
    mine = api_as(owner)
    answer = mine.get(f"/api/v1/exports/{job.pk}/").json()
    assert (answer["status"], answer["download"]) == ("done", f"/api/v1/exports/{job.pk}/download/")
    assert b"".join(mine.get(answer["download"]).streaming_content) == b"x|kk"


def test_a_pending_export_polls_and_has_no_download_yet(client):
    owner = PersonFactory(username="owner")
    job = ExportJob.objects.create(owner=owner, kind="test.echo", params={"text": "x"}, title="Ждёт")
    client.force_login(owner)
    partial = client.get(reverse("export-detail", args=[job.pk]), headers={"HX-Request": "true"})
    assert 'hx-trigger="every 1s"' in partial.content.decode()
    assert client.get(reverse("export-download", args=[job.pk])).status_code == 404


@pytest.mark.parametrize(
    ("kind", "message"),
    [
        ("test.hidden", "You may no longer see what this export shows."),
        ("test.refused", "Слишком много строк."),
        ("test.broken", "The file could not be made."),
    ],
)
def test_a_refusal_or_a_bug_fails_the_job_with_a_message_and_no_file(kind, message):
    owner = PersonFactory(username="owner", language="en")
    job = ExportJob.objects.create(owner=owner, kind=kind, params={}, language="en")
    exporting.export_make(job.pk)
    job.refresh_from_db()
    assert job.status == ExportStatus.FAILED and message in job.error and not job.file


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValidationError):
        exporting.export_start(owner=PersonFactory(username="owner"), kind="nope", params={}, title="")
    assert not ExportJob.objects.exists()
