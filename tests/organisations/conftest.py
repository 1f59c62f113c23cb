"""A small union tree with workers and completions, used by the organisations tests.

VN (national) > P (province) > D1 (district) > G1, G2 (grassroots at enterprises)
                             > D2 (district) > G3
                             > GP (grassroots directly under the province)
"""

from datetime import date
from decimal import Decimal

import pytest

from learning.services import enrol, record_completion
from organisations.models import Organisation
from organisations.services import add_member, create_organisation
from tests.factories import UserFactory


@pytest.fixture
def tree(db):
    vn = create_organisation(name="Tổng Liên đoàn Lao động Việt Nam", kind=Organisation.NATIONAL)
    p = create_organisation(vn, name="LĐLĐ tỉnh Hà Nam", kind=Organisation.PROVINCIAL, province="Hà Nam")
    d1 = create_organisation(p, name="LĐLĐ huyện Duy Tiên", kind=Organisation.DISTRICT)
    d2 = create_organisation(p, name="LĐLĐ huyện Kim Bảng", kind=Organisation.DISTRICT)
    workplace = {"kind": Organisation.GRASSROOTS, "unit_type": Organisation.ENTERPRISE, "province": "Hà Nam"}
    g1 = create_organisation(
        d1, name="CĐCS Công ty May Duy Tiên", unit_name="Công ty May Duy Tiên", tax_code="0700123456", **workplace
    )
    g2 = create_organisation(d1, name="CĐCS Công ty Cơ khí Đồng Văn", unit_name="Công ty Cơ khí Đồng Văn", **workplace)
    g3 = create_organisation(
        d2, name="CĐCS Công ty Xi măng Kim Bảng", unit_name="Công ty Xi măng Kim Bảng", **workplace
    )
    gp = create_organisation(
        p, name="CĐCS Sở Giáo dục Hà Nam", kind=Organisation.GRASSROOTS, unit_type=Organisation.AGENCY
    )
    orgs = {"VN": vn, "P": p, "D1": d1, "D2": d2, "G1": g1, "G2": g2, "G3": g3, "GP": gp}
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
def complete(course):
    """Record a completion of `course` for a worker on a date (a retake when already completed)."""

    def make(worker, on=None, hours="4.0", the_course=None):
        enrolment, _created = enrol(worker, the_course or course, retake=True)
        completion, _created = record_completion(
            enrolment, source="attendance", completed_on=on or date.today(), hours=Decimal(hours)
        )
        return completion

    return make


@pytest.fixture
def staffed(tree, make_worker, complete):
    """One worker with one completion this year at each workplace."""
    workers = {}
    completions = {}
    for key in ("G1", "G2", "G3", "GP"):
        workers[key] = make_worker(tree[key], full_name=f"Công nhân {key}")
        completions[key] = complete(workers[key])
    return workers, completions
