"""axe-core at 360x740 on the union officer's, HR's and the worker's recognition screens: no serious or critical
violation (the self-assessment form, the dashboard, the units page, the notices page, HR's keys and exports)."""

from datetime import date

import pytest
from django.utils import timezone

from notifications.services import notify
from organisations.models import Organisation, OrganisationRole
from organisations.services import add_member, create_organisation, grant_role
from recognition import evaluation
from recognition.models import Cycle
from tests.e2e.test_accessibility import axe_page, log_in, serious_violations  # noqa: F401  (fixture)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("axe_page", ["vi-VN"], indirect=True)
def test_recognition_and_hr_screens_have_no_serious_accessibility_violation(axe_page, live_server):  # noqa: F811
    year = timezone.localdate().year
    province = create_organisation(name="LĐLĐ tỉnh Hà Nam", kind=Organisation.PROVINCIAL, province="Hà Nam")
    district = create_organisation(province, name="LĐLĐ huyện Thanh Liêm", kind=Organisation.DISTRICT)
    workplace = create_organisation(
        district,
        name="CĐCS Công ty Bao bì Thanh Liêm",
        unit_name="Công ty Bao bì Thanh Liêm",
        kind=Organisation.GRASSROOTS,
        unit_type=Organisation.ENTERPRISE,
    )
    Cycle.objects.create(organisation=province, year=year, status=Cycle.OPEN)
    worker = UserFactory(full_name="Hà Thị Mai")
    add_member(worker, workplace, start_date=date(year - 1, 1, 1))
    notify(worker, event_key="axe", subject="Nhắc nộp phiếu", body="Hạn 30/11", url="/recognition/me/")
    officer, hr = UserFactory(), UserFactory()
    grant_role(officer, district, OrganisationRole.UNION_OFFICER)
    grant_role(hr, workplace, OrganisationRole.HR_OFFICER)
    evaluation.evaluate(year)
    base = live_server.url

    found = []
    log_in(axe_page, live_server, worker)
    for path in ["/recognition/me/", "/notices/"]:
        found += serious_violations(axe_page, base + path)
    log_in(axe_page, live_server, officer)
    for path in [
        f"/recognition/{district.pk}/",
        f"/recognition/{district.pk}/units/",
        f"/recognition/{district.pk}/cycle/",
    ]:
        found += serious_violations(axe_page, base + path)
    log_in(axe_page, live_server, hr)
    for path in [f"/hr/{workplace.pk}/api-tokens/", f"/hr/{workplace.pk}/completions/"]:
        found += serious_violations(axe_page, base + path)
    assert found == [], "\n".join(found)
