"""Programmes (sets of courses with a certificate), course prerequisites, and learning assigned to workers."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from .forms import ProgrammePageForm


def optional_link(to, related_name, verbose_name, on_delete=models.SET_NULL, **kwargs):
    """A nullable foreign key that a form may leave empty (a page a programme, prerequisite or assignment names)."""
    return models.ForeignKey(
        to, on_delete=on_delete, null=True, blank=True, related_name=related_name, verbose_name=verbose_name, **kwargs
    )


class OrganisationProgrammesPage(Page):
    """An organisation's own programmes under the catalogue: its programme editors' part of the page tree.

    Made by services.setup_programme_publisher (never in the admin), with the editors group whose page permissions
    reach only this page and the programmes below it.
    """

    organisation = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="programmes_section",
        verbose_name=_("organisation"),
    )
    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])

    # The organisation is set by the service: an editor of the section must not move it to another organisation.
    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["programmes.ProgrammePage"]
    is_creatable = False

    class Meta:
        verbose_name = _("organisation's programmes")
        verbose_name_plural = _("organisations' programmes")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["programmes"] = ProgrammePage.objects.live().public().child_of(self)
        return context


class ProgrammePage(Page):
    """A programme: a set of courses, in order or not, with a certificate when all of them are completed."""

    summary = models.TextField(_("summary"), max_length=600, help_text=_("One or two sentences for the catalogue."))
    description = RichTextField(_("description"), blank=True, features=["bold", "italic", "link", "ul", "ol"])
    ordered = models.BooleanField(
        _("courses in order"),
        default=False,
        help_text=_("Learners who join the programme take its courses in the order listed."),
    )
    certificate_on_completion = models.BooleanField(_("certificate when every course is completed"), default=True)
    provider = optional_link("courses.Provider", "programmes", _("provider"))
    organisation = optional_link(
        "organisations.Organisation",
        "programmes",
        _("offered by organisation"),
        help_text=_("An enterprise's or union's own programme (e.g. a yearly politics-and-law programme)."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("provider"), FieldPanel("organisation"), FieldPanel("ordered")],
            heading=_("Offered by"),
        ),
        FieldPanel("certificate_on_completion"),
        InlinePanel("steps", label=_("Courses"), heading=_("Courses"), min_num=1),
    ]
    search_fields = Page.search_fields + [index.SearchField("summary"), index.AutocompleteField("title")]
    parent_page_types = ["courses.CourseIndexPage", "courses.ProviderPage", "programmes.OrganisationProgrammesPage"]
    subpage_types = []
    base_form_class = ProgrammePageForm

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")

    def save(self, *args, **kwargs):
        # A programme in an organisation's section is that organisation's, whatever its editor chose: the
        # section's editors may not offer it in another organisation's or a provider's name.
        parent = self.get_parent() if self.depth and self.depth > 1 else None
        if parent is not None and parent.specific_class is OrganisationProgrammesPage:
            self.organisation_id = OrganisationProgrammesPage.objects.get(pk=parent.pk).organisation_id
            self.provider_id = None
        return super().save(*args, **kwargs)

    @property
    def offered_by(self):
        if self.provider_id:
            return self.provider.name
        return self.organisation.name if self.organisation_id else ""

    def course_ids(self):
        return list(self.steps.order_by("sort_order").values_list("course_id", flat=True))

    def get_context(self, request, *args, **kwargs):
        from . import services

        context = super().get_context(request, *args, **kwargs)
        context["steps"] = services.programme_steps(self, request.user)
        if request.user.is_authenticated:
            context["joined"] = ProgrammeEnrolment.objects.filter(user=request.user, programme=self).exists()
            context["programme_completion"] = ProgrammeCompletion.objects.filter(
                user=request.user, programme=self
            ).first()
        return context


class ProgrammeCourse(Orderable):
    """One course of a programme, at its place in the order."""

    programme = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="steps")
    course = models.ForeignKey(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="programme_steps", verbose_name=_("course")
    )

    panels = [FieldPanel("course")]

    class Meta(Orderable.Meta):
        verbose_name = _("programme course")
        verbose_name_plural = _("programme courses")
        constraints = [
            models.UniqueConstraint(fields=["programme", "course"], name="programmes_course_once_per_programme")
        ]

    def __str__(self):
        return f"{self.programme_id}: {self.course_id}"


class CoursePrerequisite(Orderable):
    """What a course requires before enrolment: another course, or a whole programme."""

    course = ParentalKey("courses.CoursePage", on_delete=models.CASCADE, related_name="prerequisite_links")
    required_course = optional_link("courses.CoursePage", "required_by", _("required course"), models.CASCADE)
    required_programme = optional_link(ProgrammePage, "required_by", _("required programme"), models.CASCADE)

    panels = [FieldPanel("required_course"), FieldPanel("required_programme")]

    class Meta(Orderable.Meta):
        verbose_name = _("prerequisite")
        verbose_name_plural = _("prerequisites")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(required_course__isnull=False, required_programme__isnull=True)
                | models.Q(required_course__isnull=True, required_programme__isnull=False),
                name="programmes_prerequisite_one_target",
            )
        ]

    def clean(self):
        super().clean()
        if bool(self.required_course_id) == bool(self.required_programme_id):
            raise ValidationError(_("Choose either a required course or a required programme, not both."))
        if self.required_course_id and self.required_course_id == self.course_id:
            raise ValidationError({"required_course": _("A course cannot require itself.")})

    def __str__(self):
        return f"{self.course_id} needs {self.required_course_id or self.required_programme_id}"


class ProgrammeEnrolment(models.Model):
    """A learner who joined a programme (or was assigned it): an ordered programme's order applies to them."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programme_enrolments")
    programme = models.ForeignKey(ProgrammePage, on_delete=models.CASCADE, related_name="enrolments")
    joined_at = models.DateTimeField(_("joined at"), default=timezone.now)

    class Meta:
        verbose_name = _("programme enrolment")
        verbose_name_plural = _("programme enrolments")
        constraints = [models.UniqueConstraint(fields=["user", "programme"], name="programmes_one_enrolment")]

    def __str__(self):
        return f"{self.user_id} in {self.programme_id}"


class ProgrammeCompletion(models.Model):
    """A learner completed every course of a programme: written exactly once (the certificate hangs on it)."""

    wagtail_reference_index_ignore = True

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="programme_completions")
    programme = models.ForeignKey(
        ProgrammePage, on_delete=models.SET_NULL, null=True, blank=True, related_name="completions"
    )
    programme_title = models.CharField(_("programme"), max_length=255)
    # The day the last of its courses was completed.
    completed_on = models.DateField(_("completed on"))
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-completed_on", "-id"]
        verbose_name = _("programme completion")
        verbose_name_plural = _("programme completions")
        constraints = [
            models.UniqueConstraint(fields=["user", "programme"], name="programmes_one_completion_per_programme")
        ]

    def __str__(self):
        return f"{self.user_id} – {self.programme_title} ({self.completed_on})"

    @property
    def source_key(self):
        return f"programme:{self.pk}"


class Assignment(models.Model):
    """HR or a union officer asks workers of its subtree to complete a course or a programme by a date.

    With `valid_months`, the training is recurring: a completion holds for that many months, and renewing opens
    `renew_days` days before it expires.
    """

    WORKERS = "workers"
    UNIT = "unit"
    LIST = "list"
    EVERYONE = "everyone"
    AUDIENCE_CHOICES = [
        (WORKERS, _("Chosen workers")),
        (UNIT, _("A department or workplace")),
        (LIST, _("An imported list")),
        (EVERYONE, _("Everybody")),
    ]

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("assigned by organisation"),
    )
    course = optional_link("courses.CoursePage", "assignments", _("course"))
    programme = optional_link(ProgrammePage, "assignments", _("programme"))
    # A department or workplace assignment's unit: it and "everybody" follow the workers who join later.
    unit = optional_link("organisations.Organisation", "+", _("department or workplace"), models.PROTECT)
    new_worker_days = models.PositiveSmallIntegerField(
        _("workers who join later: due after (days)"),
        null=True,
        blank=True,
        help_text=_("Empty: the assignment's due date, but never sooner than 30 days after joining."),
    )
    # Kept when the page goes: the lists still say what was assigned.
    title = models.CharField(_("title"), max_length=255)
    due_on = models.DateField(_("due date"))
    valid_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), null=True, blank=True, help_text=_("Empty: done once. Set: recurring training.")
    )
    renew_days = models.PositiveSmallIntegerField(_("renew from (days before expiry)"), default=30)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    audience = models.CharField(_("assigned to"), max_length=20, choices=AUDIENCE_CHOICES)
    audience_label = models.CharField(_("audience"), max_length=255, blank=True)
    learner_count = models.PositiveIntegerField(_("workers"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self):
        return f"{self.title} (→ {self.due_on})"

    @property
    def is_recurring(self):
        return bool(self.valid_months)

    @property
    def target(self):
        return self.programme if self.programme_id else self.course

    @property
    def follows_new_workers(self):
        # A unit assignment made before units were kept has no unit: it cannot tell whom to follow.
        return self.audience == self.EVERYONE or (self.audience == self.UNIT and self.unit_id is not None)

    @property
    def audience_root(self):
        """The organisation whose subtree the audience covers (everybody: the assigning organisation)."""
        return self.unit if self.unit_id else self.organisation


class Assignee(models.Model):
    """One worker's part of an assignment: the current cycle's due date, completion and expiry.

    Status is computed from these dates in the database (see status.py): late, expiring soon, done on time or
    late, not yet due. A recurring cycle renews in place: the new due date is the old expiry.
    """

    wagtail_reference_index_ignore = True

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="learners")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assigned_learning", verbose_name=_("worker")
    )
    # The workplace when assigned: per-organisation figures and the trust boundary go by it.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="assignees",
        verbose_name=_("workplace"),
    )
    due_on = models.DateField(_("due date"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    # Recurring only: the last day the completion holds, and the first day of the renewal window.
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    renew_from = models.DateField(_("renew from"), null=True, blank=True)
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1)

    class Meta:
        verbose_name = _("assigned worker")
        verbose_name_plural = _("assigned workers")
        constraints = [models.UniqueConstraint(fields=["assignment", "user"], name="programmes_assigned_once")]
        indexes = [
            models.Index(fields=["organisation", "due_on"], name="programmes_assignee_org_due"),
            models.Index(fields=["organisation", "expires_on"], name="programmes_assignee_org_exp"),
            models.Index(fields=["user", "assignment"], name="programmes_assignee_user"),
        ]

    def __str__(self):
        return f"{self.user_id} – {self.assignment_id} (due {self.due_on})"
