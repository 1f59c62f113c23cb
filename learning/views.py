"""Thin views: "My learning", enrolment, lesson progress beacons, quiz submissions and the learner's record."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from courses.models import CoursePage, LessonPage

from . import conf, outcome, record, services
from .models import Completion, Enrolment, LessonProgress


@login_required
def my_learning(request):
    user = request.user
    enrolments = (
        Enrolment.objects.filter(user=user, status=Enrolment.ACTIVE)
        .select_related("course", "resume_lesson")
        .order_by("-last_activity_at", "-enrolled_at")
    )
    completions_list = record.completions_of(user).select_related("course", *_certificate_relation())
    if hasattr(Completion, "reviews"):
        completions_list = completions_list.prefetch_related("reviews__organisation")
    completions = Paginator(completions_list, conf.my_learning_page_size()).get_page(request.GET.get("page"))
    employed = outcome.has_employer(user)
    year = timezone.localdate().year
    by_area = services.hours_by_area(user, year)
    context = {
        "in_progress": [e for e in enrolments if e.progress > 0 or e.lessons_completed],
        "not_started": [e for e in enrolments if not (e.progress > 0 or e.lessons_completed)],
        "completions": completions,
        "outcomes": [outcome.describe(c, employed=employed) for c in completions],
        "hours_by_area": by_area,
        "hours_this_year": sum(row["hours"] for row in by_area),
        "hours_total": services.hours_total(user),
        "year": year,
    }
    return render(request, "learning/my_learning.html", context)


def _course_or_404(course_id):
    return get_object_or_404(CoursePage.objects.live().public(), pk=course_id)


@require_POST
@login_required
def enrol(request, course_id):
    course = _course_or_404(course_id)
    try:
        enrolment, created = services.enrol(request.user, course, retake=request.POST.get("retake") == "1")
    except services.LearningError as error:
        messages.error(request, str(error))
        return redirect(getattr(error, "url", "") or course.get_url(request))
    if created:
        messages.success(request, _("You are enrolled in “%(title)s”.") % {"title": course.title})
    target = enrolment.resume_lesson if enrolment.is_active and enrolment.resume_lesson else course
    return redirect(target.get_url(request))


@require_POST
@login_required
def unenrol(request, course_id):
    course = _course_or_404(course_id)
    enrolment = services.active_enrolment(request.user, course)
    if enrolment is None:
        messages.error(request, _("You are not enrolled in this course."))
    else:
        services.unenrol(enrolment, by=request.user)
        messages.success(request, _("You have left “%(title)s”. Your progress is kept.") % {"title": course.title})
    return redirect(course.get_url(request))


def _json_error(message, status=400):
    return JsonResponse({"error": str(message)}, status=status)


@require_http_methods(["GET", "POST"])
def lesson_progress(request, lesson_id):
    """JSON beacon from a lesson page: {"viewed": bool, "done": bool, "video_share": 0-1, "seconds": int}.

    GET answers the same state without recording anything: the page asks after a SCORM result was committed.
    """
    if not request.user.is_authenticated:
        return _json_error(_("Log in to save your progress."), 401)
    lesson = LessonPage.objects.live().public().filter(pk=lesson_id).first()
    if lesson is None:
        return _json_error(_("No such lesson."), 404)
    if request.method == "GET":
        return _progress_state(request, lesson)
    try:
        data = json.loads(request.body or b"{}")
        if not isinstance(data, dict):
            raise ValueError
        video_share = data.get("video_share")
        video_share = None if video_share is None else float(video_share)
        seconds = int(data.get("seconds") or 0)
    except (ValueError, TypeError, OverflowError):  # OverflowError: "seconds": 1e999 is infinity
        return _json_error(_("Send a JSON object: viewed, done, video_share (0 to 1), seconds."))
    if video_share is not None and not 0 <= video_share <= 1:
        return _json_error(_("video_share must be between 0 and 1."))
    try:
        progress = services.record_lesson_progress(
            request.user,
            lesson,
            viewed=bool(data.get("viewed")),
            done=bool(data.get("done")),
            video_share=video_share,
            seconds=seconds,
        )
    except services.LearningError as error:
        return _json_error(error)
    enrolment = progress.enrolment
    enrolment.refresh_from_db()
    return _progress_response(request, lesson, progress, enrolment)


def _progress_state(request, lesson):
    progress = (
        LessonProgress.objects.filter(enrolment__user=request.user, lesson=lesson)
        .exclude(enrolment__status=Enrolment.WITHDRAWN)
        .select_related("enrolment")
        .order_by("-enrolment__enrolled_at")
        .first()
    )
    if progress is None:
        return JsonResponse({"lesson": {"id": lesson.pk, "status": "not_started", "video_share": None}, "course": None})
    return _progress_response(request, lesson, progress, progress.enrolment)


def _progress_response(request, lesson, progress, enrolment):
    completed = enrolment.status == Enrolment.COMPLETED
    course = {"progress": enrolment.progress, "completed": completed}
    if completed:
        # The completion moment: the notice (with the certificate link) the lesson page shows without a reload.
        completion = (
            Completion.objects.filter(enrolment=enrolment).select_related("course", *_certificate_relation()).first()
        )
        if completion is not None:
            described = outcome.describe(completion)
            course["certificate_url"] = described["certificate_url"]
            course["notice_html"] = render_to_string(
                "learning/includes/completed_notice.html", {"outcome": described}, request=request
            )
    return JsonResponse(
        {"lesson": {"id": lesson.pk, "status": progress.status, "video_share": progress.video_share}, "course": course}
    )


def _certificate_relation():
    return ("certificate",) if hasattr(Completion, "certificate") else ()


@require_POST
@login_required
def submit_quiz(request, lesson_id, block_id):
    lesson = get_object_or_404(LessonPage.objects.live().public(), pk=lesson_id)
    answers = {key[1:]: request.POST.getlist(key) for key in request.POST if key.startswith("q") and key[1:].isdigit()}
    try:
        result = services.grade_quiz(request.user, lesson, block_id, answers)
    except services.LearningError as error:
        messages.error(request, str(error))
    else:
        if result.attempt.passed:
            messages.success(request, _("Passed with %(score)s%%.") % {"score": result.attempt.score.normalize()})
        else:
            messages.warning(request, _("Not passed yet: %(score)s%%.") % {"score": result.attempt.score.normalize()})
    return redirect(f"{lesson.get_url(request)}#quiz-{block_id}")


@login_required
def record_csv(request):
    response = StreamingHttpResponse(record.csv_rows(request.user), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{record.file_name(request.user, "csv")}"'
    return response


@login_required
def record_pdf(request):
    pdf = record.render_pdf(request.user, services.hours_by_area(request.user))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{record.file_name(request.user, "pdf")}"'
    return response
