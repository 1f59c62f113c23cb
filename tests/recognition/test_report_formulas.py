"""The union's XLSX report: organisation names that look like formulas stay text (issue 13)."""

import io

from openpyxl import load_workbook

from recognition import exports


def test_report_xlsx_has_no_formula_cells(tree):
    for key, name in (("P", '=HYPERLINK("http://evil.example","LĐLĐ")'), ("D1", "+1+cmd|' /C calc'!A0")):
        tree[key].name = name
        tree[key].save(update_fields=["name"])
    content, _name = exports.build(tree["P"], 2025, "annual", "xlsx")
    book = load_workbook(io.BytesIO(content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"]
    values = {cell.value for cell in cells}
    assert "'" + tree["P"].name in values and "'" + tree["D1"].name in values
