"""An organisation's programme editors edit and publish its programmes only: explorer, editor, search, chooser."""

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from courses.services import editor_group_name
from programmes.models import OrganisationProgrammesPage, ProgrammeCourse, ProgrammePage
from programmes.services import setup_programme_publisher
from tests.factories import UserFactory


def programme_in(section, title, courses):
    programme = ProgrammePage(title=title, summary="Chương trình của đơn vị.")
    section.add_child(instance=programme)
    for number, course in enumerate(courses):
        ProgrammeCourse.objects.create(programme=programme, course=course, sort_order=number)
    programme.save_revision().publish()
    return ProgrammePage.objects.get(pk=programme.pk)


@pytest.fixture
def two(tree, courses):
    """G1's and G3's programme sections, each with an editor and a programme."""
    alice, bob = UserFactory(full_name="Alice May"), UserFactory(full_name="Bob Xi Măng")
    section_a, group_a = setup_programme_publisher(tree["G1"], [alice])
    section_b, group_b = setup_programme_publisher(tree["G3"], [bob])
    return {
        "alice": alice,
        "section_a": section_a,
        "group_a": group_a,
        "section_b": section_b,
        "programme_a": programme_in(section_a, "Nội quy Công ty May", courses[:2]),
        "programme_b": programme_in(section_b, "Nội quy Công ty Xi măng", courses[1:]),
    }


def text(response):
    """The page, or the chooser's HTML inside its JSON answer."""
    assert response.status_code == 200
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


def form(title, slug, courses, **extra):
    return nested_form_data(
        {
            "title": title,
            "slug": slug,
            "summary": "Hai khóa học.",
            "description": rich_text(""),
            "provider": "",
            "organisation": "",
            "ordered": "on",
            "certificate_on_completion": "on",
            "steps": inline_formset([{"course": course.pk} for course in courses]),
            "comments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "action-publish": "publish",
            **extra,
        }
    )


def test_setup_is_idempotent_and_keeps_two_organisations_of_one_name_apart(tree, courses):
    section, group = setup_programme_publisher(tree["G1"])
    permissions = GroupPagePermission.objects.filter(group=group).count()
    assert setup_programme_publisher(tree["G1"]) == (section, group)
    assert GroupPagePermission.objects.filter(group=group).count() == permissions == 5
    assert OrganisationProgrammesPage.objects.count() == 1 and section.get_parent().specific_class.__name__ == (
        "CourseIndexPage"
    )
    assert section.slug.isascii() and section.live
    tree["G2"].name = tree["G1"].name
    tree["G2"].save()
    _section, other = setup_programme_publisher(tree["G2"])
    assert other != group


def test_an_editor_creates_and_publishes_in_their_section_choosing_courses(client, two, courses, tree, provider):
    client.force_login(two["alice"])
    url = f"/admin/pages/add/programmes/programmepage/{two['section_a'].pk}/"
    page = client.get(url)
    assert page.status_code == 200
    # The courses chooser of the programme's steps still lists every published course.
    chooser = client.get("/admin/choose-page/search/", {"page_type": "courses.coursepage", "q": "An toàn"})
    assert courses[0].title in text(chooser)
    # Whatever they name as the offering organisation or provider, it is their organisation's programme.
    data = form("Hội nhập nhân viên mới", "hoi-nhap", courses[:2], organisation=tree["G3"].pk, provider=provider.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    created = ProgrammePage.objects.get(slug="hoi-nhap")
    assert created.live and created.organisation == tree["G1"] and created.provider is None
    assert created.course_ids() == [courses[0].pk, courses[1].pk]


def test_another_organisations_programmes_are_out_of_reach(client, two, courses):
    client.force_login(two["alice"])
    programme_b, section_b = two["programme_b"], two["section_b"]
    # Editor: no edit view, and a publish posted anyway changes nothing.
    assert client.get(f"/admin/pages/{programme_b.pk}/edit/").status_code in (302, 403)
    client.post(f"/admin/pages/{programme_b.pk}/edit/", form("Đã sửa", programme_b.slug, courses[:1]))
    programme_b.refresh_from_db()
    assert programme_b.title == "Nội quy Công ty Xi măng" and programme_b.course_ids() == [c.pk for c in courses[1:]]
    assert client.get(f"/admin/pages/add/programmes/programmepage/{section_b.pk}/").status_code in (302, 403)
    assert not ProgrammePage.objects.filter(slug="da-sua").exists()
    # Explorer: their own section is listed, the other is not and cannot be opened.
    catalogue = two["section_a"].get_parent()
    listing = text(client.get(f"/admin/pages/{catalogue.pk}/", follow=True))
    assert two["section_a"].title in listing and section_b.title not in listing
    assert section_b.title not in client.get(f"/admin/pages/{section_b.pk}/", follow=True).content.decode()
    # Admin search and the page chooser (browse and search) never show it.
    assert programme_b.title not in text(client.get("/admin/pages/search/", {"q": "Nội quy"}))
    for params in ({"q": "Nội quy"}, {}):
        chosen = text(client.get("/admin/choose-page/search/" if params else "/admin/choose-page/", params))
        assert programme_b.title not in chosen and section_b.title not in chosen
    assert programme_b.title not in text(client.get(f"/admin/choose-page/{section_b.pk}/"))
    catalogue_browse = text(client.get(f"/admin/choose-page/{catalogue.pk}/"))
    assert two["section_a"].title in catalogue_browse and section_b.title not in catalogue_browse
    assert two["programme_a"].title in text(client.get(f"/admin/choose-page/{two['section_a'].pk}/"))
    assert two["programme_a"].title in text(client.get("/admin/choose-page/search/", {"q": "Nội quy"}))


def test_a_superuser_sees_everything_and_a_provider_editor_the_courses(client, two, provider, courses):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    assert two["programme_b"].title in text(client.get(f"/admin/choose-page/{two['section_b'].pk}/"))
    provider_editor = UserFactory()
    provider_editor.groups.add(Group.objects.get(name=editor_group_name(provider)))
    client.force_login(provider_editor)
    chosen = text(client.get("/admin/choose-page/search/", {"q": "Nội quy"}))
    assert two["programme_a"].title not in chosen and two["programme_b"].title not in chosen
    courses_found = client.get("/admin/choose-page/search/", {"q": "An toàn", "page_type": "courses.coursepage"})
    assert courses[0].title in text(courses_found)


def test_the_command_adds_editors_and_refuses_a_stranger(tree, courses):
    editor = UserFactory(email="bien.tap@example.vn")
    call_command("programme_publisher", str(tree["G3"].pk), "--editor", "BIEN.TAP@example.vn")
    section = OrganisationProgrammesPage.objects.get(organisation=tree["G3"])
    assert editor.groups.filter(page_permissions__page=section).exists()
    with pytest.raises(CommandError):
        call_command("programme_publisher", str(tree["G1"].pk), "--editor", "nobody@example.vn")
    assert not OrganisationProgrammesPage.objects.filter(organisation=tree["G1"]).exists()
    with pytest.raises(CommandError):
        call_command("programme_publisher", "999999")


def test_the_section_lists_its_published_programmes(client, two):
    page = client.get(two["section_a"].url)
    assert page.status_code == 200
    assert two["programme_a"].title in page.content.decode() and two["programme_b"].title not in page.content.decode()
