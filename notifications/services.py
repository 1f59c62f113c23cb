"""Verbs of the notifications app: notify one person or many, read, and set what optional notices to send."""

import uuid
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from . import conf
from .models import Notice, Preference


@dataclass
class Delivery:
    """What became of one notice: which channels reached the person, or that it had been sent before."""

    notice: Notice
    channels: list = field(default_factory=list)
    duplicate: bool = False
    opted_out: bool = False

    @property
    def reached(self):
        return bool(self.channels)


@dataclass
class Summary:
    """Counts for a batch: targeted = reached + unreachable + already_sent (opted_out is part of unreachable)."""

    targeted: int = 0
    reached: int = 0
    unreachable: int = 0
    already_sent: int = 0
    opted_out: int = 0
    by_channel: dict = field(default_factory=dict)

    def as_dict(self):
        """The counts as plain data (a background task's JSON result)."""
        return asdict(self)

    @property
    def notified(self):
        """New in-app notices recorded by this call."""
        return self.reached + self.unreachable


@lru_cache(maxsize=8)
def _load(paths):
    return tuple(import_string(path)() for path in paths)


def get_channels():
    """Instances of the classes NOTIFICATION_CHANNELS names."""
    return _load(tuple(conf.channel_paths()))


def notify(user, *, event_key: str, subject: str, body: str, url: str = "", mandatory: bool = True) -> Delivery:
    """Record an in-app notice and send it through the channels, once per (user, event_key).

    A second call with the same event returns the first result and sends nothing. Sending happens in the call:
    callers with many people use notify_many, ideally from a background task.
    """
    _check(event_key, subject)
    try:
        with transaction.atomic():
            notice, created = Notice.objects.get_or_create(
                user=user,
                event_key=event_key,
                defaults={"subject": subject, "body": body, "url": url, "mandatory": mandatory},
            )
    except IntegrityError:  # another process recorded it between the lookup and the insert
        notice, created = Notice.objects.get(user=user, event_key=event_key), False
    if not created:
        return Delivery(notice=notice, channels=list(notice.channels), duplicate=True)
    notice.user = user
    opted_out = not mandatory and bool(_opted_out({user.pk}))
    if not opted_out:
        _dispatch([notice])
    return Delivery(notice=notice, channels=list(notice.channels), opted_out=opted_out)


def notify_many(users, *, event_key, subject, body, url="", mandatory=True) -> Summary:
    """notify() for many people, in batches: one insert, one preference lookup and one send per channel each."""
    _check(event_key, subject)
    summary = Summary()
    seen = set()
    batch = []
    for user in users:
        if user.pk in seen:
            continue
        seen.add(user.pk)
        batch.append(user)
        if len(batch) >= conf.batch_size():
            _notify_batch(batch, summary, event_key, subject, body, url, mandatory)
            batch = []
    if batch:
        _notify_batch(batch, summary, event_key, subject, body, url, mandatory)
    return summary


def _notify_batch(users, summary, event_key, subject, body, url, mandatory):
    token = uuid.uuid4()
    by_id = {user.pk: user for user in users}
    Notice.objects.bulk_create(
        [
            Notice(
                user=user, event_key=event_key, subject=subject, body=body, url=url, mandatory=mandatory, batch=token
            )
            for user in users
        ],
        ignore_conflicts=True,
    )
    # Rows already there kept their own batch id: only the rows this call inserted carry the token.
    fresh = list(Notice.objects.filter(event_key=event_key, user_id__in=by_id, batch=token))
    for notice in fresh:
        notice.user = by_id[notice.user_id]
    summary.targeted += len(users)
    summary.already_sent += len(users) - len(fresh)
    opted_out = set() if mandatory else _opted_out(set(by_id))
    _dispatch([notice for notice in fresh if notice.user_id not in opted_out])
    for notice in fresh:
        if notice.channels:
            summary.reached += 1
            for name in notice.channels:
                summary.by_channel[name] = summary.by_channel.get(name, 0) + 1
        else:
            summary.unreachable += 1
            summary.opted_out += notice.user_id in opted_out


def reachable_count(users):
    """How many of the users (a queryset) at least one channel could reach, counted in the database.

    Channels without a reach_filter() are asked person by person. Opt-outs of optional notices are not subtracted.
    """
    filters = [channel.reach_filter() for channel in get_channels()]
    if not filters:
        return 0
    if all(f is not None for f in filters):
        combined = filters[0]
        for f in filters[1:]:
            combined |= f
        return users.filter(combined).count()
    return sum(1 for user in users.iterator() if any(channel.can_reach(user) for channel in get_channels()))


def _dispatch(notices):
    """Send through every channel that can reach each person, then store who was reached through what."""
    if not notices:
        return
    for channel in get_channels():
        reachable = [notice for notice in notices if channel.can_reach(notice.user)]
        delivered = channel.send(reachable) if reachable else set()
        for notice in reachable:
            if notice.pk in delivered:
                notice.channels = [*notice.channels, channel.name]
    Notice.objects.bulk_update([notice for notice in notices if notice.channels], ["channels"])


def _opted_out(user_ids):
    return set(
        Preference.objects.filter(user_id__in=user_ids, optional_messages=False).values_list("user_id", flat=True)
    )


def _check(event_key, subject):
    if not event_key or not event_key.strip():
        raise ValueError("A notice needs an event_key.")
    if len(event_key) > Notice._meta.get_field("event_key").max_length:
        raise ValueError("An event_key has at most 200 characters.")
    if not subject or not subject.strip():
        raise ValueError("A notice needs a subject.")


def unread(user):
    return Notice.objects.filter(user=user, read_at__isnull=True)


def mark_read(user, notice_ids=None):
    """Mark the person's notices read (all of them when no ids are given); returns how many changed."""
    notices = unread(user)
    if notice_ids is not None:
        notices = notices.filter(pk__in=notice_ids)
    return notices.update(read_at=timezone.now())


def accepts_optional(user):
    pref = Preference.objects.filter(user=user).first()
    return pref.optional_messages if pref else True


def set_optional_messages(user, accept: bool):
    """Let a person stop (or resume) optional notices by e-mail or message; mandatory ones still go out."""
    Preference.objects.update_or_create(user=user, defaults={"optional_messages": bool(accept)})
