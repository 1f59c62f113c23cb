"""Prerequisites enforced at enrolment: required courses, required programmes, an ordered programme's earlier steps.

learning.services.enrol runs `check` (registered in receivers.connect) before a learner enrols themself; it raises
learning's PrerequisitesMissing, whose message names what is missing and whose `url` leads to the page listing it.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext as _

from .models import CoursePrerequisite, ProgrammeCompletion, ProgrammeCourse, ProgrammeEnrolment
from .services import completed_on, latest_completions


@dataclass(frozen=True)
class Missing:
    title: str
    url: str
    kind: str  # "course" or "programme"
    reason: str  # "required" or "order"


def missing_for(user, course):
    """What the learner must complete before enrolling in `course`, in the editor's order; [] when nothing."""
    links = list(
        CoursePrerequisite.objects.filter(course_id=course.pk)
        .select_related("required_course", "required_programme")
        .order_by("sort_order")
    )
    ordered_steps = []
    if user.is_authenticated:
        joined = ProgrammeEnrolment.objects.filter(user=user, programme__ordered=True).values("programme_id")
        for step in ProgrammeCourse.objects.filter(course_id=course.pk, programme_id__in=joined):
            ordered_steps.extend(
                ProgrammeCourse.objects.filter(programme_id=step.programme_id, sort_order__lt=step.sort_order)
                .select_related("course")
                .order_by("sort_order")
            )
    if not links and not ordered_steps:
        return []
    course_ids = {link.required_course_id for link in links if link.required_course_id}
    course_ids |= {step.course_id for step in ordered_steps}
    programmes = [link.required_programme for link in links if link.required_programme_id]
    steps_of = {p.pk: p.course_ids() for p in programmes}
    for ids in steps_of.values():
        course_ids |= set(ids)
    dates = latest_completions([user.pk], course_ids) if user.is_authenticated else {}
    finished = set(
        ProgrammeCompletion.objects.filter(user_id=user.pk, programme__in=programmes).values_list(
            "programme_id", flat=True
        )
    )
    missing, seen = [], set()

    def add(page, kind, reason):
        if page.pk in seen:
            return
        seen.add(page.pk)
        missing.append(Missing(page.title, page.url or "", kind, reason))

    for link in links:
        if link.required_course_id and (user.pk, link.required_course_id) not in dates:
            add(link.required_course, "course", "required")
        elif link.required_programme_id:
            programme = link.required_programme
            if programme.pk not in finished and completed_on(user.pk, steps_of[programme.pk], dates) is None:
                add(programme, "programme", "required")
    for step in ordered_steps:
        if (user.pk, step.course_id) not in dates:
            add(step.course, "course", "order")
    return missing


def message(course, missing):
    titles = "; ".join(f"“{item.title}”" for item in missing)
    return _("Before “%(course)s”, complete: %(missing)s.") % {"course": course.title, "missing": titles}


def check(user, course):
    """Refuse the enrolment (learning's PrerequisitesMissing) while something required is not completed."""
    from learning.services import PrerequisitesMissing

    missing = missing_for(user, course)
    if missing:
        raise PrerequisitesMissing(
            message(course, missing),
            missing=missing,
            url=reverse("programmes:prerequisites", args=[course.pk]),
        )
