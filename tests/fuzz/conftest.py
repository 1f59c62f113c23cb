"""The world the fuzz tests attack: an enterprise under a province, a learner with a completion and a certificate,
the enterprise's HR officer and API token, the province's union officer and a superuser."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import Client

from certificates.services import issue_certificate
from learning.services import enrol, record_completion
from organisations.models import ApiToken, Organisation, OrganisationRole
from organisations.services import add_member, create_api_token, create_organisation, grant_role
from tests.factories import UserFactory


@dataclass
class World:
    province: Organisation
    enterprise: Organisation
    learner: object
    hr: object
    union: object
    admin: object
    token_key: str
    completion: object
    certificate: object
    course: object
    lesson: object

    def user(self, persona):
        return {"anonymous": None, "learner": self.learner, "hr": self.hr, "union": self.union, "admin": self.admin}[
            persona
        ]


@pytest.fixture
def world(course):
    province = create_organisation(name="LĐLĐ tỉnh Hà Nam", kind=Organisation.PROVINCIAL, province="Hà Nam")
    enterprise = create_organisation(
        province,
        name="CĐCS Công ty May Duy Tiên",
        unit_name="Công ty May Duy Tiên",
        kind=Organisation.GRASSROOTS,
        unit_type=Organisation.ENTERPRISE,
    )
    province.refresh_from_db()
    enterprise.refresh_from_db()
    learner = UserFactory(full_name="Nguyễn Văn Học", email="hoc@example.vn", phone="0911000001")
    add_member(learner, enterprise, start_date=date(2024, 1, 1), employee_number="NV001")
    enrolment, _created = enrol(learner, course)
    completion, _created = record_completion(enrolment, source="attendance", hours=Decimal("4.0"))
    certificate, _created = issue_certificate(completion)
    hr = UserFactory(full_name="Trần Thị Nhân Sự", email="hr@example.vn", phone="0911000002")
    grant_role(hr, enterprise, OrganisationRole.HR_OFFICER)
    union = UserFactory(full_name="Lê Văn Công Đoàn", email="union@example.vn", phone="0911000003")
    grant_role(union, province, OrganisationRole.UNION_OFFICER)
    admin = UserFactory(full_name="Quản Trị", email="admin@example.vn", phone="0911000004")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    _token, key = create_api_token(enterprise, "HR system", scope=ApiToken.READ_CONFIRM)
    yield World(
        province=province,
        enterprise=enterprise,
        learner=learner,
        hr=hr,
        union=union,
        admin=admin,
        token_key=key,
        completion=completion,
        certificate=certificate,
        course=course,
        lesson=course.get_children().first(),
    )
    # The attack trips the per-address rate limits (kept in the cache): later tests start with fresh counters.
    cache.clear()


def client_for(world, persona):
    """A test client logged in as the persona that answers exceptions as responses (status 500), as in production."""
    client = Client(raise_request_exception=False)
    user = world.user(persona)
    if user is not None:
        client.force_login(user)
    return client


def isolated(call):
    """Run one request in a savepoint: a database error in it must not poison the next requests of the test."""
    response = None
    try:
        with transaction.atomic():
            response = call()
    except Exception:  # noqa: S110 releasing the savepoint fails after an error in the view: Django rolled it back
        pass
    return response


def server_error(response):
    """'' for an answer that is not a server error, else a line saying what broke."""
    if response is None:
        return "no response (the request broke the database connection)"
    if response.status_code < 500:
        return ""
    exc_info = getattr(response, "exc_info", None)
    detail = f"{exc_info[0].__name__}: {str(exc_info[1])[:200]}" if exc_info else response.content[:200]
    return f"{response.status_code} {detail}"
