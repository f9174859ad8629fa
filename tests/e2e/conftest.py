"""Browser tests: the real ASGI application served by uvicorn in a thread, driven by Debian's chromium.

The browser download of Playwright does not work on these machines, so the launch names /usr/bin/chromium.
"""

from __future__ import annotations

import os

import pytest
from django.db import connection

CHROMIUM = os.environ.get("PMIS_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture
def live_url(transactional_db):
    """The PMIS served over HTTP and websockets on a free loopback port for one test."""
    from org.services import roles_load_catalogue, substitution_load_scheme
    from pmis.core.threaded_server import serve_in_thread

    # The catalogue and Appendix 4 come with the migrations, and an earlier browser test's flush removed them.
    roles_load_catalogue()
    substitution_load_scheme()
    server, thread, port = serve_in_thread()
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    # The server's request threads kept their own database sessions; end them so the test database can go.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in the test thread; Django's ORM must still be usable there.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_url):
    context = browser.new_context(base_url=live_url, locale="ru-RU", viewport={"width": 1400, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def login(page, username: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
