"""The index follows the page tree: publish, edit, unpublish, move, delete; rebuild command and tasks."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from wagtail.models import Page, PageViewRestriction, ReferenceIndex
from wagtail.search.models import IndexEntry
from wagtail.signals import page_published

from bench.catalogue_data import write_csv
from courses.importer import CatalogueImporter, read_rows
from courses.models import CoursePage
from search.backends.base import SearchQuery
from search.models import CatalogueEntry, SearchWord
from search.services import search, search_params
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


# Bulk catalogue import (courses.importer): pages are indexed per batch, not page by page.


def test_bulk_import_indexes_every_page_in_both_searches_and_keeps_the_tree_valid(catalogue, tmp_path):

    published = []

    def receiver(sender, instance, **kwargs):
        published.append(instance.pk)

    page_published.connect(receiver, dispatch_uid="test_bulk_import_published")
    try:
        path = write_csv(str(tmp_path / "catalogue.csv"), 300, seed=5)
        result = CatalogueImporter(publish=True, batch_size=120).run(read_rows(path))
    finally:
        page_published.disconnect(dispatch_uid="test_bulk_import_published")

    assert result.created == 300 and not result.errors
    ids = set(CoursePage.objects.filter(external_id__startswith="BENCH-").values_list("pk", flat=True))
    # page_published is still sent, once for each page (and for the new provider sections)
    assert len(ids) == 300 and sorted(pk for pk in published if pk in ids) == sorted(ids)
    assert Page.find_problems() == ([], [], [], [], [])
    for section in Page.objects.filter(depth=4):
        assert section.numchild == section.get_children().count()
    # Catalogue search: every page is indexed, and a query by title finds it.
    assert set(CatalogueEntry.objects.values_list("page_id", flat=True)) == ids
    assert search(SearchQuery(filters={"kind": "course"}, per_page=1)).count == 300
    # Wagtail's search and reference index were written for the batch.
    assert set(
        IndexEntry.objects.filter(object_id__in=[str(pk) for pk in ids]).values_list("object_id", flat=True)
    ) == {str(pk) for pk in ids}
    pages = CoursePage.objects.filter(pk__in=ids).order_by("pk")
    for page in pages[:: 300 // 6]:
        assert page.pk in [hit.id for hit in search_params({"q": page.title}, per_page=50).hits]
        assert page in CoursePage.objects.live().search(page.title)
        assert ReferenceIndex.get_references_for_object(page).filter(model_path="provider").exists()
        assert page.revisions.count() == 1 and page.live_revision_id == page.latest_revision_id
        assert not page.has_unpublished_changes


def test_bulk_import_of_drafts_then_publish_indexes_at_publish(catalogue, tmp_path):

    path = write_csv(str(tmp_path / "catalogue.csv"), 40, seed=6)
    result = CatalogueImporter(publish=False, batch_size=15).run(read_rows(path))
    assert result.created == 40
    assert CatalogueEntry.objects.count() == 0  # drafts are not in the catalogue
    assert CoursePage.objects.live().count() == 0

    result = CatalogueImporter(publish=True, batch_size=15).run(read_rows(path))
    assert result.updated == 40
    assert CatalogueEntry.objects.count() == 40
    page = CoursePage.objects.order_by("pk").first()
    assert found(page.title)[0] == page.title
