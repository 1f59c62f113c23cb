"""The search vocabulary as editors keep it: the snippet's validation, CSV import (admin and command), export."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from search.models import Synonym
from search.synonyms import import_csv, synonym_rules
from search.understanding import load_concepts, understand, vocabulary_changed
from tests.factories import UserFactory

GOOD = """term,abbreviations,synonyms,learning_area
máy xúc,,xe xúc; máy đào,vocational
an toàn hóa chất,ATHC,,politics_law
"""


@pytest.fixture
def fresh_vocabulary(db):
    """Tests that change the vocabulary leave no trace in the process's cached copy."""
    yield
    vocabulary_changed()


def test_snippet_validation_refuses_a_form_of_another_concept(fresh_vocabulary):
    concept = Synonym(term="phòng cháy", synonyms="PCCC")  # "pccc" is an abbreviation of "phòng cháy chữa cháy"
    with pytest.raises(ValidationError) as error:
        concept.full_clean()
    assert "already belongs to" in str(error.value)


@pytest.mark.parametrize(
    "values, message",
    [
        ({"term": "", "abbreviations": ""}, "required"),
        ({"term": "an toàn hóa chất", "abbreviations": "AT HC"}, "must be one word"),
        ({"term": "an toàn hóa chất", "abbreviations": "A"}, "2 to"),
        ({"term": "an toàn hóa chất", "learning_area": "cooking"}, "Unknown learning area"),
        ({"term": "Phòng cháy chữa cháy"}, "in the vocabulary already"),
    ],
)
def test_snippet_validation_messages(fresh_vocabulary, values, message):
    with pytest.raises(ValidationError) as error:
        Synonym(**values).full_clean()
    assert message in str(error.value)


def test_csv_import_creates_updates_and_is_used_at_once(fresh_vocabulary):
    assert import_csv(GOOD) == (2, 0)
    assert understand("may dao").understood == "máy đào (máy xúc)"
    assert understand("ATHC").understood == "an toàn hóa chất"
    assert import_csv(GOOD.replace("máy đào", "máy cuốc")) == (0, 2)
    assert Synonym.objects.get(folded="may xuc").synonyms == "xe xúc; máy cuốc"


@pytest.mark.parametrize(
    "text, message",
    [
        ("ten,viet_tat\nmáy xúc,MX\n", "“term” column"),
        ("term,colour\nmáy xúc,red\n", "Unknown columns"),
        ("term,abbreviations\n", "no rows"),
        ("term,abbreviations\nmáy xúc,MX\nmáy đào,MX\n", "line 3"),
        ("term,abbreviations\nmáy xúc,M X\n", "line 2"),
        ("term,synonyms\nmáy xúc,sơ cứu\n", "would belong to both “máy xúc” and “sơ cấp cứu”"),
    ],
)
def test_bad_csv_imports_nothing_and_says_why(fresh_vocabulary, text, message):
    before = list(Synonym.objects.values_list("folded", "abbreviations", "synonyms"))
    with pytest.raises(ValidationError) as error:
        import_csv(text)
    assert message in " ".join(error.value.messages)
    assert list(Synonym.objects.values_list("folded", "abbreviations", "synonyms")) == before


def test_replace_deletes_the_rows_missing_from_the_file(fresh_vocabulary):
    import_csv(GOOD, replace=True)
    assert set(Synonym.objects.values_list("folded", flat=True)) == {"may xuc", "an toan hoa chat"}


def test_command_import_and_export(fresh_vocabulary, tmp_path):
    path = tmp_path / "vocabulary.csv"
    path.write_text(GOOD, encoding="utf-8")
    out = io.StringIO()
    call_command("search_synonyms", "import", str(path), stdout=out)
    assert "2 added, 0 updated" in out.getvalue()
    out = io.StringIO()
    call_command("search_synonyms", "export", stdout=out)
    assert "máy xúc,,xe xúc; máy đào,vocational,1" in out.getvalue()
    assert out.getvalue().startswith("term,abbreviations,synonyms,learning_area,active\n")


def test_command_refuses_a_bad_file(fresh_vocabulary, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("term,abbreviations\nmáy xúc,M X\n", encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("search_synonyms", "import", str(path), stderr=err)
    assert "line 2" in err.getvalue()
    assert not Synonym.objects.filter(folded="may xuc").exists()
    with pytest.raises(CommandError, match="no such file"):
        call_command("search_synonyms", "import", str(tmp_path / "missing.csv"))
    path.write_bytes("term\nmáy xúc\n".encode("cp1258", errors="replace") + b"\xff")
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("search_synonyms", "import", str(path))


def test_synonym_rules_for_elasticsearch_are_folded(db):
    rules = synonym_rules(load_concepts())
    assert (
        "an toan ve sinh lao dong, an toan lao dong, an toan va ve sinh lao dong, osh, atvsld, vsatld, atld, atvsldd, vsatldd, atldd"
        in rules
    )
    assert all(rule == rule.lower() and rule.isascii() for rule in rules)


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_admin_lists_the_vocabulary_and_offers_the_import(admin_client):
    response = admin_client.get("/admin/snippets/catalogue_search/synonym/")
    assert response.status_code == 200
    assert "an toàn vệ sinh lao động" in response.content.decode()
    assert "/admin/search-vocabulary/import/" in response.content.decode()


def test_admin_csv_import(admin_client, fresh_vocabulary):
    upload = io.BytesIO(GOOD.encode("utf-8"))
    upload.name = "vocabulary.csv"
    response = admin_client.post("/admin/search-vocabulary/import/", {"file": upload})
    assert response.status_code == 302
    assert Synonym.objects.filter(folded="may xuc").exists()


def test_admin_csv_import_of_a_bad_file_changes_nothing(admin_client, fresh_vocabulary):
    upload = io.BytesIO(b"term,abbreviations\nm\xc3\xa1y x\xc3\xbac,M X\n")
    upload.name = "bad.csv"
    response = admin_client.post("/admin/search-vocabulary/import/", {"file": upload})
    assert response.status_code == 400
    assert "line 2" in response.content.decode()
    assert not Synonym.objects.filter(folded="may xuc").exists()


def test_admin_csv_import_needs_the_permissions(client, db):
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/admin/search-vocabulary/import/").status_code in (302, 403)
