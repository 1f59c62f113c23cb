from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Certificate(models.Model):
    """A certificate of completion: issued once per Completion with its serial and signed credential."""

    # PROTECT and unique: one certificate per completion, which the database enforces under concurrency too.
    completion = models.OneToOneField(
        "learning.Completion", on_delete=models.PROTECT, related_name="certificate", verbose_name=_("completion")
    )
    serial = models.CharField(_("serial"), max_length=20, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certificates", verbose_name=_("holder")
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
    hours = models.DecimalField(_("learning hours"), max_digits=6, decimal_places=1)
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    credential = models.JSONField(_("signed credential"), default=dict, blank=True)
    key_id = models.CharField(_("signing key"), max_length=64, blank=True)
    public = models.BooleanField(
        _("anyone may download the PDF"), default=False, help_text=_("The holder's choice; verification is public.")
    )
    pdf = models.FileField(_("PDF"), upload_to="certificates/pdf/", blank=True)
    preview = models.FileField(_("PNG preview"), upload_to="certificates/png/", blank=True)
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

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        permissions = [("revoke_certificate", "Can revoke certificates")]

    def __str__(self):
        return f"{self.serial} – {self.holder_name}"

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def status(self):
        return "revoked" if self.is_revoked else "valid"

    @property
    def status_index(self):
        """The certificate's place in the Bitstring Status Lists: its primary key, unique and never reused."""
        return self.pk

    @property
    def issued_on(self):
        return timezone.localdate(self.issued_at)


class CertificateEvent(models.Model):
    """Audit log: issuance, revocation and other changes to a certificate, with who and why."""

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
