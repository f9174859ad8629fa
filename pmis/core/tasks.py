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
