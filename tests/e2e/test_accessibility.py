"""axe-core, in Chromium at 360x740, finds no serious or critical accessibility problem on the main pages.

axe-core comes from npm (package.json; `make test` installs it). It runs inside each page as the learner, HR or
a visitor sees it, in Vietnamese and in English.
"""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from certificates import keys
from certificates.models import Certificate
from learning.models import Completion
from learning.services import enrol, record_completion
from tests.e2e.conftest import PHONE_VIEWPORT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(django_settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


@pytest.fixture
def axe_page(browser, settings, request):
    """A phone-sized page into which axe-core can be loaded (the site's CSP forbids inline scripts, so the
    browser is told to let the test's own script in; the pages themselves are unchanged)."""
    if not AXE.exists():
        pytest.fail("axe-core is not installed: run `make test`, which runs `npm ci`")
    settings.LOCALE_PATHS = [Path(django_settings.BASE_DIR) / "locale"]  # the Vietnamese catalogue, as deployed
    context = browser.new_context(
        viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True, locale=request.param, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def serious_violations(page, url):
    """Open a page and return axe-core's serious and critical findings, one line each."""
    response = page.goto(url)
    assert response.ok, f"{url} answered {response.status}"
    page.wait_for_load_state("networkidle")
    page.add_script_tag(content=AXE.read_text())
    violations = page.evaluate(
        """async () => {
            const result = await axe.run(document);
            return {
                rulesPassed: result.passes.length,
                violations: result.violations.map((v) => ({
                    id: v.id, impact: v.impact, help: v.help,
                    targets: v.nodes.slice(0, 3).map((node) => node.target.join(" ")),
                })),
            };
        }"""
    )
    assert violations["rulesPassed"] > 10, f"axe-core did not check {url}"  # it ran, on a real page
    violations = violations["violations"]
    return [
        f"{url}: {v['id']} ({v['impact']}): {v['help']} at {v['targets']}"
        for v in violations
        if v["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("axe_page", ["vi-VN", "en-GB"], indirect=True)
def test_main_pages_have_no_serious_accessibility_violation(axe_page, live_server, settings, course):
    settings.CERTIFICATES_BASE_URL = live_server.url
    settings.CERTIFICATES_SIGNING_KEYS = keys.generate_key_config("axe-1")
    keys.get_keyring.cache_clear()
    learner = UserFactory(full_name="Nguyễn Thị Hồng", email="hong@example.vn")
    finished = UserFactory(full_name="Trần Văn Bình", email="binh@example.vn")
    completion, _created = record_completion(enrol(finished, course)[0], source=Completion.ONLINE)
    certificate = Certificate.objects.get(completion=completion)
    enrol(learner, course)
    lesson = course.lessons.first()
    base = live_server.url

    found = []
    for path in [
        "/",
        "/search/?q=an+toan",
        course.url,
        "/accounts/login/",
        "/accounts/signup/",
        f"/verify/{certificate.serial}/",
    ]:
        found += serious_violations(axe_page, base + path)
    log_in(axe_page, live_server, learner)
    for path in ["/my-learning/", lesson.url, course.url]:
        found += serious_violations(axe_page, base + path)
    log_in(axe_page, live_server, finished)
    for path in ["/my-learning/", "/my-certificates/"]:
        found += serious_violations(axe_page, base + path)
    keys.get_keyring.cache_clear()
    assert found == [], "\n".join(found)
