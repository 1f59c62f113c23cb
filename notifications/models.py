from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notice(models.Model):
    """One message to one person about one event: shown on their pages and sent through the channels once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices", verbose_name=_("person")
    )
    # Names the event ("recognition:reminder:2026:cycle-4"): the same event never reaches a person twice.
    event_key = models.CharField(_("event"), max_length=200)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    created = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Names of the channels that reached the person, so a repeated call can answer with the first result.
    channels = models.JSONField(_("reached through"), default=list, blank=True)
    # Set by the call that inserted the row: a batch tells its own new rows from those already there.
    batch = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "event_key"], name="notifications_notice_once")]
        indexes = [models.Index(fields=["user", "read_at"], name="notifications_unread")]

    def __str__(self):
        return self.subject

    @property
    def is_read(self):
        return self.read_at is not None


class Preference(models.Model):
    """What a person accepts beyond the mandatory notices."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("person"),
    )
    optional_messages = models.BooleanField(
        _("send me optional notices by e-mail or message"),
        default=True,
        help_text=_("Mandatory notices (deadlines, decisions about you) are always sent."),
    )
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)
