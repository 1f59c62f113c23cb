"""Every NOTIFICATION_* setting with its default, read in one place."""

from django.conf import settings

DEFAULT_CHANNELS = [
    "notifications.channels.EmailChannel",
    # Stands in for SMS or Zalo until a gateway is chosen: it reaches people with a phone number and logs.
    "notifications.channels.LoggingChannel",
]


def channel_paths():
    """Dotted paths of the channel classes notices are sent through, in order."""
    return list(getattr(settings, "NOTIFICATION_CHANNELS", DEFAULT_CHANNELS))


def batch_size():
    return int(getattr(settings, "NOTIFICATION_BATCH_SIZE", 500))


def base_url():
    """The site's public address, for links in messages that leave the site."""
    return (getattr(settings, "BASE_URL", "") or settings.WAGTAILADMIN_BASE_URL).rstrip("/")
