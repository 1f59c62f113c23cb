"""Verbs of the learning record: enrol, record progress, grade quizzes, record completions exactly once."""

import logging
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from courses.models import COMPLETION_MIN_SCORE, HOURS_MEASURED, CoursePage, LessonPage

from . import conf
from .lessons import find_quiz, lesson_requirements
from .models import Completion, Enrolment, LearningLogEntry, LessonProgress, LessonScormPackage, QuizAttempt
from .signals import completion_recorded

logger = logging.getLogger(__name__)

# Which completion source a course completion gets from the lesson progress that completed it.
LESSON_SOURCE_TO_COMPLETION = {
    "attendance": Completion.ATTENDANCE,
    "scorm": Completion.SCORM,
    "quiz": Completion.QUIZ,
}


class LearningError(Exception):
    """A learner-facing refusal (not enrolled, no attempts left...); the message is translated."""


class PrerequisitesMissing(LearningError):
    """Enrolment refused until other courses are completed: `missing` lists them, `url` is the page saying so."""

    def __init__(self, message, *, missing=(), url=""):
        super().__init__(message)
        self.missing, self.url = list(missing), url


# Checks other apps add (programmes: prerequisites), each `check(user, course)` raising a LearningError to refuse
# a learner's own enrolment; HR enrolling a worker and imported completions are not held back by them.
enrolment_checks = []


def log(action, learner, *, actor=None, enrolment=None, completion=None, **data):
    return LearningLogEntry.objects.create(
        action=action, learner=learner, actor=actor, enrolment=enrolment, completion=completion, data=data
    )


def course_of(lesson):
    return CoursePage.objects.ancestor_of(lesson).first()


# Enrolment ------------------------------------------------------------------------------------------------


def active_enrolment(user, course):
    return Enrolment.objects.filter(user=user, course=course, status=Enrolment.ACTIVE).first()


def enrol(user, course, *, by=None, retake=False):
    """Enrol a learner; returns (enrolment, created). A completed course gets a new enrolment only with retake."""
    existing = active_enrolment(user, course)
    if existing:
        return existing, False
    if not retake:
        completed = Enrolment.objects.filter(user=user, course=course, status=Enrolment.COMPLETED).first()
        if completed:
            return completed, False
    if by is None or by == user:
        for check in enrolment_checks:
            check(user, course)
    first_lesson = course.lessons.first()
    try:
        with transaction.atomic():
            enrolment = Enrolment.objects.create(
                user=user,
                course=course,
                course_title=course.title,
                enrolled_by=by if by and by != user else None,
                resume_lesson=first_lesson,
                lessons_required=_required_lessons_count(course),
            )
            log("enrolled", user, actor=by or user, enrolment=enrolment, course_id=course.pk, retake=retake)
    except IntegrityError:
        # Another request enrolled the same learner a moment ago: the unique constraint kept one row.
        return active_enrolment(user, course), False
    return enrolment, True


def enrol_many(users, course, *, by):
    """Enrol a list of workers (an HR or union officer's action); returns the number of new enrolments."""
    created = 0
    for user in users:
        created += enrol(user, course, by=by)[1]
    return created


def unenrol(enrolment, *, by=None):
    """Withdraw from a course; the enrolment and its progress stay as history."""
    if enrolment.status != Enrolment.ACTIVE:
        raise LearningError(_("Only a course in progress can be left."))
    enrolment.status = Enrolment.WITHDRAWN
    enrolment.withdrawn_at = timezone.now()
    enrolment.save(update_fields=["status", "withdrawn_at"])
    log("withdrawn", enrolment.user, actor=by or enrolment.user, enrolment=enrolment)
    return enrolment


def _required_lessons(course):
    lessons = list(course.lessons.only("id", "required", "path"))
    required = [lesson for lesson in lessons if lesson.required]
    # A course whose lessons are all optional asks for all of them, so it cannot complete on enrolment.
    return lessons, (required or lessons)


def _required_lessons_count(course):
    return len(_required_lessons(course)[1])


# Lesson progress ------------------------------------------------------------------------------------------


def _locked_enrolment(user, course, *, enrol_if_needed=True):
    """The learner's running (or completed) enrolment, locked for this transaction; created when learning starts."""
    user_id = getattr(user, "pk", user)
    locked = (
        Enrolment.objects.select_for_update().filter(user_id=user_id, course=course, status=Enrolment.ACTIVE).first()
    )
    if locked is not None:
        return locked
    if not enrol_if_needed:
        raise LearningError(_("You are not enrolled in this course."))
    if not hasattr(user, "pk"):
        from django.contrib.auth import get_user_model

        user = get_user_model().objects.get(pk=user_id)
    # A completed course can still be reviewed: its lesson progress is kept, its completion stays as it was.
    enrolment = enrol(user, course)[0]
    return Enrolment.objects.select_for_update().get(pk=enrolment.pk)


def _progress_for(enrolment, lesson):
    """The lesson's progress row, or a new unsaved one: every caller holds the enrolment's row lock
    (_locked_enrolment), so no other request creates it meanwhile, and the caller's save() inserts it."""
    progress = LessonProgress.objects.filter(enrolment=enrolment, lesson=lesson).first()
    return progress or LessonProgress(enrolment=enrolment, lesson=lesson)


def _apply_lesson_status(progress, lesson, requirements=None):
    """Decide whether the lesson is complete from what the learner has done; returns True when it just completed."""
    if progress.status == LessonProgress.COMPLETED:
        return False
    requirements = requirements or lesson_requirements(lesson)
    source = ""
    if progress.attended:
        source = "attendance"
    else:
        met = []
        if requirements.package_ids:
            met.append(("scorm", progress.scorm_completed and not progress.scorm_failed))
        if requirements.quiz_ids:
            met.append(("quiz", progress.quiz_passed))
        if requirements.tracked_video:
            met.append(("video", progress.video_share >= conf.video_completion_share()))
        if requirements.needs_view:
            met.append(("viewed", progress.viewed))
        if met and all(ok for _name, ok in met):
            source = met[0][0]
    if source:
        progress.status = LessonProgress.COMPLETED
        progress.completed_at = timezone.now()
        progress.completion_source = source
        return True
    progress.status = LessonProgress.IN_PROGRESS
    return False


@transaction.atomic
def record_lesson_progress(
    user, lesson, *, viewed=False, done=False, video_share=None, seconds=0, course=None, enrol_if_needed=True
):
    """Record what a learner did in a lesson (viewed to the end, watched a share of its video, time spent).

    `done` is the "mark as done" fallback: it counts as viewing the lesson and as watching its video, for
    phones and embedded players where the page cannot tell. Returns the lesson progress.
    """
    course = course or course_of(lesson)
    if course is None:
        raise LearningError(_("This lesson does not belong to a course."))
    enrolment = _locked_enrolment(user, course, enrol_if_needed=enrol_if_needed)
    progress = _progress_for(enrolment, lesson)
    if viewed or done:
        progress.viewed = True
    if done:
        progress.video_share = max(progress.video_share, 1.0)
    if video_share is not None:
        progress.video_share = max(progress.video_share, min(max(float(video_share), 0.0), 1.0))
    seconds = min(max(int(seconds or 0), 0), conf.max_progress_seconds_per_beacon())
    progress.time_spent_seconds += seconds
    _apply_lesson_status(progress, lesson)
    progress.save()
    update_course_progress(enrolment, course=course, touched=lesson, trigger=progress)
    return progress


class QuizResult:
    def __init__(self, attempt, questions, attempts_used, max_attempts):
        self.attempt = attempt
        self.questions = questions
        self.attempts_used = attempts_used
        self.max_attempts = max_attempts

    @property
    def attempts_left(self):
        return None if not self.max_attempts else max(self.max_attempts - self.attempts_used, 0)


def _grade(quiz, answers):
    """Score answers ({question index: [choice indexes]}) against the quiz; returns (score %, per-question results)."""
    results = []
    questions = list(quiz["questions"])
    for index, question in enumerate(questions):
        correct = {i for i, choice in enumerate(question["choices"]) if choice["correct"]}
        chosen = {int(c) for c in answers.get(str(index), []) if str(c).isascii() and str(c).isdigit()}
        results.append(
            {
                "question": question["question"],
                "chosen": sorted(chosen),
                "correct": sorted(correct),
                "right": chosen == correct,
                "explanation": question["explanation"],
            }
        )
    right = sum(1 for result in results if result["right"])
    score = (Decimal(right) * 100 / Decimal(len(questions) or 1)).quantize(Decimal("0.01"))
    return score, results


@transaction.atomic
def grade_quiz(user, lesson, block_id, answers):
    """Grade a quiz submission, store the attempt and update the lesson's progress; returns a QuizResult."""
    quiz = find_quiz(lesson, block_id)
    if quiz is None:
        raise LearningError(_("This quiz no longer exists."))
    course = course_of(lesson)
    if course is None:
        raise LearningError(_("This lesson does not belong to a course."))
    enrolment = _locked_enrolment(user, course)
    used = QuizAttempt.objects.filter(enrolment=enrolment, lesson=lesson, block_id=block_id).count()
    max_attempts = quiz["max_attempts"] or 0
    if max_attempts and used >= max_attempts:
        raise LearningError(_("You have used all %(count)s attempts at this quiz.") % {"count": max_attempts})
    if not any(answers.get(str(i)) for i in range(len(quiz["questions"]))):
        raise LearningError(_("Answer at least one question."))
    score, questions = _grade(quiz, answers)
    passed = score >= Decimal(quiz["pass_mark"])
    attempt = QuizAttempt.objects.create(
        enrolment=enrolment, lesson=lesson, block_id=block_id, answers=answers, score=score, passed=passed
    )
    progress = _progress_for(enrolment, lesson)
    requirements = lesson_requirements(lesson)
    best = {}
    for row in QuizAttempt.objects.filter(enrolment=enrolment, lesson=lesson).values("block_id", "score", "passed"):
        previous = best.get(row["block_id"])
        if previous is None or row["score"] > previous["score"]:
            best[row["block_id"]] = row
    progress.quiz_passed = all(best.get(qid, {}).get("passed") for qid in requirements.quiz_ids)
    if not requirements.package_ids and best:
        progress.score = (sum(row["score"] for row in best.values()) / len(best)).quantize(Decimal("0.01"))
    _apply_lesson_status(progress, lesson, requirements)
    progress.save()
    update_course_progress(enrolment, course=course, touched=lesson, trigger=progress)
    return QuizResult(attempt, questions, used + 1, max_attempts)


def quiz_attempts(user, lesson, block_id):
    """The learner's attempts at a quiz in their running (else latest completed) enrolment, newest first."""
    course = course_of(lesson)
    enrolment = (
        Enrolment.objects.filter(user=user, course=course)
        .exclude(status=Enrolment.WITHDRAWN)
        .order_by("-enrolled_at")
        .first()
    )
    return QuizAttempt.objects.filter(enrolment=enrolment, lesson=lesson, block_id=block_id)


# SCORM ------------------------------------------------------------------------------------------------------


def sync_lesson_packages(lesson):
    """Keep the lesson <-> SCORM package index in step with the lesson body."""
    wanted = set(lesson_requirements(lesson).package_ids)
    existing = set(LessonScormPackage.objects.filter(lesson=lesson).values_list("package_id", flat=True))
    LessonScormPackage.objects.filter(lesson=lesson, package_id__in=existing - wanted).delete()
    LessonScormPackage.objects.bulk_create(
        [LessonScormPackage(lesson=lesson, package_id=pid) for pid in wanted - existing], ignore_conflicts=True
    )


def lessons_for_package(package_id):
    return LessonPage.objects.live().filter(
        pk__in=LessonScormPackage.objects.filter(package_id=package_id).values("lesson_id")
    )


# What the learning record reads of a lesson and of its course when a SCORM result arrives: a commit loads no
# more (SCORM commits are the most frequent writes of the site).
SCORM_LESSON_FIELDS = ("id", "path", "depth", "body")
SCORM_COURSE_FIELDS = (
    "id", "path", "depth", "title", "completion_rule", "minimum_score", "hours_credit", "duration_hours",
)  # fmt: skip


def scorm_lessons_with_courses(package_id):
    """[(lesson, course)] for the live lessons embedding a package, in two narrow queries whatever their number."""
    lessons = list(lessons_for_package(package_id).only(*SCORM_LESSON_FIELDS))
    steps = CoursePage.steplen
    ancestors = {lesson.path[:end] for lesson in lessons for end in range(steps, len(lesson.path), steps)}
    courses = {
        course.path: course
        for course in CoursePage.objects.filter(path__in=ancestors).only(*SCORM_COURSE_FIELDS).order_by("path")
    }
    pairs = []
    for lesson in lessons:
        # The outermost course above the lesson, as course_of() picks.
        ends = range(steps, len(lesson.path), steps)
        course = next((courses[lesson.path[:end]] for end in ends if lesson.path[:end] in courses), None)
        if course is not None:
            pairs.append((lesson, course))
    return pairs


def _scorm_score(score_scaled, score_raw):
    if score_scaled is not None:
        value = Decimal(str(score_scaled)) * 100
    elif score_raw is not None:
        value = Decimal(str(score_raw))
    else:
        return None
    return min(max(value, Decimal(0)), Decimal(100)).quantize(Decimal("0.01"))


def record_scorm_result(
    user,
    package_id,
    *,
    completion_status=None,
    success_status=None,
    score_scaled=None,
    score_raw=None,
    total_time_seconds=None,
    attempt_id=None,
):
    """Turn a SCORM package's result for a learner into progress of every live lesson that embeds it.

    The statuses are the package's (every SCO completed), not one SCO's. A lesson whose progress would not
    change is left untouched.
    """
    results = []
    score = _scorm_score(score_scaled, score_raw)
    for lesson, course in scorm_lessons_with_courses(package_id):
        # No savepoint: inside a SCORM commit this is part of the commit's transaction, which fails as a whole.
        with transaction.atomic(savepoint=False):
            try:
                enrolment = _locked_enrolment(user, course)
            except LearningError:
                continue
            progress = _progress_for(enrolment, lesson)
            before = (progress.scorm_completed, progress.scorm_failed, progress.score, progress.time_spent_seconds)
            if completion_status == "completed":
                progress.scorm_completed = True
            if success_status in ("passed", "failed"):
                progress.scorm_failed = success_status == "failed" and not progress.is_complete
            if score is not None:
                progress.score = max(progress.score or Decimal(0), score)
            if total_time_seconds:
                progress.time_spent_seconds = max(progress.time_spent_seconds, int(total_time_seconds))
            after = (progress.scorm_completed, progress.scorm_failed, progress.score, progress.time_spent_seconds)
            if after == before and progress.status != LessonProgress.NOT_STARTED:
                continue
            _apply_lesson_status(progress, lesson)
            progress.save()
            evidence = f"scorm-attempt:{attempt_id}" if attempt_id else f"scorm-package:{package_id}"
            update_course_progress(enrolment, course=course, touched=lesson, trigger=progress, evidence=evidence)
            results.append(progress)
    return results


# Attendance -------------------------------------------------------------------------------------------------


@transaction.atomic
def mark_attendance(lesson, users, *, by, present=True):
    """An instructor marks who attended a classroom session (a lesson); returns the number of learners marked."""
    course = course_of(lesson)
    if course is None:
        raise LearningError(_("This lesson does not belong to a course."))
    marked = 0
    for user in users:
        try:
            enrolment = _locked_enrolment(user, course, enrol_if_needed=False)
        except LearningError:
            continue
        progress = _progress_for(enrolment, lesson)
        if progress.attended == present or (not present and progress.is_complete):
            continue
        progress.attended = present
        _apply_lesson_status(progress, lesson)
        progress.save()
        log("attendance", user, actor=by, enrolment=enrolment, lesson_id=lesson.pk, present=present)
        update_course_progress(enrolment, course=course, touched=lesson, trigger=progress, recorded_by=by)
        marked += 1
    return marked


# Course progress and completion -----------------------------------------------------------------------------


def update_course_progress(enrolment, *, course=None, touched=None, trigger=None, evidence="", recorded_by=None):
    """Recompute an enrolment's progress and resume point; record the completion when the course rule holds."""
    course = course or enrolment.course
    if course is None or enrolment.status != Enrolment.ACTIVE:
        return None
    lessons, required = _required_lessons(course)
    rows = {
        row["lesson_id"]: row
        for row in LessonProgress.objects.filter(enrolment=enrolment).values(
            "lesson_id", "status", "score", "time_spent_seconds"
        )
    }
    done = {lid for lid, row in rows.items() if row["status"] == LessonProgress.COMPLETED}
    required_done = sum(1 for lesson in required if lesson.pk in done)
    enrolment.lessons_required = len(required)
    enrolment.lessons_completed = required_done
    enrolment.progress = int(required_done * 100 / len(required)) if required else 0
    enrolment.time_spent_seconds = sum(row["time_spent_seconds"] for row in rows.values())
    enrolment.last_activity_at = timezone.now()
    enrolment.resume_lesson_id = _resume_lesson_id(lessons, done, touched)
    enrolment.save(
        update_fields=[
            "lessons_required",
            "lessons_completed",
            "progress",
            "time_spent_seconds",
            "last_activity_at",
            "resume_lesson",
        ]
    )
    if not required or required_done < len(required):
        return None
    scores = [row["score"] for lid, row in rows.items() if row["score"] is not None and lid in {x.pk for x in lessons}]
    score = (sum(scores) / len(scores)).quantize(Decimal("0.01")) if scores else None
    if course.completion_rule == COMPLETION_MIN_SCORE:
        if score is None or score < (course.minimum_score or Decimal(0)):
            return None
    source = LESSON_SOURCE_TO_COMPLETION.get(getattr(trigger, "completion_source", ""), Completion.ONLINE)
    if not evidence and trigger is not None:
        evidence = f"lesson:{trigger.lesson_id}"
    completion, _created = record_completion(
        enrolment, source=source, score=score, evidence=evidence, recorded_by=recorded_by
    )
    return completion


def _resume_lesson_id(lessons, done, touched):
    """Continue where the learner stopped: the touched lesson if unfinished, else the next unfinished one."""
    ids = [lesson.pk for lesson in lessons]
    if not ids:
        return None
    if touched is not None and touched.pk in ids:
        if touched.pk not in done:
            return touched.pk
        start = ids.index(touched.pk)
        for lid in ids[start + 1 :] + ids[:start]:
            if lid not in done:
                return lid
        return touched.pk
    return next((lid for lid in ids if lid not in done), ids[-1])


def credited_hours(enrolment, course):
    """Learning hours a completion counts for: the course duration, or measured time where the editor chose it."""
    if course is not None and course.hours_credit == HOURS_MEASURED:
        hours = Decimal(enrolment.time_spent_seconds) / Decimal(3600)
        return max(hours.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP), Decimal("0.1"))
    if course is not None:
        return course.duration_hours
    return Decimal(0)


def record_completion(
    enrolment, *, source, completed_on=None, hours=None, score=None, evidence="", recorded_by=None, course=None
):
    """Write the enrolment's completion exactly once; returns (completion, created).

    Safe under concurrency: the enrolment row is locked, and the unique constraint on Completion.enrolment
    catches whatever still races past (e.g. on databases without row locks), in which case the existing
    completion is returned. `completion_recorded` is sent once, after the transaction commits.
    """
    with transaction.atomic():
        locked = Enrolment.objects.select_for_update().select_related("user").get(pk=enrolment.pk)
        existing = Completion.objects.filter(enrolment=locked).first()
        if existing:
            return existing, False
        course = course or (
            CoursePage.objects.select_related("learning_area", "provider").filter(pk=locked.course_id).first()
        )
        completion = Completion(
            enrolment=locked,
            user=locked.user,
            course=course,
            course_title=course.title if course else locked.course_title,
            provider_name=course.provider.name if course else "",
            learning_area_code=course.learning_area.code if course else "",
            learning_area_name=course.learning_area.name if course else "",
            completed_on=completed_on or timezone.localdate(),
            hours=hours if hours is not None else credited_hours(locked, course),
            score=score,
            source=source,
            evidence=evidence[:500],
            recorded_by=recorded_by,
        )
        try:
            with transaction.atomic():
                completion.save()
        except IntegrityError:
            return Completion.objects.get(enrolment=locked), False
        locked.status = Enrolment.COMPLETED
        locked.progress = 100
        locked.save(update_fields=["status", "progress"])
        enrolment.status, enrolment.progress = locked.status, locked.progress
        log("completed", locked.user, actor=recorded_by, enrolment=locked, completion=completion, source=source)
        transaction.on_commit(lambda: completion_recorded.send(sender=Completion, completion=completion))
    return completion, True


# What counts ------------------------------------------------------------------------------------------------

# organisations.CompletionReview.REJECTED: read through the reverse relations ("reviews", "certificate") so that
# learning imports neither of the apps above it that record a rejection or a revocation.
REVIEW_REJECTED = "rejected"


def withdrawn(prefix=""):
    """An Exists() true for a completion that no longer counts: rejected by HR, or its certificate revoked.

    `prefix` reaches the completion from the query's model (e.g. "user__completions__"); put this condition in the
    same filter() call as the other conditions on that relation, after them, so that it applies to the same row.
    See docs/security.md, "Revocation and rejection".
    """
    return Exists(
        Completion.objects.filter(pk=OuterRef(f"{prefix}pk")).filter(
            Q(reviews__status=REVIEW_REJECTED) | Q(certificate__revoked_at__isnull=False)
        )
    )


def counted(prefix=""):
    """The condition for a completion that counts for hours, CDHT points and the QĐ 1268 indicators."""
    return ~withdrawn(prefix)


def counted_completions(queryset=None):
    """Completions (all, or those of `queryset`) that still count."""
    return (Completion.objects.all() if queryset is None else queryset).filter(counted())


# The learner's record ---------------------------------------------------------------------------------------


def hours_by_area(user, year=None):
    """Learning hours per learning area in a calendar year (this year by default), computed in the database.

    Rejected completions and those whose certificate was revoked count no hours.
    """
    year = year or timezone.localdate().year
    return list(
        counted_completions(Completion.objects.filter(user=user, completed_on__year=year))
        .values("learning_area_code", "learning_area_name")
        .annotate(hours=Sum("hours"))
        .order_by("learning_area_name")
    )


def hours_total(user):
    """All the learning hours a learner is credited with, rejected and revoked completions left out."""
    return counted_completions(Completion.objects.filter(user=user)).aggregate(hours=Sum("hours"))["hours"] or 0
