"""A worker's cheap phone on a slow mobile network: a third-party SCORM package still plays and loses nothing.

Chromium's network emulation (400 ms round trip, 400 kbit/s each way, a poor 3G link) applies to the lesson page
and to the content origin's frames (each cross-site frame is its own target, so each gets it). The learner opens a
lesson, is interrupted and leaves at once (the package's closing calls still on the wire), comes back later and
finishes: both sessions stored, the course completed once.
"""

import pytest

from learning.models import LessonProgress
from scorm.models import Attempt

from .test_scorm_corpus import (
    completions_of,
    content,
    corpus_package,
    initialized,
    learner,  # noqa: F401 - fixture
    lesson_with,
    open_lesson,
    runtime_frame,
    wait_for,
)

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("settled")]

POOR_3G = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}


def own_session(page, frame):
    """A DevTools session of the frame's own target, or None for a frame that shares its page's target."""
    from playwright.sync_api import Error

    try:
        return page.context.new_cdp_session(page if frame is page.main_frame else frame)
    except Error:
        return None


def throttle(page):
    """Emulate the slow link for the page and every frame with its own target (the content origin's frames)."""
    sessions = [session for frame in page.frames if (session := own_session(page, frame))]
    for session in sessions:
        session.send("Network.enable")
        session.send("Network.emulateNetworkConditions", POOR_3G)
    return sessions


def interrupted_attempt(user):
    """The learner's attempt once its interrupted session (exit "logout") is stored."""
    attempt = Attempt.objects.filter(user=user).first()
    return attempt if attempt and attempt.cmi.get("cmi.core.exit") == "logout" else None


def test_a_package_on_a_slow_network_keeps_an_interrupted_session_and_completes_later(
    live_server,
    phone,
    scorm_origins,
    learner,  # noqa: F811
):
    package = corpus_package("adl-12-single-local-sco")
    lesson = lesson_with(package)
    throttle(phone)  # the lesson page itself loads over the slow link
    open_lesson(phone, live_server, learner, lesson)
    frame = runtime_frame(phone)
    assert len(throttle(phone)) >= 2, "the content origin's frames were not throttled"
    initialized(frame)

    # Interrupted: the worker leaves for the course page at once. The content's onunload quits (exit "logout",
    # LMSFinish) and the run-time page's last commit travels after the lesson page is gone, over the slow link.
    phone.goto(live_server.url + lesson.get_parent().url, wait_until="commit")
    attempt = wait_for(
        lambda: interrupted_attempt(learner),
        "the interrupted session's LMSFinish was lost on the slow link",
        timeout=40,
    )
    assert attempt.completion_status != "completed"

    # Back later, still on the slow link: resumes, finishes with Done; completed once.
    throttle(phone)
    open_lesson(phone, live_server, learner, lesson)
    initialized(runtime_frame(phone))
    throttle(phone)
    content(phone).locator("input[value='  Done ']").click()
    attempt = wait_for(
        lambda: Attempt.objects.filter(pk=attempt.pk, completion_status="completed").first(),
        "Done was not stored over the slow link",
        timeout=40,
    )
    wait_for(lambda: completions_of(learner) == 1, "the course was not completed", timeout=40)
    assert LessonProgress.objects.get(enrolment__user=learner, lesson=lesson).status == LessonProgress.COMPLETED
    assert len(attempt.sessions) == 2
    # The interrupted session's exit belongs to it: the next launch does not treat the finished session as quit.
    assert attempt.cmi.get("cmi.core.exit", "") == ""
