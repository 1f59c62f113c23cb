"""The HR worker page lists rejected and revoked completions, marked, and counts them in no hours (issue 13).

Needs the organisations/ part of the change (organisations/hr.py, its two templates), which that app's owner
applies: until then the test is expected to fail, strictly, so that it cannot stay forgotten once it passes.
"""

from datetime import date

import pytest
from django.urls import reverse

from certificates import keys
from certificates.services import issue_certificate, revoke_certificate
from organisations.models import CompletionReview, OrganisationRole
from organisations.services import grant_role, review_completion
from tests.factories import UserFactory
from tests.recognition.conftest import complete, courses, make_worker, tree  # noqa: F401 (fixtures)


@pytest.fixture
def signing_key(settings):
    settings.CERTIFICATES_SIGNING_KEYS = keys.generate_key_config("test-hr-page")
    keys.get_keyring.cache_clear()
    yield
    keys.get_keyring.cache_clear()


def test_worker_page_marks_rejected_and_revoked_and_counts_neither(
    client,
    tree,  # noqa: F811
    make_worker,  # noqa: F811
    complete,  # noqa: F811
    signing_key,
):
    hr = UserFactory(full_name="Nhân sự Công ty May")
    grant_role(hr, tree["G1"], OrganisationRole.HR_OFFICER)
    worker = make_worker(tree["G1"])
    today = date.today()
    kept = complete(worker, "digital", today, hours="2.0")
    rejected = complete(worker, "vocational", today, hours="8.0")
    revoked = complete(worker, "life_skills", today, hours="16.0")
    review_completion(hr, kept, CompletionReview.CONFIRMED)
    review_completion(hr, rejected, CompletionReview.REJECTED, comment="Không có mặt tại lớp")
    certificate, _created = issue_certificate(revoked)
    revoke_certificate(certificate, by=UserFactory(is_superuser=True), reason="Hồ sơ không hợp lệ")
    client.force_login(hr)
    response = client.get(reverse("organisations:worker", args=[tree["G1"].pk, worker.pk]) + f"?year={today.year}")
    assert response.status_code == 200
    assert response.context["area_hours"]["total"] == 2
    rows = {c.pk: c for c in response.context["items"]}
    assert rows[kept.pk].counted and not rows[rejected.pk].counted and not rows[revoked.pk].counted
    page = response.content.decode()
    assert page.count("Not counted in hours or indicators") == 2
    assert "Certificate revoked" in page and "Rejected" in page
    assert (
        f'{certificate.serial}</a> {certificate.course_title} · <strong class="status-rejected">Revoked</strong>'
        in page
    )
    listing = client.get(reverse("organisations:workers", args=[tree["G1"].pk]) + f"?year={today.year}")
    assert [m.hours_total for m in listing.context["items"].object_list if m.user_id == worker.pk] == [2]
