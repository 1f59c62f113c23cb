"""SCORM packages belong to collections: a college's editors upload, see, edit and choose only their own."""

import json

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from wagtail.models import Collection, GroupCollectionPermission

from courses.services import editor_group_name, provider_collection, reviewer_group_name, setup_provider
from scorm.importer.services import import_package
from scorm.models import Package
from tests.factories import UserFactory

from .packages import build_zip, write_zip

pytestmark = pytest.mark.django_db

BASE = "/admin/scorm_packages/"


@pytest.fixture
def college_a(make_provider):
    return make_provider(name="Trường Cao đẳng Cơ điện A", slug="co-dien-a")


@pytest.fixture
def college_b(make_provider):
    return make_provider(name="Trường Cao đẳng Xây dựng B", slug="xay-dung-b")


def member(provider, group_name=editor_group_name, user=None):
    user = user or UserFactory()
    user.groups.add(Group.objects.get(name=group_name(provider)))
    return user


def package_in(provider, title, user=None):
    return import_package(build_zip("scorm12"), title=title, collection=provider_collection(provider), user=user)


def refused(response):
    """Wagtail answers a refused admin page with a redirect to the dashboard (and a message), 403 for XHR."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == "/admin/")


def upload(client, **fields):
    return client.post(
        BASE + "new/",
        {
            "title": "Bài tương tác của trường",
            "attempt_policy": "resume",
            **fields,
            "package_file": SimpleUploadedFile("course.zip", build_zip("scorm12").getvalue(), "application/zip"),
        },
    )


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def editor_a(client, college_a):
    editor = member(college_a)
    client.force_login(editor)
    return editor


def test_an_editor_uploads_a_package_into_their_colleges_collection(client, editor_a, college_a):
    assert client.get(BASE + "new/").status_code == 200
    response = upload(client)
    assert response.status_code == 302, response.content.decode()[:2000]
    package = Package.objects.get()
    assert package.collection == provider_collection(college_a) and package.uploaded_by == editor_a
    assert "Bài tương tác của trường" in client.get(BASE).content.decode()


def test_an_administrator_picks_any_collection(admin_client, college_a, college_b):
    form = admin_client.get(BASE + "new/").context["form"]
    assert set(form.fields["collection"].queryset) == set(Collection.objects.all())
    assert upload(admin_client, collection=provider_collection(college_b).pk).status_code == 302
    assert Package.objects.get().collection == provider_collection(college_b)


def test_an_editor_with_one_collection_cannot_place_a_package_elsewhere(client, editor_a, college_a, college_b):
    upload(client, collection=provider_collection(college_b).pk)
    assert Package.objects.get().collection == provider_collection(college_a)


def test_an_editor_of_two_colleges_cannot_upload_into_a_third(client, editor_a, college_b, make_provider):
    college_c = make_provider(name="Trường Cao đẳng Du lịch C", slug="du-lich-c")
    member(college_c, user=editor_a)
    response = upload(client, collection=provider_collection(college_b).pk)
    assert response.status_code == 200 and list(response.context["form"].errors) == ["collection"]
    assert not Package.objects.exists()
    assert upload(client, collection=provider_collection(college_c).pk).status_code == 302
    assert Package.objects.get().collection == provider_collection(college_c)


def test_an_editor_cannot_see_or_touch_another_colleges_packages(client, editor_a, college_a, college_b):
    own = package_in(college_a, "Gói của trường A")
    other = package_in(college_b, "Gói của trường B")
    listing = client.get(BASE).content.decode()
    assert "Gói của trường A" in listing and "Gói của trường B" not in listing
    for screen in ("edit", "delete", "inspect", "preview", "history", "usage"):
        assert refused(client.get(f"{BASE}{screen}/{other.pk}/")), screen
    assert refused(client.post(f"{BASE}edit/{other.pk}/", {"title": "Đã sửa", "attempt_policy": "resume"}))
    assert refused(client.post(f"{BASE}delete/{other.pk}/"))
    other.refresh_from_db()
    assert other.title == "Gói của trường B"
    assert client.get(f"{BASE}edit/{own.pk}/").status_code == 200
    response = client.post(f"{BASE}edit/{own.pk}/", {"title": "Gói A (sửa)", "attempt_policy": "resume"})
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.title == "Gói A (sửa)" and own.collection == provider_collection(college_a)


def test_only_reviewers_delete_packages(client, editor_a, college_a):
    package = package_in(college_a, "Gói cần xoá", user=editor_a)
    # Deleting a package deletes learners' attempts: not even its uploader may, only the college's reviewers.
    assert refused(client.get(f"{BASE}delete/{package.pk}/"))
    assert refused(client.post(f"{BASE}delete/{package.pk}/")) and Package.objects.exists()
    assert f"{BASE}delete/{package.pk}/" not in client.get(f"{BASE}inspect/{package.pk}/").content.decode()
    client.force_login(member(college_a, reviewer_group_name))
    assert client.post(f"{BASE}delete/{package.pk}/").status_code == 302
    assert not Package.objects.exists()


def test_the_menu_shows_packages_to_editors_only(client, editor_a, make_provider):
    assert BASE in client.get("/admin/").content.decode()
    outsider = UserFactory()
    outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(outsider)
    assert BASE not in client.get("/admin/").content.decode()
    assert refused(client.get(BASE))
    assert refused(client.get(BASE + "new/"))


def choose(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_chooser_lists_only_the_editors_packages(client, editor_a, college_a, college_b):
    own = package_in(college_a, "Gói của trường A")
    other = package_in(college_b, "Gói của trường B")
    html = choose(client, reverse("scorm_package_chooser:choose"))["html"]
    assert "Gói của trường A" in html and "Gói của trường B" not in html
    results = client.get(reverse("scorm_package_chooser:choose_results"), {"q": "trường"}).content.decode()
    assert "Gói của trường A" in results and "Gói của trường B" not in results
    chosen = choose(client, reverse("scorm_package_chooser:chosen", args=[own.pk]))
    assert chosen["result"]["id"] == str(own.pk) and chosen["result"]["title"] == "Gói của trường A"
    assert refused(client.get(reverse("scorm_package_chooser:chosen", args=[other.pk])))
    multiple = choose(client, reverse("scorm_package_chooser:chosen_multiple") + f"?id={own.pk}&id={other.pk}")
    assert [item["id"] for item in multiple["result"]] == [str(own.pk)]


def scorm_codenames(provider, group_name):
    """The SCORM package permissions a provider's group holds on the provider's collection."""
    return sorted(
        GroupCollectionPermission.objects.filter(
            group__name=group_name(provider),
            collection=provider_collection(provider),
            permission__content_type__app_label="scorm",
        ).values_list("permission__codename", flat=True)
    )


def test_setup_provider_grants_package_permissions_on_the_colleges_collection_once(college_a):
    setup_provider(college_a)  # again: nothing is duplicated
    assert scorm_codenames(college_a, editor_group_name) == ["add_package", "change_package", "choose_package"]
    assert scorm_codenames(college_a, reviewer_group_name) == [
        "add_package",
        "change_package",
        "choose_package",
        "delete_package",
    ]


def test_the_group_editor_shows_package_permissions(admin_client, college_a):
    group = Group.objects.get(name=editor_group_name(college_a))
    assert (
        "SCORM package permissions"
        in admin_client.get(reverse("wagtailusers_groups:edit", args=[group.pk])).content.decode()
    )


def test_a_collection_holding_packages_is_not_deleted(admin_client, college_a):
    package_in(college_a, "Gói còn dùng")
    collection = provider_collection(college_a)
    response = admin_client.post(reverse("wagtailadmin_collections:delete", args=[collection.pk]))
    assert Collection.objects.filter(pk=collection.pk).exists() and Package.objects.exists()
    assert response.status_code == 403


def test_the_import_command_takes_a_collection(tmp_path, capsys, college_a):
    collection = provider_collection(college_a)
    call_command("scorm_import", str(write_zip(tmp_path, "scorm12")), "--collection", str(collection.pk))
    result = json.loads(capsys.readouterr().out)
    assert Package.objects.get(pk=result["id"]).collection == collection
    with pytest.raises(CommandError, match="No collection with id 999999"):
        call_command("scorm_import", str(write_zip(tmp_path, "scorm12")), "--collection", "999999")
    assert Package.objects.count() == 1


def test_packages_imported_without_a_collection_are_in_the_root(tmp_path):
    assert import_package(build_zip("scorm12")).collection == Collection.get_first_root_node()


def test_providers_set_up_before_packages_had_collections_get_the_permissions_on_migrate(college_a):
    import importlib

    from django.apps import apps

    GroupCollectionPermission.objects.filter(permission__content_type__app_label="scorm").delete()
    migration = importlib.import_module("courses.migrations.0004_grant_scorm_package_permissions")
    migration.grant(apps, None)
    migration.grant(apps, None)  # twice: nothing is duplicated
    assert scorm_codenames(college_a, editor_group_name) == ["add_package", "change_package", "choose_package"]
    assert scorm_codenames(college_a, reviewer_group_name) == [
        "add_package",
        "change_package",
        "choose_package",
        "delete_package",
    ]


def post_lesson_body(client, lesson, package_id):
    """Save the lesson in the page editor with one SCORM block naming `package_id`, as a crafted POST would."""
    from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

    url = f"/admin/pages/{lesson.pk}/edit/"
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form").dict()
    data.update(nested_form_data({"body": streamfield([("scorm", {"title": "Bài", "package_id": str(package_id)})])}))
    return client.post(url, data)


def test_a_crafted_lesson_cannot_place_another_colleges_package(client, editor_a, college_a, college_b):
    from courses.models import LessonPage
    from tests.factories import CoursePageFactory, LessonPageFactory

    own = package_in(college_a, "Gói của trường A")
    other = package_in(college_b, "Gói của trường B")
    course = CoursePageFactory(parent=college_a.section, provider=college_a)
    lesson = LessonPageFactory(parent=course, title="Bài SCORM")

    def draft_package_ids():
        draft = LessonPage.objects.get(pk=lesson.pk).get_latest_revision_as_object()
        return [item["value"]["package_id"] for item in draft.body.raw_data if item["type"] == "scorm"]

    response = post_lesson_body(client, lesson, other.pk)
    assert response.status_code == 200 and "You may not use these SCORM packages" in response.content.decode()
    assert draft_package_ids() == []
    assert post_lesson_body(client, lesson, own.pk).status_code == 302
    assert draft_package_ids() == [own.pk]


def test_an_editor_previews_their_colleges_packages_only(editor_a, college_a, college_b):
    from django.test import Client

    own = package_in(college_a, "Gói của trường A")
    other = package_in(college_b, "Gói của trường B")
    client = Client()
    client.force_login(editor_a)
    # Neither package is in a lesson: only the admin's preview may launch them.
    assert client.get(reverse("scorm:launch", args=[own.scos.first().pk])).status_code == 200
    assert client.get(reverse("scorm:launch", args=[other.scos.first().pk])).status_code == 404
