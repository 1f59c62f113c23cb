"""Bring the Vietnamese catalogue of Wagtail's and Django's admin strings in line with the installed packages.

Run after upgrading Wagtail or Django: `.venv/bin/python cms/wagtail_locale/update_catalogue.py`.
It reads the English message ids of each package below, keeps every translation this catalogue already has,
takes the package's own Vietnamese translation for a new message (Wagtail's cover about 15%), leaves the rest
empty for a translator, drops messages the packages no longer have, and compiles with `msgfmt --check`.
makemessages never writes here (the project's `locale/` comes first in LOCALE_PATHS), so nothing is lost
to "obsolete". docs/translations.md explains the whole arrangement.
"""

import re
import subprocess
import sys
import sysconfig
from pathlib import Path

HERE = Path(__file__).resolve().parent
SITE = Path(sysconfig.get_paths()["purelib"])

# (label, package folder, language whose .po holds the English ids, scope)
# scope "all": every message comes here, so that one consistent terminology overrides the package's own vi;
# scope "missing": only what the package's own vi catalogue lacks (Django's is mostly complete and good).
SOURCES = {
    "django": [
        ("wagtail.admin", "wagtail/admin", "en", "all"),
        ("wagtail", "wagtail", "en", "all"),
        ("wagtail.users", "wagtail/users", "en", "all"),
        ("wagtail.images", "wagtail/images", "en", "all"),
        ("wagtail.documents", "wagtail/documents", "en", "all"),
        ("wagtail.snippets", "wagtail/snippets", "en", "all"),
        ("wagtail.search", "wagtail/search", "en", "all"),
        ("wagtail.sites", "wagtail/sites", "en", "all"),
        ("wagtail.embeds", "wagtail/embeds", "en", "all"),
        ("wagtail.contrib.forms", "wagtail/contrib/forms", "en", "all"),
        ("wagtail.contrib.redirects", "wagtail/contrib/redirects", "en", "all"),
        ("wagtail.contrib.settings", "wagtail/contrib/settings", "en", "all"),
        ("wagtail.contrib.table_block", "wagtail/contrib/table_block", "en", "all"),
        ("django", "django/conf", "en", "missing"),
        ("django.contrib.admin", "django/contrib/admin", "en", "missing"),
        ("django.contrib.auth", "django/contrib/auth", "en", "missing"),
        ("django.contrib.contenttypes", "django/contrib/contenttypes", "en", "missing"),
        ("django.contrib.sessions", "django/contrib/sessions", "en", "missing"),
        ("django.contrib.sites", "django/contrib/sites", "en", "missing"),
        ("django.contrib.redirects", "django/contrib/redirects", "en", "missing"),
        ("taggit", "taggit", "en", "missing"),
        ("django_filters", "django_filters", "fr", "missing"),  # it ships no English catalogue
    ],
    "djangojs": [
        ("wagtail.admin", "wagtail/admin", "en", "all"),
    ],
}

HEADER = """\
# Vietnamese translation of the Wagtail and Django admin strings that the platform's editors, reviewers
# and administrators see. Generated and kept up to date by cms/wagtail_locale/update_catalogue.py;
# translate here, never in the packages. See docs/translations.md.
msgid ""
msgstr ""
"Project-Id-Version: hoctap admin\\n"
"PO-Revision-Date: 2026-12-06 00:00+0700\\n"
"Last-Translator: hoctap <admin@hoctap.invalid>\\n"
"Language-Team: Vietnamese\\n"
"Language: vi\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=1; plural=0;\\n"
"""

_ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "r": "\r"}


def _unquote(line):
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), m.group(0)), line.strip()[1:-1])


def _quote(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t").replace("\n", "\\n") + '"'


def read_po(path):
    """The entries of a .po file as dicts (ctx, id, plural, strs, flags), obsolete ones and the header left out."""
    entries, entry, field = [], None, None

    def finish():
        if entry and entry.get("id") is not None and entry["id"] != "":
            entries.append(entry)

    for raw in Path(path).read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            finish()
            entry, field = None, None
            continue
        if line.startswith("#~"):
            continue
        entry = entry or {"ctx": None, "id": None, "plural": None, "strs": {}, "flags": []}
        if line.startswith("#,"):
            entry["flags"] += [f.strip() for f in line[2:].split(",") if f.strip()]
        elif line.startswith("#"):
            continue
        elif line.startswith("msgctxt "):
            field, entry["ctx"] = "ctx", _unquote(line[8:])
        elif line.startswith("msgid_plural "):
            field, entry["plural"] = "plural", _unquote(line[13:])
        elif line.startswith("msgid "):
            field, entry["id"] = "id", _unquote(line[6:])
        elif line.startswith("msgstr["):
            index = int(line[7 : line.index("]")])
            field, entry["strs"][index] = index, _unquote(line[line.index("]") + 2 :])
        elif line.startswith("msgstr "):
            field, entry["strs"][0] = 0, _unquote(line[7:])
        elif line.startswith('"'):
            if isinstance(field, int):
                entry["strs"][field] += _unquote(line)
            else:
                entry[field] += _unquote(line)
    return entries


def key(entry):
    return (entry["ctx"], entry["id"], entry["plural"])


def translated(entry):
    return "fuzzy" not in entry["flags"] and bool(entry["strs"]) and all(entry["strs"].values())


def write_po(path, entries):
    out = [HEADER]
    for e in entries:
        lines = [f"#: {', '.join(e['sources'])}"]
        flags = [f for f in e["flags"] if f != "fuzzy"]
        if flags:
            lines.append("#, " + ", ".join(flags))
        if e["ctx"] is not None:
            lines.append("msgctxt " + _quote(e["ctx"]))
        lines.append("msgid " + _quote(e["id"]))
        if e["plural"] is not None:
            lines.append("msgid_plural " + _quote(e["plural"]))
            lines.append("msgstr[0] " + _quote(e["strs"].get(0, "")))
        else:
            lines.append("msgstr " + _quote(e["strs"].get(0, "")))
        out.append("\n".join(lines) + "\n")
    Path(path).write_text("\n".join(out), encoding="utf-8")


def update(domain):
    target = HERE / "vi" / "LC_MESSAGES" / f"{domain}.po"
    ours = {key(e): e for e in read_po(target)} if target.exists() else {}
    merged = {}
    for label, folder, source_language, scope in SOURCES[domain]:
        source = SITE / folder / "locale" / source_language / "LC_MESSAGES" / f"{domain}.po"
        theirs_path = SITE / folder / "locale" / "vi" / "LC_MESSAGES" / f"{domain}.po"
        theirs = {key(e): e for e in read_po(theirs_path)} if theirs_path.exists() else {}
        for e in read_po(source):
            k = key(e)
            if scope == "missing" and k in theirs and translated(theirs[k]):
                continue
            if k in merged:
                merged[k]["sources"].append(label)
                continue
            strs = {}
            if k in ours and ours[k]["strs"].get(0):
                strs = {0: ours[k]["strs"][0]}
            elif k in theirs and translated(theirs[k]):
                strs = {0: theirs[k]["strs"][0]}
            flags = [f for f in e["flags"] if f.endswith("-format")]
            merged[k] = {**e, "strs": strs, "flags": flags, "sources": [label]}
    dropped = [k for k in ours if k not in merged]
    write_po(target, merged.values())
    todo = sum(1 for e in merged.values() if not e["strs"].get(0))
    print(
        f"{target.relative_to(HERE.parent.parent)}: {len(merged)} messages, {todo} untranslated, {len(dropped)} dropped"
    )
    return target


# Wagtail templates that write English without gettext, print None, or show a boolean as True/False: copied into
# cms/templates (which comes before Wagtail's) with these replacements. Re-derived on every run, so an upgrade of
# Wagtail is picked up; tests/cms/test_admin_language.py fails when a copy no longer matches its original.
TEMPLATE_FIXES = {
    "wagtailadmin/shared/headers/_actions.html": [('aria-label="Actions"', 'aria-label="{% translate "Actions" %}"')],
    "wagtailadmin/shared/header.html": [('value="Search"', 'value="{% translate "Search" %}"')],
    "wagtailadmin/home.html": [('value="Search"', 'value="{% translate "Search" %}"')],
    # Python's None printed into the page: a page published by no one (seed, import), an empty counter.
    "wagtailadmin/shared/user_avatar.html": [("{{ user }}", '{{ user|default_if_none:"" }}')],
    "wagtailadmin/shared/side_panel_toggle.html": [("{{ count|intcomma }}", '{{ count|default_if_none:""|intcomma }}')],
    "wagtailadmin/tables/cell.html": [
        (
            "{% if value is not None %}{{ value }}{% endif %}",
            '{% if value is True %}{% translate "Yes" %}{% elif value is False %}{% translate "No" %}'
            "{% elif value is not None %}{{ value }}{% endif %}",
        )
    ],
    "wagtailadmin/tables/boolean_cell.html": [
        (
            "{% icon title=value|stringformat:'s' name=\"help\"",
            '{% translate "Unknown" as label %}{% icon title=label name="help"',
        ),
        (
            "{% icon title=value|stringformat:'s' name=\"check\"",
            '{% translate "Yes" as label %}{% icon title=label name="check"',
        ),
        (
            "{% icon title=value|stringformat:'s' name=\"cross\"",
            '{% translate "No" as label %}{% icon title=label name="cross"',
        ),
    ],
}
TEMPLATE_NOTE = "{# Wagtail's template with its English made translatable: cms/wagtail_locale/update_catalogue.py #}\n"


def derived_template(name):
    """The text of our copy of one of Wagtail's templates (TEMPLATE_FIXES); ValueError if the original changed."""
    text = (SITE / "wagtail/admin/templates" / name).read_text(encoding="utf-8")
    for old, new in TEMPLATE_FIXES[name]:
        if old not in text:
            raise ValueError(f"{name}: Wagtail's template no longer has {old!r}; look at it again")
        text = text.replace(old, new)
    head = ""
    if text.startswith("{% extends "):  # it must stay the first tag
        head, text = text.split("\n", 1)
        head += "\n"
    return head + TEMPLATE_NOTE + "{% load i18n %}\n" + text


def write_templates():
    for name in TEMPLATE_FIXES:
        target = HERE.parent / "templates" / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(derived_template(name), encoding="utf-8")


def main():
    write_templates()
    for domain in SOURCES:
        po = update(domain)
        subprocess.run(["msgfmt", "--check", "-o", str(po.with_suffix(".mo")), str(po)], check=True)  # noqa: S603, S607
    return 0


if __name__ == "__main__":
    sys.exit(main())
