"""The admin screens list and open only what the user manages."""

from organisations.models import Organisation, OrganisationRole
from organisations.services import grant_role
from tests.factories import UserFactory


def test_admin_lists_only_the_managed_subtree(client, tree, staffed):
    from django.contrib.auth.models import Permission

    admin = UserFactory(is_staff=True)
    admin.user_permissions.add(
        *Permission.objects.filter(content_type__app_label__in=["organisations", "wagtailadmin"])
    )
    grant_role(admin, tree["D1"], OrganisationRole.ADMIN)
    client.force_login(admin)
    listing = client.get("/admin/organisations/organisation/").content.decode()
    assert tree["G1"].name in listing and tree["G3"].name not in listing
    assert client.get(f"/admin/organisations/organisation/edit/{tree['G3'].pk}/").status_code == 404
    assert client.get(f"/admin/organisations/organisation/edit/{tree['G1'].pk}/").status_code == 200
    members = client.get("/admin/organisations/membership/").content.decode()
    assert "Công nhân G1" in members and "Công nhân G3" not in members
    response = client.post(
        "/admin/organisations/organisation/new/",
        {"parent": tree["D1"].pk, "name": "CĐCS Mới", "kind": "grassroots", "unit_type": "enterprise"},
    )
    assert response.status_code == 302
    assert Organisation.objects.get(name="CĐCS Mới").get_parent() == tree["D1"]
    response = client.post(
        "/admin/organisations/apitoken/new/", {"organisation": tree["G1"].pk, "name": "HRM", "scope": "read"}
    )
    assert response.status_code == 302
