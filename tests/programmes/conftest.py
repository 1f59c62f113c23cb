"""Programmes fixtures: three courses, a programme of them, a small union tree with HR, workers and completions."""

from datetime import date
from decimal import Decimal

import pytest

from certificates import keys
from learning.models import Completion
from learning.services import enrol, record_completion
from organisations.models import Organisation, OrganisationRole
from organisations.services import add_member, create_organisation, grant_role
from programmes.models import ProgrammeCourse, ProgrammePage
from tests.factories import LessonPageFactory, UserFactory

_TEST_KEYS = keys.generate_key_config("test-1")


@pytest.fixture(autouse=True)
def certificate_settings(settings):
    settings.CERTIFICATES_BASE_URL = "https://hoctap.example.vn"
    settings.CERTIFICATES_SIGNING_KEYS = _TEST_KEYS
    keys.get_keyring.cache_clear()
    yield settings
    keys.get_keyring.cache_clear()


@pytest.fixture
def courses(make_course):
    made = []
    for number, title in enumerate(("An toàn điện", "An toàn hóa chất", "Sơ cấp cứu"), start=1):
        course = make_course(title=title, duration_hours=Decimal(number * 2))
        LessonPageFactory(parent=course, title=f"Bài 1 – {title}")
        made.append(course)
    return made


@pytest.fixture
def make_programme(provider):
    def make(courses, *, title="An toàn lao động toàn diện", ordered=False, parent=None):
        programme = ProgrammePage(
            title=title, summary="Ba khóa học an toàn lao động.", ordered=ordered, provider=provider
        )
        (parent or provider.section).add_child(instance=programme)
        for number, course in enumerate(courses):
            ProgrammeCourse.objects.create(programme=programme, course=course, sort_order=number)
        programme.save_revision().publish()
        return ProgrammePage.objects.get(pk=programme.pk)

    return make


@pytest.fixture
def programme(make_programme, courses):
    return make_programme(courses)


@pytest.fixture
def complete(django_capture_on_commit_callbacks):
    """Record a completion of a course for a learner (a retake when already completed), on a date; the reactions
    to it (certificates, programmes, assignments) run as they would after the commit."""

    def make(user, course, on=None, source=Completion.ONLINE, hours=None):
        with django_capture_on_commit_callbacks(execute=True):
            enrolment, _created = enrol(user, course, retake=True, by=None if source == Completion.ONLINE else user)
            completion, _created = record_completion(
                enrolment, source=source, completed_on=on or date.today(), hours=hours
            )
        return completion

    return make


@pytest.fixture
def tree(db):
    """VN > P (province) > D1 > G1, G2 (enterprises); P > D2 > G3 (another enterprise)."""
    vn = create_organisation(name="Tổng Liên đoàn", kind=Organisation.NATIONAL)
    p = create_organisation(vn, name="LĐLĐ tỉnh Hà Nam", kind=Organisation.PROVINCIAL, province="Hà Nam")
    d1 = create_organisation(p, name="LĐLĐ huyện Duy Tiên", kind=Organisation.DISTRICT)
    d2 = create_organisation(p, name="LĐLĐ huyện Kim Bảng", kind=Organisation.DISTRICT)
    workplace = {"kind": Organisation.GRASSROOTS, "unit_type": Organisation.ENTERPRISE, "province": "Hà Nam"}
    g1 = create_organisation(d1, name="CĐCS Công ty May", unit_name="Công ty May", **workplace)
    g2 = create_organisation(d1, name="CĐCS Công ty Cơ khí", unit_name="Công ty Cơ khí", **workplace)
    g3 = create_organisation(d2, name="CĐCS Công ty Xi măng", unit_name="Công ty Xi măng", **workplace)
    orgs = {"VN": vn, "P": p, "D1": d1, "D2": d2, "G1": g1, "G2": g2, "G3": g3}
    for org in orgs.values():
        org.refresh_from_db()
    return orgs


@pytest.fixture
def make_worker(db):
    def make(organisation, start=date(2024, 1, 1), **kwargs):
        worker = UserFactory(**kwargs)
        add_member(worker, organisation, start_date=start, employee_number=f"NV{worker.pk:05d}")
        return worker

    return make


@pytest.fixture
def hr_of(db):
    def make(organisation, role=OrganisationRole.HR_OFFICER, **kwargs):
        officer = UserFactory(**kwargs)
        grant_role(officer, organisation, role)
        return officer

    return make


@pytest.fixture
def bulk_workers(db):
    """Create `count` workers at a workplace with bulk inserts (two queries), e-mails w<tag>-<n>@example.vn."""
    from django.contrib.auth import get_user_model

    from organisations.models import Membership

    def make(organisation, count, tag):
        User = get_user_model()
        User.objects.bulk_create(
            [
                User(full_name=f"Công nhân {tag} {n:04d}", email=f"w{tag}-{n}@example.vn", name_folded=f"cong nhan {n}")
                for n in range(count)
            ],
            batch_size=500,
        )
        users = list(User.objects.filter(email__startswith=f"w{tag}-").order_by("pk"))
        Membership.objects.bulk_create(
            [
                Membership(user=u, organisation=organisation, start_date=date(2024, 1, 1), employee_number=f"{tag}{n}")
                for n, u in enumerate(users)
            ],
            batch_size=500,
        )
        return users

    return make
