"""HTTP: enrol and leave, the progress beacon, quizzes on lesson pages, "My learning" and the learner's record."""

import csv
import io
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learning import services
from learning.models import Completion, Enrolment, LessonProgress
from tests.factories import UserFactory
from tests.learning.conftest import lesson, paragraph, quiz_block

pytestmark = pytest.mark.django_db


def post_json(client, url, data):
    return client.post(url, json.dumps(data) if not isinstance(data, str) else data, content_type="application/json")


def test_course_page_shows_enrol_then_progress(client, learner, two_lesson_course):
    course, first, _ = two_lesson_course
    html = client.get(course.url).content.decode()
    assert reverse("accounts:login") in html
    client.force_login(learner)
    assert "data-enrol" in client.get(course.url).content.decode()
    response = client.post(reverse("learning:enrol", args=[course.pk]))
    assert response.status_code == 302 and response["Location"] == first.url
    html = client.get(course.url).content.decode()
    assert "data-continue" in html and 'aria-valuenow="0"' in html


def test_enrol_needs_post_and_login(client, learner, two_lesson_course):
    course, *_ = two_lesson_course
    assert client.post(reverse("learning:enrol", args=[course.pk])).status_code == 302
    assert not Enrolment.objects.exists()
    client.force_login(learner)
    assert client.get(reverse("learning:enrol", args=[course.pk])).status_code == 405
    assert client.post(reverse("learning:enrol", args=[999999])).status_code == 404


def test_unenrol_keeps_history(client, learner, two_lesson_course):
    course, *_ = two_lesson_course
    client.force_login(learner)
    client.post(reverse("learning:enrol", args=[course.pk]))
    client.post(reverse("learning:unenrol", args=[course.pk]))
    assert Enrolment.objects.get().status == Enrolment.WITHDRAWN
    assert "data-enrol" in client.get(course.url).content.decode()


def test_progress_beacon(client, learner, two_lesson_course):
    course, first, second = two_lesson_course
    url = reverse("learning:lesson_progress", args=[first.pk])
    assert post_json(client, url, {"viewed": True}).json() == {"error": "Log in to save your progress."}
    client.force_login(learner)
    response = post_json(client, url, {"viewed": True, "seconds": 30})
    assert response.status_code == 200
    assert response.json() == {
        "lesson": {"id": first.pk, "status": "completed", "video_share": 0.0},
        "course": {"progress": 50, "completed": False},  # the completion notice comes with "completed": True
    }
    response = post_json(client, reverse("learning:lesson_progress", args=[second.pk]), {"done": True})
    course_state = response.json()["course"]
    assert {key: course_state[key] for key in ("progress", "completed")} == {"progress": 100, "completed": True}
    assert "Course completed!" in course_state["notice_html"]
    assert Completion.objects.filter(user=learner, course=course).count() == 1


@pytest.mark.parametrize(
    "body",
    ["not json", "[1, 2]", {"video_share": 2}, {"video_share": "half"}, {"seconds": "many"}],
)
def test_progress_beacon_rejects_bad_input(client, learner, two_lesson_course, body):
    _course, first, _ = two_lesson_course
    client.force_login(learner)
    response = post_json(client, reverse("learning:lesson_progress", args=[first.pk]), body)
    assert response.status_code == 400 and "error" in response.json()
    assert not LessonProgress.objects.exists()


def test_progress_beacon_unknown_lesson_and_csrf(learner, two_lesson_course):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    _course, first, _ = two_lesson_course
    assert post_json(client, reverse("learning:lesson_progress", args=[first.pk]), {"viewed": True}).status_code == 403
    client = Client()
    client.force_login(learner)
    response = post_json(client, reverse("learning:lesson_progress", args=[999999]), {"viewed": True})
    assert response.status_code == 404 and response.json() == {"error": "No such lesson."}


def test_lesson_page_has_panel_and_beacon(client, learner, two_lesson_course):
    _course, first, _ = two_lesson_course
    client.force_login(learner)
    html = client.get(first.url).content.decode()
    assert f'data-lesson-progress="{reverse("learning:lesson_progress", args=[first.pk])}"' in html
    assert "learning/lesson.js" in html and "data-mark-done" in html


def test_quiz_on_lesson_page(client, learner, make_course):
    course = make_course()
    quiz_lesson = lesson(course, [paragraph(), quiz_block(pass_mark=100, max_attempts=2)])
    client.force_login(learner)
    html = client.get(quiz_lesson.url).content.decode()
    action = reverse("learning:submit_quiz", args=[quiz_lesson.pk, "quiz-1"])
    assert f'action="{action}"' in html and 'name="q0"' in html and "data-mark-done" not in html
    response = client.post(action, {"q0": "0", "q1": "0"})
    assert response["Location"] == f"{quiz_lesson.url}#quiz-quiz-1"
    html = client.get(quiz_lesson.url).content.decode()
    assert 'data-quiz-result="failed"' in html and 'class="chosen-wrong"' in html
    client.post(action, {"q0": "0", "q1": "1"})
    html = client.get(quiz_lesson.url).content.decode()
    assert 'data-quiz-result="passed"' in html and f'action="{action}"' not in html
    assert Completion.objects.get(user=learner).source == Completion.QUIZ
    # A third attempt is refused with a message and changes nothing.
    response = client.post(action, {"q0": "0", "q1": "1"}, follow=True)
    assert "attempts" in response.content.decode()
    assert services.quiz_attempts(learner, quiz_lesson, "quiz-1").count() == 2


def test_my_learning_lists_enrolments_completions_and_hours(client, learner, make_course):
    client.force_login(learner)
    doing = make_course(title="Pháp luật lao động")
    lesson(doing)
    lesson(doing)
    done = make_course(title="Kỹ năng số cơ bản", duration_hours=Decimal("6"))
    services.record_lesson_progress(learner, lesson(done), viewed=True)
    services.record_lesson_progress(learner, doing.lessons.first(), viewed=True)
    html = client.get(reverse("learning:my_learning")).content.decode()
    assert "Pháp luật lao động" in html and "Kỹ năng số cơ bản" in html
    assert 'aria-valuenow="50"' in html and "data-continue" in html
    assert "6,0" in html  # Vietnamese decimal comma


def test_my_learning_query_count_does_not_grow(client, learner, make_course):
    """No N+1: "My learning" costs the same number of queries for 2 or 20 completions and enrolments."""
    client.force_login(learner)
    course = make_course()
    lesson(course)

    def add(n):
        for _ in range(n):
            enrolment = Enrolment.objects.create(
                user=learner, course=course, course_title=course.title, status="completed"
            )
            services.record_completion(enrolment, source=Completion.IMPORTED)
        for _ in range(n):
            other = make_course()
            lesson(other)
            services.enrol(learner, other)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("learning:my_learning")).status_code == 200
        return len(queries)

    add(2)
    count()  # warm the per-site caches (site root paths, settings)
    small = count()
    add(18)
    assert count() == small


def test_record_csv(client, learner, two_lesson_course):
    course, first, second = two_lesson_course
    for page in (first, second):
        services.record_lesson_progress(learner, page, viewed=True)
    UserFactory()  # someone else's record never shows
    client.force_login(learner)
    response = client.get(reverse("learning:record_csv"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "course" or rows[0][0]  # translated header
    assert len(rows) == 2 and rows[1][0] == course.title and rows[1][4] == "4,0"  # decimal comma in Vietnamese


def test_record_pdf(client, learner, two_lesson_course):
    _course, first, second = two_lesson_course
    for page in (first, second):
        services.record_lesson_progress(learner, page, viewed=True)
    client.force_login(learner)
    response = client.get(reverse("learning:record_pdf"))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_record_needs_login(client, db):
    assert client.get(reverse("learning:record_csv")).status_code == 302
    assert client.get(reverse("learning:my_learning")).status_code == 302
