"""Importing SCORM packages: real-world shapes import, malformed and unsafe ones are refused, nothing stored."""

import io
import json
import stat
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from scorm import conf
from scorm.importer.services import PackageError, delete_package, import_package
from scorm.models import Package, Sco

from .packages import build_zip, write_zip

pytestmark = pytest.mark.django_db

MANIFEST_12 = (Path(__file__).parent.parent / "fixtures/scorm/scorm12/imsmanifest.xml").read_text()


def storage_root():
    """Where packages are extracted: the private storage, which has no URL (never MEDIA_ROOT)."""
    return Path(conf.storage().location) / conf.storage_prefix()


def stored_files():
    root = storage_root()
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_scorm12_multi_sco_keeps_its_table_of_contents():
    package = import_package(build_zip("scorm12"))
    assert package.version == "1.2"
    assert package.schema_version == "1.2"
    assert package.title == "An toàn lao động (SCORM 1.2)"
    assert package.launch == "sco1.html"
    assert package.sco_count == 2
    first, second = package.scos.all()
    assert first.mastery_score == 80 and first.launch_data == "lang=vi"
    # xml:base on the resource, a query string in its href, and the item's parameters.
    assert second.launch == "lesson2/index.html?page=1&mode=review"
    chapter = package.organisation["items"][1]
    assert chapter["title"] == "Chương 2" and chapter["sco"] is None
    assert chapter["children"][0]["sco"] == second.pk
    root = Path(conf.storage().location) / package.storage_path
    assert (root / "lesson2/index.html").is_file() and (root / "shared/style.css").is_file()
    # Nothing of the package lands in the public media folder (served under MEDIA_URL).
    assert not any(Path(settings.MEDIA_ROOT).rglob("sco1.html"))
    assert not Path(conf.storage().location).is_relative_to(Path(settings.MEDIA_ROOT))


def test_scorm2004_with_sequencing_rules_and_xml_base_on_resources():
    package = import_package(build_zip("scorm2004"), title="Kỹ năng số")
    assert package.version == "2004"
    assert package.schema_version == "2004 4th Edition"
    assert package.title == "Kỹ năng số"
    assert package.has_sequencing
    first, second = package.scos.all()
    assert first.launch == "content/sco1.html"
    assert str(first.mastery_score) == "0.7000" and first.completion_threshold == "0.8"
    assert second.launch == "content/part 2/index.html?section=2"
    assert second.has_sequencing


def test_macos_cruft_is_skipped_and_a_wrapping_folder_is_the_package_root():
    before = stored_files()
    package = import_package(
        build_zip(
            "scorm12", prefix="Course Export/", extra={"__MACOSX/._sco1.html": b"x", "Course Export/.DS_Store": b"x"}
        )
    )
    new = set(stored_files()) - set(before)
    names = {p.relative_to(Path(conf.storage().location) / package.storage_path).as_posix() for p in new}
    assert "sco1.html" in names and "imsmanifest.xml" in names
    assert not any("DS_Store" in name or "MACOSX" in name for name in names)


def test_scorm_2004_third_edition_and_cam_13_schema_versions():
    manifest = MANIFEST_12.replace("<schemaversion>1.2</schemaversion>", "<schemaversion>CAM 1.3</schemaversion>")
    assert import_package(build_zip("scorm12", replace={"imsmanifest.xml": manifest.encode()})).version == "2004"
    manifest = MANIFEST_12.replace(
        "<schemaversion>1.2</schemaversion>", "<schemaversion>2004 3rd Edition</schemaversion>"
    )
    assert import_package(build_zip("scorm12", replace={"imsmanifest.xml": manifest.encode()})).version == "2004"


def test_resource_package_without_organisation_launches_its_sco():
    manifest = """<?xml version="1.0"?><manifest identifier="r" xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
      xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"><metadata><schemaversion>2004 4th Edition</schemaversion>
      </metadata><organizations/><resources><resource identifier="R1" type="webcontent" adlcp:scormType="sco"
      href="sco1.html"><file href="sco1.html"/></resource></resources></manifest>"""
    package = import_package(build_zip(extra={"imsmanifest.xml": manifest, "sco1.html": "<html></html>"}))
    assert package.sco_count == 1 and package.launch == "sco1.html"


def test_delete_package_removes_its_files():
    before = stored_files()
    package = import_package(build_zip("scorm12"))
    delete_package(package)
    assert stored_files() == before
    assert not Sco.objects.exists()


def test_scorm_import_command_prints_one_json_line(tmp_path, capsys):
    call_command("scorm_import", str(write_zip(tmp_path, "scorm2004")), "--title", "Kỹ năng số")
    result = json.loads(capsys.readouterr().out.strip())
    package = Package.objects.get()
    assert result == {"id": package.pk, "version": "2004", "launch": "content/sco1.html", "scos": 2}


def test_scorm_import_command_fails_cleanly(tmp_path):
    path = tmp_path / "not.zip"
    path.write_bytes(b"hello")
    with pytest.raises(CommandError, match="not a zip"):
        call_command("scorm_import", str(path))
    assert not Package.objects.exists()


def symlink_info(name):
    info = zipfile.ZipInfo(name)
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info


def bomb():
    return b"\0" * (3 * 1024 * 1024)


XXE = b"""<?xml version="1.0"?><!DOCTYPE manifest [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<manifest identifier="x"><metadata><schemaversion>&xxe;</schemaversion></metadata></manifest>"""
BILLION_LAUGHS = b"""<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>
<manifest identifier="x"><metadata><schemaversion>&b;</schemaversion></metadata></manifest>"""
RESOURCE_ONLY = (
    MANIFEST_12.replace('identifierref="RES-1"', "")
    .replace('identifierref="RES-2"', "")
    .replace('sco1.html"', '"')
    .replace('href="index.html?page=1"', "")
)
SCORM_11 = MANIFEST_12.replace("<schemaversion>1.2</schemaversion>", "<schemaversion>1.1</schemaversion>")


def malformed_cases():
    return {
        "not a zip": (lambda: io.BytesIO(b"PK but not really a zip"), "not a zip"),
        "no manifest": (lambda: build_zip("scorm12", omit=("imsmanifest.xml",)), "no imsmanifest.xml"),
        "broken manifest": (
            lambda: build_zip("scorm12", replace={"imsmanifest.xml": b"<manifest><oops"}),
            "not well-formed",
        ),
        "xxe": (lambda: build_zip("scorm12", replace={"imsmanifest.xml": XXE}), "entities"),
        "billion laughs": (lambda: build_zip("scorm12", replace={"imsmanifest.xml": BILLION_LAUGHS}), "entities"),
        "zip slip": (lambda: build_zip("scorm12", extra={"../../evil.html": b"x"}), "outside the package"),
        "zip slip inside": (
            lambda: build_zip("scorm12", extra={"shared/../../evil.html": b"x"}),
            "outside the package",
        ),
        "absolute path": (lambda: build_zip("scorm12", extra={"/etc/cron.d/evil": b"x"}), "absolute path"),
        "windows path": (lambda: build_zip("scorm12", extra={"C:\\evil.html": b"x"}), "absolute path"),
        "symlink": (lambda: build_zip("scorm12", extra={"link": symlink_info("link")}), "symbolic link"),
        "launch missing": (lambda: build_zip("scorm12", omit=("lesson2/index.html",)), "missing from the zip"),
        "zip bomb": (lambda: build_zip("scorm12", extra={"big.bin": bomb()}), "zip bomb"),
        "aicc": (lambda: build_zip(extra={"course.crs": b"[Course]", "course.au": b"x"}), "AICC"),
        "scorm 1.1": (lambda: build_zip("scorm12", replace={"imsmanifest.xml": SCORM_11.encode()}), "SCORM 1.1"),
        "nothing to launch": (
            lambda: build_zip("scorm12", replace={"imsmanifest.xml": RESOURCE_ONLY.encode()}),
            "nothing to launch",
        ),
        "missing resource": (
            lambda: build_zip(
                "scorm12",
                replace={
                    "imsmanifest.xml": MANIFEST_12.replace('identifierref="RES-2"', 'identifierref="NOPE"').encode()
                },
            ),
            "does not exist",
        ),
        "no version": (
            lambda: build_zip(extra={"imsmanifest.xml": b"<manifest identifier='x'><resources/></manifest>"}),
            "which SCORM version",
        ),
        "not a manifest": (lambda: build_zip("scorm12", replace={"imsmanifest.xml": b"<html/>"}), "no <manifest>"),
    }


@pytest.mark.parametrize("case", sorted(malformed_cases()))
def test_malformed_packages_are_refused_for_their_own_reason(case, settings):
    settings.SCORM_MAX_RATIO = 100
    make, reason = malformed_cases()[case]
    before = stored_files()
    with pytest.raises(PackageError, match=reason):
        import_package(make())
    assert not Package.objects.exists() and not Sco.objects.exists()
    assert stored_files() == before


def test_limits_come_from_settings(settings):
    settings.SCORM_MAX_FILES = 3
    with pytest.raises(PackageError, match="too many files"):
        import_package(build_zip("scorm12"))
    settings.SCORM_MAX_FILES = 10_000
    settings.SCORM_MAX_UPLOAD_SIZE = 100
    with pytest.raises(PackageError, match="too large"):
        import_package(build_zip("scorm12"))
    settings.SCORM_MAX_UPLOAD_SIZE = 10**9
    settings.SCORM_MAX_UNCOMPRESSED_SIZE = 1000
    with pytest.raises(PackageError, match="too large once extracted"):
        import_package(build_zip("scorm12"))
    assert not Package.objects.exists()


def test_a_storage_failure_half_way_leaves_no_files(monkeypatch):
    storage = conf.storage()
    real_save = storage.save
    calls = []

    def failing_save(name, content, **kwargs):
        calls.append(name)
        if len(calls) == 3:
            raise OSError("disk full")
        return real_save(name, content, **kwargs)

    before = stored_files()
    monkeypatch.setattr(storage, "save", failing_save)
    with pytest.raises(OSError):
        import_package(build_zip("scorm12"))
    assert stored_files() == before and not Package.objects.exists()
