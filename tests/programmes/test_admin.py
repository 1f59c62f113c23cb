"""Editors build programmes in the page tree and set a course's prerequisites in the course editor."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from programmes.models import ProgrammePage
from tests.factories import UserFactory


def superuser():
    return UserFactory(is_superuser=True, is_staff=True)


def test_course_editor_has_the_prerequisites_panel(client, courses):
    client.force_login(superuser())
    page = client.get(f"/admin/pages/{courses[0].pk}/edit/").content.decode()
    assert "prerequisite_links-TOTAL_FORMS" in page


def test_an_editor_creates_a_programme_in_the_providers_section(client, provider, courses):
    client.force_login(superuser())
    url = f"/admin/pages/add/programmes/programmepage/{provider.section.pk}/"
    assert client.get(url).status_code == 200
    data = nested_form_data(
        {
            "title": "Kỹ thuật viên điện",
            "slug": "ky-thuat-vien-dien",
            "summary": "Hai khóa học theo thứ tự.",
            "description": rich_text(""),
            "provider": provider.pk,
            "organisation": "",
            "ordered": "on",
            "certificate_on_completion": "on",
            "steps": inline_formset([{"course": courses[1].pk}, {"course": courses[0].pk}]),
            "comments": inline_formset([]),
            "seo_title": "",
            "search_description": "",
            "action-publish": "publish",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    programme = ProgrammePage.objects.get(slug="ky-thuat-vien-dien")
    assert programme.live and programme.course_ids() == [courses[1].pk, courses[0].pk]
    # An empty programme is refused.
    empty = dict(data, slug="rong", **nested_form_data({"steps": inline_formset([])}))
    assert client.post(url, empty).status_code == 200
    assert not ProgrammePage.objects.filter(slug="rong").exists()
