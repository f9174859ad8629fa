"""Celery tasks of the core."""

from celery import shared_task
from django.db import connection


@shared_task(name="core.ping")
def ping() -> dict:
    """Answer from a worker with a round trip to the database: proves the worker can do real work."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        (value,) = cursor.fetchone()
    return {"pong": True, "database": value == 1}


@shared_task(name="core.export_make")
def export_make(job_id: int) -> dict:
    """Make the file of an export job (pmis.core.exporting)."""
    from .exporting import export_make as make

    job = make(job_id)
    return {"job": job_id, "status": job.status if job else None}
