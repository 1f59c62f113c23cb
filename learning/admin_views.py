"""Admin screens beyond the listings: attendance marking for instructors and the classroom-completions import."""

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.widgets import AdminPageChooser

from courses.models import LessonPage

from . import services
from .importer import COLUMNS, import_completions
from .models import Enrolment


class LessonForm(forms.Form):
    lesson = forms.ModelChoiceField(
        queryset=LessonPage.objects.all(),
        widget=AdminPageChooser(target_models=[LessonPage]),
        label=gettext_lazy("Classroom session (lesson)"),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV or XLSX file"),
        help_text=gettext_lazy("Columns: %(columns)s.") % {"columns": ", ".join(COLUMNS)},
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if upload.size > 20 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        return upload


@permission_required("learning.mark_attendance", raise_exception=True)
def attendance(request):
    """Step 1: choose the lesson; step 2: tick who was there among the learners enrolled in its course."""
    # The page chooser widget looks its value up to show it again: an id that is no number, or one past what the
    # database holds (SQLite raises OverflowError), would break the page; such a lesson is simply not chosen.
    lesson_id = request.GET.get("lesson", "")
    form = LessonForm(request.GET if re.fullmatch(r"[0-9]{1,18}", lesson_id) else None)
    lesson = course = None
    enrolments = []
    if form.is_valid():
        lesson = form.cleaned_data["lesson"].specific
        course = services.course_of(lesson)
        if course is None:
            form.add_error("lesson", _("This lesson does not belong to a course."))
        else:
            enrolments = (
                Enrolment.objects.filter(course=course, status=Enrolment.ACTIVE)
                .select_related("user")
                .order_by("user__full_name")
            )
    if request.method == "POST" and lesson is not None and course is not None:
        chosen = {int(pk) for pk in request.POST.getlist("enrolment") if re.fullmatch(r"[0-9]{1,18}", pk)}
        users = [e.user for e in enrolments if e.pk in chosen]
        marked = services.mark_attendance(lesson, users, by=request.user)
        messages.success(request, _("Attendance saved for %(count)s learners.") % {"count": marked})
        return redirect(f"{request.path}?lesson={lesson.pk}")
    attended = set()
    if lesson is not None:
        attended = set(
            lesson.learner_progress.filter(attended=True, enrolment__in=enrolments).values_list(
                "enrolment_id", flat=True
            )
        )
    return render(
        request,
        "learning/admin/attendance.html",
        {"form": form, "lesson": lesson, "course": course, "enrolments": enrolments, "attended": attended},
    )


@permission_required("learning.import_completions", raise_exception=True)
def import_view(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_completions(upload, upload.name, by=request.user)
        if result.ok:
            messages.success(request, _("%(count)s completions imported.") % {"count": result.created})
            return redirect(request.path)
    return render(request, "learning/admin/import.html", {"form": form, "result": result, "columns": COLUMNS})
