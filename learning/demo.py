"""Demo learning record for the demo worker: courses in progress and a few completions (idempotent)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from courses.models import CoursePage

from . import services
from .models import Completion, Enrolment

WORKER_PHONE = "0912345678"


def seed(stdout, style):
    worker = get_user_model().objects.filter(phone=WORKER_PHONE).first()
    if worker is None:
        stdout.write(style.WARNING("learning: no demo worker (courses demo not loaded); skipped"))
        return []
    if Enrolment.objects.filter(user=worker).exists():
        stdout.write("learning: demo record already present")
        return []
    courses = [c for c in CoursePage.objects.live().order_by("path")[:20] if c.lessons.exists()]
    if not courses:
        stdout.write(style.WARNING("learning: no courses with lessons; skipped"))
        return []
    # Pick courses in different learning areas so "hours per learning area" shows something.
    picked, areas = [], set()
    for course in courses:
        if course.learning_area_id not in areas:
            picked.append(course)
            areas.add(course.learning_area_id)
    picked += [c for c in courses if c not in picked]
    today = timezone.localdate()
    completed = 0
    for index, course in enumerate(picked[:5]):
        enrolment, _ = services.enrol(worker, course)
        lessons = list(course.lessons)
        if index < 2:
            # Completed earlier this year, through the service like any completion.
            services.record_completion(
                enrolment,
                source=Completion.ONLINE,
                completed_on=max(today - datetime.timedelta(days=30 * (index + 1)), today.replace(month=1, day=1)),
                evidence="demo",
            )
            completed += 1
        elif index == 2 and lessons:
            services.record_lesson_progress(worker, lessons[0], viewed=True, seconds=240, course=course)
    stdout.write(f"learning: {len(picked[:5])} enrolments and {completed} completions for the demo worker")
    return []
