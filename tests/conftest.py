"""Base fixtures: the fixed cast of users and clients. Tests run against the real PostgreSQL and Redis."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from tests.factories import (
    PersonFactory,
    grant_everything_read_only,
    grant_hierarchy_editing,
    make_tree,
    make_workspace,
)


@pytest.fixture
def outsider(db):
    """An active person with no rights beyond signing in."""
    return PersonFactory(username="outsider")


@pytest.fixture
def viewer(db):
    """A person who may see every node (a read-only role on the Office) and change none."""
    return grant_everything_read_only(
        PersonFactory(username="viewer", last_name="Сериков", first_name="Даурен")
    )


@pytest.fixture
def editor(db):
    """An employee of the Office (office_staff): may create, change and delete every node."""
    return grant_hierarchy_editing(
        PersonFactory(username="editor", last_name="Омарова", first_name="Айгерим")
    )


@pytest.fixture
def admin_user(db):
    return PersonFactory(username="admin", is_staff=True, is_superuser=True)


@pytest.fixture
def tree(db):
    return make_tree()


@pytest.fixture
def ws(db):
    """A project with its cast: pm, member, sponsor, monitor, gp_head, bd_head (tests.factories.Workspace)."""
    return make_workspace()


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def api_as(api):
    def login(user):
        api.force_authenticate(user)
        return api

    return login


@pytest.fixture(autouse=True)
def _catalogue(request):
    """The role catalogue and Appendix 4 for every test that uses the database.

    The migrations load them once, but a transactional test ends with a flush that empties every table; the
    next test on the same worker would find no roles. Loading them at the start of a test (one query when they
    are there) works whatever order the tests run in; inside an ordinary test the load is rolled back with it.
    """
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is None and not names & {"db", "transactional_db"}:
        return
    transactional = "transactional_db" in names or (marker is not None and marker.kwargs.get("transaction"))
    request.getfixturevalue("transactional_db" if transactional else "db")  # database access before the load
    from tests.factories import ensure_catalogue

    ensure_catalogue()


@pytest.fixture(autouse=True)
def _default_language(settings):
    """Each test starts in the default language: a request of a Russian- or Kazakh-speaking person activates
    theirs for the thread, and the next test on the worker would read its messages in that language."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _close_worker_connections(**kwargs):
    from django.db import connections

    connections.close_all()  # the worker thread's own connection, so the test database can be dropped


@pytest.fixture
def celery_worker():
    """A real Celery worker (solo pool, in a thread) on the real Redis broker, for the tests of the tasks."""
    from celery.contrib.testing.worker import start_worker
    from celery.signals import task_postrun

    from pmis.celery import app

    task_postrun.connect(_close_worker_connections)
    try:
        with start_worker(
            app, pool="solo", perform_ping_check=False, loglevel="WARNING", shutdown_timeout=10
        ) as worker:
            yield worker
    finally:
        task_postrun.disconnect(_close_worker_connections)
