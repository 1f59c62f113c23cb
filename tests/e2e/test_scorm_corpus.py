"""Third-party SCORM packages (../shared/scorm-corpus) played as a learner would, on a phone, in Chromium.

The packages are other people's: ADL's APIWrapper.js (declares `var API = null`, searches from window.top),
Rustici's golf examples (2004 wrappers starting at window.parent, nested frames calling their parent's
functions, confirm() to resume, Terminate from onunload). Content and run-time page are on the content origin
(the live server's other loopback name); the lesson page on the site's.
"""

import json
import time
from pathlib import Path

import pytest
from django.test import Client

from learning.models import Completion, LessonProgress
from scorm.importer.services import import_package
from scorm.models import Attempt
from tests.factories import CoursePageFactory, LessonPageFactory, ProviderFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("settled")]

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "scorm-corpus"
RUNTIME = "[data-scorm-frame] iframe"


@pytest.fixture
def learner():
    return UserFactory(full_name="Trần Văn Bình")


def lesson_with(package):
    from courses.services import setup_provider

    provider = ProviderFactory(name="Trường Cao đẳng Nghề Hải Phòng", slug="cd-hai-phong")
    course = CoursePageFactory(parent=setup_provider(provider), provider=provider, title="An toàn hàng hải")
    body = json.dumps([{"type": "scorm", "value": {"title": package.title, "package_id": package.pk}}])
    return LessonPageFactory(parent=course, title="Bài học SCORM", body=body)


def corpus_package(name):
    with open(CORPUS / f"{name}.zip", "rb") as handle:
        return import_package(handle)


def open_lesson(page, live_server, user, lesson):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    # The lesson page's own progress beacon is not under test; in flight at teardown it meets the flush.
    page.route("**/lessons/*/progress", lambda route: route.fulfill(json={}))
    # confirm("resume where you left off?") is answered yes, as a learner coming back would.
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(live_server.url + lesson.url)


def runtime_frame(page, sco_title=None):
    """The run-time page's frame (content origin), once its content frame is there."""
    for _ in range(100):
        for frame in page.frames:
            if "/scorm/runtime/" in frame.url and frame.child_frames:
                if sco_title is None or frame.evaluate("() => document.querySelector('iframe').title") == sco_title:
                    return frame
        page.wait_for_timeout(100)
    raise AssertionError("the SCORM run-time page never framed its content")


def content(page):
    return page.frame_locator(RUNTIME).frame_locator("iframe")


def wait_for(predicate, message, timeout=20):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(message)


def attempts_of(user, package):
    return list(Attempt.objects.filter(user=user, sco__package=package).select_related("sco").order_by("sco__position"))


def completions_of(user):
    return Completion.objects.filter(enrolment__user=user).count()


def initialized(frame):
    """Wait until the content called Initialize/LMSInitialize (a learner does not leave a page before it loads)."""
    wait_for(
        lambda: frame.evaluate(
            "() => { const api = window.API || window.API_1484_11; return !!api && (api.isInitialized() || api.isTerminated()); }"
        ),
        "the content never initialised",
    )
    return frame


def next_sco(page, wait_initialized=True):
    """Press the player's Next and wait until the next SCO's run-time page has framed its content."""
    before = runtime_frame(page)
    if wait_initialized:
        initialized(before)
    page.locator("[data-scorm-next]").click()
    for _ in range(100):
        after = runtime_frame(page)
        if after is not before:
            return after
        page.wait_for_timeout(100)
    raise AssertionError("Next did not launch another SCO")


def test_adl_single_sco_completes_resumes_and_records_the_closing_session(live_server, phone, scorm_origins, learner):
    package = corpus_package("adl-12-single-local-sco")
    lesson = lesson_with(package)
    open_lesson(phone, live_server, learner, lesson)

    content(phone).locator("input[value='  Done ']").click()
    attempt = wait_for(
        lambda: Attempt.objects.filter(user=learner, completion_status="completed").first(), "Done was not stored"
    )
    assert attempt.cmi["cmi.core.lesson_status"] == "completed"
    wait_for(lambda: completions_of(learner) == 1, "the course was not completed")
    assert LessonProgress.objects.get(enrolment__user=learner, lesson=lesson).status == LessonProgress.COMPLETED

    # Coming back: the stored status is what the content reads.
    phone.reload()
    frame = initialized(runtime_frame(phone))
    assert frame.evaluate("() => API.LMSGetValue('cmi.core.lesson_status')") == "completed"
    # Closing the tab: the content's onunload quits (exit "logout", LMSFinish); that session is stored too.
    phone.close(run_before_unload=True)
    attempt = wait_for(
        lambda: (a := Attempt.objects.get(pk=attempt.pk)).cmi.get("cmi.core.exit") == "logout" and a,
        "the closing session's LMSFinish was lost",
    )
    assert len(attempt.sessions) >= 2
    assert attempt.total_seconds > 0
    assert completions_of(learner) == 1


def test_adl_multiple_scos_answer_the_quiz_and_the_package_stays_incomplete(live_server, phone, scorm_origins, learner):
    package = corpus_package("adl-12-multiple-sco")
    lesson = lesson_with(package)
    open_lesson(phone, live_server, learner, lesson)

    # SCO 1 has only Quit: it leaves the lesson incomplete.
    content(phone).locator("input[value='  Quit  ']").click()
    wait_for(lambda: Attempt.objects.filter(user=learner, cmi__has_key="cmi.core.exit").exists(), "Quit not stored")
    # The quiz SCO, next in the organisation: the learner answers every question correctly and submits.
    frame = next_sco(phone)
    wait_for(lambda: frame.child_frames[0].evaluate("() => typeof calcScore === 'function'"), "no quiz")
    quiz = frame.child_frames[0]
    quiz.evaluate(
        """() => { for (let n = 1; n <= 5; n++) {
            const key = String(window['key' + n]);
            const box = document.querySelector(`input[name=Q${n}][value="${key}"]`);
            if (box) box.checked = true; } }"""
    )
    quiz.locator("input[value=' SUBMIT ANSWERS ']").click()
    scored = wait_for(
        lambda: Attempt.objects.filter(user=learner, success_status__in=["passed", "failed"]).first(),
        "the quiz result was not stored",
    )
    assert scored.score_raw is not None
    assert any(key.startswith("cmi.interactions.") for key in scored.cmi)
    # Other SCOs are not completed: the package, the lesson and the course are not.
    assert completions_of(learner) == 0
    assert not LessonProgress.objects.filter(enrolment__user=learner, status=LessonProgress.COMPLETED).exists()


def test_golf_12_assets_complete_the_lesson_once_every_item_was_opened(live_server, phone, scorm_origins, learner):
    package = corpus_package("golf-12-one-file-per-sco")
    lesson = lesson_with(package)
    count = package.scos.count()
    open_lesson(phone, live_server, learner, lesson)
    for index in range(count - 1):
        runtime_frame(phone)
        assert completions_of(learner) == 0, f"completed after {index + 1} of {count} items"
        next_sco(phone, wait_initialized=False)
    runtime_frame(phone)
    wait_for(lambda: Attempt.objects.filter(user=learner).count() == count, "not every item was launched")
    wait_for(lambda: completions_of(learner) == 1, "the lesson did not complete after the last item")
    phone.reload()
    runtime_frame(phone)
    assert completions_of(learner) == 1


def test_golf_2004_minimum_calls_each_sco_counts_when_it_ends(live_server, phone, scorm_origins, learner):
    package = corpus_package("golf-2004-3rd-runtime-minimum-calls")
    lesson = lesson_with(package)
    count = package.scos.count()
    open_lesson(phone, live_server, learner, lesson)
    for _ in range(count - 1):
        runtime_frame(phone)
        next_sco(phone)
    initialized(runtime_frame(phone))
    wait_for(
        lambda: Attempt.objects.filter(user=learner, completion_status="completed").count() == count - 1,
        "SCOs left behind were not completed",
    )
    assert completions_of(learner) == 0
    # Leaving the page ends the last SCO (Terminate from its unload handler).
    phone.goto("about:blank")
    wait_for(lambda: completions_of(learner) == 1, "the package did not complete when its last SCO ended")
    attempts = attempts_of(learner, package)
    assert all(a.completion_status == "completed" for a in attempts)
    assert all(a.total_seconds > 0 for a in attempts)


@pytest.mark.parametrize(
    "name", ["golf-2004-3rd-sequencing-simple-remediation", "golf-2004-3rd-sequencing-random-test"]
)
def test_golf_2004_sequenced_pages_bookmark_resume_and_quiz_in_nested_frames(
    live_server, phone, scorm_origins, learner, name
):
    package = corpus_package(name)
    lesson = lesson_with(package)
    open_lesson(phone, live_server, learner, lesson)
    launcher = initialized(runtime_frame(phone)).child_frames[0]
    pages = wait_for(lambda: launcher.evaluate("() => typeof pageArray !== 'undefined' && pageArray.length"), "x")
    assert pages >= 3
    launcher.locator("#butNext").click()
    launcher.locator("#butNext").click()

    # Reload halfway: leaving stores the bookmark; coming back, the content asks (confirm) and resumes there.
    phone.reload()
    launcher = initialized(runtime_frame(phone)).child_frames[0]
    wait_for(lambda: launcher.evaluate("() => currentPage") == 2, "did not resume at the bookmark")
    for _ in range(pages - 3):
        launcher.locator("#butNext").click()
    first = wait_for(
        lambda: Attempt.objects.filter(user=learner, completion_status="completed").first(), "pages not stored"
    )
    assert first.cmi["cmi.location"] == str(pages - 1)
    assert len(first.sessions) == 2

    # On to the first test: answer in the nested question frame, which calls its parent's RecordTest().
    for _ in range(20):
        launcher = initialized(next_sco(phone)).child_frames[0]
        if launcher.evaluate("() => hasAssessment"):
            break
    questions = launcher.child_frames[0]
    wait_for(lambda: questions.evaluate("() => typeof test !== 'undefined'"), "the test did not load")
    questions.evaluate(
        """() => test.Questions.forEach((q) => {
            if (q.Type === 'numeric') { document.getElementById(`question_${q.Id}_Text`).value = q.CorrectAnswer; return; }
            if (q.Type === 'true-false') { document.getElementById(`question_${q.Id}_${q.CorrectAnswer ? 'True' : 'False'}`).checked = true; return; }
            const index = q.Answers.indexOf(q.CorrectAnswer);
            document.getElementById(`question_${q.Id}_${index}`).checked = true;
        })"""
    )
    questions.locator("input[value='Submit Answers']").click()
    # The content commits when it ends: the learner leaves the page.
    phone.goto("about:blank")
    passed = wait_for(
        lambda: Attempt.objects.filter(user=learner, success_status="passed", score_raw__isnull=False).first(),
        "the test result was not stored",
    )
    assert passed.score_scaled == pytest.approx(1.0)
    assert passed.cmi["cmi.score.raw"] == "100"
    # Two SCOs of several: the package is not completed, and neither is the course.
    assert completions_of(learner) == 0
