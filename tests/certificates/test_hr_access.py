"""Who may download a worker's certificate PDF through the organisations: the HR of the workplace where the
certificate was earned (and the unions above it), not a former employer the worker had left before earning it.

This once failed silently: certificates asked organisations for a function that did not exist, swallowed the
ImportError and answered 403 to every HR officer; no test had an HR officer download a PDF.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from certificates.services import can_download_pdf, issue_certificate
from organisations.models import Organisation, OrganisationRole
from organisations.services import add_member, create_organisation, end_membership, grant_role
from tests.factories import UserFactory


@pytest.fixture
def workplaces(db):
    province = create_organisation(name="LĐLĐ tỉnh Bắc Ninh", kind=Organisation.PROVINCIAL)
    district = create_organisation(province, name="LĐLĐ huyện Tiên Du", kind=Organisation.DISTRICT)
    unit = {"kind": Organisation.GRASSROOTS, "unit_type": Organisation.ENTERPRISE}
    former = create_organisation(district, name="CĐCS Công ty Điện tử Cũ", **unit)
    current = create_organisation(district, name="CĐCS Công ty Điện tử Mới", **unit)
    other = create_organisation(province, name="CĐCS Công ty Khác", **unit)
    return {"district": district, "former": former, "current": current, "other": other}


def _hr(organisation, role=OrganisationRole.HR_OFFICER):
    officer = UserFactory()
    grant_role(officer, organisation, role)
    return officer


@pytest.fixture
def moved_holder(workplaces, holder):
    """The holder left the former enterprise a year ago and has worked at the current one since."""
    today = timezone.localdate()
    membership, _change = add_member(holder, workplaces["former"], start_date=today - timedelta(days=730))
    end_membership(membership, end_date=today - timedelta(days=366))
    add_member(holder, workplaces["current"], start_date=today - timedelta(days=365))
    return holder


def test_current_hr_downloads_the_pdf_former_hr_does_not(client, workplaces, moved_holder, certificate):
    url = f"/certificates/{certificate.serial}.pdf"
    client.force_login(_hr(workplaces["current"]))
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    client.force_login(_hr(workplaces["former"]))
    assert client.get(url).status_code == 403
    client.force_login(_hr(workplaces["other"]))
    assert client.get(url).status_code == 403
    # The union above the current workplace may see its workers' certificates too.
    client.force_login(_hr(workplaces["district"], OrganisationRole.UNION_OFFICER))
    assert client.get(url).status_code == 200


def test_former_hr_keeps_the_certificates_earned_in_its_period(workplaces, holder, make_completion):
    start = date(2020, 1, 1)
    membership, _change = add_member(holder, workplaces["former"], start_date=start)
    certificate, _created = issue_certificate(make_completion(holder))  # completed today, while still there
    end_membership(membership, end_date=timezone.localdate())
    add_member(holder, workplaces["current"], start_date=timezone.localdate() + timedelta(days=1))
    assert can_download_pdf(_hr(workplaces["former"]), certificate)
    assert not can_download_pdf(_hr(workplaces["current"]), certificate)


def test_certificates_asks_an_access_function_that_exists():
    """The check is imported when certificates.services loads: a renamed function fails loudly, at start-up."""
    import certificates.services as services
    from organisations import access

    assert services.can_view_certificate is access.can_view_certificate
