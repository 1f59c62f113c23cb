"""Ways a notice leaves the site. NOTIFICATION_CHANNELS lists the classes in use (docs/notifications.md).

A channel says whether it could reach a person (`can_reach`) and sends a batch of notices (`send`), returning the
ids of those it delivered. The in-app notice is not a channel: it is always recorded.
"""

import logging

from django.core import mail
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from . import conf

logger = logging.getLogger(__name__)


class Channel:
    name = ""
    label = ""

    def can_reach(self, user):
        raise NotImplementedError

    def reach_filter(self):
        """A Q on users matching those can_reach() accepts, to count many at once; None when there is none."""
        return None

    def send(self, notices):
        """Send each notice (with its `user` loaded) to its person; return the set of notice ids delivered."""
        raise NotImplementedError


def absolute(url):
    """A link usable outside the site: a path gets the site's public address in front."""
    if not url or "://" in url:
        return url
    return conf.base_url() + (url if url.startswith("/") else "/" + url)


def plain_text(notice):
    link = absolute(notice.url)
    return f"{notice.body}\n\n{link}".strip() if link else notice.body


class EmailChannel(Channel):
    """E-mail to people with an address, over one connection per batch."""

    name = "email"
    label = _("e-mail")

    def can_reach(self, user):
        return bool(user.email)

    def reach_filter(self):
        return Q(email__isnull=False) & ~Q(email="")

    def send(self, notices):
        delivered = set()
        with mail.get_connection() as connection:
            for notice in notices:
                message = mail.EmailMessage(
                    notice.subject, plain_text(notice), to=[notice.user.email], connection=connection
                )
                # One bad address or a refused recipient must not stop the rest of the batch.
                try:
                    if connection.send_messages([message]):
                        delivered.add(notice.pk)
                except Exception:
                    logger.exception("E-mail notice %s to user %s failed", notice.pk, notice.user_id)
        return delivered


class LoggingChannel(Channel):
    """A stand-in for SMS or Zalo: reaches people with a phone number and writes the message to the log."""

    name = "sms"
    label = _("text message")

    def can_reach(self, user):
        return bool(getattr(user, "phone", None))

    def reach_filter(self):
        return Q(phone__isnull=False) & ~Q(phone="")

    def send(self, notices):
        for notice in notices:
            logger.info("Text message to %s: %s %s", notice.user.phone, notice.subject, absolute(notice.url))
        return {notice.pk for notice in notices}
