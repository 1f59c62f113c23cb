"""A worker on a phone signs up, enrols, completes a lesson-based and a SCORM-based course, and sees 100%."""

import json

import pytest

from learning.models import Completion, Enrolment
from tests.factories import CoursePageFactory, LessonPageFactory, ProviderFactory

# Migration data wiped by transactional flushes is recreated by tests/conftest.py (restore_migrated_data).
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def courses():
    from courses.services import setup_provider
    from scorm.importer.services import import_package
    from tests.scorm.packages import build_zip

    provider = ProviderFactory(name="Trường Cao đẳng Nghề Đồng Nai", slug="cd-dong-nai")
    section = setup_provider(provider)
    paragraph = json.dumps([{"type": "paragraph", "value": "<p>Đeo mũ bảo hộ khi vào xưởng.</p>"}])
    plain = CoursePageFactory(parent=section, provider=provider, title="An toàn lao động cơ bản")
    lessons = [LessonPageFactory(parent=plain, title=f"Bài {n}", body=paragraph) for n in (1, 2)]
    package = import_package(build_zip("scorm12"))
    scorm = CoursePageFactory(parent=section, provider=provider, title="Phòng cháy chữa cháy tương tác")
    body = json.dumps([{"type": "scorm", "value": {"title": package.title, "package_id": package.pk}}])
    scorm_lesson = LessonPageFactory(parent=scorm, title="Bài tương tác", body=body)
    return plain, lessons, scorm, scorm_lesson


def beacon(page):
    return page.expect_response(lambda r: "/progress" in r.url and r.request.method == "POST")


def scroll_to_end(page):
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")


def test_worker_journey_on_a_phone(live_server, phone, courses, scorm_origins):
    plain, lessons, scorm, scorm_lesson = courses
    base = live_server.url

    # Sign up with a phone number.
    phone.goto(f"{base}/accounts/signup/")
    phone.fill("#id_full_name", "Nguyễn Văn Công")
    phone.fill("#id_phone", "+84 903 123 456")
    phone.fill("#id_password1", "Cong-nhan-hoc-tap-2025")
    phone.fill("#id_password2", "Cong-nhan-hoc-tap-2025")
    phone.click("button[type=submit]:has-text('')>>nth=-1")
    phone.wait_for_url(f"{base}/my-learning/")

    # Enrol in the lesson-based course: lands on its first lesson, which the worker reads to its end.
    phone.goto(base + plain.url)
    phone.click("[data-enrol]")
    phone.wait_for_url(base + lessons[0].url)
    with beacon(phone) as first:
        scroll_to_end(phone)
    assert first.value.json()["lesson"]["status"] == "completed"

    # "Continue where I stopped" leads to lesson 2; the fallback button finishes it.
    phone.goto(base + plain.url)
    phone.locator("[data-course-progress-label]").filter(has_text="50%").wait_for()
    phone.click("[data-continue]")
    phone.wait_for_url(base + lessons[1].url)
    with beacon(phone):
        phone.click("[data-mark-done] button")
    phone.locator("[data-lesson-status]").filter(has_text="Completed").or_(
        phone.locator("[data-lesson-status]").filter(has_text="Hoàn thành")
    ).wait_for()

    # The SCORM course: the package reports a pass through the player; the learning record follows.
    phone.goto(base + scorm.url)
    phone.click("[data-enrol]")
    phone.wait_for_url(base + scorm_lesson.url)
    # The package plays on the content origin, inside the run-time page the lesson frames.
    frame = phone.frame_locator("[data-scorm-frame] iframe").frame_locator("iframe")
    frame.locator("#entry").filter(has_text="ab-initio").wait_for()
    with phone.expect_response(lambda r: r.url.endswith("/commit") and "passed" in (r.request.post_data or "")):
        frame.locator("#finish").click()
    # Finishing the first SCO moves on to the second, which completes itself: the whole package is done.
    phone.locator("[data-scorm-completion]").filter(has_text="completed").or_(
        phone.locator("[data-scorm-completion]").filter(has_text="hoàn thành")
    ).wait_for()

    # "My learning" shows both completions.
    phone.goto(f"{base}/my-learning/")
    rows = phone.locator("[data-completion]")
    rows.nth(1).wait_for()
    text = phone.locator("main").inner_text()
    assert plain.title in text and scorm.title in text
    assert phone.locator("[data-enrolment]").count() == 0
    completions = Completion.objects.filter(user__phone="0903123456")
    assert {c.source for c in completions} == {Completion.ONLINE, Completion.SCORM}
    assert set(Enrolment.objects.filter(user__phone="0903123456").values_list("progress", flat=True)) == {100}
    phone.goto(base + plain.url)
    phone.locator("[data-course-completed]").wait_for()
    assert phone.locator('[role=progressbar][aria-valuenow="100"]').count() == 1
