"""A small tree for the recognition tests: P (province) > D1 > G1, G2 (enterprises); P > D2 > S (a school).

Courses in four learning areas; `complete` records a completion of a course on a date.
"""

from datetime import date
from decimal import Decimal

import pytest

from courses.models import CourseDigitalCompetence, DigitalCompetence
from learning.services import enrol, record_completion
from organisations.models import Organisation, OrganisationRole
from organisations.services import add_member, create_organisation, grant_role
from recognition.models import Criteria
from tests.factories import UserFactory, learning_area


@pytest.fixture
def tree(db):
    p = create_organisation(name="LĐLĐ tỉnh Hà Nam", kind=Organisation.PROVINCIAL, province="Hà Nam")
    d1 = create_organisation(p, name="LĐLĐ huyện Duy Tiên", kind=Organisation.DISTRICT)
    d2 = create_organisation(p, name="LĐLĐ huyện Kim Bảng", kind=Organisation.DISTRICT)
    work = {"kind": Organisation.GRASSROOTS, "unit_type": Organisation.ENTERPRISE}
    g1 = create_organisation(d1, name="CĐCS Công ty May Duy Tiên", unit_name="Công ty May Duy Tiên", **work)
    g2 = create_organisation(d1, name="CĐCS Công ty Cơ khí Đồng Văn", unit_name="Công ty Cơ khí Đồng Văn", **work)
    s = create_organisation(
        d2, name="CĐCS Trường THPT Kim Bảng", kind=Organisation.GRASSROOTS, unit_type=Organisation.SCHOOL
    )
    orgs = {"P": p, "D1": d1, "D2": d2, "G1": g1, "G2": g2, "S": s}
    for org in orgs.values():
        org.refresh_from_db()
    return orgs


@pytest.fixture
def make_worker(db):
    def make(organisation, start=date(2024, 1, 1), end=None, **kwargs):
        worker = UserFactory(**kwargs)
        membership = add_member(worker, organisation, start_date=start)
        membership = membership[0] if isinstance(membership, tuple) else membership
        if end is not None:
            membership.end_date = end
            membership.save(update_fields=["end_date"])
        return worker

    return make


@pytest.fixture
def courses(make_course):
    """One course per learning area; the digital one develops component 1.1 at the advanced level."""
    made = {}
    for code in ("politics_law", "vocational", "life_skills", "digital", "foreign_language", "general"):
        made[code] = make_course(title=f"Khóa học {code}", learning_area=learning_area(code), duration_hours=Decimal(8))
    made["digital_basic"] = make_course(title="Tin học cơ bản", learning_area=learning_area("digital"))
    CourseDigitalCompetence.objects.create(
        course=made["digital"], competence=DigitalCompetence.objects.get(code="1.1"), level="advanced"
    )
    CourseDigitalCompetence.objects.create(
        course=made["digital_basic"], competence=DigitalCompetence.objects.get(code="1.1"), level="basic"
    )
    return made


@pytest.fixture
def complete(courses):
    def make(worker, area, on, hours="8.0"):
        enrolment, _created = enrol(worker, courses[area], retake=True)
        completion, _created = record_completion(enrolment, source="attendance", completed_on=on, hours=Decimal(hours))
        return completion

    return make


@pytest.fixture
def national(db):
    """The national criteria of 2021 (loaded by the migrations)."""
    return Criteria.objects.get(issuer__isnull=True, year=2021)


@pytest.fixture
def district_officer(tree):
    """A union officer of district D1 (over G1 and G2)."""
    person = UserFactory(full_name="Cán bộ LĐLĐ huyện")
    grant_role(person, tree["D1"], OrganisationRole.UNION_OFFICER)
    return person
