"""The admin screen that lets an organisation publish programmes, and the programme form in its section."""

import pytest
from django.contrib.auth.models import Group, Permission

from courses.models import CourseIndexPage
from courses.services import editor_group_name
from organisations.models import OrganisationRole
from programmes.models import OrganisationProgrammesPage
from programmes.services import programme_editor_group_name, setup_programme_publisher
from tests.factories import UserFactory

from .test_organisation_editors import programme_in


def publisher_url(organisation):
    return f"/admin/organisations/organisation/programmes/{organisation.pk}/"


def admin_user(**kwargs):
    """Someone who reaches the Wagtail admin, with the organisations screens' permissions."""
    user = UserFactory(**kwargs)
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label__in=["organisations", "wagtailadmin"]))
    return user


def test_a_superuser_lets_an_organisation_publish_once_and_adds_an_editor(client, tree, courses):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    g1 = tree["G1"]
    edit = client.get(f"/admin/organisations/organisation/edit/{g1.pk}/").content.decode()
    assert publisher_url(g1) in edit
    assert "Let this organisation publish programmes" in client.get(publisher_url(g1)).content.decode()
    response = client.post(publisher_url(g1), {"action": "setup"}, follow=True)
    section = OrganisationProgrammesPage.objects.get(organisation=g1)
    page = response.content.decode()
    assert section.title in page and programme_editor_group_name(g1) in page and "may now publish" in page
    again = client.post(publisher_url(g1), {"action": "setup"}, follow=True).content.decode()
    assert "already publishes programmes" in again and OrganisationProgrammesPage.objects.count() == 1
    editor = UserFactory(email="bien.tap@example.vn", phone="0912345678")
    added = client.post(publisher_url(g1), {"action": "editor", "login": "BIEN.TAP@example.vn"}, follow=True)
    assert "is now a programme editor" in added.content.decode()
    assert editor.groups.filter(name=programme_editor_group_name(g1)).exists()
    # The editor can now add a programme there.
    client.force_login(editor)
    assert client.get(f"/admin/pages/add/programmes/programmepage/{section.pk}/").status_code == 200


def test_an_unknown_editor_is_refused_and_nothing_changes(client, tree):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    response = client.post(publisher_url(tree["G2"]), {"action": "editor", "login": "nobody@example.vn"})
    assert response.status_code == 400
    assert "nothing was changed" in response.content.decode()
    assert not OrganisationProgrammesPage.objects.filter(organisation=tree["G2"]).exists()
    assert not Group.objects.filter(name=programme_editor_group_name(tree["G2"])).exists()


@pytest.mark.parametrize("who", ["hr", "provider_editor"])
def test_an_hr_officer_or_a_provider_editor_cannot(client, tree, provider, who):
    from organisations.services import grant_role

    user = admin_user()
    if who == "hr":
        grant_role(user, tree["G1"], OrganisationRole.HR_OFFICER)
    else:
        user.groups.add(Group.objects.get(name=editor_group_name(provider)))
    client.force_login(user)
    assert client.get(publisher_url(tree["G1"])).status_code in (403, 404)
    assert client.post(publisher_url(tree["G1"]), {"action": "setup"}).status_code in (403, 404)
    edit = client.get(f"/admin/organisations/organisation/edit/{tree['G1'].pk}/")
    assert publisher_url(tree["G1"]) not in edit.content.decode()
    assert not OrganisationProgrammesPage.objects.exists()


def test_an_organisation_admin_acts_in_their_subtree_with_their_own_people(client, tree, make_worker):
    from organisations.services import grant_role

    admin = admin_user()
    grant_role(admin, tree["D1"], OrganisationRole.ADMIN)
    own, stranger = make_worker(tree["G1"]), make_worker(tree["G3"])
    client.force_login(admin)
    assert client.post(publisher_url(tree["G3"]), {"action": "setup"}).status_code == 404
    refused = client.post(publisher_url(tree["G1"]), {"action": "editor", "login": stranger.email})
    assert refused.status_code == 400 and not OrganisationProgrammesPage.objects.exists()
    assert client.post(publisher_url(tree["G1"]), {"action": "editor", "login": own.email}).status_code == 302
    assert own.groups.filter(name=programme_editor_group_name(tree["G1"])).exists()
    # An organisation's own admin does not open a catalogue section for it: someone above does.
    own_admin = admin_user()
    grant_role(own_admin, tree["G1"], OrganisationRole.ADMIN)
    client.force_login(own_admin)
    refused = client.post(publisher_url(tree["G1"]), {"action": "setup"})
    assert (refused.status_code, refused.get("Location")) in ((403, None), (302, "/admin/"))
    # Without the organisations permission, the MANAGE role alone does not open the screen.
    bare = UserFactory()
    bare.user_permissions.add(Permission.objects.get(codename="access_admin"))
    grant_role(bare, tree["D1"], OrganisationRole.ADMIN)
    client.force_login(bare)
    denied = client.post(publisher_url(tree["G2"]), {"action": "setup"})
    # Wagtail answers a PermissionDenied in its admin with a redirect to the dashboard and an error message.
    assert (denied.status_code, denied.get("Location")) in ((403, None), (302, "/admin/"))
    assert not OrganisationProgrammesPage.objects.filter(organisation=tree["G2"]).exists()


def test_offered_by_fields_are_hidden_in_an_organisations_section_only(client, tree, courses, provider):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    section, _group = setup_programme_publisher(tree["G1"])
    programme = programme_in(section, "Nội quy Công ty May", courses[:1])
    for url in (f"/admin/pages/add/programmes/programmepage/{section.pk}/", f"/admin/pages/{programme.pk}/edit/"):
        page = client.get(url).content.decode()
        assert 'name="summary"' in page
        assert 'name="provider"' not in page and 'name="organisation"' not in page, url
    provider_section = provider.section
    page = client.get(f"/admin/pages/add/programmes/programmepage/{provider_section.pk}/").content.decode()
    assert 'name="provider"' in page and 'name="organisation"' in page


def test_the_catalogue_accepts_a_section_that_nobody_creates_by_hand(tree):
    section, _group = setup_programme_publisher(tree["G1"])
    catalogue = CourseIndexPage.objects.get(pk=section.get_parent().pk)
    assert OrganisationProgrammesPage in CourseIndexPage.allowed_subpage_models()
    assert OrganisationProgrammesPage.can_exist_under(catalogue)
    assert not OrganisationProgrammesPage.can_create_at(catalogue)
    assert section.can_move_to(catalogue)


def test_the_screen_speaks_vietnamese(client, tree, settings):
    from django.conf import settings as django_settings

    settings.LOCALE_PATHS = [django_settings.BASE_DIR / "locale"]  # the test settings switch the catalogue off
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    before = client.get(publisher_url(tree["G1"])).content.decode()
    assert "Cho phép xuất bản chương trình" in before and "sẽ có một mục chương trình học" in before
    setup_programme_publisher(tree["G1"])
    after = client.get(publisher_url(tree["G1"])).content.decode()
    assert "Thêm biên tập viên ở dưới" in after
    assert "Biên tập viên chương trình học của tổ chức tạo" in after and "Quay lại tổ chức" in after
    assert "Back to the organisation" not in after
