"""Probes typed from inside SCORM content, as a package author (or an attacker) would: run-time errors, request
counts, closing and reloading, a slow or absent network, and a hostile package."""

import io
import json
import zipfile

import pytest

from accounts.models import User
from scorm.importer.services import import_package
from scorm.models import Attempt
from tests.e2e.test_scorm_corpus import (
    content,
    corpus_package,
    initialized,
    lesson_with,
    open_lesson,
    runtime_frame,
    wait_for,
)
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("settled")]


@pytest.fixture
def learner():
    return UserFactory(full_name="Lê Thị Mai", email="mai@example.vn")


def content_frame(page):
    """The SCO's own window (content origin), where the package's scripts run."""
    return initialized(runtime_frame(page)).child_frames[0]


def commits_counted(page):
    requests = []
    page.on("request", lambda r: requests.append(r) if r.url.endswith("/commit") and r.method == "POST" else None)
    return requests


def test_scorm_12_errors_are_synchronous_and_calls_after_finish_fail(live_server, phone, scorm_origins, learner):
    lesson = lesson_with(corpus_package("adl-12-single-local-sco"))
    open_lesson(phone, live_server, learner, lesson)
    sco = content_frame(phone)
    answers = sco.evaluate(
        """() => {
            const api = window.parent.API;
            const result = {};
            result.readOnly = [api.LMSSetValue("cmi.core.student_id", "someone-else"), api.LMSGetLastError()];
            result.vocabulary = [api.LMSSetValue("cmi.core.lesson_status", "finished"), api.LMSGetLastError()];
            result.good = [api.LMSSetValue("cmi.core.lesson_location", "page-4"), api.LMSGetLastError()];
            api.LMSFinish("");
            result.afterFinish = [api.LMSGetValue("cmi.core.lesson_location"), api.LMSGetLastError()];
            result.setAfterFinish = [api.LMSSetValue("cmi.core.lesson_location", "page-9"), api.LMSGetLastError()];
            return result;
        }"""
    )
    assert answers["readOnly"] == ["false", "403"]
    assert answers["vocabulary"] == ["false", "405"]
    assert answers["good"] == ["true", "0"]
    assert answers["afterFinish"][0] == "" and answers["afterFinish"][1] != "0"
    assert answers["setAfterFinish"][0] == "false"
    attempt = wait_for(lambda: Attempt.objects.filter(user=learner, sequence__gte=1).first(), "finish not stored")
    assert attempt.cmi["cmi.core.lesson_location"] == "page-4"


def test_scorm_2004_errors_and_twenty_set_values_make_one_request(live_server, phone, scorm_origins, learner):
    lesson = lesson_with(corpus_package("golf-2004-3rd-runtime-minimum-calls"))
    open_lesson(phone, live_server, learner, lesson)
    sco = content_frame(phone)
    requests = commits_counted(phone)
    answers = sco.evaluate(
        """() => {
            const api = window.parent.API_1484_11;
            const result = {};
            result.readOnly = [api.SetValue("cmi.learner_id", "x"), api.GetLastError()];
            result.vocabulary = [api.SetValue("cmi.completion_status", "done"), api.GetLastError()];
            for (let i = 0; i < 20; i++) api.SetValue("cmi.suspend_data", "state-" + i);
            result.commit = api.Commit("");
            return result;
        }"""
    )
    assert answers["readOnly"] == ["false", "404"]
    assert answers["vocabulary"] == ["false", "406"]
    assert answers["commit"] == "true"
    attempt = wait_for(
        lambda: Attempt.objects.filter(user=learner, cmi__contains={"cmi.suspend_data": "state-19"}).first(),
        "the commit was not stored",
    )
    phone.wait_for_timeout(500)
    assert len(requests) == 1
    after = sco.evaluate(
        """() => { const api = window.parent.API_1484_11; api.Terminate("");
                   return [api.GetValue("cmi.suspend_data"), api.GetLastError()]; }"""
    )
    assert after == ["", "123"]
    assert attempt.sequence == 1


def test_reload_then_close_loses_nothing(live_server, phone, scorm_origins, learner):
    package = corpus_package("adl-12-single-local-sco")
    lesson = lesson_with(package)
    open_lesson(phone, live_server, learner, lesson)
    content_frame(phone).evaluate("() => window.parent.API.LMSSetValue('cmi.core.lesson_location', 'page-3')")
    phone.reload()
    content_frame(phone).evaluate("() => window.parent.API.LMSSetValue('cmi.suspend_data', 'after-reload')")
    phone.close(run_before_unload=True)
    attempt = wait_for(
        lambda: Attempt.objects.filter(user=learner, cmi__contains={"cmi.suspend_data": "after-reload"}).first(),
        "the second session was lost",
    )
    assert attempt.cmi["cmi.core.lesson_location"] == "page-3"
    assert len(attempt.sessions) == 2
    assert all(session["seconds"] > 0 for session in attempt.sessions.values())


def test_thirty_seconds_offline_then_stored_without_any_learner_action(live_server, phone, scorm_origins, learner):
    lesson = lesson_with(corpus_package("golf-2004-3rd-runtime-minimum-calls"))
    open_lesson(phone, live_server, learner, lesson)
    sco = content_frame(phone)
    phone.context.set_offline(True)
    assert (
        sco.evaluate(
            """() => { const api = window.parent.API_1484_11;
                       api.SetValue("cmi.location", "7"); api.SetValue("cmi.suspend_data", "written offline");
                       return api.Commit(""); }"""
        )
        == "true"
    )
    # The learner is told their progress waits on this device.
    phone.locator("[data-scorm-notice]").filter(has_text="kept on this device").wait_for()
    phone.wait_for_timeout(30_000)
    assert not Attempt.objects.filter(user=learner, cmi__has_key="cmi.location").exists()
    phone.context.set_offline(False)
    attempt = wait_for(
        lambda: Attempt.objects.filter(user=learner, cmi__contains={"cmi.location": "7"}).first(),
        "the offline commit was never sent",
        timeout=40,
    )
    assert attempt.cmi["cmi.suspend_data"] == "written offline"
    wait_for(lambda: phone.locator("[data-scorm-notice]").text_content() == "", "the notice stayed")


HOSTILE_MANIFEST = b"""<?xml version="1.0"?>
<manifest identifier="hostile" version="1.0" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <organizations default="o"><organization identifier="o"><title>Hostile</title>
    <item identifier="i" identifierref="r"><title>Free gift</title></item></organization></organizations>
  <resources><resource identifier="r" type="webcontent" adlcp:scormtype="sco" href="index.html">
    <file href="index.html"/></resource></resources>
</manifest>"""

HOSTILE_PAGE = """<!doctype html><html><body><pre id="out">working</pre><script>
const SITE = "__SITE__";
const out = {cookie: document.cookie};
try { out.top = window.top.document.cookie; } catch (error) { out.top = "blocked"; }
try { window.top.location.href = SITE + "/accounts/logout/"; out.navigate = "done"; } catch (error) { out.navigate = "blocked"; }
Promise.all([
  fetch(SITE + "/my-learning/record.csv", {credentials: "include"}).then(
    (r) => r.text().then((t) => { out.csv = "read " + r.status + " " + t.slice(0, 40); }),
    () => { out.csv = "blocked"; }),
  fetch(SITE + "/accounts/profile/", {method: "POST", credentials: "include", mode: "no-cors",
    body: new URLSearchParams({full_name: "Hacked", email: "attacker@evil.test", phone: ""})}).then(
    () => { out.profile = "sent"; }, () => { out.profile = "blocked"; }),
  fetch("/my-learning/record.csv", {credentials: "include"}).then(
    (r) => { out.sameOrigin = r.status; }, () => { out.sameOrigin = "blocked"; }),
]).then(() => { document.getElementById("out").textContent = JSON.stringify(out); });
</script></body></html>"""


def hostile_zip(site):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("imsmanifest.xml", HOSTILE_MANIFEST)
        archive.writestr("index.html", HOSTILE_PAGE.replace("__SITE__", site))
    buffer.seek(0)
    return buffer


# What cms/settings/production.py changes at this boundary (cookies, sessions, framing, referrer), over plain HTTP:
# Chromium keeps Secure cookies for loopback hosts, so the learner logs in through the real form and holds the
# cookies exactly as production sets them.
PRODUCTION_LIKE = {
    "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "X_FRAME_OPTIONS": "SAMEORIGIN",
    "SECURE_REFERRER_POLICY": "same-origin",
    "SECURE_CONTENT_TYPE_NOSNIFF": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "DEBUG": False,
}


def log_in_through_the_form(page, live_server, user, lesson):
    page.goto(f"{live_server.url}/accounts/login/?next={lesson.url}")
    page.fill("input[name=username]", user.email)
    page.fill("input[name=password]", "mat-khau-an-toan-123")
    page.locator("form button[type=submit], form input[type=submit]").last.click()
    page.wait_for_url(f"**{lesson.url}")


@pytest.mark.parametrize("deployment", ["embedded default", "production-like"])
def test_a_hostile_package_cannot_act_as_the_learner(live_server, phone, scorm_origins, learner, settings, deployment):
    site, content_origin = scorm_origins
    package = import_package(hostile_zip(site))
    lesson = lesson_with(package)
    if deployment == "production-like":
        for name, value in PRODUCTION_LIKE.items():
            setattr(settings, name, value)
        phone.route("**/lessons/*/progress", lambda route: route.fulfill(json={}))
        log_in_through_the_form(phone, live_server, learner, lesson)
        cookies = {cookie["name"]: cookie for cookie in phone.context.cookies(live_server.url)}
        assert cookies["sessionid"]["secure"] and cookies["sessionid"]["httpOnly"]
        assert cookies["csrftoken"]["secure"]
    else:
        # The learner also has a CSRF cookie, as after any form on the site.
        phone.context.add_cookies([{"name": "csrftoken", "value": "x" * 32, "url": live_server.url}])
        open_lesson(phone, live_server, learner, lesson)
    report = content(phone).locator("#out")
    wait_for(lambda: report.text_content().startswith("{"), "the hostile page did not finish")
    result = json.loads(report.text_content())
    assert "sessionid" not in result["cookie"] and "csrftoken" not in result["cookie"]
    assert result["top"] == "blocked"
    assert result["navigate"] == "blocked"
    assert result["csv"] == "blocked"  # cross-origin, no CORS: nothing readable
    assert result["sameOrigin"] == 404  # the content origin serves nothing of the site
    user = User.objects.get(pk=learner.pk)
    assert (user.email, user.full_name) == ("mai@example.vn", "Lê Thị Mai")
    assert phone.url.startswith(live_server.url)  # still on the lesson, still logged in
    assert phone.request.get(f"{live_server.url}/my-learning/").ok

    # The package's files are nowhere on the site's own origin, nor under /media/.
    for url in (
        f"{site}/scorm/content/{package.uid}/index.html",
        f"{site}/media/scorm/{package.uid}/index.html",
        f"{content_origin}/media/scorm/{package.uid}/index.html",
    ):
        assert phone.request.get(url).status == 404, url
