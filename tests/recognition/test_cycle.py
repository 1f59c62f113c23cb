"""The yearly round screen: open the window (proposals computed in the background), remind, review, close."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notice
from notifications.services import set_optional_messages
from organisations.models import OrganisationRole
from organisations.services import grant_role
from recognition import evaluation
from recognition.models import Assessment, Cycle
from tests.factories import UserFactory

YEAR = 2025


def _post(client, organisation, **data):
    return client.post(reverse("recognition:cycle", args=[organisation.pk]) + f"?year={YEAR}", {"year": YEAR, **data})


def _window():
    today = timezone.localdate()
    return {"opens_on": (today - timedelta(days=10)).isoformat(), "closes_on": (today + timedelta(days=30)).isoformat()}


def test_officer_opens_the_round_and_everyone_gets_a_proposal(
    client, tree, make_worker, district_officer, django_capture_on_commit_callbacks
):
    workers = [make_worker(tree["G1"]), make_worker(tree["G2"])]
    outside = make_worker(tree["S"])
    client.force_login(district_officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, tree["D1"], action="open", **_window())
    assert response.status_code == 302
    cycle = Cycle.objects.get(organisation=tree["D1"], year=YEAR)
    assert cycle.status == Cycle.OPEN and cycle.evaluated_at is not None and not cycle.evaluating
    assert set(Assessment.objects.filter(year=YEAR).values_list("user_id", flat=True)) == {w.pk for w in workers}
    assert not Assessment.objects.filter(user=outside).exists()
    page = client.get(reverse("recognition:cycle", args=[tree["D1"].pk]) + f"?year={YEAR}").content.decode()
    assert "Open for self-assessment" in page
    assert '<tr id="count-draft"><td>Not submitted</td><td class="num">2</td>' in page


def test_a_window_that_closes_before_it_opens_is_refused(client, tree, district_officer):
    client.force_login(district_officer)
    response = _post(client, tree["D1"], action="open", opens_on="2025-10-01", closes_on="2025-09-01")
    assert response.status_code == 302
    assert not Cycle.objects.filter(status=Cycle.OPEN).exists()
    page = client.get(response.url).content.decode()
    assert "The window must close after it opens." in page
    response = _post(client, tree["D1"], action="open", opens_on="1 tháng 10", closes_on="")
    assert "Give the dates as day, month and year." in client.get(response.url).content.decode()


def test_reminders_go_to_those_who_have_not_submitted(
    client, tree, make_worker, district_officer, django_capture_on_commit_callbacks
):
    pending = make_worker(tree["G1"], email="chua.nop@example.vn", full_name="Nguyễn Văn Chưa")
    phone_only = make_worker(tree["G1"], email=None, phone="0912345678")
    submitted = make_worker(tree["G2"], email="da.nop@example.vn")
    client.force_login(district_officer)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, tree["D1"], action="open", **_window())
    Assessment.objects.filter(user=submitted).update(status=Assessment.SUBMITTED)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, tree["D1"], action="remind")
    page = client.get(response.url).content.decode()
    # The e-mail reaches one, the text-message channel (a logging stand-in by default) the other.
    assert "Reminder for the 2 people who have not submitted: 2 can be reached" in page
    assert [message.to for message in mail.outbox] == [["chua.nop@example.vn"]]
    assert reverse("recognition:mine") in mail.outbox[0].body
    cycle = Cycle.objects.get(organisation=tree["D1"], year=YEAR)
    assert (cycle.reminders_sent, cycle.reminders_targeted, cycle.reminders_reached) == (2, 2, 2)
    assert cycle.reminded_at is not None
    assert "for 2 people, 2 reached by e-mail or text message" in client.get(response.url).content.decode()
    # In-app notices for both, none for the one who submitted.
    assert set(Notice.objects.values_list("user_id", flat=True)) == {pending.pk, phone_only.pk}
    # Pressed again the same day: nothing more is sent.
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, tree["D1"], action="remind")
    assert len(mail.outbox) == 1 and Notice.objects.count() == 2
    cycle.refresh_from_db()
    assert (cycle.reminders_sent, cycle.reminders_targeted, cycle.reminders_reached) == (2, 2, 2)
    # The worker without an address sees the reminder and the closing date on their own page.
    client.force_login(phone_only)
    page = client.get(reverse("recognition:mine") + f"?year={YEAR}").content.decode()
    assert 'id="closes-on"' in page and cycle.closes_on.strftime("%d/%m/%Y") in page
    assert "You have 1 unread notice" in page and "Reminder: your Công dân học tập self-assessment" in page


def test_reminders_say_how_many_could_be_reached(
    client, tree, make_worker, district_officer, django_capture_on_commit_callbacks, settings
):
    """The demo's case: nobody has an e-mail address and only e-mail is configured."""
    settings.NOTIFICATION_CHANNELS = ["notifications.channels.EmailChannel"]
    for n in range(3):
        make_worker(tree["G1"], email=None, phone=f"09123456{n:02d}")
    client.force_login(district_officer)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, tree["D1"], action="open", **_window())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, tree["D1"], action="remind")
    page = client.get(response.url).content.decode()
    assert "Reminder for the 3 people who have not submitted: 0 can be reached" in page
    assert "3 will see it only on their pages" in page
    assert mail.outbox == []
    cycle = Cycle.objects.get(organisation=tree["D1"], year=YEAR)
    assert (cycle.reminders_sent, cycle.reminders_targeted, cycle.reminders_reached) == (0, 3, 0)
    assert Notice.objects.count() == 3


def test_a_person_who_turned_optional_messages_off_gets_the_reminder_on_the_site_only(
    client, tree, make_worker, district_officer, django_capture_on_commit_callbacks
):
    worker = make_worker(tree["G1"], email="tat.thong.bao@example.vn")
    set_optional_messages(worker, False)
    client.force_login(district_officer)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, tree["D1"], action="open", **_window())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, tree["D1"], action="remind")
    assert mail.outbox == []
    assert Notice.objects.filter(user=worker).count() == 1
    assert Cycle.objects.get(organisation=tree["D1"], year=YEAR).reminders_reached == 0


def test_no_reminders_outside_the_window(client, tree, make_worker, district_officer):
    make_worker(tree["G1"], email="a@example.vn")
    Cycle.objects.create(
        organisation=tree["D1"], year=YEAR, status=Cycle.OPEN, opens_on=date(2025, 1, 1), closes_on=date(2025, 2, 1)
    )
    client.force_login(district_officer)
    response = _post(client, tree["D1"], action="remind")
    assert "only be sent while self-assessment is open" in client.get(response.url).content.decode()
    assert mail.outbox == []


def test_review_then_close_and_a_closed_round_stays_closed(client, tree, make_worker, district_officer):
    worker = make_worker(tree["G1"])
    cycle = Cycle.objects.create(organisation=tree["D1"], year=YEAR, status=Cycle.OPEN)
    client.force_login(district_officer)
    _post(client, tree["D1"], action="review")
    cycle.refresh_from_db()
    assert cycle.status == Cycle.REVIEW
    _post(client, tree["D1"], action="close")
    cycle.refresh_from_db()
    assert cycle.status == Cycle.CLOSED
    response = _post(client, tree["D1"], action="open", **_window())
    assert "This cycle is closed." in client.get(response.url).content.decode()
    cycle.refresh_from_db()
    assert cycle.status == Cycle.CLOSED
    assert not evaluation.Assessment.objects.filter(user=worker, status=Assessment.SUBMITTED).exists()


def test_a_district_follows_the_provinces_round_until_it_opens_its_own(client, tree, district_officer):
    Cycle.objects.create(organisation=tree["P"], year=YEAR, status=Cycle.OPEN)
    client.force_login(district_officer)
    page = client.get(reverse("recognition:cycle", args=[tree["D1"].pk]) + f"?year={YEAR}").content.decode()
    assert 'id="cycle-inherited"' in page and tree["P"].name in page


@pytest.mark.parametrize(
    ("role_at", "target", "allowed"),
    [
        ("D1", "D1", True),  # own
        ("D1", "G1", True),  # child
        ("D1", "P", False),  # parent
        ("D1", "D2", False),  # sibling
        ("P", "D2", True),
        (None, "D1", False),  # a worker with no role
    ],
)
def test_only_officers_of_the_subtree_run_a_round(client, tree, role_at, target, allowed):
    person = UserFactory()
    if role_at:
        grant_role(person, tree[role_at], OrganisationRole.HR_OFFICER)
    client.force_login(person)
    url = reverse("recognition:cycle", args=[tree[target].pk]) + f"?year={YEAR}"
    assert client.get(url).status_code == (200 if allowed else 403)
    response = _post(client, tree[target], action="open", **_window())
    assert response.status_code == (302 if allowed else 403)
    assert Cycle.objects.filter(organisation=tree[target], status=Cycle.OPEN).exists() is allowed


def test_anonymous_visitors_are_sent_to_log_in(client, tree):
    response = client.get(reverse("recognition:cycle", args=[tree["D1"].pk]))
    assert response.status_code == 302 and "login" in response.url
