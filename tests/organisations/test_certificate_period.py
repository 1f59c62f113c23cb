"""Certificates shown to HR follow the same rule as completions: only those earned while the holder worked in
the organisation's subtree. A former employer does not see what the worker earned after leaving, and a new
employer does not see what they earned before joining.
"""

from datetime import date

import pytest
from django.urls import reverse

from certificates import keys
from certificates.services import issue_certificate
from organisations import hr
from organisations.models import OrganisationRole
from organisations.services import add_member, create_api_token, grant_role
from tests.factories import UserFactory

_TEST_KEYS = keys.generate_key_config("test-orgs")


@pytest.fixture(autouse=True)
def signing_keys(settings):
    settings.CERTIFICATES_SIGNING_KEYS = _TEST_KEYS
    keys.get_keyring.cache_clear()
    yield
    keys.get_keyring.cache_clear()


@pytest.fixture
def mover(tree, make_worker, complete):
    """A worker at G1 in 2024 who moved to G3 on 1 January 2025, with a certificate from each period."""
    worker = make_worker(tree["G1"], start=date(2024, 1, 1), full_name="Người Chuyển Việc")
    add_member(worker, tree["G3"], start_date=date(2025, 1, 1))
    at_g1, _created = issue_certificate(complete(worker, on=date(2024, 6, 1)))
    at_g3, _created = issue_certificate(complete(worker, on=date(2025, 3, 1)))
    return worker, at_g1, at_g3


def _officer(organisation):
    officer = UserFactory()
    grant_role(officer, organisation, OrganisationRole.HR_OFFICER)
    return officer


def test_each_employer_lists_only_the_certificates_of_its_period(tree, mover):
    worker, at_g1, at_g3 = mover
    assert list(hr.certificates_of(_officer(tree["G1"]), tree["G1"], worker=worker)) == [at_g1]
    assert list(hr.certificates_of(_officer(tree["G3"]), tree["G3"], worker=worker)) == [at_g3]
    # A union officer above both workplaces sees both, each through its own period.
    union = UserFactory()
    grant_role(union, tree["P"], OrganisationRole.UNION_OFFICER)
    assert set(hr.certificates_of(union, tree["P"], worker=worker)) == {at_g1, at_g3}


def test_former_employer_screen_and_api_leave_out_later_certificates(client, tree, mover):
    worker, at_g1, at_g3 = mover
    client.force_login(_officer(tree["G1"]))
    page = client.get(reverse("organisations:worker", args=[tree["G1"].pk, worker.pk])).content.decode()
    assert at_g1.serial in page and at_g3.serial not in page
    _token, key = create_api_token(tree["G1"], "HRM")
    listed = client.get("/api/hr/certificates", HTTP_AUTHORIZATION=f"Token {key}").json()
    assert [row["serial"] for row in listed["results"]] == [at_g1.serial] and listed["count"] == 1


def test_new_employer_api_leaves_out_earlier_certificates(client, tree, mover):
    _worker, _at_g1, at_g3 = mover
    _token, key = create_api_token(tree["G3"], "HRM")
    listed = client.get("/api/hr/certificates", HTTP_AUTHORIZATION=f"Token {key}").json()
    assert [row["serial"] for row in listed["results"]] == [at_g3.serial]
