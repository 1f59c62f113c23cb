"""An XLSX file whose cell holds NUL, as an attacker would write it by hand (&#0; in the sheet's XML).

No XML parser accepts it, and openpyxl's read-only mode only parses the sheet while the rows are read.
"""

import io
import zipfile

from openpyxl import Workbook

PLACEHOLDER = "NULHERE"


def xlsx_with_nul(rows):
    """XLSX bytes of `rows`, every PLACEHOLDER in a text cell written as a NUL character reference."""
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.endswith(".xml"):
                data = data.replace(PLACEHOLDER.encode(), b"&#0;")
            target.writestr(item, data)
    return out.getvalue()
