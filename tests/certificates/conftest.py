"""Certificates fixtures: a signing key from settings, a completion, an issued certificate."""

import pytest

from certificates import keys
from certificates.services import issue_certificate
from learning.models import Completion
from learning.services import enrol, record_completion
from tests.factories import UserFactory

BASE_URL = "https://hoctap.example.vn"
ISSUER_DID = "did:web:hoctap.example.vn"
_TEST_KEYS = keys.generate_key_config("test-1")


@pytest.fixture(autouse=True)
def certificate_settings(settings):
    settings.CERTIFICATES_BASE_URL = BASE_URL
    settings.CERTIFICATES_ISSUER_NAME = "Học tập suốt đời"
    settings.CERTIFICATES_SIGNING_KEYS = _TEST_KEYS
    keys.get_keyring.cache_clear()
    yield settings
    keys.get_keyring.cache_clear()


@pytest.fixture
def holder(db):
    return UserFactory(full_name="Nguyễn Thị Hương", email="huong@example.vn", phone="0987654321")


@pytest.fixture
def make_completion(course):
    def make(user, course=course):
        enrolment, _created = enrol(user, course)
        completion, _created = record_completion(enrolment, source=Completion.ONLINE, hours=12.5)
        return completion

    return make


@pytest.fixture
def completion(make_completion, holder):
    return make_completion(holder)


@pytest.fixture
def certificate(completion):
    certificate, _created = issue_certificate(completion)
    return certificate
