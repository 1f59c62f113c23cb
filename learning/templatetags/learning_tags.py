"""Template tags for the course and lesson panels and the quiz block."""

from django import template

from .. import outcome
from ..lessons import find_quiz, lesson_requirements
from ..models import Completion, Enrolment, LessonProgress
from ..services import _grade, course_of, quiz_attempts

register = template.Library()


@register.simple_tag(takes_context=True)
def course_state(context, course):
    """The viewer's enrolment in a course (running, else the latest completed) and its completion."""
    request = context.get("request")
    user = getattr(request, "user", None)
    state = {"enrolment": None, "completion": None, "outcome": None}
    if not user or not user.is_authenticated or course is None:
        return state
    enrolment = (
        Enrolment.objects.filter(user=user, course=course)
        .exclude(status=Enrolment.WITHDRAWN)
        .select_related("resume_lesson")
        .order_by("-enrolled_at")
        .first()
    )
    state["enrolment"] = enrolment
    if enrolment and enrolment.status == Enrolment.COMPLETED:
        state["completion"] = _completion_of(enrolment)
        state["outcome"] = outcome.describe(state["completion"]) if state["completion"] else None
    return state


def _enrolment_for(user, lesson):
    """The learner's running enrolment in the lesson's course, before this lesson has any progress (the course bar
    is there for lesson.js to fill when, say, a SCORM result completes the lesson)."""
    course = course_of(lesson)
    if course is None:
        return None
    return Enrolment.objects.filter(user=user, course=course, status=Enrolment.ACTIVE).order_by("-enrolled_at").first()


def _completion_of(enrolment):
    """The enrolment's completion with what its notice shows (certificate, HR reviews) in one or two queries."""
    queryset = Completion.objects.filter(enrolment=enrolment).select_related("course")
    if hasattr(Completion, "certificate"):
        queryset = queryset.select_related("certificate")
    if hasattr(Completion, "reviews"):
        queryset = queryset.prefetch_related("reviews__organisation")
    return queryset.first()


@register.simple_tag(takes_context=True)
def lesson_state(context, lesson, course=None):
    """The viewer's progress in a lesson and what the lesson asks for."""
    request = context.get("request")
    user = getattr(request, "user", None)
    requirements = lesson_requirements(lesson)
    state = {"requirements": requirements, "progress": None, "enrolment": None, "outcome": None}
    if user and user.is_authenticated:
        progress = (
            LessonProgress.objects.filter(enrolment__user=user, lesson=lesson)
            .exclude(enrolment__status=Enrolment.WITHDRAWN)
            .select_related("enrolment")
            .order_by("-enrolment__enrolled_at")
            .first()
        )
        state["progress"] = progress
        state["enrolment"] = progress.enrolment if progress else _enrolment_for(user, lesson)
        if state["enrolment"] and state["enrolment"].status == Enrolment.COMPLETED:
            completion = _completion_of(state["enrolment"])
            state["outcome"] = outcome.describe(completion) if completion else None
    return state


def _block_id(context, value):
    block = context.get("block")
    if block is not None and getattr(block, "value", None) is value:
        return block.id
    page = context.get("page")
    for child in getattr(page, "body", None) or []:
        if child.block_type == "quiz" and (child.value is value or dict(child.value) == dict(value)):
            return child.id
    return None


@register.simple_tag(takes_context=True)
def quiz_state(context, value):
    """Everything the quiz template needs: its block id, the viewer's attempts and the graded last attempt."""
    page = context.get("page")
    request = context.get("request")
    block_id = _block_id(context, value)
    state = {"block_id": block_id, "attempts": [], "last": None, "results": None, "can_attempt": True}
    user = getattr(request, "user", None)
    max_attempts = value.get("max_attempts") or 0
    state["max_attempts"] = max_attempts
    if block_id is None or page is None or not (user and user.is_authenticated):
        state["can_attempt"] = bool(block_id and page is not None)
        return state
    attempts = list(quiz_attempts(user, page, block_id)[:50])
    state["attempts"] = attempts
    if attempts:
        last = attempts[0]
        state["last"] = last
        quiz = find_quiz(page, block_id) or value
        state["results"] = _grade(quiz, last.answers)[1]
        state["passed"] = any(a.passed for a in attempts)
    used = len(attempts)
    state["attempts_left"] = max(max_attempts - used, 0) if max_attempts else None
    state["can_attempt"] = not max_attempts or used < max_attempts
    return state


@register.filter
def choice_state(result, index):
    """'chosen-right', 'chosen-wrong', 'missed' or '' for one choice of a graded question."""
    if not result:
        return ""
    chosen, correct = index in result["chosen"], index in result["correct"]
    if chosen and correct:
        return "chosen-right"
    if chosen:
        return "chosen-wrong"
    return "missed" if correct else ""


@register.filter
def quiz_input_type(question):
    """Radio buttons for one right answer, checkboxes when several answers are right."""
    return "checkbox" if sum(1 for choice in question["choices"] if choice["correct"]) > 1 else "radio"


@register.filter
def item(sequence, index):
    try:
        return list(sequence)[index]
    except (IndexError, TypeError):
        return None
