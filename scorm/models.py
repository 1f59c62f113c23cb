"""SCORM packages, their SCOs (launchable items) and learners' attempts with the CMI state."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import CollectionMember

from . import conf


class Package(CollectionMember, models.Model):
    """An imported SCORM 1.2 or 2004 package; its files live in storage under `storage_path`."""

    VERSION_12 = "1.2"
    VERSION_2004 = "2004"
    VERSION_CHOICES = [(VERSION_12, "SCORM 1.2"), (VERSION_2004, "SCORM 2004")]

    POLICY_RESUME = "resume"
    POLICY_NEW_AFTER_COMPLETION = "new_after_completion"
    POLICY_CHOICES = [
        (POLICY_RESUME, _("Always resume the last attempt")),
        (POLICY_NEW_AFTER_COMPLETION, _("Start a new attempt once the last one is completed")),
    ]

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=255)
    identifier = models.CharField(_("manifest identifier"), max_length=255, blank=True)
    version = models.CharField(_("SCORM version"), max_length=8, choices=VERSION_CHOICES)
    schema_version = models.CharField(_("schema version"), max_length=64, blank=True)
    launch = models.CharField(_("launch"), max_length=2000, help_text=_("Launch of the first SCO."))
    sco_count = models.PositiveIntegerField(_("SCOs"), default=0)
    has_sequencing = models.BooleanField(_("has sequencing rules"), default=False)
    organisation = models.JSONField(_("table of contents"), default=list, blank=True)
    attempt_policy = models.CharField(
        _("new attempts"), max_length=32, choices=POLICY_CHOICES, default=conf.default_attempt_policy
    )
    file_count = models.PositiveIntegerField(_("files"), default=0)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("SCORM package")
        verbose_name_plural = _("SCORM packages")
        # Like choose_image: who may place a package in a lesson, per collection (see permissions.py).
        permissions = [("choose_package", _("Can choose SCORM package"))]

    def __str__(self):
        return self.title

    @property
    def storage_path(self):
        return f"{conf.storage_prefix()}/{self.uid}"


class Sco(models.Model):
    """A launchable item of a package's organisation (a SCO, or an asset that never talks to the API)."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="scos")
    position = models.PositiveIntegerField(default=0)
    identifier = models.CharField(max_length=255)
    resource_identifier = models.CharField(max_length=255, blank=True)
    title = models.CharField(max_length=500)
    href = models.CharField(max_length=2000)
    parameters = models.CharField(max_length=2000, blank=True)
    launch = models.CharField(max_length=2000, help_text=_("Path inside the package, with its query string."))
    is_sco = models.BooleanField(default=True)
    mastery_score = models.DecimalField(
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("1.2: adlcp:masteryscore (0-100); 2004: imsss:minNormalizedMeasure (-1 to 1)."),
    )
    launch_data = models.TextField(blank=True)
    max_time_allowed = models.CharField(max_length=64, blank=True)
    time_limit_action = models.CharField(max_length=64, blank=True)
    completion_threshold = models.CharField(max_length=16, blank=True)
    has_sequencing = models.BooleanField(default=False)

    class Meta:
        ordering = ["package", "position"]
        constraints = [models.UniqueConstraint(fields=["package", "identifier"], name="scorm_sco_unique_identifier")]

    def __str__(self):
        return self.title


class Attempt(models.Model):
    """One learner's attempt at one SCO: the whole CMI state as one document, versioned by `sequence`."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="scorm_attempts")
    sco = models.ForeignKey(Sco, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField(default=1)
    sequence = models.PositiveBigIntegerField(default=0, help_text=_("Number of commits stored."))
    cmi = models.JSONField(default=dict, blank=True)
    completion_status = models.CharField(max_length=16, default="not attempted")
    success_status = models.CharField(max_length=16, default="unknown")
    score_scaled = models.FloatField(null=True, blank=True)
    score_raw = models.FloatField(null=True, blank=True)
    total_seconds = models.FloatField(default=0)
    # Time recorded before sessions were tracked one by one; the total adds each session's time to it.
    session_base_seconds = models.FloatField(default=0)
    # One entry per launch that committed: {"<session key>": {"seq": last sequence, "seconds": session time}}.
    # Sequences are per session, so a closed tab's late last commit still lands after the next session began.
    sessions = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [models.UniqueConstraint(fields=["user", "sco", "number"], name="scorm_attempt_unique_number")]
        indexes = [models.Index(fields=["user", "sco", "-number"], name="scorm_attempt_user_sco")]

    def __str__(self):
        return f"{self.user} · {self.sco} #{self.number}"

    @property
    def package(self):
        return self.sco.package

    @property
    def is_completed(self):
        return self.completion_status == "completed"
