"""The learning record: enrolments, lesson progress, quiz attempts, completions and their audit log."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Enrolment(models.Model):
    """A learner's enrolment in a course. Never deleted: un-enrolling marks it withdrawn; a retake is a new row."""

    wagtail_reference_index_ignore = True

    ACTIVE = "active"
    COMPLETED = "completed"
    WITHDRAWN = "withdrawn"
    STATUS_CHOICES = [
        (ACTIVE, pgettext_lazy("learning status", "In progress")),
        (COMPLETED, _("Completed")),
        (WITHDRAWN, _("Withdrawn")),
    ]

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("learner")
    )
    # SET_NULL, not CASCADE: deleting a course keeps its learners' history (title kept in course_title).
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="enrolments",
        verbose_name=_("course"),
    )
    course_title = models.CharField(_("course title"), max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=STATUS_CHOICES, default=ACTIVE)
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enrolled by"),
    )
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    # Denormalised so that "My learning" renders without a query per course.
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    lessons_completed = models.PositiveIntegerField(_("lessons completed"), default=0)
    lessons_required = models.PositiveIntegerField(_("lessons required"), default=0)
    time_spent_seconds = models.PositiveIntegerField(_("time spent (seconds)"), default=0)
    resume_lesson = models.ForeignKey(
        "courses.LessonPage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("continue at"),
    )
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)

    class Meta:
        ordering = ["-enrolled_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        permissions = [
            ("mark_attendance", _("Can mark attendance at classroom sessions")),
            ("import_completions", _("Can import classroom-training completions")),
        ]
        constraints = [
            # One running enrolment per learner and course; completed and withdrawn ones stay as history.
            models.UniqueConstraint(
                fields=["user", "course"], condition=models.Q(status="active"), name="learning_one_active_enrolment"
            )
        ]
        indexes = [models.Index(fields=["user", "status"])]

    def __str__(self):
        return f"{self.user} – {self.course_title}"

    @property
    def is_active(self):
        return self.status == self.ACTIVE


class LessonProgress(models.Model):
    """What a learner has done in one lesson of an enrolment; each source of progress has its own field."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    STATUS_CHOICES = [
        (NOT_STARTED, _("Not started")),
        (IN_PROGRESS, pgettext_lazy("learning status", "In progress")),
        (COMPLETED, _("Completed")),
    ]

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey(
        "courses.LessonPage", on_delete=models.CASCADE, related_name="learner_progress", verbose_name=_("lesson")
    )
    status = models.CharField(_("status"), max_length=20, choices=STATUS_CHOICES, default=NOT_STARTED)
    viewed = models.BooleanField(_("viewed to the end"), default=False)
    video_share = models.FloatField(_("share of video watched"), default=0)
    quiz_passed = models.BooleanField(_("quiz passed"), default=False)
    scorm_completed = models.BooleanField(_("SCORM completed"), default=False)
    scorm_failed = models.BooleanField(_("SCORM failed"), default=False)
    attended = models.BooleanField(_("attended"), default=False)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    time_spent_seconds = models.PositiveIntegerField(_("time spent (seconds)"), default=0)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completion_source = models.CharField(_("completed by"), max_length=20, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [models.UniqueConstraint(fields=["enrolment", "lesson"], name="learning_progress_unique")]

    def __str__(self):
        return f"{self.enrolment} – {self.lesson_id}: {self.status}"

    @property
    def is_complete(self):
        return self.status == self.COMPLETED


class QuizAttempt(models.Model):
    """One submitted attempt at a quiz block of a lesson."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="quiz_attempts")
    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="+")
    block_id = models.CharField(max_length=64)
    answers = models.JSONField(default=dict)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2)
    passed = models.BooleanField(_("passed"), default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["enrolment", "lesson", "block_id"])]

    def __str__(self):
        return f"{self.enrolment_id}/{self.lesson_id}/{self.block_id}: {self.score}%"


class LessonScormPackage(models.Model):
    """Index of which lessons embed which SCORM package, kept up to date when lessons are saved."""

    lesson = models.ForeignKey("courses.LessonPage", on_delete=models.CASCADE, related_name="+")
    package_id = models.PositiveIntegerField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["lesson", "package_id"], name="learning_lesson_package_unique")]

    def __str__(self):
        return f"lesson {self.lesson_id} – package {self.package_id}"


class Completion(models.Model):
    """The official record that a course was completed: written exactly once per enrolment, never changed."""

    wagtail_reference_index_ignore = True

    ONLINE = "online"
    SCORM = "scorm"
    QUIZ = "quiz"
    ATTENDANCE = "attendance"
    IMPORTED = "imported"
    HR_CONFIRMED = "hr_confirmed"
    SOURCE_CHOICES = [
        (ONLINE, _("Online lessons")),
        (SCORM, _("SCORM")),
        (QUIZ, _("Quiz")),
        (ATTENDANCE, _("Classroom attendance")),
        (IMPORTED, _("Imported")),
        (HR_CONFIRMED, _("Confirmed by HR")),
    ]

    # PROTECT: an enrolment with a completion cannot be deleted, and the unique constraint below is what makes
    # "exactly once per enrolment" hold even when two requests race past the application checks.
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="completions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="completions", verbose_name=_("learner")
    )
    # SET_NULL rather than PROTECT: editors must stay able to delete or move a course, so the record keeps a
    # snapshot of everything it needs (title, provider, learning area, hours) and only loses the link.
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="completions",
        verbose_name=_("course"),
    )
    course_title = models.CharField(_("course title"), max_length=255)
    provider_name = models.CharField(_("provider"), max_length=255, blank=True)
    learning_area_code = models.CharField(_("learning area code"), max_length=40, blank=True, db_index=True)
    learning_area_name = models.CharField(_("learning area"), max_length=120, blank=True)
    completed_on = models.DateField(_("completed on"), db_index=True)
    completed_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    hours = models.DecimalField(_("learning hours"), max_digits=6, decimal_places=1)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("source"), max_length=20, choices=SOURCE_CHOICES)
    evidence = models.CharField(_("evidence reference"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["-completed_on", "-id"]
        verbose_name = _("completion")
        verbose_name_plural = _("completions")
        constraints = [models.UniqueConstraint(fields=["enrolment"], name="learning_one_completion_per_enrolment")]
        indexes = [models.Index(fields=["user", "completed_on"])]

    def __str__(self):
        return f"{self.user} – {self.course_title} ({self.completed_on})"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError("A completion is immutable once recorded.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A completion is immutable and cannot be deleted.")


class LearningLogEntry(models.Model):
    """Audit log: who did what to an enrolment, a lesson's progress or a completion."""

    wagtail_reference_index_ignore = True

    action = models.CharField(_("action"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("learner")
    )
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, null=True, blank=True, related_name="log")
    completion = models.ForeignKey(Completion, on_delete=models.PROTECT, null=True, blank=True, related_name="log")
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("learning log entry")
        verbose_name_plural = _("learning log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"
