"""Private files: the storage that FileFields of certificates, evidence and exports name, and moving old files in.

Private files (certificate PDFs and previews, evidence, report exports, imports) have no public URL: they are
served only by views that check permission first. Fields name `private_storage` (a callable, so migrations
record the callable and not a path on disk): a deployment points `STORAGES["private"]` at another backend
(object storage with short-lived signed URLs, say) without a migration.
"""

import logging

from django.core.files.storage import FileSystemStorage, storages
from django.http import FileResponse, Http404

logger = logging.getLogger(__name__)

PRIVATE = "private"


def private_storage():
    """The storage of files served only through permission-checked views (`STORAGES["private"]`)."""
    return storages[PRIVATE]


class PrivateFileSystemStorage(FileSystemStorage):
    """A FileSystemStorage that never makes a URL: FileSystemStorage falls back to MEDIA_URL without base_url."""

    def url(self, name):
        raise ValueError("Private files have no URL; serve them through a permission-checked view.")


def private_file_response(field_file, *, filename, as_attachment=True, content_type=None):
    """Stream a private file (a FieldFile) to someone a view has already checked; 404 when the file is lost.

    Shared caches must not keep it, browsers must not guess its type, and a file someone uploaded, downloaded
    as an attachment, runs no script even if opened in place.
    """
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=as_attachment, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    if as_attachment:
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _files_under(storage, folder):
    """Every file name below `folder` in `storage` (recursively); nothing when the folder does not exist."""
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _files_under(storage, f"{folder}/{sub}")


def _same_place(one, other):
    """True when two storages write to the same place (then nothing is to move, and deleting would lose files)."""
    place = [(type(s), str(getattr(s, "location", "")), getattr(s, "bucket_name", None)) for s in (one, other)]
    return one is other or place[0] == place[1]


def move_to_private(folders, *, source=None, target=None):
    """Move the files under `folders` (e.g. "certificates") from the public storage to the private one, keeping
    their names, so rows that name them keep working. Idempotent: a file already copied is only deleted from the
    public side; returns the number of files moved."""
    source = source or storages["default"]
    target = target or private_storage()
    if _same_place(source, target):
        return 0
    moved = 0
    for folder in folders:
        for name in list(_files_under(source, folder.strip("/"))):
            if target.exists(name) and target.size(name) == source.size(name):
                source.delete(name)
                continue
            if target.exists(name):
                target.delete(name)  # a copy cut short by an earlier run: copy it again
            with source.open(name, "rb") as handle:
                saved = target.save(name, handle)
            if saved != name:  # never expected (the name was free); keep the public copy rather than lose the file
                logger.error("Private copy of %s was stored as %s; the public copy is kept", name, saved)
                continue
            source.delete(name)
            moved += 1
    return moved
