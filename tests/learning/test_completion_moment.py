"""The completion moment (issue 15): the notice with the certificate link, My learning after completions, HR's
confirmation status, the lesson state asked after a SCORM result, and the record CSV a person can read."""

import csv
import io
import json

import pytest
from django.urls import reverse

from certificates import keys
from learning.models import Completion, Enrolment
from learning.record import readable_evidence
from learning.services import enrol, record_completion

from .conftest import lesson


def post_json(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.fixture(autouse=True)
def signing_key(settings):
    settings.CERTIFICATES_SIGNING_KEYS = keys.generate_key_config("completion-moment")
    keys.get_keyring.cache_clear()
    yield
    keys.get_keyring.cache_clear()


def test_last_lesson_answers_with_the_completion_notice_and_certificate_link(
    client, learner, two_lesson_course, django_capture_on_commit_callbacks
):
    course, first, second = two_lesson_course
    client.force_login(learner)
    enrol(learner, course)
    answer = post_json(client, reverse("learning:lesson_progress", args=[first.pk]), {"viewed": True}).json()
    assert answer["course"] == {"progress": 50, "completed": False}

    # The certificate is issued when the completion's transaction commits (learning's completion_recorded).
    with django_capture_on_commit_callbacks(execute=True):
        answer = post_json(client, reverse("learning:lesson_progress", args=[second.pk]), {"viewed": True}).json()
    assert answer["course"]["completed"] is True and "notice_html" in answer["course"]
    answer = client.get(reverse("learning:lesson_progress", args=[second.pk])).json()
    completion = Completion.objects.get(user=learner)
    certificate = completion.certificate
    assert answer["course"]["completed"] is True
    assert answer["course"]["certificate_url"] == f"/verify/{certificate.serial}/"
    notice = answer["course"]["notice_html"]
    assert "Course completed!" in notice and f'href="/verify/{certificate.serial}/"' in notice
    assert "data-certificate-link" in notice and reverse("learning:my_learning") in notice

    # Reloading the lesson shows the same notice, rendered by the page itself.
    html = client.get(second.url).content.decode()
    assert "data-course-completed-notice" in html and f"/verify/{certificate.serial}/" in html


def test_lesson_state_can_be_asked_without_recording_anything(client, learner, two_lesson_course):
    course, first, _second = two_lesson_course
    client.force_login(learner)
    url = reverse("learning:lesson_progress", args=[first.pk])
    assert client.get(url).json() == {
        "lesson": {"id": first.pk, "status": "not_started", "video_share": None},
        "course": None,
    }
    assert not Enrolment.objects.filter(user=learner).exists()  # asking enrols nobody
    enrol(learner, course)
    post_json(client, url, {"viewed": True})
    state = client.get(url).json()
    assert state["lesson"]["status"] == "completed" and state["course"]["progress"] == 50
    client.logout()
    assert client.get(url).status_code == 401
    client.force_login(learner)
    assert client.get(reverse("learning:lesson_progress", args=[999999])).status_code == 404


def test_course_page_and_my_learning_link_to_the_certificate(
    client, learner, two_lesson_course, django_capture_on_commit_callbacks
):
    course, *_ = two_lesson_course
    enrolment, _created = enrol(learner, course)
    with django_capture_on_commit_callbacks(execute=True):
        completion, _created = record_completion(enrolment, source=Completion.ONLINE)
    serial = completion.certificate.serial
    client.force_login(learner)
    course_html = client.get(course.url).content.decode()
    assert f'href="/verify/{serial}/" data-certificate-link' in course_html
    mine = client.get(reverse("learning:my_learning")).content.decode()
    assert f'href="/verify/{serial}/"' in mine


def test_my_learning_in_progress_box_after_completions(client, learner, two_lesson_course):
    course, *_ = two_lesson_course
    client.force_login(learner)
    html = client.get(reverse("learning:my_learning")).content.decode()
    assert "You are not enrolled in any course." in html

    enrolment, _created = enrol(learner, course)
    record_completion(enrolment, source=Completion.ONLINE)
    html = client.get(reverse("learning:my_learning")).content.decode()
    assert "You are not enrolled in any course." not in html
    assert "No course in progress: you have finished the course you enrolled in" in html
    assert 'href="/khoa-hoc/"' in html or "Find a course" in html


def test_my_learning_shows_hr_confirmation_status(client, learner, two_lesson_course):
    from organisations.models import CompletionReview, Organisation
    from organisations.services import add_member, create_organisation

    course, *_ = two_lesson_course
    province = create_organisation(name="LĐLĐ tỉnh Đồng Nai", kind=Organisation.PROVINCIAL)
    company = create_organisation(
        province, name="Công ty TNHH Đức Phát", kind=Organisation.GRASSROOTS, unit_type=Organisation.ENTERPRISE
    )
    add_member(learner, company)
    enrolment, _created = enrol(learner, course)
    completion, _created = record_completion(enrolment, source=Completion.ONLINE)
    client.force_login(learner)
    html = client.get(reverse("learning:my_learning")).content.decode()
    assert 'data-confirmation="pending"' in html and "Waiting for your employer&#x27;s confirmation" in html

    CompletionReview.objects.create(completion=completion, organisation=company, status=CompletionReview.CONFIRMED)
    html = client.get(reverse("learning:my_learning")).content.decode()
    assert 'data-confirmation="confirmed"' in html and "Công ty TNHH Đức Phát" in html
    assert 'data-confirmation="confirmed"' in client.get(course.url).content.decode()


def test_record_csv_speaks_to_a_person(client, learner, make_course):
    course = make_course(title="Sơ cứu tại nơi làm việc")
    first = lesson(course, title="Bài 1: Gọi cấp cứu")
    enrolment, _created = enrol(learner, course)
    record_completion(enrolment, source=Completion.ONLINE, hours=1.5, score=87.5, evidence=f"lesson:{first.pk}")
    client.force_login(learner)
    response = client.get(reverse("learning:record_csv"))
    assert response["Content-Disposition"] == 'attachment; filename="ho-so-hoc-tap-le-van-cong.csv"'
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == [
        "Course",
        "Provider",
        "Learning area",
        "Completed on",
        "Learning hours",
        "Score (%)",
        "How",
        "Evidence",
    ]
    assert "learning_area" not in rows[0] and "completed_on" not in rows[0]
    row = rows[1]
    assert row[0] == "Sơ cứu tại nơi làm việc"
    assert row[3].count("/") == 2 and len(row[3]) == 10  # dd/mm/yyyy
    assert row[-1] == "Lesson: Bài 1: Gọi cấp cứu"
    assert "lesson:" not in "".join(row)


def test_record_csv_in_vietnamese_has_vietnamese_headings_and_decimal_commas(client, learner, make_course, settings):
    from pathlib import Path

    from django.utils import translation

    settings.LOCALE_PATHS = [Path(settings.BASE_DIR) / "locale"]
    course = make_course(title="Sơ cứu")
    enrolment, _created = enrol(learner, course)
    record_completion(enrolment, source=Completion.ONLINE, hours=1.5, evidence="scorm-attempt:12")
    client.force_login(learner)
    with translation.override("vi"):
        response = client.get(reverse("learning:record_csv"), HTTP_ACCEPT_LANGUAGE="vi")
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] == "Khóa học" and rows[0][3] == "Ngày hoàn thành"
    assert rows[1][4] == "1,5"  # decimal comma, as My learning shows it
    assert "SCORM" in rows[1][-1] and "12" in rows[1][-1]


@pytest.mark.parametrize(
    "evidence, expected",
    [
        ("lesson:999999", "A lesson of the course (since removed)"),
        ("scorm-attempt:7", "Interactive lesson (SCORM), attempt no. 7"),
        ("scorm-package:3", "Interactive lesson (SCORM)"),
        ("import:lop-hoc.csv:3", "Imported from lop-hoc.csv, line 3"),
        ("Biên bản 12/2025", "Biên bản 12/2025"),
        ("lesson:abc", "lesson:abc"),
        ("", ""),
    ],
)
def test_readable_evidence(evidence, expected, db):
    assert readable_evidence(evidence, {}) == expected
