"""Import a SCORM zip: check it is safe and complete, parse its manifest, store its files and rows.

Everything is checked before anything is written; if storing fails half-way, the files written so far are
deleted and the transaction rolls back, so a refused package leaves no row and no stray file.
"""

import posixpath
import stat
import uuid
import zipfile
from decimal import Decimal, InvalidOperation
from urllib.parse import unquote, urlsplit

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Collection

from .. import conf
from ..manifest import ManifestError, join_parameters, launchable_items, parse_manifest
from ..models import Package, Sco

MANIFEST = "imsmanifest.xml"
# Operating-system cruft that zips made on macOS and Windows carry; skipped, never stored.
CRUFT_NAMES = {".ds_store", "thumbs.db", "desktop.ini"}
AICC_EXTENSIONS = (".crs", ".au", ".des", ".cst", ".ort", ".pre", ".cmp")


class PackageError(ValueError):
    """The package is refused; the message tells the uploader why."""


def is_cruft(name):
    parts = name.split("/")
    return parts[0] == "__MACOSX" or parts[-1].lower() in CRUFT_NAMES or parts[-1].startswith("._")


def safe_name(info):
    """Return the member's normalised path, or raise if it could escape the package."""
    name = info.filename.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        raise PackageError(_("The zip contains an absolute path: %(name)s") % {"name": info.filename})
    if stat.S_ISLNK(info.external_attr >> 16):
        raise PackageError(_("The zip contains a symbolic link, which is refused: %(name)s") % {"name": info.filename})
    normalised = posixpath.normpath(name)
    if normalised == ".." or normalised.startswith("../") or "/../" in f"/{name}/":
        raise PackageError(_("The zip contains a path leading outside the package: %(name)s") % {"name": info.filename})
    if "\x00" in name:
        raise PackageError(_("The zip contains an invalid file name."))
    return normalised


def open_zip(fileobj, size):
    if size > conf.max_upload_size():
        raise PackageError(
            _("The file is too large (%(size)d MB; the limit is %(limit)d MB).")
            % {"size": size // (1024 * 1024), "limit": conf.max_upload_size() // (1024 * 1024)}
        )
    try:
        return zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise PackageError(_("The file is not a zip archive: upload the SCORM package as a .zip file.")) from None


def scan_members(archive, size):
    """Check every member against the limits and path rules; return {path: ZipInfo} without cruft."""
    infos = archive.infolist()
    if len(infos) > conf.max_files():
        raise PackageError(
            _("The package has too many files (%(count)d; the limit is %(limit)d).")
            % {"count": len(infos), "limit": conf.max_files()}
        )
    members = {}
    total = 0
    for info in infos:
        name = safe_name(info)
        if info.is_dir() or is_cruft(name):
            continue
        total += info.file_size
        if (
            info.compress_size
            and info.file_size / info.compress_size > conf.max_ratio()
            and info.file_size > 1024 * 1024
        ):
            raise PackageError(_("The zip looks like a zip bomb: %(name)s expands too much.") % {"name": info.filename})
        members[name] = info
    if total > conf.max_uncompressed_size():
        raise PackageError(
            _("The package is too large once extracted (%(size)d MB; the limit is %(limit)d MB).")
            % {"size": total // (1024 * 1024), "limit": conf.max_uncompressed_size() // (1024 * 1024)}
        )
    if size and total > 1024 * 1024 and total / size > conf.max_ratio():
        raise PackageError(
            _("The zip looks like a zip bomb: it expands more than %(ratio)d times.") % {"ratio": conf.max_ratio()}
        )
    return members


def find_root(members):
    """The folder holding imsmanifest.xml (the zip's root, or a single folder some tools wrap everything in)."""
    if MANIFEST in members:
        return ""
    candidates = sorted((name for name in members if posixpath.basename(name) == MANIFEST), key=lambda n: n.count("/"))
    if candidates:
        return posixpath.dirname(candidates[0]) + "/"
    lowered = [name.lower() for name in members]
    if any(name.endswith(AICC_EXTENSIONS) for name in lowered):
        raise PackageError(
            _("This is an AICC package, which is not supported: export the course as SCORM 1.2 or 2004.")
        )
    raise PackageError(
        _("The zip has no imsmanifest.xml, so it is not a SCORM package (SCORM 1.1 CSF and AICC are not supported).")
    )


def launch_path(href):
    """The file part of a launch href (without query or fragment), unquoted and normalised."""
    path = unquote(urlsplit(href).path)
    normalised = posixpath.normpath(path)
    if normalised.startswith("../") or normalised == ".." or normalised.startswith("/"):
        raise PackageError(_("A launch file points outside the package: %(href)s") % {"href": href})
    return normalised


def decimal_or_none(value):
    try:
        return Decimal(value) if value else None
    except InvalidOperation:
        return None


def toc_node(item, sco_ids):
    return {
        "identifier": item.identifier,
        "title": item.title,
        "sco": sco_ids.get(item.identifier),
        "children": [toc_node(child, sco_ids) for child in item.children],
    }


def inspect_package(fileobj, size):
    """Validate a zip without storing anything; return (archive, members, root, manifest, launchables)."""
    archive = open_zip(fileobj, size)
    members = scan_members(archive, size)
    root = find_root(members)
    try:
        data = archive.read(members[root + MANIFEST])
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as error:
        raise PackageError(_("imsmanifest.xml cannot be read from the zip: %(error)s") % {"error": error}) from None
    try:
        manifest = parse_manifest(data)
        organisation, launchables = launchable_items(manifest)
    except ManifestError as error:
        raise PackageError(str(error)) from None
    if not launchables:
        raise PackageError(_("The package has nothing to launch: no item points to a resource with a launch file."))
    for item, resource in launchables:
        path = launch_path(resource.href)
        if root + path not in members:
            raise PackageError(
                _("The launch file %(path)s of %(item)s is missing from the zip.") % {"path": path, "item": item.title}
            )
    return archive, members, root, manifest, organisation, launchables


def store_files(archive, members, root, prefix):
    """Copy the package's files to storage under prefix; return the names written (for clean-up)."""
    written = []
    try:
        for name, info in members.items():
            if root and not name.startswith(root):
                continue
            relative = name[len(root) :]
            with archive.open(info) as source:
                stored = conf.storage().save(f"{prefix}/{relative}", source)
            written.append(stored)
    except Exception:
        delete_files(written)
        raise
    return written


def delete_files(names):
    for name in names:
        try:
            conf.storage().delete(name)
        except OSError:
            pass


def import_package(fileobj, *, title="", user=None, size=None, collection=None):
    """Validate and import a SCORM zip into a collection (default: the root); return the Package.

    Raises PackageError, with nothing stored, when the package is refused.
    """
    if size is None:
        fileobj.seek(0, 2)
        size = fileobj.tell()
        fileobj.seek(0)
    archive, members, root, manifest, organisation, launchables = inspect_package(fileobj, size)
    uid = uuid.uuid4()
    prefix = f"{conf.storage_prefix()}/{uid}"
    written = []
    try:
        with archive:
            written = store_files(archive, members, root, prefix)
        with transaction.atomic():
            first_item, first_resource = launchables[0]
            package = Package.objects.create(
                uid=uid,
                title=(title or manifest.title or first_item.title or _("SCORM package"))[:255],
                identifier=manifest.identifier[:255],
                version=manifest.version,
                schema_version=manifest.schema_version[:64],
                launch=join_parameters(first_resource.href, first_item.parameters),
                sco_count=sum(1 for _item, resource in launchables if resource.scorm_type == "sco"),
                has_sequencing=manifest.has_sequencing,
                file_count=len(written),
                size=sum(info.file_size for info in members.values()),
                uploaded_by=user,
                collection=collection or Collection.get_first_root_node(),
            )
            scos = Sco.objects.bulk_create(
                Sco(
                    package=package,
                    position=position,
                    identifier=item.identifier[:255],
                    resource_identifier=resource.identifier[:255],
                    title=item.title[:500],
                    href=resource.href,
                    parameters=item.parameters,
                    launch=join_parameters(resource.href, item.parameters),
                    is_sco=resource.scorm_type == "sco",
                    mastery_score=decimal_or_none(item.mastery_score),
                    launch_data=item.launch_data,
                    max_time_allowed=item.max_time_allowed[:64],
                    time_limit_action=item.time_limit_action[:64],
                    completion_threshold=item.completion_threshold[:16],
                    has_sequencing=item.has_sequencing,
                )
                for position, (item, resource) in enumerate(launchables)
            )
            sco_ids = {sco.identifier: sco.pk for sco in scos}
            if sco_ids and None in sco_ids.values():  # Backends without RETURNING on bulk_create.
                sco_ids = dict(package.scos.values_list("identifier", "pk"))
            items = organisation["items"] if organisation else [item for item, _resource in launchables]
            package.organisation = {
                "title": organisation["title"] if organisation else package.title,
                "items": [toc_node(item, sco_ids) for item in items],
            }
            package.save(update_fields=["organisation"])
    except Exception:
        delete_files(written)
        raise
    return package


def delete_package(package):
    """Delete a package, its rows and its stored files."""
    prefix = package.storage_path
    package.delete()
    _delete_tree(prefix)


def _delete_tree(path):
    try:
        folders, files = conf.storage().listdir(path)
    except (FileNotFoundError, NotImplementedError, OSError):
        return
    for name in files:
        conf.storage().delete(f"{path}/{name}")
    for folder in folders:
        _delete_tree(f"{path}/{folder}")
