"""A real Celery worker on the real Redis broker, and the health endpoint that uses it."""

import pytest

from pmis.core.tasks import ping

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_task_runs_on_a_real_worker(celery_worker):
    assert ping.delay().get(timeout=20) == {"pong": True, "database": True}


def test_health_reports_database_and_redis(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "redis": "ok"}


def test_health_checks_celery_for_staff_only(client, celery_worker):
    from tests.factories import PersonFactory

    assert "celery" not in client.get("/healthz?celery=1").json()
    client.force_login(PersonFactory(username="ops", is_staff=True))
    assert client.get("/healthz?celery=1").json()["celery"] == "ok"


def test_health_says_503_when_redis_is_gone(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["redis"] == "error"
