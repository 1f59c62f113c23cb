"""The catalogue import: CSV and JSON, row errors with their positions, re-import by external_id, drafts vs publish."""

import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from wagtail.models import Page

from bench.catalogue_data import generate_rows
from bench.catalogue_data import write_csv as write_bench_csv
from courses.importer import CatalogueImporter, ImportFormatError, import_catalogue, read_rows
from courses.models import CoursePage, Provider, ProviderPage

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "catalogue"

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_catalogue", *[str(arg) for arg in args], stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write_csv(tmp_path, text, name="courses.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


HEADER = "external_id,title,summary,learning_area,level,duration_hours,provider,tags,digital_competences\n"


def test_good_csv_creates_drafts_under_a_new_provider(catalogue):
    out, err = run(FIXTURES / "good.csv")

    assert err == ""
    assert "2 created, 0 updated, 0 unchanged, 0 errors, 1 providers created" in out
    assert "Created provider 'cd-bach-khoa'" in out
    provider = Provider.objects.get(slug="cd-bach-khoa")
    assert provider.name == "cd-bach-khoa"
    section = ProviderPage.objects.get(provider=provider)
    assert section.get_parent().specific == catalogue

    digital = CoursePage.objects.get(provider=provider, external_id="KNS-001")
    assert digital.get_parent().pk == section.pk
    assert digital.title == "Kỹ năng số cơ bản cho công nhân"
    assert digital.slug == "ky-nang-so-co-ban-cho-cong-nhan"
    assert not digital.live and digital.has_unpublished_changes
    assert digital.latest_revision is not None and digital.live_revision is None
    assert digital.learning_area.code == "digital" and digital.level.code == "beginner"
    assert sorted(digital.tags.names()) == ["kỹ năng số", "điện thoại"]
    competences = sorted((item.competence.code, item.level) for item in digital.digital_competences.all())
    assert competences == [("1.1", "basic"), ("4.2", "intermediate")]
    assert digital.description.raw_data[0]["type"] == "paragraph"
    assert digital.description.raw_data[0]["value"] == (
        "<p>Khóa học giúp công nhân sử dụng điện thoại an toàn.</p><p>Học viên thực hành trên Zalo và VNeID.</p>"
    )

    welding = CoursePage.objects.get(provider=provider, external_id="HAN-002")
    assert welding.duration_hours == Decimal("40.5")  # "40,5" with a Vietnamese decimal comma
    html = welding.description.raw_data[0]["value"]
    assert "<b>hàn hồ quang</b>" in html and "script" not in html and "alert" not in html
    assert Page.find_problems() == ([], [], [], [], [])
    assert section.get_children().count() == ProviderPage.objects.get(pk=section.pk).numchild == 2


def test_publish_makes_the_pages_live(catalogue):
    out, _err = run(FIXTURES / "good.csv", "--publish")

    assert "2 created" in out and "(published)" in out
    for page in CoursePage.objects.all():
        assert page.live and not page.has_unpublished_changes
        assert page.live_revision_id == page.latest_revision_id
        assert page.first_published_at is not None
    assert CoursePage.objects.live().count() == 2


def test_good_json(catalogue):
    out, err = run(FIXTURES / "good.json", "--publish")

    assert err == ""
    assert "2 created" in out
    english = CoursePage.objects.get(external_id="TA-01")
    assert english.description.raw_data[0]["value"] == "<p>Nghe và nói &lt;tiếng Anh&gt; &amp; biển báo.</p>"
    assert sorted(english.tags.names()) == ["giao tiếp", "tiếng Anh"]
    ai = CoursePage.objects.get(external_id="AI-02")
    assert ai.summary == ai.title  # no summary and no description: the title stands in
    assert ai.language == "vi" and ai.duration_hours == Decimal("6.0")
    assert sorted((item.competence.code, item.level) for item in ai.digital_competences.all()) == [
        ("6.1", "basic"),
        ("6.2", "intermediate"),
    ]


def test_bad_rows_are_reported_with_their_line_and_the_good_rows_still_import(catalogue):
    out, err = run(FIXTURES / "bad_rows.csv", "--publish")

    assert err.splitlines() == [
        "line 6: external_id is required",
        "line 7: title is required",
        "line 8: unknown learning_area 'cooking' (one of politics_law, vocational, life_skills, digital, "
        "foreign_language, general)",
        "line 9: duration_hours must be greater than 0 (got 0)",
        "line 10: duplicate external_id 'OK-1' (already on line 2)",
        "line 11: unknown digital competence '9.9' (component codes 1.1 to 6.3)",
        "line 12: unknown language 'xx' (one of de, en, fr, ja, km, ko, vi, zh)",
        "line 13: unknown level 'expert' (one of beginner, intermediate, advanced)",
    ]
    assert "2 created, 0 updated, 0 unchanged, 8 errors" in out
    assert sorted(CoursePage.objects.values_list("external_id", flat=True)) == ["OK-1", "OK-2"]
    welding = CoursePage.objects.get(external_id="OK-1")
    assert welding.title == "Hàn điện cơ bản"
    assert welding.description.raw_data[0]["value"] == "<p>Dòng một.<br/>Dòng hai.</p><p>Đoạn hai.</p>"
    assert CoursePage.objects.get(external_id="OK-2").duration_hours == Decimal("16.5")


def test_json_errors_name_the_item(catalogue, tmp_path):
    path = tmp_path / "courses.json"
    items = [
        {"external_id": "J-1", "title": "Sơ cấp cứu tại nơi làm việc", "provider": "tt-cong-doan"},
        "not an object",
        {"external_id": "J-3", "title": "Khóa học âm giờ", "provider": "tt-cong-doan", "duration_hours": -2},
        {"external_id": "J-4", "title": "Khóa học thiếu nhà cung cấp"},
        {"external_id": "J-5", "title": "Mã miền năng lực", "provider": "tt-cong-doan", "digital_competences": "4"},
        {"external_id": "J-6", "title": "Cấp độ lạ", "provider": "tt-cong-doan", "digital_competences": ["1.1:guru"]},
        {"external_id": "J-7", "title": "Nhà cung cấp sai", "provider": "Trường Cao đẳng"},
    ]
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")

    out, err = run(path)

    assert err.splitlines() == [
        "item 2: not an object with course fields",
        "item 3: duration_hours must be greater than 0 (got -2)",
        "item 4: no provider: give a provider column or --provider",
        "item 5: digital competence '4' is a domain: give a component code such as 4.1",
        "item 6: unknown digital competence level 'guru' (one of advanced, basic, intermediate, specialised)",
        "item 7: provider 'Trường Cao đẳng' is not a valid slug (letters, digits, - and _)",
    ]
    assert "1 created, 0 updated, 0 unchanged, 6 errors, 1 providers created" in out
    assert list(CoursePage.objects.values_list("external_id", flat=True)) == ["J-1"]


def test_reimport_updates_by_external_id_without_duplicates(catalogue, tmp_path):
    first = HEADER + "R-1,Hàn điện cơ bản,Hàn que.,vocational,beginner,40,cd-bach-khoa,hàn,\n"
    first += "R-2,Điện công nghiệp,Tủ điện.,vocational,intermediate,60,cd-bach-khoa,,\n"
    run(write_csv(tmp_path, first), "--publish")
    welding = CoursePage.objects.get(external_id="R-1")
    revisions = welding.revisions.count()

    second = HEADER + 'R-1,Hàn điện cơ bản cho thợ mới,Hàn que.,vocational,beginner,48,cd-bach-khoa,"hàn, cơ khí",\n'
    second += "R-2,Điện công nghiệp,Tủ điện.,vocational,intermediate,60,cd-bach-khoa,,\n"
    out, err = run(write_csv(tmp_path, second))

    assert err == ""
    assert "0 created, 1 updated, 1 unchanged, 0 errors" in out
    assert CoursePage.objects.count() == 2
    welding = CoursePage.objects.get(external_id="R-1")
    # Without --publish the change is a new draft revision; the live page is untouched.
    assert welding.title == "Hàn điện cơ bản" and welding.live and welding.has_unpublished_changes
    assert welding.revisions.count() == revisions + 1
    draft = welding.get_latest_revision_as_object()
    assert draft.title == "Hàn điện cơ bản cho thợ mới"
    assert draft.duration_hours == Decimal("48")
    assert sorted(draft.tags.names()) == ["cơ khí", "hàn"]

    out, _err = run(write_csv(tmp_path, second), "--publish")

    assert "0 created, 1 updated, 1 unchanged" in out
    welding = CoursePage.objects.get(external_id="R-1")
    assert welding.title == "Hàn điện cơ bản cho thợ mới" and not welding.has_unpublished_changes
    assert sorted(welding.tags.names()) == ["cơ khí", "hàn"]
    assert CoursePage.objects.count() == 2

    out, _err = run(write_csv(tmp_path, second), "--publish")
    assert "0 created, 0 updated, 2 unchanged" in out


def test_reimport_of_a_draft_updates_the_draft(catalogue, tmp_path):
    run(write_csv(tmp_path, HEADER + "D-1,Kỹ năng số,Điện thoại.,digital,beginner,8,cd-bach-khoa,,1.1\n"))
    out, _err = run(write_csv(tmp_path, HEADER + "D-1,Kỹ năng số,Điện thoại.,digital,beginner,8,cd-bach-khoa,,1.1\n"))
    assert "0 created, 0 updated, 1 unchanged" in out

    out, _err = run(
        write_csv(tmp_path, HEADER + 'D-1,Kỹ năng số,Điện thoại.,digital,beginner,8,cd-bach-khoa,,"1.1,4.2:advanced"\n')
    )

    assert "0 created, 1 updated, 0 unchanged" in out
    page = CoursePage.objects.get(external_id="D-1")
    assert not page.live
    draft = page.get_latest_revision_as_object()
    assert sorted((item.competence.code, item.level) for item in draft.digital_competences.all()) == [
        ("1.1", "basic"),
        ("4.2", "advanced"),
    ]


def test_provider_option_and_unknown_provider_is_created(catalogue, tmp_path):
    existing = Provider.objects.create(name="Trường Cao đẳng Du lịch", slug="cd-du-lich")
    text = "external_id,title,provider\nP-1,Nghiệp vụ lễ tân khách sạn,\nP-2,Tiếng Hàn sơ cấp,cd-du-lich\n"

    out, err = run(write_csv(tmp_path, text), "--provider", "tt-moi")

    assert err == ""
    assert "Created provider 'tt-moi'" in out and "1 providers created" in out
    assert CoursePage.objects.get(external_id="P-1").provider.slug == "tt-moi"
    assert CoursePage.objects.get(external_id="P-2").provider == existing
    assert ProviderPage.objects.filter(provider__slug="tt-moi").exists()
    assert ProviderPage.objects.filter(provider=existing).exists()  # given its section on first use


def test_same_external_id_for_two_providers_is_two_courses(catalogue, tmp_path):
    text = "external_id,title,provider\nX-1,Hàn điện cơ bản,truong-a\nX-1,Hàn điện cơ bản,truong-b\n"
    out, err = run(write_csv(tmp_path, text))
    assert err == "" and "2 created" in out
    assert CoursePage.objects.filter(external_id="X-1").count() == 2


def test_slugs_stay_unique_within_a_section(catalogue, tmp_path):
    text = "external_id,title,provider\nS-1,Hàn điện cơ bản,cd-a\nS-2,Hàn điện cơ bản,cd-a\nS-3,Hàn điện cơ bản,cd-a\n"
    run(write_csv(tmp_path, text))
    slugs = sorted(CoursePage.objects.values_list("slug", flat=True))
    assert slugs == ["han-dien-co-ban", "han-dien-co-ban-s-2", "han-dien-co-ban-s-3"]


def test_bom_is_handled(catalogue):
    out, err = run(FIXTURES / "bom.csv", "--provider", "cd-bach-khoa")
    assert err == "" and "1 created" in out
    assert CoursePage.objects.get(external_id="BOM-1").title == "Kỹ năng số cơ bản cho công nhân"


def test_format_is_sniffed_without_a_known_extension(catalogue, tmp_path):
    (tmp_path / "export.txt").write_text(json.dumps([{"external_id": "T-1", "title": "Sơ cứu", "provider": "a"}]))
    (tmp_path / "export.dat").write_text("external_id,title,provider\nT-2,Sơ cứu,a\n", encoding="utf-8")
    assert "1 created" in run(tmp_path / "export.txt")[0]
    assert "1 created" in run(tmp_path / "export.dat")[0]
    assert CoursePage.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "not a UTF-8 text file"),
        ("courses.csv", b"\x00\x01\x02binary", "binary file"),
        ("courses.json", b'{"external_id": "A"}', "must hold a JSON list"),
        ("courses.json", b'[{"external_id": "A",', "is not valid JSON"),
        ("courses.csv", "ma,ten,gio\n1,Hàn điện,40\n".encode(), "lacks the column.s. external_id, title"),
        ("courses.csv", b"", "is empty"),
    ],
)
def test_a_file_that_is_not_a_catalogue_fails_and_stores_nothing(catalogue, tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    providers, pages = Provider.objects.count(), Page.objects.count()

    with pytest.raises(CommandError, match=message) as error:
        run(path, "--provider", "cd-moi")

    assert error.value.returncode == 1
    assert Provider.objects.count() == providers and Page.objects.count() == pages


def test_wrong_columns_fixture_and_missing_file(catalogue, tmp_path):
    with pytest.raises(CommandError, match="lacks the column"):
        run(FIXTURES / "wrong_columns.csv")
    with pytest.raises(CommandError, match="Cannot read"):
        run(tmp_path / "missing.csv")
    assert CoursePage.objects.count() == 0


def test_service_returns_a_result_with_row_errors(catalogue):
    content = (HEADER + "V-1,Quản lý thời gian,,life_skills,beginner,abc,cd-x,,\n").encode()
    result = import_catalogue("upload.csv", content=content)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 0)
    assert [str(error) for error in result.errors] == ["line 2: duration_hours 'abc' is not a number"]
    with pytest.raises(ImportFormatError):
        import_catalogue("upload.json", content=b"not json")


def test_progress_and_verbosity(catalogue, tmp_path):
    rows = "".join(f"B-{number},Khóa học số {number},cd-b\n" for number in range(1, 8))
    path = write_csv(tmp_path, "external_id,title,provider\n" + rows)
    out = StringIO()
    call_command("import_catalogue", str(path), verbosity=2, stdout=out, stderr=StringIO())
    assert "7/7 rows written" in out.getvalue()

    out = StringIO()
    call_command("import_catalogue", str(path), verbosity=0, stdout=out, stderr=StringIO())
    assert out.getvalue() == ""


def test_large_import_in_batches_keeps_the_tree_consistent(catalogue, tmp_path):
    rows = list(generate_rows(20, seed=3))
    assert rows == list(generate_rows(20, seed=3))  # deterministic
    path = write_bench_csv(str(tmp_path / "bench.csv"), 20, seed=3)

    result = CatalogueImporter(publish=True, batch_size=7).run(read_rows(path))

    assert result.created == 20 and not result.errors
    assert Page.find_problems() == ([], [], [], [], [])
    for section in ProviderPage.objects.all():
        assert section.numchild == section.get_children().count()


@pytest.mark.postgres
def test_a_row_the_database_refuses_is_reported_and_the_rest_of_its_batch_imports(catalogue, tmp_path):
    # PostgreSQL refuses NUL characters in text: the batch's bulk insert fails, and the rows are written one by one.
    path = tmp_path / "courses.json"
    items = [{"external_id": f"N-{n}", "title": f"Khóa học {n}", "provider": "cd-nul"} for n in range(1, 6)]
    items[2]["summary"] = "Tóm tắt\x00lỗi"
    path.write_text(json.dumps(items, ensure_ascii=False), encoding="utf-8")

    result = CatalogueImporter(publish=True, batch_size=10).run(read_rows(path))

    assert (result.created, [error.position for error in result.errors]) == (4, ["item 3"])
    assert "could not be saved" in result.errors[0].message
    assert sorted(CoursePage.objects.values_list("external_id", flat=True)) == ["N-1", "N-2", "N-4", "N-5"]
    assert Page.find_problems() == ([], [], [], [], [])
    section = ProviderPage.objects.get(provider__slug="cd-nul")
    assert section.numchild == section.get_children().count() == 4
    assert all(page.revisions.count() == 1 and page.live for page in CoursePage.objects.all())
