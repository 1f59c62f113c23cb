"""Progress sources: viewed lessons, watched videos, quizzes, SCORM results, attendance; and the completion rules."""

from decimal import Decimal

import pytest

from learning import services
from learning.models import Completion, Enrolment, LearningLogEntry, LessonProgress
from tests.learning.conftest import lesson, paragraph, quiz_block, scorm_block

pytestmark = pytest.mark.django_db


def test_enrol_is_idempotent_and_logged(learner, two_lesson_course):
    course, first, _second = two_lesson_course
    enrolment, created = services.enrol(learner, course)
    again, created_again = services.enrol(learner, course)
    assert created and not created_again and again == enrolment
    assert enrolment.resume_lesson_id == first.pk
    assert enrolment.lessons_required == 2
    assert LearningLogEntry.objects.filter(action="enrolled", enrolment=enrolment).count() == 1


def test_unenrol_keeps_history_and_allows_reenrolment(learner, two_lesson_course):
    course, first, _ = two_lesson_course
    enrolment, _ = services.enrol(learner, course)
    services.record_lesson_progress(learner, first, viewed=True)
    services.unenrol(enrolment, by=learner)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.WITHDRAWN and enrolment.withdrawn_at
    assert LessonProgress.objects.filter(enrolment=enrolment).count() == 1
    new, created = services.enrol(learner, course)
    assert created and new.pk != enrolment.pk
    with pytest.raises(services.LearningError):
        services.unenrol(enrolment)


def test_viewed_lessons_complete_the_course_once(learner, two_lesson_course, django_capture_on_commit_callbacks):
    course, first, second = two_lesson_course
    services.enrol(learner, course)
    services.record_lesson_progress(learner, first, viewed=True, seconds=120)
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.progress == 50 and enrolment.resume_lesson_id == second.pk
    received = []

    def receiver(sender, completion, **kwargs):
        received.append(completion)

    from learning.signals import completion_recorded

    completion_recorded.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.record_lesson_progress(learner, second, viewed=True)
            services.record_lesson_progress(learner, second, viewed=True)
    finally:
        completion_recorded.disconnect(receiver)
    completion = Completion.objects.get(user=learner)
    assert received == [completion]
    assert completion.source == Completion.ONLINE
    assert completion.hours == course.duration_hours
    assert completion.learning_area_code == course.learning_area.code
    assert completion.provider_name == course.provider.name
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.COMPLETED and enrolment.progress == 100


def test_progress_auto_enrols_the_learner(learner, two_lesson_course):
    course, first, _ = two_lesson_course
    services.record_lesson_progress(learner, first, viewed=True)
    assert Enrolment.objects.get(user=learner, course=course).lessons_completed == 1


def test_optional_lessons_do_not_block_completion(learner, make_course):
    course = make_course()
    required = lesson(course)
    lesson(course, required=False)
    services.record_lesson_progress(learner, required, viewed=True)
    assert Completion.objects.filter(user=learner, course=course).exists()


def test_video_counts_past_the_configured_share(learner, make_course, settings):
    from tests.learning.conftest import video_document

    settings.LEARNING_VIDEO_COMPLETION_SHARE = 0.8
    course = make_course()
    doc = video_document()
    video = lesson(course, [{"type": "video", "id": "v1", "value": {"file": doc.pk, "title": "Video"}}])
    progress = services.record_lesson_progress(learner, video, viewed=True, video_share=0.5)
    assert progress.status == LessonProgress.IN_PROGRESS
    progress = services.record_lesson_progress(learner, video, video_share=0.79)
    assert progress.status == LessonProgress.IN_PROGRESS
    progress = services.record_lesson_progress(learner, video, video_share=0.85)
    assert progress.status == LessonProgress.COMPLETED and progress.completion_source == "video"


def test_quiz_grading_pass_mark_and_attempt_limit(learner, make_course):
    course = make_course()
    quiz_lesson = lesson(course, [paragraph(), quiz_block(pass_mark=100, max_attempts=2)])
    # Viewing a quiz lesson is not enough.
    assert services.record_lesson_progress(learner, quiz_lesson, viewed=True).status == LessonProgress.IN_PROGRESS
    result = services.grade_quiz(learner, quiz_lesson, "quiz-1", {"0": ["0"], "1": ["0"]})
    assert result.attempt.score == Decimal("50.00") and not result.attempt.passed
    assert result.attempts_left == 1
    assert result.questions[1]["right"] is False
    result = services.grade_quiz(learner, quiz_lesson, "quiz-1", {"0": ["0"], "1": ["1"]})
    assert result.attempt.passed and result.attempts_left == 0
    completion = Completion.objects.get(user=learner)
    assert completion.source == Completion.QUIZ and completion.score == Decimal("100.00")
    with pytest.raises(services.LearningError):
        services.grade_quiz(learner, quiz_lesson, "quiz-1", {"0": ["0"], "1": ["1"]})


def test_quiz_attempt_limit_refuses_extra_attempts(learner, make_course):
    course = make_course()
    quiz_lesson = lesson(course, [quiz_block(pass_mark=100, max_attempts=1)])
    services.grade_quiz(learner, quiz_lesson, "quiz-1", {"0": ["1"]})
    with pytest.raises(services.LearningError, match="attempts"):
        services.grade_quiz(learner, quiz_lesson, "quiz-1", {"0": ["0"], "1": ["1"]})
    assert not Completion.objects.exists()


def test_quiz_rejects_unknown_block_and_empty_answers(learner, make_course):
    course = make_course()
    quiz_lesson = lesson(course, [quiz_block()])
    with pytest.raises(services.LearningError):
        services.grade_quiz(learner, quiz_lesson, "nope", {"0": ["0"]})
    with pytest.raises(services.LearningError):
        services.grade_quiz(learner, quiz_lesson, "quiz-1", {})


def test_min_score_rule(learner, make_course):
    course = make_course(completion_rule="min_score", minimum_score=Decimal("80"))
    quiz_lesson = lesson(course, [quiz_block(pass_mark=50, max_attempts=0)])
    services.grade_quiz(learner, quiz_lesson, "quiz-1", {"0": ["0"], "1": ["0"]})  # 50%: lesson passed
    enrolment = Enrolment.objects.get(user=learner)
    assert enrolment.progress == 100 and enrolment.status == Enrolment.ACTIVE
    assert not Completion.objects.exists()
    services.grade_quiz(learner, quiz_lesson, "quiz-1", {"0": ["0"], "1": ["1"]})  # 100%
    assert Completion.objects.get(user=learner).score == Decimal("100.00")


def test_measured_hours(learner, make_course):
    course = make_course(hours_credit="measured", duration_hours=Decimal("10"))
    only = lesson(course)
    services.record_lesson_progress(learner, only, seconds=200)
    services.record_lesson_progress(learner, only, seconds=200, viewed=True)
    assert Completion.objects.get(user=learner).hours == Decimal("0.1")


def test_progress_beacon_caps_time(learner, two_lesson_course):
    _course, first, _ = two_lesson_course
    progress = services.record_lesson_progress(learner, first, seconds=10_000)
    assert progress.time_spent_seconds == 300


def test_scorm_result_completes_lesson(learner, make_course):
    course = make_course()
    scorm_lesson = lesson(course, [scorm_block(42)])
    services.enrol(learner, course)
    services.record_scorm_result(learner, 42, completion_status="incomplete", total_time_seconds=60)
    assert not Completion.objects.exists()
    services.record_scorm_result(
        learner, 42, completion_status="completed", success_status="passed", score_scaled=0.9, attempt_id=7
    )
    completion = Completion.objects.get(user=learner)
    assert completion.source == Completion.SCORM and completion.score == Decimal("90.00")
    assert completion.evidence == "scorm-attempt:7"
    assert LessonProgress.objects.get(lesson=scorm_lesson).time_spent_seconds == 60


def test_scorm_failure_does_not_complete(learner, make_course):
    course = make_course()
    lesson(course, [scorm_block(43)])
    services.record_scorm_result(learner, 43, completion_status="completed", success_status="failed", score_raw=30)
    assert not Completion.objects.exists()


def test_scorm_package_index_follows_lesson_body(learner, make_course):
    course = make_course()
    scorm_lesson = lesson(course, [scorm_block(5)])
    assert list(services.lessons_for_package(5)) == [scorm_lesson]
    scorm_lesson.body = '[{"type": "scorm", "id": "s", "value": {"package_id": 6}}]'
    scorm_lesson.save()
    assert not services.lessons_for_package(5).exists()
    assert list(services.lessons_for_package(6)) == [scorm_lesson]


def test_scorm_result_reaches_every_live_lesson_with_its_own_course(learner, make_course):
    from tests.factories import ModulePageFactory

    direct, nested = make_course(title="Sơ cấp cứu"), make_course(title="An toàn điện")
    in_course = lesson(direct, [scorm_block(44)])
    module = ModulePageFactory(parent=nested, title="Chương 1")
    in_module = lesson(module, [scorm_block(44)])
    draft = lesson(direct, [scorm_block(44)], title="Bản nháp")
    draft.unpublish()
    pairs = {(lesson_.pk, course.pk) for lesson_, course in services.scorm_lessons_with_courses(44)}
    assert pairs == {(in_course.pk, direct.pk), (in_module.pk, nested.pk)}
    services.record_scorm_result(learner, 44, completion_status="completed", success_status="passed")
    assert set(Completion.objects.filter(user=learner).values_list("course_id", flat=True)) == {direct.pk, nested.pk}


def test_attendance_marked_by_instructor(learner, staff, make_course):
    course = make_course()
    session = lesson(course, title="Buổi học trên lớp")
    outsider = type(learner).objects.create_user(email="ngoai@example.vn", password="x", full_name="Người ngoài")
    services.enrol(learner, course)
    assert services.mark_attendance(session, [learner, outsider], by=staff) == 1
    completion = Completion.objects.get(user=learner)
    assert completion.source == Completion.ATTENDANCE and completion.recorded_by == staff
    assert LearningLogEntry.objects.filter(action="attendance", actor=staff).count() == 1


def test_retake_is_a_new_enrolment(learner, two_lesson_course):
    course, first, second = two_lesson_course
    for page in (first, second):
        services.record_lesson_progress(learner, page, viewed=True)
    done, created = services.enrol(learner, course)
    assert not created and done.status == Enrolment.COMPLETED
    retake, created = services.enrol(learner, course, retake=True)
    assert created and retake.status == Enrolment.ACTIVE
    for page in (first, second):
        services.record_lesson_progress(learner, page, viewed=True)
    assert Completion.objects.filter(user=learner, course=course).count() == 2


def test_completion_is_immutable(learner, two_lesson_course):
    course, *_ = two_lesson_course
    enrolment, _ = services.enrol(learner, course)
    completion, created = services.record_completion(enrolment, source=Completion.ONLINE)
    again, created_again = services.record_completion(enrolment, source=Completion.IMPORTED)
    assert created and not created_again and again == completion
    completion.hours = Decimal("99")
    with pytest.raises(ValueError):
        completion.save()
    with pytest.raises(ValueError):
        completion.delete()


def test_deleting_a_course_keeps_completions(learner, two_lesson_course):
    course, first, second = two_lesson_course
    for page in (first, second):
        services.record_lesson_progress(learner, page, viewed=True)
    title = course.title
    course.delete()
    completion = Completion.objects.get(user=learner)
    assert completion.course is None and completion.course_title == title
    assert Enrolment.objects.get(user=learner).course_title == title


def test_hours_by_area(learner, make_course):
    a = make_course(duration_hours=Decimal("2"))
    b = make_course(duration_hours=Decimal("3"))
    for course in (a, b):
        services.record_lesson_progress(learner, lesson(course), viewed=True)
    rows = services.hours_by_area(learner)
    assert rows == [
        {"learning_area_code": "vocational", "learning_area_name": a.learning_area.name, "hours": Decimal("5.0")}
    ]


def test_enrol_many_by_an_officer_is_logged(staff, two_lesson_course):
    from tests.factories import UserFactory

    course, *_ = two_lesson_course
    workers = [UserFactory() for _ in range(3)]
    services.enrol(workers[0], course)
    assert services.enrol_many(workers, course, by=staff) == 2
    assert Enrolment.objects.filter(course=course, status=Enrolment.ACTIVE).count() == 3
    assert Enrolment.objects.filter(enrolled_by=staff).count() == 2
    assert LearningLogEntry.objects.filter(action="enrolled", actor=staff).count() == 2
    enrolment = Enrolment.objects.get(user=workers[1])
    services.unenrol(enrolment, by=staff)
    assert LearningLogEntry.objects.get(action="withdrawn").actor == staff
