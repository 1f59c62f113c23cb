"""A catalogue import started in the admin: the uploaded rows, the dry-run's errors, progress and the result."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CatalogueImport(models.Model):
    """One upload by a provider's editor: previewed, then imported in the background as drafts in review."""

    PREVIEW = "preview"
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"
    STATUS_CHOICES = [
        (PREVIEW, _("Checked, waiting for confirmation")),
        (QUEUED, _("Waiting to start")),
        (RUNNING, _("Importing")),
        (DONE, _("Imported")),
        (FAILED, _("Failed")),
    ]

    provider = models.ForeignKey(
        "courses.Provider", on_delete=models.CASCADE, related_name="imports", verbose_name=_("provider")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("imported by"),
    )
    filename = models.CharField(_("file"), max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=STATUS_CHOICES, default=PREVIEW)
    publish = models.BooleanField(_("published at once"), default=False)
    # [[position, {column: value}], ...]: the file's rows, kept until the import has run.
    rows = models.JSONField(default=list, blank=True)
    # [[position, message], ...] in the uploader's language, from the preview and then from the import.
    errors = models.JSONField(default=list, blank=True)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    new_rows = models.PositiveIntegerField(_("new courses"), default=0)
    done = models.PositiveIntegerField(_("rows written"), default=0)
    created = models.PositiveIntegerField(_("created"), default=0)
    updated = models.PositiveIntegerField(_("updated"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    submitted = models.PositiveIntegerField(_("submitted for review"), default=0)
    page_ids = models.JSONField(default=list, blank=True)
    failure = models.TextField(_("failure"), blank=True)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        app_label = "courses"
        ordering = ["-created_at", "-pk"]
        verbose_name = _("catalogue import")
        verbose_name_plural = _("catalogue imports")

    def __str__(self):
        return f"{self.filename} ({self.provider})"

    @property
    def is_finished(self):
        return self.status in (self.DONE, self.FAILED)

    @property
    def percent(self):
        return 100 if self.is_finished else (100 * self.done // self.valid_rows if self.valid_rows else 0)
