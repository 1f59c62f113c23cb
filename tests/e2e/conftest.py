"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live_server."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls in tests are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
PHONE_VIEWPORT = {"width": 360, "height": 740}


E2E_DIR = os.path.dirname(__file__)


def pytest_collection_modifyitems(config, items):
    # This hook sees every collected item, not only this folder's: mark just the browser tests.
    for item in items:
        if str(item.path).startswith(E2E_DIR):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail("Debian's chromium is not installed: run `make test`, which installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def phone(browser):
    """A page in a phone-sized browser context (360x740, touch, Vietnamese)."""
    context = browser.new_context(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def scorm_origins(live_server, settings):
    """Serve SCORM content on the live server's other loopback name, as `make run` does (scorm/origins.py)."""
    site = live_server.url
    content = (
        site.replace("//localhost", "//127.0.0.1")
        if "//localhost" in site
        else site.replace("//127.0.0.1", "//localhost")
    )
    settings.SCORM_SITE_ORIGIN = site
    settings.SCORM_CONTENT_ORIGIN = content
    return site, content


@pytest.fixture
def settled(phone):
    """Leave the page and let its last requests (SCORM's closing commits) land before the database is flushed."""
    from playwright.sync_api import Error

    yield phone
    try:
        if not phone.is_closed():
            phone.goto("about:blank")
        phone.context.close()
    except Error:
        pass  # Already closed by the test.
    import time

    time.sleep(1.5)
