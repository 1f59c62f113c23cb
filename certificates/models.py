from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.models import Orderable

from cms.storage import private_storage

from .wording import DEFAULT_HEADING, DEFAULT_WORDING, PLACEHOLDERS, validate_wording

PLACEHOLDER_HELP = format_lazy(_("Placeholders: {names}."), names=", ".join("{" + name + "}" for name in PLACEHOLDERS))


class CertificateTemplate(ClusterableModel):
    """How certificates look and read: assigned to courses or providers, with one default for the rest."""

    LANDSCAPE = "landscape"
    PORTRAIT = "portrait"
    ORIENTATION_CHOICES = [(LANDSCAPE, _("Landscape")), (PORTRAIT, _("Portrait"))]

    name = models.CharField(_("name"), max_length=120, help_text=_("For editors; not printed."))
    orientation = models.CharField(_("orientation"), max_length=10, choices=ORIENTATION_CHOICES, default=LANDSCAPE)
    background_image = models.ForeignKey(
        "cms.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("background image"),
        help_text=_("Printed under everything, stretched to the page (A4)."),
    )
    logo = models.ForeignKey(
        "cms.CustomImage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("logo")
    )
    issuer_name = models.CharField(
        _("issuer name"), max_length=255, blank=True, help_text=_("Printed at the top; the site's issuer when empty.")
    )
    heading = models.CharField(
        _("heading"), max_length=255, default=DEFAULT_HEADING, validators=[validate_wording], help_text=PLACEHOLDER_HELP
    )
    wording = models.TextField(
        _("wording"),
        default=DEFAULT_WORDING,
        validators=[validate_wording],
        help_text=format_lazy(
            "{} {}",
            _("One printed line per line; a line holding only {holder} or {course} is printed large."),
            PLACEHOLDER_HELP,
        ),
    )
    providers = ParentalManyToManyField(
        "courses.Provider",
        blank=True,
        related_name="certificate_templates",
        verbose_name=_("providers"),
        help_text=_("Used for every course of these providers, unless a course has its own template."),
    )
    is_default = models.BooleanField(
        _("default template"), default=False, help_text=_("Used when neither the course nor its provider has one.")
    )

    class Meta:
        ordering = ["-is_default", "name"]
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=models.Q(is_default=True), name="certificates_one_default_template"
            )
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not self.is_default and self.pk and CertificateTemplate.objects.filter(pk=self.pk, is_default=True).exists():
            raise ValidationError(
                {"is_default": _("There must always be a default template: make another template the default instead.")}
            )

    def save(self, *args, **kwargs):
        with transaction.atomic():
            if self.is_default:
                # Exactly one default: the new default takes over (the partial unique constraint backs this up).
                CertificateTemplate.objects.filter(is_default=True).exclude(pk=self.pk).update(is_default=False)
            super().save(*args, **kwargs)


class CertificateSignatory(Orderable):
    """A person who signs the certificates of a template: name, title and signature image."""

    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="signatories")
    name = models.CharField(_("name"), max_length=120)
    title = models.CharField(_("title"), max_length=160, help_text=_("E.g. Hiệu trưởng (Principal)."))
    signature = models.ForeignKey(
        "cms.CustomImage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("signature image"),
    )

    panels = [FieldPanel("name"), FieldPanel("title"), FieldPanel("signature")]

    class Meta(Orderable.Meta):
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self):
        return f"{self.name} ({self.title})"


class CertificateTemplateCourse(Orderable):
    """A course that uses a template; a course has at most one (a chooser scales to 100,000 courses, a list not)."""

    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="course_assignments")
    course = models.OneToOneField(
        "courses.CoursePage", on_delete=models.CASCADE, related_name="certificate_template", verbose_name=_("course")
    )

    panels = [FieldPanel("course")]

    class Meta(Orderable.Meta):
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def __str__(self):
        return str(self.course)


class Certificate(models.Model):
    """A certificate: of a course completion (once per Completion) or of a title such as "Công dân học tập".

    Both kinds carry a serial and a signed Open Badges credential and verify the same way.
    """

    wagtail_reference_index_ignore = True

    COMPLETION = "completion"
    TITLE = "title"
    PROGRAMME = "programme"
    KIND_CHOICES = [(COMPLETION, _("Course completion")), (TITLE, _("Title")), (PROGRAMME, _("Programme completion"))]

    kind = models.CharField(_("kind"), max_length=12, choices=KIND_CHOICES, default=COMPLETION)
    # PROTECT and unique: one certificate per completion, which the database enforces under concurrency too
    # (NULLs, the titles, do not collide in a unique column).
    completion = models.OneToOneField(
        "learning.Completion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificate",
        verbose_name=_("completion"),
    )
    serial = models.CharField(_("serial"), max_length=20, unique=True)
    # Empty for an organisation's title ("Đơn vị học tập"): the holder is then only the printed name.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("holder"),
    )
    # A snapshot of what is printed and signed: the certificate must not change when a profile or course does.
    holder_name = models.CharField(_("holder's name"), max_length=255)
    course = models.ForeignKey(
        "courses.CoursePage",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("course"),
    )
    course_title = models.CharField(_("course title"), max_length=255)
    course_url = models.URLField(_("course address"), max_length=500)
    provider_name = models.CharField(_("provider"), max_length=255, blank=True)
    learning_area_code = models.CharField(_("learning area code"), max_length=40, blank=True)
    learning_area_name = models.CharField(_("learning area"), max_length=120, blank=True)
    # Empty for titles: no learning hours apply.
    hours = models.DecimalField(_("learning hours"), max_digits=6, decimal_places=1, null=True, blank=True)
    issuer_name = models.CharField(
        _("issuer"),
        max_length=255,
        blank=True,
        help_text=_("Who recognised a title (e.g. a trade union); the site's issuer when empty."),
    )
    # What a title or programme certificate was issued for (e.g. "cdht:<award id>", "programme:<completion id>"):
    # issuing it again returns the same row.
    source_key = models.CharField(_("issued for"), max_length=100, null=True, blank=True, unique=True)
    # A programme certificate's courses as printed and signed: [{"title", "url", "hours"}], in programme order.
    parts = models.JSONField(_("courses of the programme"), default=list, blank=True)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    credential = models.JSONField(_("signed credential"), default=dict, blank=True)
    key_id = models.CharField(_("signing key"), max_length=64, blank=True)
    public = models.BooleanField(
        _("anyone may download the PDF"), default=False, help_text=_("The holder's choice; verification is public.")
    )
    # Private files: served only by the permission-checked views (/certificates/<serial>.pdf and .png).
    pdf = models.FileField(_("PDF"), upload_to="certificates/pdf/", storage=private_storage, blank=True)
    preview = models.FileField(_("PNG preview"), upload_to="certificates/png/", storage=private_storage, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, db_index=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revocation_reason = models.TextField(_("reason for revocation"), blank=True)
    # Which template was chosen at issuance: a later re-render (say, after the cached PDF was lost) keeps to it.
    template = models.ForeignKey(
        CertificateTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="certificates",
        verbose_name=_("template"),
    )
    template_name = models.CharField(_("template name"), max_length=120, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        permissions = [
            ("revoke_certificate", "Can revoke certificates"),
            ("issue_certificate", "Can issue certificates by hand"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="completion", completion__isnull=False, user__isnull=False)
                | models.Q(kind="title", completion__isnull=True, source_key__isnull=False)
                | models.Q(kind="programme", completion__isnull=True, source_key__isnull=False, user__isnull=False),
                name="certificates_kind_source",
            )
        ]

    def __str__(self):
        return f"{self.serial} – {self.holder_name}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def status(self):
        return "revoked" if self.is_revoked else "valid"

    @property
    def status_label(self):
        return _("Revoked") if self.is_revoked else _("Valid")

    @property
    def status_index(self):
        """The certificate's place in the Bitstring Status Lists: its primary key, unique and never reused."""
        return self.pk

    @property
    def is_title(self):
        return self.kind == self.TITLE

    @property
    def is_programme(self):
        return self.kind == self.PROGRAMME

    @property
    def issued_on(self):
        return timezone.localdate(self.issued_at)


class CertificateEvent(models.Model):
    """Audit log: issuance, revocation and other changes to a certificate, with who and why."""

    wagtail_reference_index_ignore = True

    ISSUED = "issued"
    REVOKED = "revoked"
    SHARING = "sharing"
    ACTION_CHOICES = [(ISSUED, _("Issued")), (REVOKED, _("Revoked")), (SHARING, _("Sharing changed"))]

    certificate = models.ForeignKey(Certificate, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(_("action"), max_length=20, choices=ACTION_CHOICES)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("certificate event")
        verbose_name_plural = _("certificate log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.certificate_id}"
