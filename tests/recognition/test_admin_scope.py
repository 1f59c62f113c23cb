"""The recognition admin with real requests: a province's administrator sees and edits only its own criteria,
targets and cycles; national rows and other provinces' rows stay out of reach."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from organisations.models import Organisation, OrganisationRole
from organisations.services import create_organisation, grant_role
from recognition.models import Criteria, Cycle, Indicator, IndicatorTarget
from tests.factories import UserFactory


@pytest.fixture
def other_province(tree):
    return create_organisation(name="LĐLĐ tỉnh Ninh Bình", kind=Organisation.PROVINCIAL)


@pytest.fixture
def province_admin(tree):
    group = Group.objects.create(name="Quản trị công nhận")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in ("add", "change", "delete", "view"):
        for model in ("criteria", "indicatortarget", "cycle"):
            group.permissions.add(
                Permission.objects.get(content_type__app_label="recognition", codename=f"{codename}_{model}")
            )
    user = UserFactory(full_name="Quản trị tỉnh Hà Nam")
    user.groups.add(group)
    grant_role(user, tree["P"], OrganisationRole.ADMIN)
    return user


def _copy(criteria, issuer, name):
    return Criteria.objects.create(name=name, year=2026, issuer=issuer, pass_total=criteria.pass_total)


def test_province_admin_lists_and_edits_only_its_own_criteria(client, tree, other_province, province_admin):
    national = Criteria.objects.get(issuer__isnull=True, year=2021)
    own = _copy(national, tree["P"], "Tiêu chí Hà Nam 2026")
    foreign = _copy(national, other_province, "Tiêu chí Ninh Bình 2026")
    client.force_login(province_admin)
    listing = client.get(reverse("criteria:index")).content.decode()
    assert own.name in listing
    assert foreign.name not in listing and national.name not in listing
    assert client.get(reverse("criteria:edit", args=[own.pk])).status_code == 200
    for hidden in (foreign, national):
        assert client.get(reverse("criteria:edit", args=[hidden.pk])).status_code == 404
        assert client.post(reverse("criteria:delete", args=[hidden.pk])).status_code == 404
    assert Criteria.objects.filter(pk__in=[foreign.pk, national.pk]).count() == 2


def test_the_issuer_must_be_in_the_admins_subtree(client, tree, other_province, province_admin):
    indicator = Indicator.objects.first()
    client.force_login(province_admin)
    form = client.get(reverse("indicatortarget:add")).content.decode()
    assert other_province.name not in form and tree["P"].name in form
    data = {"indicator": indicator.pk, "year": 2030, "percent": "75"}
    response = client.post(reverse("indicatortarget:add"), {**data, "issuer": other_province.pk})
    assert response.status_code == 200 and not IndicatorTarget.objects.filter(issuer=other_province).exists()
    response = client.post(reverse("indicatortarget:add"), {**data, "issuer": ""})
    assert response.status_code == 200 and not IndicatorTarget.objects.filter(year=2030, issuer__isnull=False).exists()
    response = client.post(reverse("indicatortarget:add"), {**data, "issuer": tree["P"].pk})
    assert response.status_code == 302
    assert IndicatorTarget.objects.get(year=2030, issuer=tree["P"]).percent == 75


def test_cycles_of_other_subtrees_are_out_of_reach(client, tree, other_province, province_admin):
    own = Cycle.objects.create(organisation=tree["D1"], year=2026)
    foreign = Cycle.objects.create(organisation=other_province, year=2026)
    client.force_login(province_admin)
    listing = client.get(reverse("cycle:index")).content.decode()
    assert tree["D1"].name in listing and other_province.name not in listing
    assert client.get(reverse("cycle:edit", args=[own.pk])).status_code == 200
    assert client.get(reverse("cycle:edit", args=[foreign.pk])).status_code == 404


def test_superusers_see_every_issuer(client, tree, other_province):
    admin = UserFactory(is_superuser=True, is_staff=True)
    _copy(Criteria.objects.get(issuer__isnull=True, year=2021), other_province, "Tiêu chí Ninh Bình 2026")
    client.force_login(admin)
    listing = client.get(reverse("criteria:index")).content.decode()
    assert "Tiêu chí Ninh Bình 2026" in listing and "2021" in listing
