"""The Vietnamese catalogue is complete and loads (the test settings switch project translations off)."""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.template import Context, Template
from django.utils import translation

LOCALE = Path(django_settings.BASE_DIR) / "locale"


@pytest.fixture
def vi_catalogue(settings):
    settings.LOCALE_PATHS = [LOCALE]  # the setting_changed signal resets Django's translation caches


def test_vietnamese_strings_are_translated(vi_catalogue):
    with translation.override("vi"):
        assert translation.gettext("Log in") == "Đăng nhập"
        assert translation.pgettext("catalogue form button", "Filter") == "Lọc"
        assert translation.ngettext("%(counter)s course", "%(counter)s courses", 3) % {"counter": 3} == "3 khóa học"
        html = Template('{% load i18n %}{% translate "My learning" %}').render(Context())
        assert html == "Học tập của tôi"


def test_english_falls_back_to_the_source(vi_catalogue):
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"


def _msgstr(entry):
    """The translation of one .po entry, continuation lines joined."""
    lines = entry.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("msgstr"))
    parts = [lines[start].split(" ", 1)[1]] + [line for line in lines[start + 1 :] if line.startswith('"')]
    return "".join(part[1:-1] for part in parts)


def test_po_file_has_no_empty_or_fuzzy_entry():
    text = (LOCALE / "vi" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = [e for e in text.split("\n\n") if "\nmsgid " in "\n" + e and "#~" not in e][1:]  # skip the header
    assert [e for e in entries if "#, fuzzy" in e or not _msgstr(e)] == []


def test_catalogue_page_speaks_vietnamese_then_english(vi_catalogue, client, course):
    listing = course.get_parent().get_parent()
    html = client.get(listing.url).content.decode()
    assert "Đăng nhập" in html and "Lọc" in html
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(listing.url).content.decode()
    assert "Log in" in html and 'lang="en"' in html
