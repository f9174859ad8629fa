"""Files made in the background: a person asks for a large export, a Celery task makes it and records its
progress, the person downloads it when it is ready (DESIGN.md §3; issue 7: long exports of the official forms).

A part of the PMIS registers a *maker* for each kind of file::

    @exporting.register("op.report.xlsx")
    def make(job: ExportJob, progress: Callable[[float], None]) -> tuple[bytes, str]:
        ...  # ask the authorization module as job.owner, build, call progress(0.0…1.0) now and then
        return content, "report.xlsx"

`export_start` (a service) records the job and queues the task when the transaction commits; the task runs the
maker in the owner's chosen language. A maker raises `Http404` or `PermissionDenied` when the owner may no longer
see what it shows, `ValidationError` for a request that cannot be met: the job fails with a message the owner
reads, and nothing is stored.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .choices import ExportStatus
from .models import ExportJob

logger = logging.getLogger(__name__)

Maker = Callable[[ExportJob, Callable[[float], None]], tuple[bytes, str]]
MAKERS: dict[str, Maker] = {}
#: Progress is written to the database in steps of at least this much, so a maker may report it per row.
_STEP = 5


def register(kind: str):
    """Register the maker of `kind`: ``@register("op.plan.xlsx")``."""

    def decorator(function: Maker) -> Maker:
        MAKERS[kind] = function
        return function

    return decorator


def export_start(*, owner, kind: str, params: dict, title: str, language: str | None = None) -> ExportJob:
    """Record a job for `owner` and queue its making once the transaction commits."""
    if kind not in MAKERS:
        raise ValidationError(_("There is no such export."))
    job = ExportJob(
        owner=owner,
        kind=kind,
        params=params,
        title=title[:300],
        language=(language or translation.get_language() or "ru")[:2],
    )
    job.full_clean(exclude=["file"])
    job.save()
    from .tasks import export_make

    transaction.on_commit(lambda: export_make.delay(job.pk))
    return job


def _progress_writer(job: ExportJob) -> Callable[[float], None]:
    def write(fraction: float) -> None:
        percent = max(0, min(99, int(fraction * 100)))
        if percent >= job.progress + _STEP:
            job.progress = percent
            ExportJob.objects.filter(pk=job.pk).update(progress=percent)

    return write


def export_make(job_id: int) -> ExportJob | None:
    """Make the file of a queued job (the Celery task's body); a job already made or gone is left alone."""
    job = ExportJob.objects.select_related("owner").filter(pk=job_id).first()
    if job is None or job.status in (ExportStatus.DONE, ExportStatus.FAILED):
        return job
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)
    job.status = ExportStatus.RUNNING
    maker = MAKERS.get(job.kind)
    try:
        with translation.override(job.language):
            if maker is None:
                raise ValidationError(_("There is no such export."))
            content, filename = maker(job, _progress_writer(job))
    except (Http404, PermissionDenied):
        return _fail(job, _("You may no longer see what this export shows."))
    except ValidationError as error:
        return _fail(job, " ".join(error.messages))
    except Exception:  # a bug in a maker: the owner sees it failed, the log has the trace
        logger.exception("export %s (%s) failed", job.pk, job.kind)
        return _fail(
            job, _("The file could not be made. Try again; if it fails again, tell the administrator.")
        )
    job.file.save(filename, ContentFile(content), save=False)
    job.filename = filename
    job.status = ExportStatus.DONE
    job.progress = 100
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "filename", "status", "progress", "finished_at"])
    return job


def _fail(job: ExportJob, message: str) -> ExportJob:
    job.status = ExportStatus.FAILED
    job.error = message
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    return job


def export_get(user, pk: int) -> ExportJob:
    """The job `pk` of `user` (a person sees only their own exports); 404 for anyone else's or a missing one."""
    job = ExportJob.objects.filter(pk=pk, owner_id=getattr(user, "pk", None)).first()
    if job is None or not user.is_active:
        raise Http404
    return job


def export_list(user, *, limit: int = 20) -> list[ExportJob]:
    """The person's latest exports, newest first."""
    return list(ExportJob.objects.filter(owner_id=user.pk).order_by("-created_at", "-id")[:limit])
