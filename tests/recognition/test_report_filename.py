"""A report's download name is plain ASCII with Vietnamese folded, not cut at the first Đ."""

from types import SimpleNamespace

from recognition import exports, indicators


def test_report_file_name_folds_vietnamese():
    union = SimpleNamespace(short_name="", name="Liên đoàn Lao động tỉnh Đồng Nai")
    data = {"period": indicators.HALF_YEAR, "year": 2026, "organisation": union}
    assert exports.filename(data, "xlsx") == "bao-cao-6-thang-2026-lien-doan-lao-dong-tinh-dong-nai.xlsx"
