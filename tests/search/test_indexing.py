"""The index follows the page tree: publish, edit, unpublish, move, delete; rebuild command and tasks."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import PageViewRestriction

from search.models import CatalogueEntry, SearchWord
from search.services import search_params
from search.tasks import index_pages_task
from tests.factories import CoursePageFactory


def found(q):
    return [hit.title for hit in search_params({"q": q}).hits]


@pytest.fixture
def draft(make_course):
    return make_course(title="Điện dân dụng cơ bản", live=False)


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_publish_indexes_and_unpublish_removes(draft):
    assert found("dien dan dung") == []
    publish(draft)
    assert found("dien dan dung") == ["Điện dân dụng cơ bản"]
    entry = CatalogueEntry.objects.get(pk=draft.pk)
    assert entry.title_folded == " dien dan dung co ban "
    assert entry.url == draft.url
    assert SearchWord.objects.filter(word="dung").exists()
    draft.unpublish()
    assert found("dien dan dung") == []
    assert not CatalogueEntry.objects.filter(pk=draft.pk).exists()


def test_editing_and_republishing_updates_the_entry(draft):
    publish(draft)
    draft.title = "Điện công nghiệp"
    publish(draft)
    assert CatalogueEntry.objects.get(pk=draft.pk).title == "Điện công nghiệp"
    assert found("dan dung") == []
    assert found("dien cong nghiep") == ["Điện công nghiệp"]


def test_move_updates_urls(draft, make_provider):
    publish(draft)
    other = make_provider(name="Trường Cao đẳng Điện lực", slug="cd-dien-luc")
    draft.move(other.section, pos="last-child")
    entry = CatalogueEntry.objects.get(pk=draft.pk)
    assert entry.url.startswith("/khoa-hoc/cd-dien-luc/")
    assert entry.path.startswith(other.section.path)


def test_moving_a_section_reindexes_its_courses(draft, provider, catalogue, make_provider):
    publish(draft)
    other = make_provider(name="Trường Cao đẳng Điện lực", slug="cd-dien-luc")
    provider.section.move(other.section, pos="last-child")
    assert CatalogueEntry.objects.get(pk=draft.pk).url.startswith("/khoa-hoc/cd-dien-luc/cd-ky-thuat/")


def test_delete_removes(draft):
    publish(draft)
    draft.delete()
    assert found("dien dan dung") == []
    assert not CatalogueEntry.objects.filter(pk=draft.pk).exists()


def test_deleting_a_section_removes_its_courses(draft, provider):
    publish(draft)
    provider.section.delete()
    assert CatalogueEntry.objects.count() == 0


def test_private_pages_are_not_indexed(draft):
    PageViewRestriction.objects.create(page=draft, restriction_type=PageViewRestriction.LOGIN)
    publish(draft)
    assert found("dien dan dung") == []


def test_rebuild_command_prints_progress_and_counts(make_course):
    for n in range(3):
        make_course(title=f"Kỹ năng số phần {n}")
    make_course(title="Bản nháp", live=False)
    out = StringIO()
    call_command("search_index", "rebuild", stdout=out)
    text = out.getvalue()
    assert "[" in text and "3/3" in text and "100%" in text
    assert "Indexed 3 of 3 live pages in the database index" in text
    assert len(found("ky nang so phan")) == 3
    out = StringIO()
    call_command("search_index", "status", stdout=out)
    assert "backend: database, health: ok, entries: 3" in out.getvalue()


def test_rebuild_replaces_stale_entries(make_course):
    course = make_course(title="Kế toán doanh nghiệp")
    call_command("search_index", "rebuild", stdout=StringIO())
    CoursePageFactory._meta.model.objects.filter(pk=course.pk).update(live=False)
    call_command("search_index", "rebuild", stdout=StringIO())
    assert found("ke toan") == []


def test_rebuild_refuses_when_elasticsearch_is_unreachable(make_course):
    make_course(title="Kế toán doanh nghiệp")
    call_command("search_index", "rebuild", stdout=StringIO())
    with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"), pytest.raises(CommandError, match="not available"):
        call_command("search_index", "rebuild", stdout=StringIO())
    assert found("ke toan") == ["Kế toán doanh nghiệp"]


def test_bad_command_action_is_refused():
    with pytest.raises(CommandError):
        call_command("search_index", "destroy", stdout=StringIO())


def test_index_task_runs(make_course):
    course = make_course(title="Tin học văn phòng")
    result = index_pages_task.enqueue([course.pk])
    assert result.status == "SUCCESSFUL"
    assert result.return_value == 1
    assert found("tin hoc van phong") == ["Tin học văn phòng"]
