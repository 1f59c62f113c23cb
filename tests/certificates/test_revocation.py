"""A revoked certificate counts for nothing downstream and says so everywhere (issue 13; docs/security.md,
"Revocation and rejection"): hours, CDHT evidence, the QĐ 1268 read model, the PDF and its preview, the
verification page, the API and the signed status list.
"""

import io
import unicodedata
from datetime import date

import pytest
from pypdf import PdfReader

from certificates import status_list
from certificates.models import Certificate
from certificates.services import certificate_pdf, certificate_preview, revoke_certificate
from learning import services as learning_services
from organisations.models import Organisation
from organisations.services import add_member, create_organisation
from recognition import evaluation
from recognition.models import Evidence, LearningActivity
from tests.factories import UserFactory

from .conftest import BASE_URL

MARK = "ĐÃ THU HỒI"


@pytest.fixture
def workplace(db):
    province = create_organisation(name="LĐLĐ tỉnh Hà Nam", kind=Organisation.PROVINCIAL, province="Hà Nam")
    district = create_organisation(province, name="LĐLĐ huyện Duy Tiên", kind=Organisation.DISTRICT)
    return create_organisation(
        district, name="CĐCS Công ty May", kind=Organisation.GRASSROOTS, unit_type=Organisation.ENTERPRISE
    )


@pytest.fixture
def member(holder, workplace):
    add_member(holder, workplace, start_date=date(2020, 1, 1))
    return holder


@pytest.fixture
def officer(db):
    return UserFactory(is_superuser=True, full_name="Phòng đào tạo")


def _revoke(certificate, officer):
    return revoke_certificate(certificate, by=officer, reason="Hồ sơ học tập không hợp lệ")


def _text(pdf_bytes):
    return unicodedata.normalize(
        "NFC", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)
    )


def test_hours_leave_out_a_completion_whose_certificate_is_revoked(member, certificate, officer):
    year = certificate.completion.completed_on.year
    assert [row["hours"] for row in learning_services.hours_by_area(member, year)] == [certificate.hours]
    _revoke(certificate, officer)
    assert learning_services.hours_by_area(member, year) == []
    assert learning_services.hours_total(member) == 0


def test_the_read_model_leaves_out_a_revoked_certificates_completion(member, certificate, officer):
    assert LearningActivity.objects.filter(user=member).exists()
    _revoke(certificate, officer)
    assert not LearningActivity.objects.filter(user=member).exists()


def test_cdht_evidence_leaves_out_a_revoked_certificate(member, certificate, officer):
    year = certificate.completion.completed_on.year
    evaluation.evaluate_person(member, year)
    assert Evidence.objects.filter(completion=certificate.completion).exists()  # learning plan: its hours
    _revoke(certificate, officer)
    assert not Evidence.objects.filter(completion=certificate.completion).exists()
    evaluation.evaluate_person(member, year)
    assert not Evidence.objects.filter(completion=certificate.completion).exists()


def test_the_holder_downloads_a_pdf_marked_revoked_not_the_cached_one(client, holder, certificate, officer):
    before = certificate_pdf(certificate)  # rendered and cached while valid
    assert MARK not in _text(before)
    _revoke(certificate, officer)
    client.force_login(holder)
    response = client.get(f"/certificates/{certificate.serial}.pdf")
    assert response.status_code == 200
    text = _text(b"".join(response.streaming_content))
    assert MARK in text and "REVOKED" in text and "Hồ sơ học tập không hợp lệ" in text
    assert "Nguyễn Thị Hương" in text  # still the same certificate, now marked


def test_the_preview_is_marked_too(client, holder, certificate, officer):
    before = certificate_preview(certificate)
    _revoke(certificate, officer)
    client.force_login(holder)
    response = client.get(f"/certificates/{certificate.serial}.png")
    assert response.status_code == 200
    after = b"".join(response.streaming_content)
    assert after.startswith(b"\x89PNG") and after != before


def test_a_certificate_revoked_before_the_mark_existed_is_rendered_again(client, holder, certificate):
    certificate_pdf(certificate)
    # Revoked by an older version: the unmarked PDF is still cached under its old name.
    Certificate.objects.filter(pk=certificate.pk).update(revoked_at=certificate.issued_at, revocation_reason="Sai")
    client.force_login(holder)
    response = client.get(f"/certificates/{certificate.serial}.pdf")
    assert MARK in _text(b"".join(response.streaming_content))


def test_verification_page_api_and_status_list_say_revoked(client, certificate, officer):
    status = certificate.credential["credentialStatus"]
    list_url = status["statusListCredential"].removeprefix(BASE_URL)
    index = int(status["statusListIndex"])

    def listed_as_revoked():
        encoded = client.get(list_url).json()["credentialSubject"]["encodedList"]
        return status_list.is_set(encoded, index)

    assert not listed_as_revoked()
    assert client.get(f"/api/certificates/{certificate.serial}").json()["status"] == "valid"
    _revoke(certificate, officer)
    assert listed_as_revoked()
    assert client.get(f"/api/certificates/{certificate.serial}").json()["status"] == "revoked"
    page = client.get(f"/verify/{certificate.serial}/").content.decode()
    assert "Revoked" in page and "Hồ sơ học tập không hợp lệ" in page


def test_a_title_whose_certificate_is_revoked_is_no_longer_held(member, workplace, officer):
    from recognition import indicators, services
    from recognition.models import Award, Criteria

    year = date.today().year
    award = Award.objects.create(
        kind=Award.CDHT, year=year, user=member, organisation=workplace,
        criteria=Criteria.objects.get(issuer__isnull=True, year=2021),
        valid_from=date(year, 1, 1), valid_until=date(year + 1, 12, 31),
    )  # fmt: skip
    title = services.issue_title_certificate(award)
    start, end = indicators.period_bounds(year)

    def holders():
        return {row.code: row.count for row in indicators.indicators_for(workplace, start, end).rows}["cdht"]

    assert holders() == 1
    _revoke(title, officer)
    assert holders() == 0
    assert not Award.objects.held().filter(pk=award.pk).exists()


def test_a_decided_self_assessment_lists_its_revoked_evidence_as_revoked(
    client, member, workplace, certificate, officer
):
    from django.urls import reverse

    from recognition.models import Assessment

    assessment = evaluation.evaluate_person(member, certificate.completion.completed_on.year)
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.APPROVED)  # decided: evidence stays
    _revoke(certificate, officer)
    client.force_login(officer)
    page = client.get(reverse("recognition:review", args=[workplace.pk, assessment.pk])).content.decode()
    assert f"({certificate.serial}, revoked)" in page
