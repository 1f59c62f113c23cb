"""The HR worker import never pulls a person out of another organisation, nor attaches staff or officers.

Tried as an attacker would: HR of G1 (an enterprise) puts the phone numbers or e-mail addresses of people it
does not employ in its worker file, hoping to attach them and then read their learning record.
"""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from organisations.importer import import_workers
from organisations.models import Membership, OrganisationRole
from organisations.services import OrganisationError, attach_member, end_membership, grant_role
from tests.factories import UserFactory

HEADER = "full_name,phone,email,employee_number,start_date"


def _csv(*rows):
    return SimpleUploadedFile("workers.csv", (HEADER + "\n" + "\n".join(rows)).encode())


def test_a_worker_of_another_enterprise_is_not_moved(tree, make_worker):
    elsewhere = make_worker(tree["G3"], start=date(2024, 1, 1), phone="0911000001", email="g3@example.vn")
    by_email = make_worker(tree["G2"], start=date(2024, 1, 1), email="g2@example.vn")
    result = import_workers(
        _csv(
            "Người Khác,0911000001,,A1,01/05/2025",
            "Người Khác Hai,,G2@example.vn,A2,01/05/2025",
            "Người Mới,0911000003,,A3,01/05/2025",
        ),
        tree["G1"],
    )
    # The other rows still import; the two people employed elsewhere are reported, line by line, and untouched.
    assert result.ok, result.errors
    assert len(result.created) == 1 and result.matched == 0
    assert [line for line, _message in result.refused] == [2, 3]
    assert all("already a member of another organisation" in message for _line, message in result.refused)
    for person, workplace in ((elsewhere, "G3"), (by_email, "G2")):
        assert list(Membership.objects.filter(user=person).values_list("organisation", "end_date")) == [
            (tree[workplace].pk, None)
        ]
    assert Membership.objects.filter(organisation=tree["G1"]).count() == 1


def test_staff_superusers_and_officers_elsewhere_are_never_attached(tree):
    staff = UserFactory(phone="0911000011", is_staff=True)
    superuser = UserFactory(phone="0911000012", is_superuser=True)
    province_admin = UserFactory(email="admin.tinh@example.vn")
    grant_role(province_admin, tree["P"], OrganisationRole.ADMIN)
    sibling_hr = UserFactory(phone="0911000014")
    grant_role(sibling_hr, tree["G3"], OrganisationRole.HR_OFFICER)
    result = import_workers(
        _csv(
            "Nhân viên,0911000011,,,",
            "Quản trị,0911000012,,,",
            "Quản trị tỉnh,,admin.tinh@example.vn,,",
            "Cán bộ nhân sự,0911000014,,,",
        ),
        tree["G1"],
    )
    assert [line for line, _message in result.refused] == [2, 3, 4, 5]
    assert not Membership.objects.filter(user__in=[staff, superuser, province_admin, sibling_hr]).exists()
    assert result.matched == 0 and not result.created


def test_a_free_account_is_attached_and_an_own_worker_is_unchanged(tree, make_worker):
    free = UserFactory(phone="0911000021", email=None)
    former = make_worker(tree["G3"], start=date(2023, 1, 1), phone="0911000022")
    end_membership(Membership.objects.get(user=former), end_date=date(2024, 12, 31))
    own = make_worker(tree["G1"], start=date(2024, 1, 1), phone="0911000023")
    own_hr = UserFactory(phone="0911000024")
    grant_role(own_hr, tree["G1"], OrganisationRole.HR_OFFICER)
    result = import_workers(
        _csv(
            "Tự do,0911000021,,B1,01/03/2025",
            "Đã nghỉ,0911000022,,B2,01/03/2025",
            "Đang làm,0911000023,,B3,",
            "Nhân sự tại đây,0911000024,,B4,01/03/2025",
        ),
        tree["G1"],
    )
    assert result.ok and not result.refused, (result.errors, result.refused)
    assert result.matched == 4 and result.unchanged == 1
    for person in (free, former, own, own_hr):
        assert Membership.objects.get(user=person, end_date__isnull=True).organisation == tree["G1"]
    assert Membership.objects.get(user=former, organisation=tree["G3"]).end_date == date(2024, 12, 31)


def test_the_import_screen_lists_each_refused_row(client, tree, make_worker):
    make_worker(tree["G3"], phone="0911000031")
    hr = UserFactory()
    grant_role(hr, tree["G1"], OrganisationRole.HR_OFFICER)
    client.force_login(hr)
    response = client.post(
        reverse("organisations:import", args=[tree["G1"].pk]),
        {"file": _csv("Người Khác,0911000031,,,", "Người Mới,0911000032,,,")},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Line 2" in page and "already a member of another organisation" in page
    assert Membership.objects.filter(user__phone="0911000031", organisation=tree["G3"], end_date=None).exists()
    assert Membership.objects.filter(user__phone="0911000032", organisation=tree["G1"]).exists()


def test_attach_member_refuses_what_the_import_checked(tree, make_worker):
    """The service re-checks inside its transaction: a person hired elsewhere meanwhile is never moved."""
    worker = make_worker(tree["G3"], start=date(2024, 1, 1))
    with pytest.raises(OrganisationError, match="already a member of another organisation"):
        attach_member(worker, tree["G1"], start_date=date(2025, 1, 1))
    assert Membership.objects.get(user=worker).end_date is None


# The invitation: a person who works elsewhere is invited instead; nothing changes until they accept.


def test_a_worker_elsewhere_is_invited_and_joins_only_by_accepting(client, tree, make_worker, complete):
    from organisations.models import JoinInvitation

    worker = make_worker(tree["G3"], start=date(2024, 1, 1), phone="0911000041")
    earlier = complete(worker, on=date(2025, 2, 1))
    hr_officer = UserFactory()
    grant_role(hr_officer, tree["G1"], OrganisationRole.HR_OFFICER)
    result = import_workers(_csv("Người Được Mời,0911000041,,C1,01/03/2025"), tree["G1"], by=hr_officer)
    assert result.ok and [line for line, _message in result.refused] == [2]
    assert "accept the invitation" in result.refused[0][1]
    invitation = JoinInvitation.objects.get(user=worker, organisation=tree["G1"], status=JoinInvitation.PENDING)
    assert invitation.employee_number == "C1" and invitation.created_by == hr_officer
    # Until the person accepts, G1's HR sees nothing of them.
    client.force_login(hr_officer)
    assert client.get(reverse("organisations:worker", args=[tree["G1"].pk, worker.pk])).status_code == 404
    # Nobody else can accept it.
    client.force_login(UserFactory())
    assert client.post(reverse("organisations:invitation_accept", args=[invitation.pk])).status_code == 404
    assert Membership.objects.get(user=worker).end_date is None
    # The person sees it and accepts: they join G1 from today and their period at G3 ends yesterday.
    client.force_login(worker)
    page = client.get(reverse("organisations:invitations")).content.decode()
    assert tree["G1"].unit_name in page and tree["G3"].name in page
    response = client.post(reverse("organisations:invitation_accept", args=[invitation.pk]))
    assert response.status_code == 302
    today = timezone.localdate()
    current = Membership.objects.get(user=worker, end_date__isnull=True)
    assert current.organisation == tree["G1"] and current.start_date == today and current.employee_number == "C1"
    assert Membership.objects.get(user=worker, organisation=tree["G3"]).end_date == today - timedelta(days=1)
    invitation.refresh_from_db()
    assert invitation.status == JoinInvitation.ACCEPTED
    # G1's HR now sees the worker, but not what they learned at G3.
    client.force_login(hr_officer)
    page = client.get(reverse("organisations:worker", args=[tree["G1"].pk, worker.pk]))
    assert page.status_code == 200 and earlier.course_title not in page.content.decode()


def test_a_declined_invitation_changes_nothing(client, tree, make_worker):
    from organisations.models import JoinInvitation

    worker = make_worker(tree["G3"], phone="0911000051")
    import_workers(_csv("Người Từ Chối,0911000051,,,"), tree["G1"])
    invitation = JoinInvitation.objects.get(user=worker)
    client.force_login(worker)
    assert client.post(reverse("organisations:invitation_decline", args=[invitation.pk])).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == JoinInvitation.DECLINED
    assert list(Membership.objects.filter(user=worker).values_list("organisation", "end_date")) == [
        (tree["G3"].pk, None)
    ]
    # A declined invitation cannot be accepted afterwards.
    assert client.post(reverse("organisations:invitation_accept", args=[invitation.pk])).status_code == 404


def test_staff_and_officers_are_not_invited(tree):
    from organisations.models import JoinInvitation

    grant_role(UserFactory(phone="0911000061"), tree["P"], OrganisationRole.ADMIN)
    UserFactory(phone="0911000062", is_staff=True)
    import_workers(_csv("Quản trị tỉnh,0911000061,,,", "Nhân viên,0911000062,,,"), tree["G1"])
    assert not JoinInvitation.objects.exists()
