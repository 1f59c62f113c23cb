"""notify / notify_many: once per person and event, channels that say whether they reach, counts, opt-out."""

import logging

import pytest
from django.core import mail
from django.urls import reverse

from notifications import services
from notifications.channels import Channel
from notifications.models import Notice
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_notify_records_and_sends_by_email_once():
    user = UserFactory()
    first = services.notify(user, event_key="test:1", subject="Hạn nộp", body="Nộp trước 30/11", url="/recognition/me/")
    assert first.reached and first.channels == ["email"] and not first.duplicate
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "http://" in mail.outbox[0].body and "/recognition/me/" in mail.outbox[0].body

    second = services.notify(user, event_key="test:1", subject="Hạn nộp", body="again")
    assert second.duplicate and second.channels == ["email"] and second.notice.pk == first.notice.pk
    assert len(mail.outbox) == 1
    assert Notice.objects.filter(user=user).count() == 1
    assert Notice.objects.get().body == "Nộp trước 30/11"


def test_phone_only_person_is_reached_by_the_logging_channel(caplog):
    user = UserFactory(email=None, phone="0912345678")
    with caplog.at_level(logging.INFO, logger="notifications.channels"):
        delivery = services.notify(user, event_key="k", subject="S", body="B")
    assert delivery.channels == ["sms"]
    assert "0912345678" in caplog.text
    assert mail.outbox == []


def test_person_with_no_address_gets_only_the_in_app_notice(settings):
    settings.NOTIFICATION_CHANNELS = ["notifications.channels.EmailChannel"]
    user = UserFactory(email=None, phone="0912345678")
    delivery = services.notify(user, event_key="k", subject="S", body="B")
    assert not delivery.reached and delivery.channels == []
    assert Notice.objects.filter(user=user, read_at__isnull=True).count() == 1


def test_notify_many_counts(settings):
    settings.NOTIFICATION_BATCH_SIZE = 2  # several batches
    with_email = [UserFactory() for _ in range(3)]
    phone_only = UserFactory(email=None, phone="0987654321")
    services.notify(with_email[0], event_key="remind:2026", subject="S", body="B")
    mail.outbox.clear()

    summary = services.notify_many(
        [*with_email, phone_only, with_email[1]], event_key="remind:2026", subject="S", body="B", url="/x/"
    )
    assert (summary.targeted, summary.reached, summary.unreachable, summary.already_sent) == (4, 3, 0, 1)
    assert summary.by_channel == {"email": 2, "sms": 1}
    assert len(mail.outbox) == 2

    again = services.notify_many([*with_email, phone_only], event_key="remind:2026", subject="S", body="B")
    assert (again.targeted, again.reached, again.already_sent) == (4, 0, 4)
    assert len(mail.outbox) == 2


def test_notify_many_unreachable_when_no_channel_reaches(settings):
    settings.NOTIFICATION_CHANNELS = ["notifications.channels.EmailChannel"]
    users = [UserFactory(email=None, phone=f"09{n:08d}") for n in range(5)] + [UserFactory()]
    summary = services.notify_many(users, event_key="e", subject="S", body="B")
    assert (summary.targeted, summary.reached, summary.unreachable) == (6, 1, 5)
    assert Notice.objects.filter(event_key="e").count() == 6


def test_optional_notices_respect_the_opt_out():
    user, other = UserFactory(), UserFactory()
    services.set_optional_messages(user, False)
    delivery = services.notify(user, event_key="news", subject="S", body="B", mandatory=False)
    assert delivery.opted_out and not delivery.reached
    assert mail.outbox == []
    # Still on the person's page.
    assert Notice.objects.filter(user=user, event_key="news").exists()

    summary = services.notify_many([user, other], event_key="news2", subject="S", body="B", mandatory=False)
    assert (summary.reached, summary.unreachable, summary.opted_out) == (1, 1, 1)
    # Mandatory notices go out anyway.
    assert services.notify(user, event_key="deadline", subject="S", body="B").reached


class RefusingChannel(Channel):
    name = "refuse"

    def can_reach(self, user):
        return True

    def send(self, notices):
        return set()


def test_a_channel_that_fails_does_not_count_as_reached(settings):
    settings.NOTIFICATION_CHANNELS = ["tests.notifications.test_services.RefusingChannel"]
    delivery = services.notify(UserFactory(), event_key="k", subject="S", body="B")
    assert not delivery.reached


@pytest.mark.parametrize(
    "kwargs",
    [{"event_key": "", "subject": "S"}, {"event_key": "k", "subject": " "}, {"event_key": "x" * 201, "subject": "S"}],
)
def test_bad_input_is_refused_and_records_nothing(kwargs):
    user = UserFactory()
    with pytest.raises(ValueError):
        services.notify(user, body="B", **kwargs)
    with pytest.raises(ValueError):
        services.notify_many([user], body="B", **kwargs)
    assert not Notice.objects.exists()
    assert mail.outbox == []


def test_unread_notices_on_the_persons_pages_and_the_list(client):
    user, other = UserFactory(), UserFactory()
    delivery = services.notify(
        user, event_key="k", subject="Nhắc nộp tự đánh giá", body="Nội dung", url="/recognition/me/"
    )
    services.notify(other, event_key="k", subject="Not for you", body="B")
    client.force_login(user)
    page = client.get(reverse("recognition:mine")).content.decode()
    assert "You have 1 unread notice" in page and "Nhắc nộp tự đánh giá" in page and "Not for you" not in page

    listing = client.get(reverse("notifications:list")).content.decode()
    assert "Nội dung" in listing and "Not for you" not in listing

    opened = client.get(reverse("notifications:open", args=[delivery.notice.pk]))
    assert opened.status_code == 302 and opened["Location"] == "/recognition/me/"
    assert Notice.objects.get(pk=delivery.notice.pk).read_at is not None
    assert "unread notice" not in client.get(reverse("recognition:mine")).content.decode()

    # Someone else's notice: 404, and it stays unread.
    theirs = Notice.objects.get(user=other)
    assert client.get(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    assert Notice.objects.get(pk=theirs.pk).read_at is None


def test_off_site_link_is_not_followed(client):
    user = UserFactory()
    delivery = services.notify(user, event_key="k", subject="S", body="B", url="https://evil.example/")
    client.force_login(user)
    response = client.get(reverse("notifications:open", args=[delivery.notice.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_mark_all_read_and_preferences(client):
    user = UserFactory()
    services.notify(user, event_key="a", subject="A", body="")
    services.notify(user, event_key="b", subject="B", body="")
    client.force_login(user)
    assert client.get(reverse("notifications:mark_all_read")).status_code == 405
    client.post(reverse("notifications:mark_all_read"))
    assert not services.unread(user).exists()
    client.post(reverse("notifications:preferences"), {})
    assert services.accepts_optional(user) is False
    client.post(reverse("notifications:preferences"), {"optional_messages": "on"})
    assert services.accepts_optional(user) is True


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("notifications:list"))
    assert response.status_code == 302 and "/accounts/login" in response["Location"]
