"""A programme of three courses: its certificate is issued once, exactly when the last course is completed."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from certificates import credentials
from certificates.models import Certificate
from certificates.services import certificate_pdf, issue_programme_certificate, pdf_context, public_record
from learning.models import Completion
from programmes import services
from programmes.models import ProgrammeCompletion


def programme_certificates(user):
    return Certificate.objects.filter(user=user, kind=Certificate.PROGRAMME)


def test_certificate_once_exactly_when_the_last_course_is_completed(programme, courses, user, complete):
    complete(user, courses[0], on=date(2026, 3, 1))
    complete(user, courses[2], on=date(2026, 3, 5))
    assert not programme_certificates(user).exists()
    assert not ProgrammeCompletion.objects.filter(user=user).exists()

    complete(user, courses[1], on=date(2026, 3, 9))
    certificate = programme_certificates(user).get()
    assert certificate.course_title == programme.title
    assert [part["title"] for part in certificate.parts] == [c.title for c in courses]
    assert certificate.hours == sum(c.duration_hours for c in courses)
    row = ProgrammeCompletion.objects.get(user=user, programme=programme)
    assert row.completed_on == date(2026, 3, 9)
    assert certificate.source_key == f"programme:{row.pk}"

    # Retaking a course, or the signal arriving again, issues nothing new.
    complete(user, courses[1], on=date(2026, 4, 1))
    services.on_course_completed(Completion.objects.filter(user=user).first())
    assert programme_certificates(user).count() == 1
    assert ProgrammeCompletion.objects.filter(user=user).count() == 1
    # The course certificates are there as before: three courses, three course certificates (plus the retake's).
    assert Certificate.objects.filter(user=user, kind=Certificate.COMPLETION).count() == 4


def test_only_the_learner_who_completed_everything_gets_it(programme, courses, user, complete):
    from tests.factories import UserFactory

    other = UserFactory()
    for course in courses[:2]:
        complete(other, course)
    for course in courses:
        complete(user, course)
    assert programme_certificates(user).count() == 1
    assert not programme_certificates(other).exists()


def test_imported_classroom_completions_count(programme, courses, user, complete):
    complete(user, courses[0], source=Completion.IMPORTED)
    complete(user, courses[1], source=Completion.ATTENDANCE)
    complete(user, courses[2])
    assert programme_certificates(user).count() == 1


def test_credential_lists_the_courses_and_verifies(programme, courses, user, complete):
    for course in courses:
        complete(user, course)
    certificate = programme_certificates(user).get()
    signed = certificate.credential
    credentials.verify(signed)
    achievement = signed["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "LearningProgram"
    assert achievement["name"] == programme.title
    assert [a["targetName"] for a in achievement["alignment"]] == [c.title for c in courses]
    assert all(a["targetUrl"].startswith("http") for a in achievement["alignment"])
    for course in courses:
        assert course.title in achievement["criteria"]["narrative"]
    assert public_record(certificate)["course"] == programme.title


def test_credential_passes_the_independent_open_badges_verifier(programme, courses, user, complete):
    from cryptography.hazmat.primitives import serialization
    from openbadgeslib.ob3.ldp import OB3LdpVerifier

    from certificates import keys

    for course in courses:
        complete(user, course)
    signed = programme_certificates(user).get().credential
    pem = keys.get_keyring().current.public_key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    badge = OB3LdpVerifier(pem).verify(signed)
    assert badge.achievement.name == programme.title


def test_pdf_prints_the_programme_and_its_courses(programme, courses, user, complete):
    for course in courses:
        complete(user, course)
    certificate = programme_certificates(user).get()
    context = pdf_context(certificate)
    text = " ".join(str(html) for _css, html in context["lines"])
    assert programme.title in text
    for course in courses:
        assert course.title in text
    assert certificate_pdf(certificate).startswith(b"%PDF")


def test_the_public_verification_page_shows_it(client, programme, courses, user, complete):
    for course in courses:
        complete(user, course)
    certificate = programme_certificates(user).get()
    response = client.get(f"/verify/{certificate.serial}/")
    assert response.status_code == 200
    assert programme.title in response.content.decode()
    assert client.get(f"/api/certificates/{certificate.serial}").json()["course"] == programme.title


def test_no_certificate_when_the_programme_gives_none(programme, courses, user, complete):
    programme.certificate_on_completion = False
    programme.save_revision().publish()
    for course in courses:
        complete(user, course)
    assert ProgrammeCompletion.objects.filter(user=user).count() == 1
    assert not programme_certificates(user).exists()


def test_missing_certificates_are_issued_by_the_command(programme, courses, user, complete, monkeypatch):
    def fail(row):
        raise RuntimeError("signing service down")

    monkeypatch.setattr(services, "issue_certificate", fail)
    for course in courses:
        complete(user, course)
    assert not programme_certificates(user).exists()
    monkeypatch.undo()
    call_command("issue_programme_certificates")
    call_command("issue_programme_certificates")
    assert programme_certificates(user).count() == 1


def test_bad_input_is_refused_and_writes_nothing(user):
    with pytest.raises(ValidationError) as error:
        issue_programme_certificate(user=user, programme_title=" ", programme_url="", courses=[], source_key="")
    assert set(error.value.message_dict) == {"programme_title", "source_key", "courses"}
    assert not Certificate.objects.exists()


def test_programme_page_shows_progress(client, programme, courses, user, complete):
    complete(user, courses[0])
    client.force_login(user)
    page = client.get(programme.url).content.decode()
    assert courses[0].title in page and courses[2].title in page
    assert "data-programme-completed" not in page
    for course in courses[1:]:
        complete(user, course)
    assert "data-programme-completed" in client.get(programme.url).content.decode()


def test_the_holder_sees_and_downloads_it(client, programme, courses, user, complete):
    for course in courses:
        complete(user, course)
    certificate = programme_certificates(user).get()
    client.force_login(user)
    assert programme.title in client.get("/my-certificates/").content.decode()
    response = client.get(f"/certificates/{certificate.serial}.pdf")
    assert response.status_code == 200
