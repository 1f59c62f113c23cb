"""Build SCORM zips from the source folders in tests/fixtures/scorm (nothing is downloaded)."""

import io
import zipfile
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "scorm"


def build_zip(name=None, *, extra=None, omit=(), replace=None, prefix="", compression=zipfile.ZIP_DEFLATED):
    """Zip a fixture folder (or nothing) into memory; `extra` adds {path: bytes}, `replace` swaps contents."""
    buffer = io.BytesIO()
    replace = replace or {}
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        if name:
            folder = FIXTURES / name
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    relative = path.relative_to(folder).as_posix()
                    if relative in omit:
                        continue
                    archive.writestr(prefix + relative, replace.get(relative, path.read_bytes()))
        for path, data in (extra or {}).items():
            if isinstance(data, zipfile.ZipInfo):
                archive.writestr(data, b"")
            else:
                archive.writestr(path, data)
    buffer.seek(0)
    return buffer


def write_zip(tmp_path, name=None, **kwargs):
    path = tmp_path / f"{name or 'package'}.zip"
    path.write_bytes(build_zip(name, **kwargs).getvalue())
    return path
